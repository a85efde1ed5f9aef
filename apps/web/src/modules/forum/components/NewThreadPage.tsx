import { Button, Group, Paper, Select, Skeleton, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FileInfo, NetworkDetail } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { FileUploadList } from '../../files/components/FileUploadList';
import { networksApi } from '../../networks/api/networks-api';
import { forumApi } from '../api/forum-api';
import { newClientId } from '../client-id';
import { MarkdownEditor } from './MarkdownEditor';
import { MAX_POST_FILES } from './ThreadComposer';
import { NetworkBreadcrumbs } from '../../networks/components/NetworkBreadcrumbs';

export function NewThreadPage() {
  const { slug = '' } = useParams();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) return <Skeleton h={300} />;
  if (network.isError) return <ErrorAlert error={network.error} />;
  return <NewThreadForm network={network.data} />;
}

/**
 * Start a thread (SPEC F1, N6): title, Markdown body, tags, category. Moderator-only categories are
 * offered to moderators only. The clientId lives as long as the form, so a retried send never
 * creates a second thread.
 */
function NewThreadForm({ network }: { network: NetworkDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [clientId] = useState(newClientId);
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [uploading, setUploading] = useState(false);
  const categories = network.categories
    .filter((c) => !c.moderatorsOnly || network.permissions.moderate)
    .map((c) => ({ value: c.id, label: c.moderatorsOnly ? t('forum.newThread.moderatorsOnlyCategory', { name: c.name }) : c.name }));

  const create = useMutation({
    mutationFn: () => forumApi.createThread(network.id, { title: title.trim(), body, tags, categoryId: categoryId ?? undefined, clientId, ...(files.length ? { fileIds: files.map((f) => f.id) } : {}) }),
    onSuccess: async (result) => {
      // M2: a newcomer's thread may wait for a moderator: back to the discussions, with a notice.
      if ('held' in result) {
        notifications.show({ color: 'blue', title: t('forum.composer.heldTitle'), message: t('forum.newThread.held') });
        navigate(`/networks/${network.slug}/threads`);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ['forum', 'threads', network.id] });
      navigate(`/threads/${result.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) setErrors(error.formErrors(['title', 'body', 'tags', 'categoryId']));
    },
  });

  const validate = () => {
    const next: Record<string, string> = {};
    if (title.trim().length < 3) next.title = t('forum.newThread.titleTooShort');
    if (!body.trim()) next.body = t('forum.newThread.bodyRequired');
    if (tags.length > 10) next.tags = t('forum.newThread.tooManyTags');
    setErrors(next);
    return Object.keys(next).length === 0;
  };

  return (
    <Stack gap="lg">
      <NetworkBreadcrumbs network={network} discussions />
      <PageHeader title={t('forum.newThread.title')} description={t('forum.newThread.intro', { name: network.name })} />
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!uploading && validate()) create.mutate();
          }}
        >
          <Stack>
            <TextInput label={t('forum.newThread.titleLabel')} required maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
            <Select
              label={t('forum.newThread.category')}
              placeholder={t('forum.newThread.noCategory')}
              data={categories}
              value={categoryId}
              onChange={setCategoryId}
              clearable
              error={errors.categoryId}
            />
            <MarkdownEditor label={t('forum.newThread.body')} value={body} onChange={setBody} networkId={network.id} required error={errors.body} minRows={8} />
            <FileUploadList
              label={t('forum.composer.attach')}
              max={MAX_POST_FILES}
              onChange={(done, busy) => {
                setFiles(done);
                setUploading(busy);
              }}
            />
            <TagsInput label={t('forum.newThread.tags')} description={t('forum.newThread.tagsHelp')} value={tags} onChange={setTags} maxTags={10} error={errors.tags} clearable />
            {create.error && !Object.keys(errors).length ? <ErrorAlert error={create.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to={`/networks/${network.slug}/threads`}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={uploading}>
                {t('forum.newThread.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
