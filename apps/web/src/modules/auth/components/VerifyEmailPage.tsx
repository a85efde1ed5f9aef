import { Alert, Button, Loader, Group, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { homeFor } from '../../../app/guards';
import { authApi } from '../api/auth-api';
import { AuthCard } from './AuthCard';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user, reloadUser } = useAuth();
  const mutation = useMutation({
    mutationFn: () => authApi.verifyEmail(token),
    onSuccess: () => {
      if (user) void reloadUser();
    },
  });
  const sent = useRef(false);

  // Tokens are single-use: send it once, even under StrictMode's double effects.
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      mutation.mutate();
    }
  }, [token, mutation]);

  const next = user ? homeFor(user) : '/sign-in';
  return (
    <AuthCard title={t('verify.title')}>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('verify.missingToken')}
        </Alert>
      ) : mutation.isSuccess ? (
        <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('verify.doneTitle')} role="status">
          {t('verify.doneBody')}
        </Alert>
      ) : mutation.isError ? (
        <ErrorAlert error={mutation.error} title={t('verify.failed')} />
      ) : (
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden />
          <Text>{t('verify.working')}</Text>
        </Group>
      )}
      {mutation.isSuccess || mutation.isError || !token ? (
        <Button component={Link} to={next}>
          {user ? t('verify.continue') : t('nav.signIn')}
        </Button>
      ) : null}
    </AuthCard>
  );
}
