import { describe, expect, it, vi } from 'vitest';
import type { Page, Post, StoredRoomEvent } from '@praxis/contracts';
import { LiveThreadStore, type ThreadRoomEvent } from './live-thread';

const ROOM = 'thread:00000000-0000-4000-8000-000000000001';
const ME = 'user-me';

function post(seq: number, author = 'user-other', id = `p${seq}`): Post {
  return {
    id,
    threadId: 't1',
    seq,
    author: { id: author, handle: author, displayName: author, organisation: 'Org', avatarUrl: null },
    body: `body ${seq}`,
    html: `<p>body ${seq}</p>`,
    replyToId: null,
    createdAt: new Date(2026, 0, 1, 0, seq).toISOString(),
    editedAt: null,
    deleted: false,
    reactions: [],
    attachments: [],
  };
}

const created = (p: Post, seq = p.seq): ThreadRoomEvent => ({ event: 'post.created', payload: { room: ROOM, seq, post: p } });
const stored = (e: ThreadRoomEvent): StoredRoomEvent => ({
  room: ROOM,
  seq: e.payload.seq,
  event: e.event,
  payload: e.payload as unknown as StoredRoomEvent['payload'],
  createdAt: new Date().toISOString(),
});

function setup(server: ThreadRoomEvent[] = []) {
  const fetchEvents = vi.fn(async (afterSeq: number): Promise<Page<StoredRoomEvent>> => ({
    items: server.filter((e) => e.payload.seq > afterSeq).map(stored),
    nextCursor: null,
  }));
  const onNewPosts = vi.fn();
  const store = new LiveThreadStore({ fetchEvents, selfId: ME, onNewPosts });
  return { store, fetchEvents, onNewPosts };
}

