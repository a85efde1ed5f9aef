import { ActionIcon, Button, Group, Paper, Select, Skeleton, Stack, Tabs, TagsInput, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconFileText, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESOURCE_KINDS, type FileInfo, type ResourceDetail, type ResourceKind } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { formatFileSize } from '../../../shared/format/dates';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { FileUploadList } from '../../files/components/FileUploadList';
import { MarkdownPreview } from '../../forum/components/MarkdownEditor';
import { libraryApi } from '../api/library-api';
import { useContributableNetworks } from '../hooks/useContributableNetworks';
import {
  MAX_RESOURCE_FILES, OTHER_LANGUAGE, RESOURCE_LANGUAGES, SUMMARY_MAX, TITLE_MAX, toRequest, validateResource, type ResourceFormErrors,
} from '../lib/resources';
import { useLanguageLabel } from './parts';

const HUB = 'hub';
/** Fields the API may name in a 400; anything else is shown above the buttons. */
const SERVER_FIELDS = ['title', 'summary', 'kind', 'language', 'countries', 'tags', 'publishedOn', 'url', 'networkId', 'fileIds'];

/** Add a resource (`/resources/new`, optionally `?networkId=`) or edit one (`/resources/:id/edit`). */
export function ResourceFormPage() {
  const { id } = useParams();
  const resource = useQuery({ queryKey: ['library', 'resource', id], queryFn: ({ signal }) => libraryApi.get(id!, signal), enabled: Boolean(id) });
  if (id && resource.isPending) return <Skeleton h={400} />;
  if (id && resource.isError) return <ErrorAlert error={resource.error} />;
  return <ResourceForm key={id ?? 'new'} existing={id ? resource.data : undefined} />;
}

