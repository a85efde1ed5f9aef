import { Anchor, Badge, Box, Button, Group, Modal, Paper, Skeleton, Stack, Text, Textarea, Title, Typography, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClock, IconPaperclip, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HeldPost } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { moderationApi, moderationKeys } from '../api/moderation-api';
import { DANGER_COLOR } from './ReportCard';
import { REPORT_NOTE_MAX } from './ReportDialog';

/** How often a thread asks again while the reader has posts waiting (an approval reaches them live, a rejection by notice). */
const PENDING_POLL_MS = 30_000;

/** SPEC M2, moderators: the network's posts waiting for approval, oldest first as the API lists them. */
export function NetworkHeldPosts({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const held = useQuery({ queryKey: moderationKeys.networkHeld(networkId), queryFn: ({ signal }) => moderationApi.networkHeldPosts(networkId, signal) });
  const items = held.data?.items ?? [];
  return (
    <Stack gap="md">
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
      <ErrorAlert error={held.error} />
      {held.isPending ? <Skeleton h={160} /> : null}
      {held.isSuccess && items.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text c="dimmed">{t('moderation.held.empty')}</Text>
        </Paper>
      ) : null}
      {items.map((post) => (
        <HeldPostCard key={post.id} post={post} canDecide showContext onDecided={setAnnouncement} />
      ))}
    </Stack>
  );
}

/**
 * SPEC M2 on the thread page: the reader's own posts waiting for approval, marked as such (nobody
 * else sees them); moderators see every pending post of the thread and decide there too.
 */
export function ThreadHeldPosts({ threadId, moderator }: { threadId: string; moderator: boolean }) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const held = useQuery({
    queryKey: moderationKeys.threadHeld(threadId),
    queryFn: ({ signal }) => moderationApi.threadHeldPosts(threadId, signal),
    refetchInterval: (query) => (query.state.data?.items.length ? PENDING_POLL_MS : false),
  });
  const items = held.data?.items ?? [];
  return (
    <>
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
      {items.length ? (
        <Stack component="section" gap="sm" aria-labelledby="held-posts-heading">
          <Title order={2} fz="md" id="held-posts-heading">
            {t('moderation.held.threadTitle', { count: items.length })}
          </Title>
          <Text size="sm" c="dimmed">
            {moderator ? t('moderation.held.threadHelpModerator') : t('moderation.held.threadHelp')}
          </Text>
          {items.map((post) => (
            <HeldPostCard key={post.id} post={post} canDecide={moderator} onDecided={setAnnouncement} />
          ))}
        </Stack>
      ) : null}
    </>
  );
}

function HeldPostCard({ post, canDecide, showContext = false, onDecided }: { post: HeldPost; canDecide: boolean; showContext?: boolean; onDecided: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const headingId = `held-${post.id}-heading`;

  const done = async (message: string) => {
    notifications.show({ color: 'teal', message });
    onDecided(message);
    await queryClient.invalidateQueries({ queryKey: moderationKeys.all });
  };
  const approve = useMutation({
    mutationFn: () => moderationApi.approveHeld(post.id),
    onSuccess: () => done(t('moderation.held.approved', { name: post.author.displayName })),
    onError: (error) => notifications.show({ color: 'red', title: t('moderation.held.failed'), message: errorMessage(error) }),
  });
  const reject = useMutation({
    mutationFn: () => moderationApi.rejectHeld(post.id, reason.trim() || undefined),
    onSuccess: async () => {
      setRejecting(false);
      setReason('');
      await done(t('moderation.held.rejected', { name: post.author.displayName }));
    },
  });

  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={headingId} style={{ borderStyle: 'dashed' }}>
      <Stack gap="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <MemberAvatar url={post.author.avatarUrl} name={post.author.displayName} size={36} />
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Group gap={8} wrap="wrap" align="baseline">
              <Text component="h3" id={headingId} fw={700} fz="sm" m={0}>
                {post.author.displayName}
              </Text>
              <Text size="xs" c="dimmed">
                @{post.author.handle} · {post.author.organisation}
              </Text>
              <Text size="xs" c="dimmed" component="time" dateTime={post.createdAt}>
                {formatDateTime(post.createdAt, i18n.language, user.timeZone)}
              </Text>
              <Badge color="yellow" variant="light" tt="none" leftSection={<IconClock size={12} aria-hidden />}>
                {t('moderation.held.pending')}
              </Badge>
            </Group>
            {showContext ? (
              <Text size="sm">
                {post.threadId ? (
                  <Anchor component={Link} to={`/threads/${post.threadId}`}>
                    {t('moderation.held.replyIn')}
                  </Anchor>
                ) : (
                  t('moderation.held.newThread', { title: post.title ?? '' })
                )}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {/* html is the server's sanitised rendering (F10), as for published posts. */}
        <Typography className="praxis-post-body">
          <Box dangerouslySetInnerHTML={{ __html: post.html }} />
        </Typography>
        {post.fileCount ? (
          <Group gap={4}>
            <IconPaperclip size={14} aria-hidden />
            <Text size="xs" c="dimmed">
              {t('moderation.held.files', { count: post.fileCount })}
            </Text>
          </Group>
        ) : null}
        {canDecide ? (
          <Group gap="xs" justify="flex-end">
            <Button variant="light" color="red" leftSection={<IconX size={16} aria-hidden />} onClick={() => setRejecting(true)} disabled={approve.isPending} aria-haspopup="dialog">
              {t('moderation.held.reject')}
            </Button>
            <Button leftSection={<IconCheck size={16} aria-hidden />} loading={approve.isPending} onClick={() => approve.mutate()}>
              {t('moderation.held.approve')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <Modal
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title={t('moderation.held.rejectTitle', { name: post.author.displayName })}
        closeButtonProps={{ 'aria-label': t('moderation.close') }}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            reject.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{t('moderation.held.rejectBody')}</Text>
            <Textarea
              label={t('moderation.held.reasonLabel')}
              description={t('moderation.held.reasonHelp')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              maxLength={REPORT_NOTE_MAX}
              autosize
              minRows={2}
              maxRows={6}
            />
            <ErrorAlert error={reject.error} title={t('moderation.held.failed')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color={DANGER_COLOR} loading={reject.isPending}>
                {t('moderation.held.rejectSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
