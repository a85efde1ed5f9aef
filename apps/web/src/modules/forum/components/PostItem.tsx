import { Anchor, Badge, Box, Button, Group, Modal, Paper, Stack, Text, Typography, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCornerDownRight, IconDownload, IconEdit, IconFileText, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { forwardRef, memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo, Post, Reaction } from '@praxis/contracts';
import { formatDateTime, formatFileSize } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { downloadViaSignedLink } from '../../files/api/files-api';
import { forumApi } from '../api/forum-api';
import { ReportButton } from '../../moderation/components/ReportButton';
import { MarkdownEditor } from './MarkdownEditor';
import { ReactionBar } from './ReactionBar';

export interface PostItemProps {
  post: Post;
  /** The post this one answers, when it is loaded. */
  replyTo: Post | null;
  selfId: string;
  networkId: string;
  moderator: boolean;
  /** May reply and react now (thread not locked, reader not muted). */
  canPost: boolean;
  isNew: boolean;
  firstUnread: boolean;
  /** The post a link pointed at (`?seq=`, from search): marked so the eye finds it. */
  targeted?: boolean;
  timeZone?: string | null;
  onReply: (post: Post) => void;
  onChanged: (post: Post) => void;
  onReact: (post: Post, reaction: Reaction, on: boolean) => void;
}

/**
 * One post (SPEC F2, F3): author, time, edited marker with history, deleted placeholder, actions.
 * Memoised: a live event re-renders only the posts it changed, even in long threads.
 */
export const PostItem = memo(forwardRef<HTMLElement, PostItemProps>(function PostItem(
  { post, replyTo, selfId, networkId, moderator, canPost, isNew, firstUnread, targeted = false, timeZone, onReply, onChanged, onReact },
  ref,
) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [historyOpen, history] = useDisclosure(false);
  const [deleteOpen, deleteModal] = useDisclosure(false);
  const mine = post.author.id === selfId;
  const mayChange = (mine || moderator) && !post.deleted;
  const headingId = `post-${post.id}-heading`;

  const save = useMutation({
    mutationFn: () => forumApi.editPost(post.id, draft),
    onSuccess: (updated) => {
      onChanged(updated);
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => forumApi.deletePost(post.id),
    onSuccess: (deleted) => {
      onChanged(deleted);
      deleteModal.close();
    },
    onError: (error) => notifications.show({ color: 'red', title: t('forum.post.deleteFailed'), message: errorMessage(error) }),
  });

  return (
    <Paper
      ref={ref as React.Ref<HTMLDivElement>}
      component="article"
      withBorder
      p="md"
      radius="md"
      id={`post-${post.id}`}
      data-seq={post.seq}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-targeted={targeted || undefined}
      aria-current={targeted ? 'true' : undefined}
      style={
        targeted
          ? { borderColor: 'var(--mantine-color-yellow-6)', boxShadow: '0 0 0 2px var(--mantine-color-yellow-3)' }
          : isNew
            ? { borderColor: 'var(--mantine-color-praxis-4, var(--mantine-color-blue-4))' }
            : undefined
      }
    >
      {firstUnread ? (
        <Badge color="orange" variant="light" mb="xs">
          {t('forum.thread.firstUnread')}
        </Badge>
      ) : null}
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <MemberAvatar url={post.author.avatarUrl} name={post.author.displayName} size={40} />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={8} wrap="wrap" align="baseline">
            <Text component="h3" id={headingId} fw={700} fz="sm" m={0}>
              {post.author.displayName}
            </Text>
            <Text size="xs" c="dimmed">
              @{post.author.handle} · {post.author.organisation}
            </Text>
            <Text size="xs" c="dimmed" component="time" dateTime={post.createdAt}>
              {formatDateTime(post.createdAt, i18n.language, timeZone)}
            </Text>
            {post.editedAt && !post.deleted ? (
              <UnstyledButton onClick={history.open} aria-label={t('forum.post.editedHistory', { time: formatDateTime(post.editedAt, i18n.language, timeZone) })}>
                <Text size="xs" c="dimmed" td="underline">
                  {t('forum.post.edited')}
                </Text>
              </UnstyledButton>
            ) : null}
            {isNew ? (
              <Badge size="xs" variant="filled">
                {t('forum.post.new')}
              </Badge>
            ) : null}
          </Group>
          {post.replyToId ? (
            <Group gap={4}>
              <IconCornerDownRight size={14} aria-hidden />
              <Anchor href={`#post-${post.replyToId}`} size="xs">
                {replyTo ? t('forum.post.inReplyTo', { name: replyTo.author.displayName }) : t('forum.post.inReplyToEarlier')}
              </Anchor>
            </Group>
          ) : null}

          {post.deleted && !post.body ? (
            <Text c="dimmed" fs="italic">
              {t('forum.post.deleted')}
            </Text>
          ) : editing ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (draft.trim()) save.mutate();
              }}
            >
              <Stack gap="xs">
                <MarkdownEditor label={t('forum.post.editLabel')} value={draft} onChange={setDraft} networkId={networkId} autoFocus />
                <ErrorAlert error={save.error} />
                <Group justify="flex-end" gap="xs">
                  <Button variant="default" onClick={() => setEditing(false)}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" loading={save.isPending} disabled={!draft.trim()}>
                    {t('forum.post.saveEdit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <>
              {post.deleted ? (
                <Badge color="red" variant="light" w="fit-content">
                  {t('forum.post.deletedVisibleToModerators')}
                </Badge>
              ) : null}
              {/* html is the server's sanitised rendering (F10): raw HTML off, allowlist, safe links only. */}
              <Typography className="praxis-post-body" style={post.deleted ? { opacity: 0.6 } : undefined}>
                <Box dangerouslySetInnerHTML={{ __html: post.html }} />
              </Typography>
              {post.attachments?.length ? <PostAttachments files={post.attachments} labelledBy={headingId} /> : null}
            </>
          )}

          {!post.deleted && !editing ? (
            <Group justify="space-between" gap="xs" wrap="wrap">
              <ReactionBar reactions={post.reactions} disabled={!canPost} onToggle={(reaction, on) => onReact(post, reaction, on)} />
              <Group gap={4}>
                {canPost ? (
                  <Button variant="subtle" size="compact-sm" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => onReply(post)}>
                    {t('forum.post.reply')}
                  </Button>
                ) : null}
                {mayChange ? (
                  <>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      leftSection={<IconEdit size={14} aria-hidden />}
                      onClick={() => {
                        setDraft(post.body);
                        setEditing(true);
                      }}
                    >
                      {t('forum.post.edit')}
                    </Button>
                    <Button variant="subtle" color="red" size="compact-sm" leftSection={<IconTrash size={14} aria-hidden />} onClick={deleteModal.open}>
                      {t('forum.post.delete')}
                    </Button>
                  </>
                ) : null}
                {!mine ? (
                  <ReportButton compact targetType="post" targetId={post.id} accessibleName={t('moderation.report.postBy', { name: post.author.displayName })} />
                ) : null}
              </Group>
            </Group>
          ) : null}
        </Stack>
      </Group>

      <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={deleteOpen} onClose={deleteModal.close} title={t('forum.post.deleteTitle')}>
        <Stack>
          <Text>{moderator && !mine ? t('forum.post.deleteBodyModerator') : t('forum.post.deleteBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={deleteModal.close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('forum.post.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {historyOpen ? <RevisionsModal postId={post.id} current={post} onClose={history.close} timeZone={timeZone} /> : null}
    </Paper>
  );
}));

/** F9: a post's files, each downloaded through a short-lived signed link, as on the event page. */
export function PostAttachments({ files, labelledBy }: { files: FileInfo[]; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (file: FileInfo) => {
    setBusy(file.id);
    try {
      await downloadViaSignedLink(file.id, file.name);
    } catch (error) {
      notifications.show({ color: 'red', title: t('files.downloadFailed'), message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const listId = `${labelledBy}-files`;
  return (
    <Box>
      <Text id={listId} size="xs" fw={600} c="dimmed" mb={4}>
        {t('forum.post.attachments', { count: files.length })}
      </Text>
      <Stack gap={4} component="ul" aria-labelledby={listId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {files.map((file) => (
          <Group key={file.id} component="li" gap="xs" wrap="nowrap">
            <IconFileText size={18} aria-hidden style={{ flexShrink: 0 }} />
            <Button
              variant="subtle"
              size="compact-sm"
              rightSection={<IconDownload size={14} aria-hidden />}
              loading={busy === file.id}
              onClick={() => void download(file)}
              aria-label={t('files.downloadNamed', { name: file.name, size: formatFileSize(file.size, i18n.language) })}
              styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
              style={{ maxWidth: '100%' }}
            >
              {file.name}
            </Button>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {formatFileSize(file.size, i18n.language)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Box>
  );
}

function RevisionsModal({ postId, current, onClose, timeZone }: { postId: string; current: Post; onClose: () => void; timeZone?: string | null }) {
  const { t, i18n } = useTranslation();
  const revisions = useQuery({ queryKey: ['forum', 'revisions', postId, current.editedAt], queryFn: () => forumApi.revisions(postId) });
  return (
    <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened onClose={onClose} title={t('forum.post.historyTitle')} size="lg">
      <Stack>
        <ErrorAlert error={revisions.error} />
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed" mb={4}>
            {t('forum.post.currentVersion', { time: formatDateTime(current.editedAt, i18n.language, timeZone) })}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{current.body}</Text>
        </Paper>
        {(revisions.data ?? []).map((revision) => (
          <Paper withBorder p="sm" key={revision.id}>
            <Text size="xs" c="dimmed" mb={4}>
              {t('forum.post.earlierVersion', { time: formatDateTime(revision.createdAt, i18n.language, timeZone), name: revision.editedBy?.displayName ?? '' })}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{revision.body}</Text>
          </Paper>
        ))}
      </Stack>
    </Modal>
  );
}
