import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { AuthCard } from '../../auth/components/AuthCard';
import { notificationsApi } from '../api/notifications-api';

/**
 * Where an email's unsubscribe link lands (O3): no sign-in, the link's token says who and what.
 * It asks for the one click rather than acting on load, so that a mail scanner opening the link
 * switches nothing off.
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const link = useQuery({ queryKey: ['unsubscribe', token], queryFn: () => notificationsApi.describeUnsubscribe(token), enabled: Boolean(token), retry: false });
  const confirm = useMutation({ mutationFn: () => notificationsApi.unsubscribe(token) });
  const topic = link.data ? t(`notifications.unsubscribe.topic.${link.data.topic}`) : '';
  const done = confirm.isSuccess || link.data?.unsubscribed;

  return (
    <AuthCard title={t('notifications.unsubscribe.title')}>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('notifications.unsubscribe.missingToken')}
        </Alert>
      ) : link.isPending ? (
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden />
          <Text>{t('notifications.unsubscribe.checking')}</Text>
        </Group>
      ) : link.isError ? (
        <ErrorAlert error={link.error} />
      ) : done ? (
        <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('notifications.unsubscribe.doneTitle')} role="status">
          {t('notifications.unsubscribe.doneBody', { topic, email: link.data?.email })}
        </Alert>
      ) : (
        <Stack gap="md">
          <Text>{t('notifications.unsubscribe.question', { topic, email: link.data?.email })}</Text>
          <ErrorAlert error={confirm.error} />
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
            {t('notifications.unsubscribe.confirm')}
          </Button>
        </Stack>
      )}
      <Text size="sm" c="dimmed">
        {t('notifications.unsubscribe.settingsHint')}{' '}
        <Link to={user ? '/settings/notifications' : '/sign-in'}>{t('notifications.unsubscribe.settingsLink')}</Link>
      </Text>
    </AuthCard>
  );
}
