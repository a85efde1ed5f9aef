import { Button, Grid, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Text, TextInput, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESOURCE_KINDS, type NetworkDetail, type ResourceFacets, type ResourceKind, type ResourceListQuery, type ResourceOrder } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../../networks/api/networks-api';
import { NetworkBreadcrumbs } from '../../networks/components/NetworkBreadcrumbs';
import { libraryApi } from '../api/library-api';
import { mayContribute, useContributableNetworks } from '../hooks/useContributableNetworks';
import { ResourceCard, useLanguageLabel, usePlaceLabel } from './parts';
import classes from './library.module.css';

export const LIBRARY_PAGE_SIZE = 20;
/** Values shown per facet before the list would get long; the selected value is always shown. */
const FACET_VALUES = 12;
const HUB = 'hub';

/** The hub's library (SPEC K1): every resource the viewer may read. */
export function LibraryPage() {
  return <Library />;
}

/** A network's library: the same page, held to that network. */
export function NetworkLibraryPage() {
  const { slug = '' } = useParams();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) return <Skeleton h={200} />;
  if (network.isError) return <ErrorAlert error={network.error} />;
  return <Library network={network.data} />;
}

const isKind = (value: string | null): value is ResourceKind => Boolean(value) && (RESOURCE_KINDS as readonly string[]).includes(value as string);
const isDay = (value: string | null) => Boolean(value && /^\d{4}-\d\d-\d\d$/.test(value));

/** The filters, read from the URL query string so a filtered library can be shared and reloaded. */
function useLibraryFilters(network?: NetworkDetail) {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const filters: ResourceListQuery = {
    kind: isKind(kind) ? kind : undefined,
    language: params.get('language') || undefined,
    country: params.get('country') || undefined,
    tag: params.get('tag') || undefined,
    networkId: network ? network.id : params.get('network') || undefined,
    from: isDay(params.get('from')) ? params.get('from')! : undefined,
    to: isDay(params.get('to')) ? params.get('to')! : undefined,
  };
  const order: ResourceOrder = params.get('order') === 'title' ? 'title' : 'newest';
  const set = (key: string, value: string | null | undefined) => {
    const copy = new URLSearchParams(params);
    if (value) copy.set(key, value);
    else copy.delete(key);
    setParams(copy, { replace: true });
  };
  const clear = () => {
    const copy = new URLSearchParams();
    if (params.get('order')) copy.set('order', params.get('order')!);
    setParams(copy, { replace: true });
  };
  const active = ['kind', 'language', 'country', 'tag', 'from', 'to', ...(network ? [] : ['network'])].some((key) => params.get(key));
  return { filters, order, set, clear, active };
}

