import { Button, Group, Paper, Select, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { NetworkDetail } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../../networks/api/networks-api';
import { forumApi } from '../api/forum-api';
import { useNetworkRoom } from '../hooks/useNetworkRoom';
import { ThreadRow } from './ThreadRow';
import { NetworkBreadcrumbs } from '../../networks/components/NetworkBreadcrumbs';

/** A network's threads by latest activity (SPEC F8): category, tag and unanswered filters, keyset "load more". */
export function ThreadListPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) return <Skeleton h={200} />;
  if (network.isError) return <ErrorAlert error={network.error} />;
  return <ThreadList network={network.data} title={t('forum.threads.titleIn', { name: network.data.name })} />;
}

export function ThreadList({ network, title }: { network: NetworkDetail; title: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const categoryId = params.get('category') ?? '';
  const tagInput = params.get('tag') ?? '';
  const unanswered = params.get('unanswered') === 'true';
  const [tag] = useDebouncedValue(tagInput.trim().toLowerCase(), 300);
  const setParam = (key: string, value: string | null) => {
    const copy = new URLSearchParams(params);
    if (value) copy.set(key, value);
    else copy.delete(key);
    setParams(copy, { replace: true });
  };
  const categories = network.categories.map((c) => ({ value: c.id, label: c.name }));
  const categoryName = new Map(categories.map((c) => [c.value, c.label]));

  const threads = useInfiniteQuery({
    queryKey: ['forum', 'threads', network.id, { categoryId, tag, unanswered }],
    queryFn: ({ pageParam, signal }) =>
      forumApi.threads(network.id, { categoryId: categoryId || undefined, tag: tag || undefined, unanswered: unanswered || undefined, cursor: pageParam ?? undefined, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: network.permissions.read,
  });
  const items = threads.data?.pages.flatMap((p) => p.items) ?? [];
  useNetworkRoom(network.id, network.permissions.read);

  return (
    <Stack gap="lg">
      <NetworkBreadcrumbs network={network} />
      <PageHeader
        title={title}
        actions={
          network.permissions.post ? (
            <Button component={Link} to={`/networks/${network.slug}/new-thread`} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('forum.threads.new')}
            </Button>
          ) : null
        }
      />
      {!network.permissions.read ? (
        <Paper withBorder p="xl">
          <Text ta="center">{t('networks.home.membersOnly')}</Text>
        </Paper>
      ) : (
        <>
          <Paper withBorder p="md">
            <form role="search" aria-label={t('forum.threads.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
              <Group align="flex-end" gap="md" wrap="wrap">
                <Select
                  label={t('forum.threads.category')}
                  placeholder={t('forum.threads.allCategories')}
                  data={categories}
                  value={categoryId || null}
                  onChange={(v) => setParam('category', v)}
                  clearable
                  w={240}
                />
                <TextInput label={t('forum.threads.tag')} placeholder={t('forum.threads.tagPlaceholder')} value={tagInput} onChange={(e) => setParam('tag', e.currentTarget.value)} w={200} />
                <Switch label={t('forum.threads.unanswered')} checked={unanswered} onChange={(e) => setParam('unanswered', e.currentTarget.checked ? 'true' : null)} mb={8} />
              </Group>
            </form>
          </Paper>
          <ErrorAlert error={threads.error} />
          {threads.isPending ? (
            <Stack>
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} h={84} />
              ))}
            </Stack>
          ) : items.length === 0 && !threads.isError ? (
            <Paper withBorder p="xl">
              <Text ta="center" c="dimmed">
                {categoryId || tag || unanswered ? t('forum.threads.emptyFiltered') : t('forum.threads.empty')}
              </Text>
            </Paper>
          ) : (
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('forum.threads.listLabel')}>
              {items.map((thread) => (
                <ThreadRow key={thread.id} thread={thread} categoryName={thread.categoryId ? categoryName.get(thread.categoryId) : undefined} />
              ))}
            </Stack>
          )}
          <LoadMore hasMore={Boolean(threads.hasNextPage)} loading={threads.isFetchingNextPage} onLoad={() => void threads.fetchNextPage()} />
        </>
      )}
    </Stack>
  );
}
