import { Alert, Avatar, Badge, Box, Button, Group, Paper, Skeleton, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconLock, IconPin, IconCircleX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Post, Reaction, ThreadDetail } from '@praxis/contracts';
import { useSyncState } from '../../../realtime/socket';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../../networks/api/networks-api';
import { MembershipAction } from '../../networks/components/MembershipAction';
import { forumApi } from '../api/forum-api';
import { useBatchedAnnouncer } from '../hooks/useBatchedAnnouncer';
import { useLiveThread } from '../hooks/useLiveThread';
import { usePresence } from '../hooks/usePresence';
import { PostItem } from './PostItem';
import { ThreadComposer, type ThreadComposerHandle } from './ThreadComposer';
import { EditThreadButton, FollowMenu, ThreadModeration } from './ThreadModeration';
import { NetworkBreadcrumbs } from '../../networks/components/NetworkBreadcrumbs';
import { moderationKeys } from '../../moderation/api/moderation-api';
import { ThreadHeldPosts } from '../../moderation/components/HeldPosts';
import { ReportButton } from '../../moderation/components/ReportButton';

const MARK_READ_DELAY = 800;

/** A thread, live (SPEC F1–F7, R3, R4, R4b, I2). */
export function ThreadPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const thread = useQuery({ queryKey: ['forum', 'thread', id], queryFn: ({ signal }) => forumApi.thread(id, signal) });
  // `?seq=N` (a search hit, a shared link) lands on post N.
  const [params] = useSearchParams();
  const seqParam = Number(params.get('seq'));
  const targetSeq = Number.isInteger(seqParam) && seqParam > 0 ? seqParam : undefined;
  if (thread.isPending) {
    return (
      <Stack>
        <Skeleton h={40} w="60%" />
        <Skeleton h={160} />
        <Skeleton h={120} />
      </Stack>
    );
  }
  if (thread.isError) {
    return (
      <Stack>
        <PageHeader title={t('forum.thread.notFoundTitle')} />
        <ErrorAlert error={thread.error} />
      </Stack>
    );
  }
  return <LiveThreadView key={`${thread.data.id}:${targetSeq ?? ''}`} thread={thread.data} targetSeq={targetSeq} />;
}

