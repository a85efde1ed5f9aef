import { Anchor, Badge, Box, Breadcrumbs, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title, Typography } from '@mantine/core';
import { IconBooks, IconFlag, IconLock, IconMessages, IconPlus, IconUsers, IconUserShield } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { NetworkDetail, ThreadSummary } from '@praxis/contracts';
import { formatDate } from '../../../shared/format/dates';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { ThreadRow } from '../../forum/components/ThreadRow';
import { useNetworkRoom } from '../../forum/hooks/useNetworkRoom';
import { networksApi } from '../api/networks-api';
import { MembershipAction } from './MembershipAction';
import { UpcomingEvents } from './UpcomingEvents';
import { NetworkLibrarySection } from '../../library/components/NetworkLibrarySection';
import { VisibilityBadge } from './VisibilityBadge';

/** The network home (SPEC N5). */
export function NetworkHomePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) {
    return (
      <Stack>
        <Skeleton h={40} w="50%" />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (network.isError) {
    return (
      <Stack>
        <PageHeader title={t('networks.home.notFound')} />
        <ErrorAlert error={network.error} />
      </Stack>
    );
  }
  return <NetworkHome network={network.data} slug={slug} />;
}

function NetworkHome({ network, slug }: { network: NetworkDetail; slug: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  // New and changed threads refresh the pinned and recent lists live.
  useNetworkRoom(network.id, network.permissions.read, [['networks', 'detail', slug]]);
  const categoryName = new Map(network.categories.map((c) => [c.id, c.name]));
  // Pinned threads are already listed above: recent activity shows the others.
  const pinned = new Set(network.pinnedThreads.map((thread) => thread.id));
  const recent = network.recentActivity.filter((thread) => !pinned.has(thread.id));
  const threadList = (threads: ThreadSummary[]) => (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
      {threads.map((thread) => (
        <ThreadRow key={thread.id} thread={thread} categoryName={thread.categoryId ? categoryName.get(thread.categoryId) : undefined} />
      ))}
    </Stack>
  );

  return (
    <Stack gap="lg">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/networks" size="sm">
          {t('networks.title')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {network.name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={network.name}
        description={network.summary}
        actions={
          <>
            {network.permissions.moderate ? (
              <Button variant="default" component={Link} to={`/networks/${network.slug}/members`} leftSection={<IconUserShield size={16} aria-hidden />}>
                {t('networks.home.manageMembers')}
              </Button>
            ) : null}
            {network.permissions.moderate ? (
              <Button variant="default" component={Link} to={`/networks/${network.slug}/moderation`} leftSection={<IconFlag size={16} aria-hidden />}>
                {t('moderation.network.link')}
              </Button>
            ) : null}
            {network.permissions.read ? (
              <Button variant="light" component={Link} to={`/networks/${network.slug}/threads`} leftSection={<IconMessages size={16} aria-hidden />}>
                {t('networks.home.allThreads')}
              </Button>
            ) : null}
            {network.permissions.read ? (
              <Button variant="light" component={Link} to={`/networks/${network.slug}/library`} leftSection={<IconBooks size={16} aria-hidden />}>
                {t('library.network.all')}
              </Button>
            ) : null}
            {network.permissions.post ? (
              <Button component={Link} to={`/networks/${network.slug}/new-thread`} leftSection={<IconPlus size={16} aria-hidden />}>
                {t('forum.threads.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="about-heading">
              <Title order={2} fz="lg" id="about-heading" mb="sm">
                {t('networks.home.about')}
              </Title>
              {/* descriptionHtml is rendered and sanitised by the API (F10); nothing else is injected as HTML. */}
              <Typography>
                <Box dangerouslySetInnerHTML={{ __html: network.descriptionHtml }} />
              </Typography>
            </Paper>
            {!network.permissions.read ? (
              <Paper withBorder p="lg" radius="md">
                <Group gap="sm">
                  <IconLock size={18} aria-hidden />
                  <Text>{t('networks.home.membersOnly')}</Text>
                </Group>
              </Paper>
            ) : (
              <>
                {network.pinnedThreads.length ? (
                  <Stack component="section" aria-labelledby="pinned-heading" gap="sm">
                    <Title order={2} fz="lg" id="pinned-heading">
                      {t('networks.home.pinned')}
                    </Title>
                    {threadList(network.pinnedThreads)}
                  </Stack>
                ) : null}
                <Stack component="section" aria-labelledby="recent-heading" gap="sm">
                  <Group justify="space-between">
                    <Title order={2} fz="lg" id="recent-heading">
                      {t('networks.home.recent')}
                    </Title>
                    <Anchor component={Link} to={`/networks/${network.slug}/threads`} size="sm">
                      {t('networks.home.allThreads')}
                    </Anchor>
                  </Group>
                  {recent.length ? (
                    threadList(recent)
                  ) : (
                    <Paper withBorder p="lg">
                      <Text c="dimmed" ta="center">
                        {t('forum.threads.empty')}
                      </Text>
                    </Paper>
                  )}
                </Stack>
                <UpcomingEvents networkId={network.id} />
                <NetworkLibrarySection network={network} />
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="membership-heading">
              <Title order={2} fz="md" id="membership-heading" mb="sm">
                {t('networks.home.membership')}
              </Title>
              <Stack gap="sm">
                <Group gap="xs">
                  <VisibilityBadge visibility={network.visibility} />
                </Group>
                <Group gap={6}>
                  <IconUsers size={16} aria-hidden />
                  <Text size="sm">{t('networks.memberCount', { count: network.memberCount, formatted: network.memberCount.toLocaleString(i18n.language) })}</Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('networks.home.since', { date: formatDate(network.createdAt, i18n.language, user.timeZone) })}
                </Text>
                {network.mutedUntil ? (
                  <Badge color="orange" variant="light">
                    {t('networks.home.mutedUntil', { date: formatDate(network.mutedUntil, i18n.language, user.timeZone) })}
                  </Badge>
                ) : null}
                <MembershipAction network={network} showLeave />
              </Stack>
            </Paper>
            {network.tags.length ? (
              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="tags-heading">
                <Title order={2} fz="md" id="tags-heading" mb="sm">
                  {t('networks.tags')}
                </Title>
                <Group gap={6}>
                  {network.tags.map((tag) => (
                    <Badge key={tag} variant="outline" color="gray" tt="none">
                      #{tag}
                    </Badge>
                  ))}
                </Group>
              </Paper>
            ) : null}
            {network.categories.length ? (
              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="categories-heading">
                <Title order={2} fz="md" id="categories-heading" mb="sm">
                  {t('networks.home.categories')}
                </Title>
                <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                  {network.categories.map((category) => (
                    <li key={category.id}>
                      <Group gap={6}>
                        <Anchor component={Link} to={`/networks/${network.slug}/threads?category=${category.id}`} fw={600} size="sm">
                          {category.name}
                        </Anchor>
                        {category.moderatorsOnly ? (
                          <Badge size="xs" variant="light" color="gray">
                            {t('networks.home.moderatorsOnly')}
                          </Badge>
                        ) : null}
                      </Group>
                      {category.description ? (
                        <Text size="xs" c="dimmed">
                          {category.description}
                        </Text>
                      ) : null}
                    </li>
                  ))}
                </Stack>
              </Paper>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
