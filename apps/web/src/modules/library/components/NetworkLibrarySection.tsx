import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { NetworkDetail } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { libraryApi } from '../api/library-api';
import { ResourceCard } from './parts';

/** How many featured resources the network home shows (K4). */
export const FEATURED_LIMIT = 6;

/** The network home's part of the library (K4): featured resources and the curated collections. */
export function NetworkLibrarySection({ network }: { network: Pick<NetworkDetail, 'id' | 'slug'> }) {
  const { t } = useTranslation();
  const featured = useQuery({
    queryKey: ['library', 'resources', { networkId: network.id, featured: true, limit: FEATURED_LIMIT }],
    queryFn: ({ signal }) => libraryApi.list({ networkId: network.id, featured: true, limit: FEATURED_LIMIT }, signal),
  });
  const collections = useQuery({ queryKey: ['library', 'collections', network.id], queryFn: ({ signal }) => libraryApi.collections(network.id, signal) });
  const libraryLink = `/networks/${network.slug}/library`;

  return (
    <>
      <Stack component="section" aria-labelledby="featured-resources-heading" gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="lg" id="featured-resources-heading">
            {t('library.network.featured')}
          </Title>
          <Anchor component={Link} to={libraryLink} size="sm">
            {t('library.network.all')}
          </Anchor>
        </Group>
        {featured.isPending ? (
          <Skeleton h={80} />
        ) : featured.isError ? (
          <ErrorAlert error={featured.error} />
        ) : featured.data.items.length ? (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {featured.data.items.map((resource) => (
              <ResourceCard key={resource.id} resource={resource} showNetwork={false} />
            ))}
          </Stack>
        ) : (
          <Paper withBorder p="lg">
            <Text c="dimmed" ta="center">
              {t('library.network.noFeatured')}
            </Text>
          </Paper>
        )}
      </Stack>
      {collections.isError ? <ErrorAlert error={collections.error} /> : null}
      {(collections.data?.items ?? [])
        .slice()
        .sort((a, b) => a.position - b.position)
        .map((collection) => (
          <Stack key={collection.id} component="section" aria-labelledby={`collection-${collection.id}`} gap="sm">
            <Stack gap={2}>
              <Title order={2} fz="lg" id={`collection-${collection.id}`}>
                {collection.title}
              </Title>
              {collection.description ? (
                <Text size="sm" c="dimmed">
                  {collection.description}
                </Text>
              ) : null}
            </Stack>
            {collection.resources.length ? (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
                {collection.resources.map((resource) => (
                  <ResourceCard key={resource.id} resource={resource} showNetwork={false} />
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t('library.network.emptyCollection')}
              </Text>
            )}
          </Stack>
        ))}
    </>
  );
}
