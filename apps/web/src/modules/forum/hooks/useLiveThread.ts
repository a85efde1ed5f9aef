import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { rooms, type Post, type ThreadDetail } from '@praxis/contracts';
import { realtime } from '../../../realtime/socket';
import { forumApi } from '../api/forum-api';
import { LiveThreadStore, THREAD_EVENTS, type ThreadRoomEvent } from '../live/live-thread';

const PAGE = 100;
/** Unread posts loaded at most when a thread opens (20 pages); the rest arrive by catch-up. */
const MAX_PAGES = 20;
/** Already-read posts shown above the first unread one, for context. */
const CONTEXT = 20;
/** Posts per "Show earlier posts". */
export const EARLIER_PAGE = 50;

/**
 * The posts a thread opens with: a few already read (up to `readSeq`), then everything after the
 * read position, in seq order. Older posts load on request (`loadEarlier`).
 */
async function loadOpeningPosts(threadId: string, readSeq: number, signal: AbortSignal): Promise<{ posts: Post[]; complete: boolean }> {
  const posts: Post[] = [];
  if (readSeq > 0) posts.push(...(await forumApi.posts(threadId, { beforeSeq: readSeq + 1, limit: CONTEXT }, signal)).items);
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await forumApi.posts(threadId, { afterSeq: readSeq, limit: PAGE, cursor: cursor ?? undefined }, signal);
    posts.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return { posts, complete: cursor === null };
}

/**
 * The live thread (SPEC R2–R4, R4b): loads the posts over REST, joins `thread:<id>`, applies pushed
 * events in seq order, catches up over REST after a gap or a reconnection, and shows "catching up"
 * in the app's sync indicator meanwhile.
 */
/**
 * The caller remounts it (a React key) per thread, so its state starts fresh for each one.
 * `targetSeq` (a link to one post) is read once, when the thread opens.
 */
export function useLiveThread(thread: ThreadDetail | undefined, selfId: string, onNewPosts: (count: number) => void, targetSeq?: number) {
  const threadId = thread?.id;
  const moderator = thread?.permissions.moderate ?? false;
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  /** Bumped at every successful join, so presence is asked for again after a reconnection. */
  const [joins, setJoins] = useState(0);

  const store = useMemo(
    () =>
      threadId
        ? new LiveThreadStore({ fetchEvents: (afterSeq) => forumApi.threadEvents(threadId, afterSeq), selfId, moderator })
        : null,
    [threadId, selfId, moderator],
  );
  const startSeq = thread?.lastSeq ?? 0;
  // A link to one post (`?seq=`) opens the thread just before it, so that post is among those loaded.
  const readSeqAtOpen = targetSeq && targetSeq > 0 ? Math.min(targetSeq - 1, startSeq) : Math.min(thread?.readSeq ?? 0, startSeq);
  useEffect(() => store?.setNewPostsListener(onNewPosts), [store, onNewPosts]);

  useEffect(() => {
    if (!store || !threadId) return;
    const room = rooms.thread(threadId);
    const controller = new AbortController();

    const offs = THREAD_EVENTS.map((name) =>
      realtime.on(name, ((payload: ThreadRoomEvent['payload']) => {
        if (payload.room === room) store.receive({ event: name, payload } as ThreadRoomEvent);
      }) as never),
    );
    const leave = realtime.joinRoom(room, {
      onJoined: (seq) => {
        setRefused(null);
        setJoins((n) => n + 1);
        void store.joined(seq);
      },
      onRefused: (error) => setRefused(error),
      onRevoked: () => setRefused('access changed'),
    });
    // The thread detail was read first, so the posts read now cover at least its lastSeq.
    loadOpeningPosts(threadId, readSeqAtOpen, controller.signal)
      .then(({ posts, complete }) => {
        // Past the page limit, the posts loaded cover only up to the last one: the room log
        // catch-up (the join's seq is higher) brings the rest.
        store.load(posts, complete ? startSeq : (posts[posts.length - 1]?.seq ?? readSeqAtOpen));
        setLoaded(true);
      })
      .catch((error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setLoadError(error);
      });

    // The sync indicator says "catching up" while the store fetches missed events.
    let done: (() => void) | null = null;
    const offState = store.subscribe(() => {
      const catching = store.getSnapshot().catchingUp;
      if (catching && !done) done = realtime.beginCatchUp();
      if (!catching && done) {
        done();
        done = null;
      }
    });
    return () => {
      controller.abort();
      offs.forEach((off) => off());
      leave();
      offState();
      done?.();
      store.dispose();
    };
    // startSeq and readSeqAtOpen are read once per opened thread; later thread refetches must not reload the posts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, threadId]);

  // "Show earlier posts": the page of posts before the first one shown. The opening post is seq 1,
  // so there is more to load exactly while the first post shown has a higher seq.
  const [earlier, setEarlier] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const loadEarlier = useCallback(async (): Promise<number> => {
    const first = store?.getSnapshot().posts[0];
    if (!store || !threadId || !first || first.seq <= 1) return 0;
    setEarlier({ loading: true, error: null });
    try {
      const page = await forumApi.posts(threadId, { beforeSeq: first.seq, limit: EARLIER_PAGE });
      const added = store.addEarlier(page.items);
      setEarlier({ loading: false, error: null });
      return added;
    } catch (error: unknown) {
      setEarlier({ loading: false, error });
      return 0;
    }
  }, [store, threadId]);

  const empty = useMemo(() => ({ posts: [], lastSeq: 0, catchingUp: false, unseen: [], thread: null, error: null }), []);
  const snapshot = useSyncExternalStore(store?.subscribe ?? noopSubscribe, store?.getSnapshot ?? (() => empty), store?.getSnapshot ?? (() => empty));
  const hasEarlier = loaded && (snapshot.posts[0]?.seq ?? 1) > 1;
  return { store, snapshot, loaded, loadError, refused, joins, hasEarlier, loadEarlier, earlier };
}

const noopSubscribe = () => () => undefined;
