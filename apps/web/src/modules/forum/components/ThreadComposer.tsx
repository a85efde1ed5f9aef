import { Alert, Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconClock, IconSend } from '@tabler/icons-react';
import { forwardRef, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo, Post } from '@praxis/contracts';
import { FileUploadList } from '../../files/components/FileUploadList';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { forumApi } from '../api/forum-api';
import { useComposer } from '../hooks/useComposer';
import { MarkdownEditor } from './MarkdownEditor';

export interface ThreadComposerHandle {
  /** Starts a reply to a post, quoting its text. */
  quote(post: Post): void;
}

/** Quotes a post's Markdown as a blockquote with its author, ready to answer below. */
export function quoteOf(post: Post, wrote: string): string {
  const lines = post.body.trim().split('\n').slice(0, 12);
  return `> **@${post.author.handle}** ${wrote}\n${lines.map((l) => `> ${l}`).join('\n')}\n\n`;
}

/** F9: the server takes at most this many files per post. */
export const MAX_POST_FILES = 10;

/**
 * The reply box (SPEC F2, F9, R4b). A failed send keeps the text and the attached files and is
 * retried with the same clientId, so a retry never posts twice nor loses an attachment.
 */
export const ThreadComposer = forwardRef<ThreadComposerHandle, {
  threadId: string;
  networkId: string;
  replyTo: Post | null;
  onReplyToChange: (post: Post | null) => void;
  onSent: (post: Post) => void;
  onTyping: () => void;
  /** M2: the post was held for a moderator's approval instead of published. */
  onHeld?: () => void;
}>(function ThreadComposer({ threadId, networkId, replyTo, onReplyToChange, onSent, onTyping, onHeld }, ref) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [uploading, setUploading] = useState(false);
  // A new key after a send gives the next reply an empty list of files.
  const [uploadsKey, setUploadsKey] = useState(0);
  const [held, setHeld] = useState(false);
  const composer = useComposer(
    (body, clientId) => forumApi.createPost(threadId, { body, clientId, replyToId: replyTo?.id, ...(files.length ? { fileIds: files.map((f) => f.id) } : {}) }),
    {
      onSent: (result) => {
        onReplyToChange(null);
        setFiles([]);
        setUploadsKey((k) => k + 1);
        // M2: a newcomer's post may wait for a moderator; it is not in the thread yet.
        if ('held' in result) {
          setHeld(true);
          onHeld?.();
        } else {
          setHeld(false);
          onSent(result);
        }
      },
    },
  );
  const submit = () => {
    if (!uploading) void composer.submit();
  };

  useImperativeHandle(ref, () => ({
    quote(post: Post) {
      onReplyToChange(post);
      composer.setBody(quoteOf(post, t('forum.composer.wrote')) + composer.body);
      requestAnimationFrame(() => {
        const field = document.getElementById('thread-composer')?.querySelector('textarea');
        field?.focus();
        field?.setSelectionRange(field.value.length, field.value.length);
      });
    },
  }));

  return (
    <Paper withBorder p="md" radius="md" id="thread-composer" component="section" aria-labelledby="composer-heading">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text component="h2" id="composer-heading" fw={700} fz="md" m={0}>
            {t('forum.composer.title')}
          </Text>
          {replyTo ? (
            <Group gap="xs" justify="space-between" bg="var(--mantine-color-gray-0)" p={6} style={{ borderRadius: 6 }}>
              <Text size="sm">{t('forum.composer.replyingTo', { name: replyTo.author.displayName })}</Text>
              <CloseButton size="sm" aria-label={t('forum.composer.cancelReply')} onClick={() => onReplyToChange(null)} />
            </Group>
          ) : null}
          <MarkdownEditor
            label={t('forum.composer.label')}
            value={composer.body}
            onChange={composer.setBody}
            networkId={networkId}
            onTyping={onTyping}
            minRows={3}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <FileUploadList
            key={uploadsKey}
            label={t('forum.composer.attach')}
            max={MAX_POST_FILES}
            onChange={(done, busy) => {
              setFiles(done);
              setUploading(busy);
            }}
          />
          {held ? (
            <Alert color="blue" variant="light" icon={<IconClock aria-hidden />} title={t('forum.composer.heldTitle')} role="status" withCloseButton onClose={() => setHeld(false)}>
              {t('forum.composer.heldBody')}
            </Alert>
          ) : null}
          {composer.status === 'failed' ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('forum.composer.failedTitle')} role="alert">
              <Stack gap={6}>
                <Text size="sm">{t('forum.composer.failedBody', { reason: errorMessage(composer.error) })}</Text>
                <Button size="xs" variant="light" color="red" w="fit-content" onClick={submit} disabled={uploading}>
                  {t('forum.composer.retry')}
                </Button>
              </Stack>
            </Alert>
          ) : null}
          <Group justify="space-between">
            <Text size="xs" c="dimmed" aria-live="polite">
              {uploading ? t('files.waitForUploads') : t('forum.composer.shortcut')}
            </Text>
            <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} loading={composer.status === 'sending'} disabled={!composer.body.trim() || uploading}>
              {t('forum.composer.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
});