function ResourceForm({ existing }: { existing?: ResourceDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const languageLabel = useLanguageLabel();
  const contributable = useContributableNetworks();

  const [title, setTitle] = useState(existing?.title ?? '');
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const [kind, setKind] = useState<ResourceKind | null>(existing?.kind ?? null);
  const [language, setLanguage] = useState<string | null>(existing?.language ?? null);
  const [countries, setCountries] = useState<string[]>(existing?.countries ?? []);
  const [tags, setTags] = useState<string[]>(existing?.tags ?? []);
  const [publishedOn, setPublishedOn] = useState(existing?.publishedOn ?? '');
  const [url, setUrl] = useState(existing?.url ?? '');
  const [networkId, setNetworkId] = useState<string | null>(existing ? (existing.network?.id ?? null) : params.get('networkId'));
  const [kept, setKept] = useState<FileInfo[]>(existing?.files ?? []);
  const [uploaded, setUploaded] = useState<FileInfo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summaryTab, setSummaryTab] = useState<string | null>('write');

  const kinds = RESOURCE_KINDS.map((value) => ({ value, label: t(`library.kinds.${value}`) }));
  const languages = [...RESOURCE_LANGUAGES, OTHER_LANGUAGE].map((value) => ({ value, label: languageLabel(value) }));
  // An edited resource keeps its language even when it is not in the short list.
  if (language && !languages.some((l) => l.value === language)) languages.push({ value: language, label: languageLabel(language) });
  const networkOptions = useMemo(() => {
    const options = contributable.networks.map((n) => ({ value: n.id, label: n.name }));
    if (existing?.network && !options.some((o) => o.value === existing.network!.id)) options.push({ value: existing.network.id, label: existing.network.name });
    return contributable.hubWide ? [{ value: HUB, label: t('library.hubWide') }, ...options] : options;
  }, [contributable.networks, contributable.hubWide, existing, t]);

  const save = useMutation({
    mutationFn: () => {
      const body = toRequest({ title, summary, kind, language, url, publishedOn, networkId, fileCount: 0, tags, countries, fileIds: [...kept, ...uploaded].map((f) => f.id) });
      return existing ? libraryApi.update(existing.id, body) : libraryApi.create(body);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['library', 'resource', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['library', 'resources'] });
      await queryClient.invalidateQueries({ queryKey: ['library', 'facets'] });
      navigate(`/resources/${saved.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) {
        const fieldErrors = error.formErrors(SERVER_FIELDS);
        if (fieldErrors.fileIds) fieldErrors.files = fieldErrors.fileIds;
        setErrors(fieldErrors);
      }
    },
  });

  const validate = () => {
    const found: ResourceFormErrors = validateResource(
      { title, summary, kind, language, url, publishedOn, networkId, fileCount: kept.length + uploaded.length },
      { hubAllowed: contributable.hubWide },
    );
    const next = Object.fromEntries(Object.entries(found).map(([field, key]) => [field, t(`library.form.errors.${key}`, { max: field === 'title' ? TITLE_MAX : SUMMARY_MAX })]));
    setErrors(next);
    return Object.keys(next).length === 0;
  };

  const pageTitle = existing ? t('library.form.editTitle') : t('library.form.newTitle');
  const cancelTo = existing ? `/resources/${existing.id}` : '/library';
  const fieldErrorShown = Object.keys(errors).length > 0;

  return (
    <Stack gap="lg">
      <PageHeader title={pageTitle} description={existing ? undefined : t('library.form.intro')} />
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-label={pageTitle}
          onSubmit={(event) => {
            event.preventDefault();
            if (!uploading && validate()) save.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('library.fields.title')}
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
              description={t('library.form.charCount', { count: title.length, max: TITLE_MAX })}
            />
            <Stack gap={4}>
              <Tabs value={summaryTab} onChange={setSummaryTab} variant="outline" keepMounted={false}>
                <Tabs.List aria-label={t('forum.editor.modes', { label: t('library.fields.summary') })}>
                  <Tabs.Tab value="write">{t('forum.editor.write')}</Tabs.Tab>
                  <Tabs.Tab value="preview">{t('forum.editor.preview')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="write" pt="xs">
                  <Textarea
                    label={t('library.fields.summary')}
                    description={t('library.form.summaryHelp', { count: summary.length, max: SUMMARY_MAX })}
                    value={summary}
                    onChange={(e) => setSummary(e.currentTarget.value)}
                    error={errors.summary}
                    autosize
                    minRows={6}
                    maxRows={18}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="preview" pt="xs">
                  <MarkdownPreview value={summary} label={t('library.fields.summary')} minRows={6} />
                </Tabs.Panel>
              </Tabs>
            </Stack>
            <Group grow align="flex-start" wrap="wrap">
              <Select label={t('library.fields.kind')} required data={kinds} value={kind} onChange={(v) => setKind(v as ResourceKind | null)} error={errors.kind} placeholder={t('common.choose')} />
              <Select
                label={t('library.fields.language')}
                required
                data={languages}
                value={language}
                onChange={setLanguage}
                error={errors.language}
                placeholder={t('common.choose')}
                searchable
              />
            </Group>
            <TagsInput
              label={t('library.fields.countries')}
              description={t('library.form.countriesHelp')}
              value={countries}
              onChange={setCountries}
              error={errors.countries}
              clearable
            />
            <TagsInput label={t('library.fields.tags')} description={t('library.form.tagsHelp')} value={tags} onChange={setTags} maxTags={20} error={errors.tags} clearable />
            <Group grow align="flex-start" wrap="wrap">
              <TextInput type="date" label={t('library.fields.publishedOn')} value={publishedOn} onChange={(e) => setPublishedOn(e.currentTarget.value)} error={errors.publishedOn} />
              <TextInput
                type="url"
                label={t('library.fields.url')}
                placeholder="https://"
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                error={errors.url}
              />
            </Group>
            <Select
              label={t('library.fields.network')}
              description={contributable.hubWide ? t('library.form.networkHelpAdmin') : t('library.form.networkHelp')}
              required={!contributable.hubWide}
              data={networkOptions}
              value={networkId ?? (contributable.hubWide ? HUB : null)}
              onChange={(v) => setNetworkId(v === HUB ? null : v)}
              error={errors.networkId}
              placeholder={t('common.choose')}
              searchable
            />
            <Stack gap="xs" role="group" aria-labelledby="resource-files-label">
              <Text fw={500} fz="sm" id="resource-files-label">
                {t('library.fields.files')}
              </Text>
              {kept.map((file) => (
                <Paper key={file.id} withBorder p="sm">
                  <Group justify="space-between" wrap="nowrap">
                    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                      <IconFileText size={22} aria-hidden style={{ flexShrink: 0 }} />
                      <Text fz="sm" fw={500} truncate>
                        {file.name}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {formatFileSize(file.size, i18n.language)}
                      </Text>
                    </Group>
                    <Tooltip label={t('files.remove')}>
                      <ActionIcon variant="subtle" color="gray.8" onClick={() => setKept((list) => list.filter((f) => f.id !== file.id))} aria-label={t('files.removeNamed', { name: file.name })}>
                        <IconX size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Paper>
              ))}
              <FileUploadList
                label={t('library.form.attach')}
                max={Math.max(0, MAX_RESOURCE_FILES - kept.length)}
                onChange={(done, busy) => {
                  setUploaded(done);
                  setUploading(busy);
                }}
              />
              {errors.files ? (
                <Text fz="sm" c="red.8" role="alert">
                  {errors.files}
                </Text>
              ) : null}
            </Stack>
            {save.error && !fieldErrorShown ? <ErrorAlert error={save.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to={cancelTo}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={uploading}>
                {existing ? t('common.save') : t('library.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
