import { Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../api/networks-api';
import { CreateNetworkModal } from './CreateNetworkModal';
import { MembershipAction } from './MembershipAction';
import { VisibilityBadge } from './VisibilityBadge';

/** The network directory (SPEC N1, N3): every network the viewer may see, and their membership. */
export function NetworksPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  // The server decides (admins; members too when the platform allows member networks).
  const canCreate = user.permissions?.createNetworks === true;
  const [params, setParams] = useSearchParams();
  const [createOpen, createModal] = useDisclosure(false);
  const qInput = params.get('q') ?? '';
  const mine = params.get('mine') === 'true';
  const [q] = useDebouncedValue(qInput, 300);
  const setParam = (key: string, value: string | null) => {
    const copy = new URLSearchParams(params);
    if (value) copy.set(key, value);
    else copy.delete(key);
    setParams(copy, { replace: true });
  };

  const networks = useInfiniteQuery({
    queryKey: ['networks', 'list', { q, mine }],
    queryFn: ({ pageParam, signal }) => networksApi.list({ q: q || undefined, mine: mine || undefined, cursor: pageParam ?? undefined, limit: 24 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = networks.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('networks.title')}
        description={t('networks.intro')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createModal.open}>
              {t('networks.create.button')}
            </Button>
          ) : null
        }
      />
      <Paper withBorder p="md">
        <form role="search" aria-label={t('networks.searchLabel')} onSubmit={(e) => e.preventDefault()}>
          <Group align="flex-end" gap="md" wrap="wrap">
            <TextInput
              label={t('networks.search')}
              placeholder={t('networks.searchPlaceholder')}
              leftSection={<IconSearch size={16} aria-hidden />}
              type="search"
              value={qInput}
              onChange={(e) => setParam('q', e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Switch label={t('networks.onlyMine')} checked={mine} onChange={(e) => setParam('mine', e.currentTarget.checked ? 'true' : null)} mb={8} />
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={networks.error} />
      {networks.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={170} />
          ))}
        </SimpleGrid>
      ) : items.length === 0 && !networks.isError ? (
        <Paper withBorder p="xl">
          <Text ta="center" c="dimmed">
            {mine ? t('networks.emptyMine') : t('networks.empty')}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((network) => (
            <NetworkCard key={network.id} network={network} />
          ))}
        </SimpleGrid>
      )}
      <LoadMore hasMore={Boolean(networks.hasNextPage)} loading={networks.isFetchingNextPage} onLoad={() => void networks.fetchNextPage()} />
      {canCreate ? <CreateNetworkModal opened={createOpen} onClose={createModal.close} /> : null}
    </Stack>
  );
}

function NetworkCard({ network }: { network: NetworkSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder component="li" padding="lg" radius="md">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Anchor component={Link} to={`/networks/${network.slug}`} fw={700} fz="lg" lh={1.3}>
            {network.name}
          </Anchor>
          <VisibilityBadge visibility={network.visibility} />
        </Group>
        <Text size="sm" c="dimmed" lineClamp={3}>
          {network.summary}
        </Text>
        {network.tags.length ? (
          <Group gap={4} aria-label={t('networks.tags')}>
            {network.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="gray" size="sm" tt="none">
                #{tag}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between" mt="auto" pt="xs">
          <Group gap={6}>
            <IconUsers size={16} aria-hidden />
            <Text size="sm">{t('networks.memberCount', { count: network.memberCount, formatted: network.memberCount.toLocaleString(i18n.language) })}</Text>
          </Group>
          <MembershipAction network={network} />
        </Group>
      </Stack>
    </Card>
  );
}