function LiveThreadView({ thread, targetSeq }: { thread: ThreadDetail; targetSeq?: number }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const syncState = useSyncState();
  const composer = useRef<ThreadComposerHandle>(null);
  const [replyTo, setReplyTo] = useState<Post | null>(null);
  const formatNew = useCallback((count: number) => t('forum.live.newPosts', { count }), [t]);
  const announcer = useBatchedAnnouncer(formatNew);
  const live = useLiveThread(thread, user.id, announcer.add, targetSeq);
  const { snapshot, store } = live;
  const presence = usePresence(thread.id, user.id, live.joins);
  // The read position when the page opened: the "first unread" marker stays where it was.
  const [readSeqAtOpen] = useState(thread.readSeq);

  const network = useQuery({ queryKey: ['networks', 'detail', thread.network.id], queryFn: ({ signal }) => networksApi.get(thread.network.id, signal) });
  const categories = useMemo(() => (network.data?.categories ?? []).map((c) => ({ value: c.id, label: c.name })), [network.data]);
  const categoryName = categories.find((c) => c.value === thread.categoryId)?.label;

  // A pushed thread change (pin, lock, close, move) can change what the reader may do: reload it.
  useEffect(() => {
    if (snapshot.thread) void queryClient.invalidateQueries({ queryKey: ['forum', 'thread', thread.id] });
  }, [snapshot.thread, queryClient, thread.id]);

  const postsById = useMemo(() => new Map(snapshot.posts.map((p) => [p.id, p])), [snapshot.posts]);
  // The first post by someone else after the read position; none when that is the thread's start.
  const firstUnread = useMemo(() => {
    const index = snapshot.posts.findIndex((p) => p.seq > readSeqAtOpen && p.author.id !== user.id);
    return index > 0 ? snapshot.posts[index] : undefined;
  }, [snapshot.posts, readSeqAtOpen, user.id]);
  const unseen = useMemo(() => new Set(snapshot.unseen), [snapshot.unseen]);

  // Opening a thread jumps to the post a link pointed at, or else to the first unread post (F6), once.
  const targeted = useMemo(() => (targetSeq ? snapshot.posts.find((p) => p.seq === targetSeq) : undefined), [snapshot.posts, targetSeq]);
  const jumped = useRef(false);
  useEffect(() => {
    if (!live.loaded || jumped.current) return;
    jumped.current = true;
    const jumpTo = targeted ?? firstUnread;
    if (!jumpTo) return;
    const element = document.getElementById(`post-${jumpTo.id}`);
    element?.scrollIntoView({ block: 'start' });
    element?.focus({ preventScroll: true });
  }, [live.loaded, firstUnread, targeted]);

  // Read position (F6): the highest post seen on screen, sent after a short pause.
  const maxSeen = useRef(thread.readSeq);
  const sent = useRef(thread.readSeq);
  const markTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const observer = useRef<IntersectionObserver | null>(null);
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const current = new IntersectionObserver(
      (entries) => {
        let highest = 0;
        for (const entry of entries) if (entry.isIntersecting) highest = Math.max(highest, Number((entry.target as HTMLElement).dataset.seq ?? 0));
        if (!highest) return;
        store?.seen(highest);
        if (highest <= maxSeen.current) return;
        maxSeen.current = highest;
        if (markTimer.current) return;
        markTimer.current = setTimeout(() => {
          markTimer.current = null;
          const seq = maxSeen.current;
          if (seq <= sent.current) return;
          sent.current = seq;
          forumApi
            .markRead(thread.id, seq)
            .then(() => queryClient.invalidateQueries({ queryKey: ['forum', 'threads'] }))
            .catch(() => {
              sent.current = Math.min(sent.current, seq - 1); // try again at the next post seen
            });
        }, MARK_READ_DELAY);
      },
      { threshold: 0.6 },
    );
    observer.current = current;
    for (const element of document.querySelectorAll<HTMLElement>('[data-seq]')) current.observe(element);
    return () => {
      current.disconnect();
      observer.current = null;
      if (markTimer.current) clearTimeout(markTimer.current);
    };
  }, [store, thread.id, queryClient]);
  const observe = useCallback((element: HTMLElement | null) => {
    if (element) observer.current?.observe(element);
  }, []);

  const react = useCallback(
    (post: Post, reaction: Reaction, on: boolean) => {
      forumApi
        .react(post.id, reaction, on)
        .then((result) => store?.setReactions(result.postId, result.reactions))
        .catch((error: unknown) => notifications.show({ color: 'red', title: t('forum.reactions.failed'), message: errorMessage(error) }));
    },
    [store, t, errorMessage],
  );

  // "Show earlier posts" puts older posts above the ones read: the post that was first on screen
  // stays exactly where it was, so the reader's place does not move.
  const anchor = useRef<{ id: string; top: number } | null>(null);
  const [earlierMessage, setEarlierMessage] = useState('');
  const showEarlier = async () => {
    const first = snapshot.posts[0];
    const element = first ? document.getElementById(`post-${first.id}`) : null;
    anchor.current = first && element ? { id: first.id, top: element.getBoundingClientRect().top } : null;
    const added = await live.loadEarlier();
    if (!added) anchor.current = null;
    setEarlierMessage(added ? t('forum.thread.earlierLoaded', { count: added }) : '');
  };
  useLayoutEffect(() => {
    const held = anchor.current;
    if (!held || snapshot.posts[0]?.id === held.id) return;
    anchor.current = null;
    const element = document.getElementById(`post-${held.id}`);
    if (element) window.scrollBy(0, element.getBoundingClientRect().top - held.top);
  }, [snapshot.posts]);

  // M2: the reader's posts waiting for approval are listed apart; one approved arrives as a post of
  // theirs (live), so the list is asked again whenever the count of their published posts changes.
  const refreshHeld = useCallback(() => void queryClient.invalidateQueries({ queryKey: moderationKeys.threadHeld(thread.id) }), [queryClient, thread.id]);
  const myPostCount = useMemo(() => snapshot.posts.filter((p) => p.author.id === user.id).length, [snapshot.posts, user.id]);
  const countedMine = useRef(myPostCount);
  useEffect(() => {
    if (myPostCount === countedMine.current) return;
    countedMine.current = myPostCount;
    refreshHeld();
  }, [myPostCount, refreshHeld]);

  const quote = useCallback((post: Post) => composer.current?.quote(post), []);
  const upsert = useCallback((post: Post) => store?.upsertPost(post), [store]);

  const showNew = () => {
    const first = snapshot.unseen[0];
    store?.clearUnseen();
    const element = first ? document.getElementById(`post-${first}`) : null;
    element?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    element?.focus({ preventScroll: true });
  };

  const state = snapshot.catchingUp ? 'catching-up' : syncState;
  const others = presence.viewers.filter((v) => v.id !== user.id);
  // The reader is in the room while on this page; beyond the names the server lists, only the count is known.
  const othersCount = Math.max(others.length, presence.viewerCount - 1);

  return (
    <Stack gap="lg" pb={80}>
      <NetworkBreadcrumbs network={thread.network} discussions />
      <PageHeader
        title={thread.title}
        actions={
          <>
            {thread.permissions.edit ? <EditThreadButton thread={thread} /> : null}
            <FollowMenu thread={thread} />
            {thread.permissions.moderate ? <ThreadModeration thread={thread} categories={categories} /> : null}
            {thread.author.id !== user.id ? <ReportButton targetType="thread" targetId={thread.id} /> : null}
          </>
        }
      />
      <Group gap="xs" mt={-12} wrap="wrap">
        {thread.pinned ? (
          <Badge leftSection={<IconPin size={12} aria-hidden />} variant="light">
            {t('forum.thread.pinned')}
          </Badge>
        ) : null}
        {thread.locked ? (
          <Badge leftSection={<IconLock size={12} aria-hidden />} color="red" variant="light">
            {t('forum.thread.locked')}
          </Badge>
        ) : null}
        {thread.closed ? (
          <Badge leftSection={<IconCircleX size={12} aria-hidden />} color="gray" variant="light">
            {t('forum.thread.closed')}
          </Badge>
        ) : null}
        {categoryName ? (
          <Badge variant="outline" color="gray">
            {categoryName}
          </Badge>
        ) : null}
        {thread.tags.map((tag) => (
          <Badge key={tag} variant="outline" color="gray" tt="none">
            #{tag}
          </Badge>
        ))}
      </Group>

      <Paper withBorder px="md" py="xs" radius="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Badge variant="dot" color={state === 'live' ? 'teal' : state === 'catching-up' ? 'blue' : state === 'reconnecting' ? 'orange' : 'gray'} data-testid="thread-sync-state">
              {t(`forum.live.state.${state}`)}
            </Badge>
            {live.refused ? (
              <Text size="sm" c="red">
                {t(live.refused === 'access changed' ? 'forum.live.revoked' : 'forum.live.refused')}
              </Text>
            ) : null}
            {presence.typing.length ? (
              <Text size="sm" c="dimmed" fs="italic">
                {presence.typing.length === 1
                  ? t('forum.live.typingOne', { name: presence.typing[0].displayName })
                  : t('forum.live.typingMany', { count: presence.typing.length })}
              </Text>
            ) : null}
          </Group>
          {othersCount ? (
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('forum.live.viewing', { count: othersCount })}
              </Text>
              <Avatar.Group spacing="xs">
                {others.slice(0, 5).map((viewer) => (
                  <Tooltip key={viewer.id} label={viewer.displayName} withinPortal>
                    <MemberAvatar url={viewer.avatarUrl} name={viewer.displayName} size={28} />
                  </Tooltip>
                ))}
              </Avatar.Group>
            </Group>
          ) : null}
        </Group>
      </Paper>

      <ErrorAlert error={live.loadError ?? snapshot.error} />
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="live-announcer">
        {announcer.message}
      </VisuallyHidden>

      {!live.loaded && !live.loadError ? (
        <Stack>
          <Skeleton h={140} />
          <Skeleton h={120} />
        </Stack>
      ) : (
        <Stack gap="md">
          {live.hasEarlier ? (
            <Group justify="center">
              <Button variant="default" leftSection={<IconArrowUp size={16} aria-hidden />} loading={live.earlier.loading} onClick={() => void showEarlier()} data-testid="earlier-posts-button">
                {t('forum.thread.showEarlier')}
              </Button>
            </Group>
          ) : null}
          {live.earlier.error ? <ErrorAlert error={live.earlier.error} /> : null}
          <VisuallyHidden aria-live="polite" aria-atomic="true">
            {earlierMessage}
          </VisuallyHidden>
          <Stack component="ol" gap="md" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('forum.thread.postsLabel')}>
            {snapshot.posts.map((post) => (
              <Box component="li" key={post.id}>
                <PostItem
                  ref={observe}
                  post={post}
                  replyTo={post.replyToId ? postsById.get(post.replyToId) ?? null : null}
                  selfId={user.id}
                  networkId={thread.networkId}
                  moderator={thread.permissions.moderate}
                  canPost={thread.permissions.post}
                  isNew={unseen.has(post.id)}
                  firstUnread={firstUnread?.id === post.id}
                  targeted={targeted?.id === post.id}
                  timeZone={user.timeZone}
                  onReply={quote}
                  onChanged={upsert}
                  onReact={react}
                />
              </Box>
            ))}
          </Stack>
        </Stack>
      )}

      <ThreadHeldPosts threadId={thread.id} moderator={thread.permissions.moderate} />

      {thread.permissions.post ? (
        <ThreadComposer
          ref={composer}
          threadId={thread.id}
          networkId={thread.networkId}
          replyTo={replyTo}
          onReplyToChange={setReplyTo}
          onSent={(post) => {
            store?.upsertPost(post);
            // Posting follows the thread (F5): show the new follow state.
            if (!thread.following) void queryClient.invalidateQueries({ queryKey: ['forum', 'thread', thread.id] });
          }}
          onTyping={presence.emitTyping}
          onHeld={refreshHeld}
        />
      ) : (
        <Alert color="gray" variant="light" icon={thread.locked ? <IconLock aria-hidden /> : undefined}>
          {thread.locked
            ? t('forum.thread.lockedNotice')
            : thread.closed
              ? t('forum.thread.closedNotice')
              : network.data?.mutedUntil
                ? t('networks.home.mutedUntil', { date: formatDateTime(network.data.mutedUntil, i18n.language, user.timeZone) })
                : network.data && network.data.membership?.status !== 'active'
                  ? t('forum.thread.joinToPost')
                  : t('forum.thread.cannotPost')}
          {network.data && !thread.locked && network.data.membership?.status !== 'active' ? (
            <Box mt="sm">
              <MembershipAction network={network.data} />
            </Box>
          ) : null}
        </Alert>
      )}

      {snapshot.unseen.length > 0 ? (
        <Box pos="fixed" bottom={24} left="50%" style={{ transform: 'translateX(-50%)', zIndex: 150 }}>
          <Button radius="xl" style={{ boxShadow: "var(--mantine-shadow-md)" }} leftSection={<IconArrowDown size={16} aria-hidden />} onClick={showNew} data-testid="new-posts-button">
            {t('forum.live.newPosts', { count: snapshot.unseen.length })}
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
}
