import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/errors';

/** Turns any error into words a person can act on; server messages are shown as the server wrote them. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiRequestError) {
      if (error.status === 0) return t('errors.network');
      if (error.status === 429) return t('errors.tooMany');
      if (error.status >= 500) return t('errors.server');
      return error.message;
    }
    return t('errors.unexpected');
  };
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title ?? t('errors.title')} role="alert">
      {message(error)}
    </Alert>
  );
}
