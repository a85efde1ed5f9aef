import { Badge, Button, Group, Paper, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { profileApi } from '../api/profile-api';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SignOutEverywhereCard } from './SignOutEverywhereCard';

/** A readable name for a device from its user agent: browser and system, nothing more. */
export function describeDevice(userAgent: string | null): { browser: string | null; system: string | null; mobile: boolean } {
  if (!userAgent) return { browser: null, system: null, mobile: false };
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return { browser, system, mobile: /Mobile|Android|iPhone/.test(userAgent) };
}

export function SessionsPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: profileApi.sessions });
  const revoke = useMutation({
    mutationFn: (session: SessionInfo) => profileApi.revokeSession(session.id),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('sessions.revoked') });
      await queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  return (
    <Stack gap="lg" maw={860}>
      <PageHeader title={t('sessions.title')} description={t('sessions.intro')} />
      <ErrorAlert error={sessions.error} />
      {sessions.isPending ? (
        <Stack>
          <Skeleton h={76} />
          <Skeleton h={76} />
        </Stack>
      ) : null}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {sessions.data?.items.map((session) => {
          const device = describeDevice(session.userAgent);
          const name =
            device.browser && device.system
              ? t('sessions.device', { browser: device.browser, system: device.system })
              : device.browser ?? device.system ?? t('sessions.unknownDevice');
          return (
            <Paper key={session.id} withBorder p="md" component="li">
              <Group justify="space-between" wrap="nowrap" gap="md">
                <Group gap="md" wrap="nowrap">
                  <ThemeIcon size={40} variant="light" radius="md">
                    {device.mobile ? <IconDeviceMobile size={22} aria-hidden /> : <IconDeviceDesktop size={22} aria-hidden />}
                  </ThemeIcon>
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text fw={600}>{name}</Text>
                      {session.current ? (
                        <Badge color="teal" variant="light">
                          {t('sessions.current')}
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {t('sessions.details', {
                        ip: session.ip ?? '—',
                        created: formatDateTime(session.createdAt, i18n.language, user.timeZone),
                        used: formatDateTime(session.lastUsedAt, i18n.language, user.timeZone),
                      })}
                    </Text>
                  </Stack>
                </Group>
                {session.current ? null : (
                  <Button
                    variant="light"
                    color="red"
                    onClick={() => revoke.mutate(session)}
                    loading={revoke.isPending && revoke.variables?.id === session.id}
                    aria-label={t('sessions.revokeNamed', { name })}
                  >
                    {t('sessions.revoke')}
                  </Button>
                )}
              </Group>
            </Paper>
          );
        })}
      </Stack>
      <ChangePasswordCard />
      <SignOutEverywhereCard />
    </Stack>
  );
}
