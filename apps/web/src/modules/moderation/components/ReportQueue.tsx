import { Paper, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { moderationApi, moderationKeys } from '../api/moderation-api';
import { ReportCard } from './ReportCard';

export const QUEUE_PAGE_SIZE = 20;

/**
 * A moderation queue (SPEC M1): one network's reports, or with networkId null the hub-wide ones,
 * newest first with keyset "Load more". An action is announced politely, and the list reloads: the
 * resolved reports (every open report of that target) leave the open list.
 */
export function ReportQueue({ networkId, status }: { networkId: string | null; status: ReportStatus }) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const reports = useInfiniteQuery({
    queryKey: moderationKeys.queue(networkId, status),
    queryFn: ({ pageParam, signal }) => moderationApi.queue(networkId, { status, cursor: pageParam ?? undefined, limit: QUEUE_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];

  const resolved = (message: string) => {
    setAnnouncement(message);
    // The card whose button had focus leaves the list: keep the keyboard user in the queue.
    list.current?.focus({ preventScroll: true });
  };

  return (
    <Stack gap="md" ref={list} tabIndex={-1} style={{ outline: 'none' }} aria-label={t(`moderation.queue.listLabel.${status}`)} role="region">
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
      <ErrorAlert error={reports.error} />
      {reports.isPending ? (
        <Stack>
          <Skeleton h={160} />
          <Skeleton h={160} />
        </Stack>
      ) : null}
      {!reports.isPending && !reports.isError && items.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text c="dimmed">{t(`moderation.queue.empty.${status}`)}</Text>
        </Paper>
      ) : null}
      {items.map((report) => (
        <ReportCard key={report.id} report={report} onResolved={resolved} />
      ))}
      <LoadMore hasMore={Boolean(reports.hasNextPage)} loading={reports.isFetchingNextPage} onLoad={() => void reports.fetchNextPage()} />
    </Stack>
  );
}