function Library({ network }: { network?: NetworkDetail }) {
  const { t } = useTranslation();
  const { filters, order, set, clear, active } = useLibraryFilters(network);
  const contributable = useContributableNetworks();
  const canAdd = network ? mayContribute(network) : contributable.canAdd;
  const enabled = network ? network.permissions.read : true;

  const resources = useInfiniteQuery({
    queryKey: ['library', 'resources', { ...filters, order }],
    queryFn: ({ pageParam, signal }) => libraryApi.list({ ...filters, order, cursor: pageParam ?? undefined, limit: LIBRARY_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
  const facets = useQuery({ queryKey: ['library', 'facets', filters], queryFn: ({ signal }) => libraryApi.facets(filters, signal), enabled });
  const items = resources.data?.pages.flatMap((p) => p.items) ?? [];
  const title = network ? t('library.titleIn', { name: network.name }) : t('library.title');

  return (
    <Stack gap="lg">
      {network ? <NetworkBreadcrumbs network={network} /> : null}
      <PageHeader
        title={title}
        description={network ? undefined : t('library.intro')}
        actions={
          canAdd ? (
            <Button component={Link} to={network ? `/resources/new?networkId=${network.id}` : '/resources/new'} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('library.add')}
            </Button>
          ) : null
        }
      />
      {!enabled ? (
        <Paper withBorder p="xl">
          <Text ta="center">{t('networks.home.membersOnly')}</Text>
        </Paper>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="md" component="section" aria-labelledby="library-filters-heading">
              <form role="search" aria-labelledby="library-filters-heading" onSubmit={(e) => e.preventDefault()}>
                <Stack gap="md">
                  <Group justify="space-between">
                    <Title order={2} fz="md" id="library-filters-heading">
                      {t('library.filters.title')}
                    </Title>
                    {active ? (
                      <Button variant="subtle" size="compact-sm" onClick={clear}>
                        {t('library.filters.clear')}
                      </Button>
                    ) : null}
                  </Group>
                  {network ? null : <NetworkFilter value={filters.networkId ?? null} onChange={(v) => set('network', v)} />}
                  <FacetGroups facets={facets.data} loading={facets.isPending} error={facets.error} filters={filters} onChange={set} />
                  {/* One under the other: side by side in this column, the browser's date fields are cut off. */}
                  <Stack gap="sm">
                    <TextInput type="date" label={t('library.filters.from')} value={filters.from ?? ''} onChange={(e) => set('from', e.currentTarget.value)} />
                    <TextInput type="date" label={t('library.filters.to')} value={filters.to ?? ''} onChange={(e) => set('to', e.currentTarget.value)} />
                  </Stack>
                </Stack>
              </form>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Group justify="space-between" wrap="wrap">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {facets.data ? t('library.total', { count: facets.data.total }) : ''}
                </Text>
                <Group gap="xs">
                  <Text size="sm" id="library-order-label">
                    {t('library.order.label')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="library-order-label"
                    size="xs"
                    value={order}
                    onChange={(v) => set('order', v === 'title' ? 'title' : null)}
                    data={[
                      { value: 'newest', label: t('library.order.newest') },
                      { value: 'title', label: t('library.order.title') },
                    ]}
                  />
                </Group>
              </Group>
              <ErrorAlert error={resources.error} />
              {resources.isPending ? (
                <Stack>
                  {[0, 1, 2].map((i) => (
                    <Skeleton key={i} h={110} />
                  ))}
                </Stack>
              ) : items.length === 0 && !resources.isError ? (
                <Paper withBorder p="xl">
                  <Stack align="center" gap="sm">
                    <Text ta="center" c="dimmed">
                      {active ? t('library.emptyFiltered') : t('library.empty')}
                    </Text>
                    {active ? (
                      <Button variant="default" onClick={clear}>
                        {t('library.filters.clear')}
                      </Button>
                    ) : null}
                  </Stack>
                </Paper>
              ) : (
                <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('library.listLabel')}>
                  {items.map((resource) => (
                    <ResourceCard key={resource.id} resource={resource} showNetwork={!network} />
                  ))}
                </Stack>
              )}
              <LoadMore hasMore={Boolean(resources.hasNextPage)} loading={resources.isFetchingNextPage} onLoad={() => void resources.fetchNextPage()} />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function NetworkFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  const networks = useQuery({ queryKey: ['networks', 'library', 'filter'], queryFn: ({ signal }) => networksApi.list({ limit: 100 }, signal) });
  const data = [{ value: HUB, label: t('library.filters.hubOnly') }, ...(networks.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))];
  return <Select label={t('library.filters.network')} placeholder={t('library.filters.anyNetwork')} data={data} value={value} onChange={onChange} clearable searchable />;
}

type FacetKey = 'kind' | 'language' | 'country' | 'tag';

function FacetGroups({
  facets, loading, error, filters, onChange,
}: {
  facets: ResourceFacets | undefined;
  loading: boolean;
  error: unknown;
  filters: ResourceListQuery;
  onChange: (key: string, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguageLabel();
  const place = usePlaceLabel();
  if (loading) return <Skeleton h={160} />;
  if (error || !facets) return <ErrorAlert error={error} />;
  const label: Record<FacetKey, (value: string) => string> = {
    kind: (v) => t(`library.kinds.${v}`),
    language,
    country: place,
    tag: (v) => `#${v}`,
  };
  return (
    <>
      {(['kind', 'language', 'country', 'tag'] as const).map((key) => {
        const selected = filters[key] ?? null;
        const values = facets[key].slice(0, FACET_VALUES);
        if (selected && !values.some((v) => v.value === selected)) values.push({ value: selected as never, count: 0 });
        if (!values.length) return null;
        return (
          <fieldset key={key} className={classes.facet}>
            <legend className={classes.legend}>{t(`library.facets.${key}`)}</legend>
            <Stack gap={2}>
              {values.map((option) => {
                const on = option.value === selected;
                return (
                  // The name is the visible text told in words ("Toolkit 4 resources"): no aria-label that would differ from what is seen (WCAG 2.5.3).
                  <UnstyledButton
                    key={option.value}
                    className={classes.facetOption}
                    data-active={on || undefined}
                    aria-pressed={on}
                    onClick={() => onChange(key, on ? null : option.value)}
                  >
                    <span>{label[key](option.value)}</span>{' '}
                    <span className={classes.count}>
                      <span aria-hidden>{option.count}</span>
                      <VisuallyHidden component="span">{t('library.facets.count', { count: option.count })}</VisuallyHidden>
                    </span>
                  </UnstyledButton>
                );
              })}
            </Stack>
          </fieldset>
        );
      })}
    </>
  );
}
