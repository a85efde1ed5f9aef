import { Anchor, Badge, Box, Button, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SEARCH_TYPES, type SearchHit, type SearchOrder, type SearchQuery, type SearchResponse, type SearchType } from '@praxis/contracts';
import { formatDate } from '../../../shared/format/dates';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../../networks/api/networks-api';
import { ResourceKindBadge, useLanguageLabel } from '../../library/components/parts';
import { OTHER_LANGUAGE, RESOURCE_LANGUAGES } from '../../library/lib/resources';
import { searchApi } from '../api/search-api';
import { formatCount, hitHref } from '../lib/hits';
import classes from './search.module.css';

export const SEARCH_PAGE_SIZE = 20;
const ALL = 'all';
const isType = (value: string | null): value is SearchType => Boolean(value) && (SEARCH_TYPES as readonly string[]).includes(value as string);
const isDay = (value: string | null) => Boolean(value && /^\d{4}-\d\d-\d\d$/.test(value));

/** Search results (SPEC S1–S3): type tabs with counts, filters, order, highlighted snippets; state in the URL. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const typeParam = params.get('type');
  const type = isType(typeParam) ? typeParam : undefined;
  const order: SearchOrder = params.get('order') === 'recent' ? 'recent' : 'relevance';
  const tagInput = params.get('tag') ?? '';
  const [tag] = useDebouncedValue(tagInput.trim(), 300);
  const filters: Omit<SearchQuery, 'q'> = {
    networkId: params.get('network') || undefined,
    language: params.get('language') || undefined,
    tag: tag || undefined,
    from: isDay(params.get('from')) ? params.get('from')! : undefined,
    to: isDay(params.get('to')) ? params.get('to')! : undefined,
  };
  const set = (key: string, value: string | null | undefined) => {
    const copy = new URLSearchParams(params);
    if (value) copy.set(key, value);
    else copy.delete(key);
    setParams(copy, { replace: true });
  };

  // The page's own box edits the query; the URL changes (and the search runs) on submit.
  const [draft, setDraft] = useState(q);
  const [draftFor, setDraftFor] = useState(q);
  if (q !== draftFor) {
    // A new query from outside (the header box): the page's box shows it.
    setDraftFor(q);
    setDraft(q);
  }

  const results = useInfiniteQuery({
    queryKey: ['search', 'results', { q, type, order, ...filters }],
    queryFn: ({ pageParam, signal }) => searchApi.search({ q, type, order, ...filters, cursor: pageParam ?? undefined, limit: SEARCH_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.length > 0,
  });
  const first: SearchResponse | undefined = results.data?.pages[0];
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const total = first ? SEARCH_TYPES.reduce((sum, key) => sum + (first.counts[key] ?? 0), 0) : 0;
  const anyCapped = Boolean(first?.capped.length);

  const networks = useQuery({ queryKey: ['networks', 'library', 'filter'], queryFn: ({ signal }) => networksApi.list({ limit: 100 }, signal) });
  const languageLabel = useLanguageLabel();
  const languages = [...RESOURCE_LANGUAGES, OTHER_LANGUAGE].map((value) => ({ value, label: languageLabel(value) }));

  const tabLabel = (key: SearchType | typeof ALL) => {
    if (!first) return t(key === ALL ? 'search.types.all' : `search.types.${key}_other`);
    if (key === ALL) return t('search.tabs.all', { count: formatCount(total, anyCapped, i18n.language) });
    return t('search.tabs.type', { type: t(`search.types.${key}_other`), count: formatCount(first.counts[key] ?? 0, first.capped.includes(key), i18n.language) });
  };

  return (
    <Stack gap="lg">
      <PageHeader title={q ? t('search.titleFor', { q }) : t('search.title')} />
      <form
        role="search"
        aria-label={t('search.page.formLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          set('q', draft.trim() || null);
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            type="search"
            label={t('search.page.query')}
            description={t('search.page.syntax')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit">{t('search.page.submit')}</Button>
        </Group>
      </form>
      {!q ? (
        <Paper withBorder p="xl">
          <Text ta="center" c="dimmed">
            {t('search.page.prompt')}
          </Text>
        </Paper>
      ) : (
        <>
          <Tabs value={type ?? ALL} onChange={(v) => set('type', v === ALL ? null : v)} keepMounted={false}>
            <Tabs.List aria-label={t('search.tabs.label')}>
              {([ALL, ...SEARCH_TYPES] as const).map((key) => (
                <Tabs.Tab key={key} value={key}>
                  {tabLabel(key)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {/* One panel, the chosen type's: the tabs filter the same list of results. */}
            <Tabs.Panel value={type ?? ALL} pt="md">
              <Stack gap="lg">
                <Paper withBorder p="md">
                  <Group align="flex-end" gap="md" wrap="wrap" role="group" aria-label={t('search.filters.label')}>
                    <Select
                      label={t('search.filters.network')}
                      placeholder={t('search.filters.anyNetwork')}
                      data={(networks.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))}
                      value={filters.networkId ?? null}
                      onChange={(v) => set('network', v)}
                      clearable
                      searchable
                      w={220}
                    />
                    <Select
                      label={t('search.filters.language')}
                      placeholder={t('search.filters.anyLanguage')}
                      data={languages}
                      value={filters.language ?? null}
                      onChange={(v) => set('language', v)}
                      clearable
                      w={180}
                    />
                    <TextInput label={t('search.filters.tag')} value={tagInput} onChange={(e) => set('tag', e.currentTarget.value)} w={160} />
                    <TextInput type="date" label={t('search.filters.from')} value={filters.from ?? ''} onChange={(e) => set('from', e.currentTarget.value)} w={160} />
                    <TextInput type="date" label={t('search.filters.to')} value={filters.to ?? ''} onChange={(e) => set('to', e.currentTarget.value)} w={160} />
                    <Stack gap={4}>
                      <Text size="sm" fw={500} id="search-order-label">
                        {t('search.order.label')}
                      </Text>
                      <SegmentedControl
                        aria-labelledby="search-order-label"
                        value={order}
                        onChange={(v) => set('order', v === 'recent' ? 'recent' : null)}
                        data={[
                          { value: 'relevance', label: t('search.order.relevance') },
                          { value: 'recent', label: t('search.order.recent') },
                        ]}
                      />
                    </Stack>
                  </Group>
                </Paper>
                <ErrorAlert error={results.error} />
                {results.isPending ? (
                  <Stack>
                    {[0, 1, 2].map((i) => (
                      <Skeleton key={i} h={90} />
                    ))}
                  </Stack>
                ) : items.length === 0 && !results.isError ? (
                  <Paper withBorder p="xl">
                    <Text ta="center" c="dimmed">
                      {t('search.page.empty', { q })}
                    </Text>
                  </Paper>
                ) : (
                  <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('search.page.resultsLabel')}>
                    {items.map((hit) => (
                      <HitRow key={`${hit.type}:${hit.id}`} hit={hit} />
                    ))}
                  </Stack>
                )}
                <LoadMore hasMore={Boolean(results.hasNextPage)} loading={results.isFetchingNextPage} onLoad={() => void results.fetchNextPage()} />
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}

function HitRow({ hit }: { hit: SearchHit }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper component="li" withBorder p="md" radius="md">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color="gray" c="gray.8" radius="sm">
            {t(`search.types.${hit.type}_one`)}
          </Badge>
          {hit.resourceKind ? <ResourceKindBadge kind={hit.resourceKind} /> : null}
          {hit.network ? (
            <Anchor component={Link} to={`/networks/${hit.network.slug}`} size="xs">
              {hit.network.name}
            </Anchor>
          ) : null}
          <Text size="xs" c="dimmed" component="time" dateTime={hit.startsAt ?? hit.createdAt}>
            {formatDate(hit.startsAt ?? hit.createdAt, i18n.language)}
          </Text>
        </Group>
        {/* The title is text, never HTML. */}
        <Anchor component={Link} to={hitHref(hit)} fw={700}>
          {hit.type === 'post' ? t('search.page.postIn', { title: hit.title }) : hit.title}
        </Anchor>
        {hit.snippetHtml ? (
          // snippetHtml is sanitised by the API and holds only <mark> around the matched words (S2).
          <Box className={classes.snippet} fz="sm" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
        ) : null}
      </Stack>
    </Paper>
  );
}