describe('LiveThreadStore', () => {
  it('applies consecutive events without asking the server', () => {
    const { store, fetchEvents } = setup();
    store.load([post(1), post(2)], 2);
    store.receive(created(post(3)));
    store.receive(created(post(4)));
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2, 3, 4]);
    expect(store.getSnapshot().lastSeq).toBe(4);
    expect(fetchEvents).not.toHaveBeenCalled();
  });

  it('on a seq gap fetches the missed events after the last applied seq and applies everything in order', async () => {
    const missed = [created(post(3)), { event: 'reaction.updated', payload: { room: ROOM, seq: 4, postId: 'p1', reaction: 'heart', reactions: [{ reaction: 'heart', count: 2 }], userId: 'x', active: true } } as ThreadRoomEvent];
    const { store, fetchEvents } = setup(missed);
    store.load([post(1), post(2)], 2);

    const states: boolean[] = [];
    store.subscribe(() => states.push(store.getSnapshot().catchingUp));
    store.receive(created(post(5))); // 3 and 4 never arrived live
    expect(store.getSnapshot().catchingUp).toBe(true);
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2]); // held back until the gap is filled
    await store.catchUp();

    expect(fetchEvents).toHaveBeenCalledWith(2);
    const snap = store.getSnapshot();
    expect(snap.posts.map((p) => p.seq)).toEqual([1, 2, 3, 5]);
    expect(snap.posts[0].reactions).toEqual([{ reaction: 'heart', count: 2, mine: false }]);
    expect(snap.lastSeq).toBe(5);
    expect(snap.catchingUp).toBe(false);
    expect(states).toContain(true);
  });

  it('catches up after a reconnection when the room moved on, and not when it did not', async () => {
    const { store, fetchEvents } = setup([created(post(3))]);
    store.load([post(1), post(2)], 2);
    await store.joined(2);
    expect(fetchEvents).not.toHaveBeenCalled();
    await store.joined(3);
    expect(fetchEvents).toHaveBeenCalledWith(2);
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2, 3]);
  });

  it('never shows a post twice: duplicates from REST, the socket and the catch-up are merged by id', async () => {
    const { store } = setup([created(post(3)), created(post(4))]);
    store.load([post(1), post(2)], 2);
    store.upsertPost(post(3, ME)); // our own post answered by REST before its live echo
    store.receive(created(post(4))); // gap (3 missing live) -> catch-up returns 3 and 4 again
    await store.catchUp();
    store.receive(created(post(4))); // a late duplicate delivery
    store.receive(created(post(3)));
    expect(store.getSnapshot().posts.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('holds events that arrive before the first load and applies them after it', () => {
    const { store, fetchEvents } = setup();
    store.receive(created(post(3)));
    expect(store.getSnapshot().posts).toEqual([]);
    store.load([post(1), post(2)], 2);
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(fetchEvents).not.toHaveBeenCalled();
  });

  it('counts new posts by others (not our own, not duplicates) until the reader has seen them', async () => {
    const { store, onNewPosts } = setup([created(post(5)), created(post(6))]);
    store.load([post(1)], 1);
    store.receive(created(post(2)));
    store.receive(created(post(3, ME)));
    store.receive(created(post(4)));
    store.receive(created(post(4)));
    expect(store.getSnapshot().unseen).toEqual(['p2', 'p4']);
    expect(onNewPosts.mock.calls.map((c) => c[0])).toEqual([1, 1]);

    store.receive(created(post(7))); // gap: 5 and 6 come from the catch-up, reported as one batch
    await store.catchUp();
    expect(store.getSnapshot().unseen).toEqual(['p2', 'p4', 'p5', 'p6', 'p7']);
    expect(onNewPosts).toHaveBeenLastCalledWith(3);

    store.seen(4);
    expect(store.getSnapshot().unseen).toEqual(['p5', 'p6', 'p7']);
    store.clearUnseen();
    expect(store.getSnapshot().unseen).toEqual([]);
  });

  it('applies edits, deletions and reactions, keeping the reader’s own reaction flags', () => {
    const { store } = setup();
    const first = { ...post(1), reactions: [{ reaction: 'tada' as const, count: 1, mine: true }] };
    store.load([first], 1);
    store.receive({ event: 'post.updated', payload: { room: ROOM, seq: 2, post: { ...post(1), body: 'edited', editedAt: new Date().toISOString(), reactions: [{ reaction: 'tada', count: 1, mine: false }] } } });
    expect(store.getSnapshot().posts[0]).toMatchObject({ body: 'edited', reactions: [{ reaction: 'tada', count: 1, mine: true }] });
    store.receive({ event: 'reaction.updated', payload: { room: ROOM, seq: 3, postId: 'p1', reaction: 'heart', reactions: [{ reaction: 'tada', count: 1 }, { reaction: 'heart', count: 1 }], userId: ME, active: true } });
    expect(store.getSnapshot().posts[0].reactions).toEqual([
      { reaction: 'tada', count: 1, mine: true },
      { reaction: 'heart', count: 1, mine: true },
    ]);
    store.receive({ event: 'post.deleted', payload: { room: ROOM, seq: 4, postId: 'p1' } });
    expect(store.getSnapshot().posts[0]).toMatchObject({ deleted: true, body: '', html: '' });
  });

  it('lets moderators keep reading a deleted post', () => {
    const store = new LiveThreadStore({ fetchEvents: async () => ({ items: [], nextCursor: null }), selfId: ME, moderator: true });
    store.load([post(1)], 1);
    store.receive({ event: 'post.deleted', payload: { room: ROOM, seq: 2, postId: 'p1' } });
    expect(store.getSnapshot().posts[0]).toMatchObject({ deleted: true, body: 'body 1' });
  });

  it('keeps the events it holds when the catch-up fails, and shows the error', async () => {
    const { store, fetchEvents } = setup([created(post(2))]);
    store.load([post(1)], 1);
    fetchEvents.mockRejectedValueOnce(new Error('offline'));
    store.receive(created(post(3)));
    await store.catchUp().catch(() => undefined);
    await Promise.resolve();
    // After a failure the held event is applied only once the missing one is fetched.
    expect(store.getSnapshot().error).toBeTruthy();
    await store.catchUp();
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(store.getSnapshot().error).toBeNull();
  });

  it('tries a failed catch-up again by itself, with no new event to trigger it, but not after a refusal', async () => {
    vi.useFakeTimers();
    try {
      const { store, fetchEvents } = setup([created(post(2)), created(post(3))]);
      store.load([post(1)], 1);
      fetchEvents.mockRejectedValueOnce(new Error('offline')).mockRejectedValueOnce(new Error('offline'));
      store.receive(created(post(3)));
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getSnapshot().error).toBeTruthy();
      expect(fetchEvents).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1000); // first retry after 1 s: fails again
      expect(fetchEvents).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1999);
      expect(fetchEvents).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1); // second retry after 2 s: succeeds
      expect(fetchEvents).toHaveBeenCalledTimes(3);
      expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([1, 2, 3]);
      expect(store.getSnapshot().error).toBeNull();

      const refused = setup([created(post(2))]);
      refused.store.load([post(1)], 1);
      refused.fetchEvents.mockRejectedValueOnce(Object.assign(new Error('Room not found'), { status: 404 }));
      refused.store.receive(created(post(3)));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(refused.fetchEvents).toHaveBeenCalledTimes(1);
      refused.store.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts earlier posts before the ones shown, each once, keeping live versions and the seq', () => {
    const { store, onNewPosts } = setup();
    store.load([post(5), post(6)], 6);
    store.receive(created(post(7)));
    const edited = { ...post(5), body: 'edited live' };
    store.upsertPost(edited);
    // A page of older posts that overlaps what is shown (5 came over REST in its older version).
    expect(store.addEarlier([post(3), post(4), post(5)])).toBe(2);
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(store.getSnapshot().posts.find((p) => p.seq === 5)?.body).toBe('edited live');
    expect(store.getSnapshot().lastSeq).toBe(7);
    expect(store.getSnapshot().unseen).toEqual(['p7']);
    expect(store.addEarlier([post(3)])).toBe(0);
    // Live events still apply in order after it.
    store.receive(created(post(8)));
    expect(store.getSnapshot().posts.map((p) => p.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(onNewPosts).toHaveBeenCalledTimes(2);
  });
});
