import { Paper, Skeleton, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { moderationApi, moderationKeys } from '../api/moderation-api';

/** SPEC M1: a network's audit log, newest first, read-only (its moderators and admins). */
export function AuditLog({ networkId }: { networkId: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const log = useInfiniteQuery({
    queryKey: moderationKeys.audit(networkId),
    queryFn: ({ pageParam, signal }) => moderationApi.auditLog(networkId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <ErrorAlert error={log.error} />
      {log.isPending ? <Skeleton h={200} /> : null}
      {log.isSuccess && items.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text c="dimmed">{t('moderation.audit.empty')}</Text>
        </Paper>
      ) : null}
      {items.length ? (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={t('moderation.audit.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('moderation.audit.columns.when')}</Table.Th>
                  <Table.Th scope="col">{t('moderation.audit.columns.who')}</Table.Th>
                  <Table.Th scope="col">{t('moderation.audit.columns.what')}</Table.Th>
                  <Table.Th scope="col">{t('moderation.audit.columns.why')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm" component="time" dateTime={entry.createdAt}>
                        {formatDateTime(entry.createdAt, i18n.language, user.timeZone)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.actor?.displayName ?? t('moderation.audit.system')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{describe(entry, t)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={entry.reason ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {entry.reason ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <LoadMore hasMore={Boolean(log.hasNextPage)} loading={log.isFetchingNextPage} onLoad={() => void log.fetchNextPage()} />
    </>
  );
}

/** The action in words; an action the interface does not know yet is shown as the API names it. */
function describe(entry: AuditEntry, t: (key: string, options?: Record<string, unknown>) => string): string {
  const details = entry.details ?? {};
  const count = typeof details.reports === 'number' ? details.reports : 1;
  if (entry.action === 'report.resolved' && typeof details.action === 'string') {
    return t('moderation.audit.reportResolved', { outcome: t(`moderation.outcome.${details.action}`, { defaultValue: details.action }), count });
  }
  if (entry.action === 'report.dismissed') return t('moderation.audit.reportDismissed', { count });
  const what = t(`moderation.audit.actions.${entry.action}`, { defaultValue: entry.action });
  if (entry.action === 'network.member-muted' && typeof details.minutes === 'number') {
    const duration = t(`moderation.muteDurations.${details.minutes}`, { defaultValue: t('moderation.audit.minutes', { count: details.minutes }) });
    return t('moderation.audit.mutedFor', { what, duration });
  }
  return what;
}
