import { Alert, Button, Divider, Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  DIGEST_FREQUENCIES,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  type NotificationPreferences,
  type UpdateNotificationPreferencesRequest,
} from '@praxis/contracts';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { notificationsApi } from '../api/notifications-api';

const QUERY_KEY = ['notification-preferences'];

/** O3: the member's channel for each kind of notification, and the digest's frequency. Each change is saved at once. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const preferences = useQuery({ queryKey: QUERY_KEY, queryFn: notificationsApi.preferences });
  const save = useMutation({
    mutationFn: (change: UpdateNotificationPreferencesRequest) => notificationsApi.updatePreferences(change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: QUERY_KEY });
      const before = queryClient.getQueryData<NotificationPreferences>(QUERY_KEY);
      if (before) queryClient.setQueryData<NotificationPreferences>(QUERY_KEY, { channels: { ...before.channels, ...change.channels }, digest: change.digest ?? before.digest });
      return { before };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(QUERY_KEY, saved);
      notifications.show({ id: 'notification-preferences', color: 'teal', message: t('notifications.settings.saved') });
    },
    onError: (error, _change, context) => {
      if (context?.before) queryClient.setQueryData(QUERY_KEY, context.before);
      notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });

  const data = preferences.data;
  const digestUnused = data ? !NOTIFICATION_CATEGORIES.some((c) => data.channels[c] === 'digest') : false;
  return (
    <Stack gap="lg" maw={900}>
      <PageHeader
        title={t('notifications.settings.title')}
        description={t('notifications.settings.intro')}
        actions={
          <Button component={Link} to="/notifications" variant="default" leftSection={<IconBell size={16} aria-hidden />}>
            {t('notifications.title')}
          </Button>
        }
      />
      <ErrorAlert error={preferences.error} />
      {!data ? (
        preferences.isPending ? (
          <Stack>
            {NOTIFICATION_CATEGORIES.map((c) => (
              <Skeleton key={c} h={64} />
            ))}
          </Stack>
        ) : null
      ) : (
        <>
          <Paper withBorder radius="md" p={0}>
            <Stack gap={0}>
              {NOTIFICATION_CATEGORIES.map((category, index) => (
                <div key={category}>
                  {index > 0 ? <Divider /> : null}
                  <Group justify="space-between" align="center" wrap="wrap" gap="md" p="md">
                    <Stack gap={2} maw={380}>
                      <Text fw={600} id={`category-${category}`}>
                        {t(`notifications.settings.category.${category}.label`)}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {t(`notifications.settings.category.${category}.description`)}
                      </Text>
                    </Stack>
                    <SegmentedControl
                      color="praxis"
                      aria-labelledby={`category-${category}`}
                      value={data.channels[category]}
                      onChange={(channel) => save.mutate({ channels: { [category]: channel as (typeof NOTIFICATION_CHANNELS)[number] } })}
                      data={NOTIFICATION_CHANNELS.map((channel) => ({ value: channel, label: t(`notifications.settings.channel.${channel}`) }))}
                    />
                  </Group>
                </div>
              ))}
            </Stack>
          </Paper>

          <Paper withBorder radius="md" p="md">
            <Group justify="space-between" align="center" wrap="wrap" gap="md">
              <Stack gap={2} maw={420}>
                <Title order={2} fz="lg" id="digest-frequency">
                  {t('notifications.settings.digest.title')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('notifications.settings.digest.description')}
                </Text>
              </Stack>
              <SegmentedControl
                color="praxis"
                aria-labelledby="digest-frequency"
                value={data.digest}
                onChange={(digest) => save.mutate({ digest: digest as (typeof DIGEST_FREQUENCIES)[number] })}
                data={DIGEST_FREQUENCIES.map((f) => ({ value: f, label: t(`notifications.settings.digest.${f}`) }))}
              />
            </Group>
            {data.digest === 'off' && !digestUnused ? (
              <Alert mt="md" color="yellow" variant="light">
                {t('notifications.settings.digest.offWarning')}
              </Alert>
            ) : null}
          </Paper>
          <Text size="sm" c="dimmed">
            {t('notifications.settings.footnote')}
          </Text>
        </>
      )}
    </Stack>
  );
}
