import { Anchor, Badge, Box, Breadcrumbs, Button, Grid, Group, Modal, Paper, Skeleton, Stack, Text, Title, Tooltip, Typography } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconFileText, IconPencil, IconStar, IconStarOff, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ResourceDetail, ResourceFile } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { formatDate, formatFileSize } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { FileDownloadButton } from '../../files/components/FileDownloadButton';
import { ReportButton } from '../../moderation/components/ReportButton';
import { libraryApi } from '../api/library-api';
import { FeaturedBadge, formatPublishedOn, ResourceKindBadge, useLanguageLabel, usePlaceLabel } from './parts';

/** How often the page asks again while a file's text is still being read. */
export const TEXT_STATUS_POLL_MS = 3000;

/** One resource of the library (SPEC K1): what it is, its files and link, and what the viewer may do. */
export function ResourcePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const resource = useQuery({
    queryKey: ['library', 'resource', id],
    queryFn: ({ signal }) => libraryApi.get(id, signal),
    // A file's text is read in the background: ask again until none is waiting, so its status changes on screen.
    refetchInterval: (query) => (query.state.data?.files.some((f) => f.textStatus === 'pending') ? TEXT_STATUS_POLL_MS : false),
  });
  if (resource.isPending) {
    return (
      <Stack>
        <Skeleton h={40} w="60%" />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (resource.isError) {
    // A 404 is an answer, not a failure: said calmly, with the way back (the API says 404 to those who may not read it, too).
    const missing = resource.error instanceof ApiRequestError && resource.error.status === 404;
    return (
      <Stack>
        <PageHeader title={t('library.resource.notFound')} />
        {missing ? <Text>{t('library.resource.notFoundBody')}</Text> : <ErrorAlert error={resource.error} />}
        <Anchor component={Link} to="/library">
          {t('library.resource.backToLibrary')}
        </Anchor>
      </Stack>
    );
  }
  return <Resource resource={resource.data} />;
}

function Resource({ resource }: { resource: ResourceDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const language = useLanguageLabel();
  const place = usePlaceLabel();
  const [confirming, confirm] = useDisclosure(false);
  const user = useCurrentUser();

  // The lists, counts and collections that show it; the detail itself is set from the answer.
  const refresh = () =>
    Promise.all(['resources', 'facets', 'collections'].map((part) => queryClient.invalidateQueries({ queryKey: ['library', part] })));
  const remove = useMutation({
    mutationFn: () => libraryApi.remove(resource.id),
    onSuccess: async () => {
      confirm.close();
      notifications.show({ color: 'teal', message: t('library.resource.deleted', { title: resource.title }) });
      queryClient.removeQueries({ queryKey: ['library', 'resource', resource.id] });
      await refresh();
      navigate(resource.network ? `/networks/${resource.network.slug}/library` : '/library');
    },
    onError: (error) => notifications.show({ color: 'red', title: t('library.resource.deleteFailed'), message: errorMessage(error) }),
  });
  const feature = useMutation({
    mutationFn: (featured: boolean) => libraryApi.update(resource.id, { featured }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['library', 'resource', resource.id], updated);
      notifications.show({ color: 'teal', message: updated.featured ? t('library.resource.featuredDone') : t('library.resource.unfeaturedDone') });
      await refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: t('library.resource.featureFailed'), message: errorMessage(error) }),
  });

  const libraryLink = resource.network ? `/networks/${resource.network.slug}/library` : '/library';
  return (
    <Stack gap="lg">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/library" size="sm">
          {t('library.title')}
        </Anchor>
        {resource.network ? (
          <Anchor component={Link} to={libraryLink} size="sm">
            {resource.network.name}
          </Anchor>
        ) : null}
      </Breadcrumbs>
      <PageHeader
        title={resource.title}
        actions={
          <>
            {resource.permissions.feature ? (
              <Button
                variant="default"
                leftSection={resource.featured ? <IconStarOff size={16} aria-hidden /> : <IconStar size={16} aria-hidden />}
                loading={feature.isPending}
                onClick={() => feature.mutate(!resource.featured)}
              >
                {resource.featured ? t('library.resource.unfeature') : t('library.resource.feature')}
              </Button>
            ) : null}
            {resource.permissions.edit ? (
              <Button variant="default" component={Link} to={`/resources/${resource.id}/edit`} leftSection={<IconPencil size={16} aria-hidden />}>
                {t('library.resource.edit')}
              </Button>
            ) : null}
            {resource.permissions.delete ? (
              <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={confirm.open}>
                {t('library.resource.delete')}
              </Button>
            ) : null}
            {resource.createdBy?.id !== user.id ? <ReportButton targetType="resource" targetId={resource.id} /> : null}
          </>
        }
      />
      <Group gap="xs" mt={-12} wrap="wrap">
        <ResourceKindBadge kind={resource.kind} />
        {resource.featured ? <FeaturedBadge /> : null}
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="resource-summary-heading">
              <Title order={2} fz="lg" id="resource-summary-heading" mb="sm">
                {t('library.resource.summary')}
              </Title>
              {resource.summaryHtml ? (
                // summaryHtml is rendered and sanitised by the API like a post (F10); nothing else is injected as HTML.
                <Typography className="praxis-post-body">
                  <Box dangerouslySetInnerHTML={{ __html: resource.summaryHtml }} />
                </Typography>
              ) : (
                <Text c="dimmed">{t('library.resource.noSummary')}</Text>
              )}
            </Paper>
            {resource.url ? (
              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="resource-link-heading">
                <Title order={2} fz="lg" id="resource-link-heading" mb="sm">
                  {t('library.resource.link')}
                </Title>
                <Anchor href={resource.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
                  <Group gap={6} wrap="nowrap" component="span">
                    <span>{resource.url}</span>
                    <IconExternalLink size={16} aria-label={t('library.resource.opensNewTab')} />
                  </Group>
                </Anchor>
              </Paper>
            ) : null}
            {resource.files.length ? <ResourceFiles files={resource.files} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="resource-details-heading">
            <Title order={2} fz="md" id="resource-details-heading" mb="sm">
              {t('library.resource.details')}
            </Title>
            <Stack gap="sm" component="dl" m={0}>
              <Detail label={t('library.fields.language')}>{language(resource.language)}</Detail>
              {resource.publishedOn ? <Detail label={t('library.fields.publishedOn')}>{formatPublishedOn(resource.publishedOn, i18n.language)}</Detail> : null}
              <Detail label={t('library.fields.network')}>
                {resource.network ? (
                  <Anchor component={Link} to={`/networks/${resource.network.slug}`} size="sm">
                    {resource.network.name}
                  </Anchor>
                ) : (
                  t('library.hubWide')
                )}
              </Detail>
              {resource.countries.length ? <Detail label={t('library.fields.countries')}>{resource.countries.map(place).join(', ')}</Detail> : null}
              {resource.tags.length ? (
                <Detail label={t('library.fields.tags')}>
                  <Group gap={6} component="span">
                    {resource.tags.map((tag) => (
                      <Badge key={tag} variant="outline" color="gray" tt="none" component={Link} to={`/library?tag=${encodeURIComponent(tag)}`} style={{ cursor: 'pointer' }}>
                        #{tag}
                      </Badge>
                    ))}
                  </Group>
                </Detail>
              ) : null}
              {resource.createdBy ? (
                <Detail label={t('library.resource.addedBy')}>
                  <Anchor component={Link} to={`/members/${resource.createdBy.id}`} size="sm">
                    {resource.createdBy.displayName}
                  </Anchor>
                  {' · '}
                  {formatDate(resource.createdAt, i18n.language)}
                </Detail>
              ) : (
                <Detail label={t('library.resource.added')}>{formatDate(resource.createdAt, i18n.language)}</Detail>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <Modal opened={confirming} onClose={confirm.close} title={t('library.resource.deleteTitle')} centered>
        <Stack>
          <Text>{t('library.resource.deleteConfirm', { title: resource.title })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('library.resource.deleteSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

const TEXT_STATUS_COLOR: Record<ResourceFile['textStatus'], string> = { pending: 'gray.7', done: 'teal.9', failed: 'orange.9', unsupported: 'gray.7' };

function ResourceFiles({ files }: { files: ResourceFile[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="resource-files-heading">
      <Title order={2} fz="lg" id="resource-files-heading" mb="sm">
        {t('library.resource.files', { count: files.length })}
      </Title>
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {files.map((file) => (
          <Group key={file.id} component="li" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileText size={22} aria-hidden style={{ flexShrink: 0 }} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fw={500} truncate>
                  {file.name}
                </Text>
                <Group gap={6}>
                  <Text fz="xs" c="dimmed">
                    {formatFileSize(file.size, i18n.language)} · {fileType(file)}
                  </Text>
                  <Tooltip label={t(`library.textStatus.${file.textStatus}Help`)}>
                    <Text fz="xs" c={TEXT_STATUS_COLOR[file.textStatus]} tabIndex={0} data-testid={`text-status-${file.id}`}>
                      {t(`library.textStatus.${file.textStatus}`)}
                    </Text>
                  </Tooltip>
                </Group>
              </Stack>
            </Group>
            <FileDownloadButton file={file} locale={i18n.language} />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument',
  'text/plain': 'TXT',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

/** A file's type as people name it, from its MIME type (the extension when unknown). */
function fileType(file: ResourceFile): string {
  return TYPE_NAMES[file.mimeType] ?? (file.name.includes('.') ? file.name.split('.').pop()!.toUpperCase() : file.mimeType);
}
