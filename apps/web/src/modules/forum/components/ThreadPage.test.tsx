import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeldPost, Post, PostListQuery, ServerToClientEvents, StoredRoomEvent, ThreadDetail } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';

// --- A fake of the app's one socket: the test pushes server events and answers subscriptions.
type Handler = (...args: unknown[]) => void;
const fake = vi.hoisted(() => ({
  handlers: new Map<string, Set<(...args: unknown[]) => void>>(),
  joins: [] as { room: string; onJoined?: (seq: number, info: { reconnect: boolean }) => void }[],
  catchUps: 0,
}));
vi.mock('../../../realtime/socket', () => ({
  realtime: {
    on: (event: string, handler: Handler) => {
      const set = fake.handlers.get(event) ?? new Set();
      fake.handlers.set(event, set);
      set.add(handler);
      return () => set.delete(handler);
    },
    joinRoom: (room: string, handlers: { onJoined?: (seq: number, info: { reconnect: boolean }) => void }) => {
      fake.joins.push({ room, ...handlers });
      return () => undefined;
    },
    beginCatchUp: () => {
      fake.catchUps += 1;
      return () => undefined;
    },
    getSocket: () => null,
  },
  useSyncState: () => 'live',
}));
function push<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]) {
  act(() => {
    for (const handler of fake.handlers.get(event) ?? []) handler(payload);
  });
}

const ME = { id: '11111111-1111-4111-8111-111111111111', displayName: 'Amina Diallo', timeZone: 'UTC', isAdmin: false };
vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ME, useAuth: () => ({ user: ME }) }));

const THREAD_ID = '22222222-2222-4222-8222-222222222222';
const ROOM = `thread:${THREAD_ID}`;
const NETWORK_ID = '33333333-3333-4333-8333-333333333333';

function post(seq: number, author = 'other', body = `Post number ${seq}`): Post {
  return {
    id: `post-${seq}`,
    threadId: THREAD_ID,
    seq,
    author: { id: author === 'me' ? ME.id : `user-${author}`, handle: author, displayName: author === 'me' ? ME.displayName : `Person ${author}`, organisation: 'Org', avatarUrl: null },
    body,
    html: `<p>${body}</p>`,
    replyToId: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    editedAt: null,
    deleted: false,
    reactions: [],
    attachments: [],
  };
}

const server = vi.hoisted(() => ({ posts: [] as Post[], events: [] as StoredRoomEvent[], readSeq: 2, createPost: vi.fn(), threadEvents: vi.fn(), postQueries: [] as PostListQuery[] }));
/** GET /threads/:id/posts as the API answers it: afterSeq forward, beforeSeq the last ones before, ascending. */
function listPosts(query: PostListQuery) {
  server.postQueries.push(query);
  const limit = query.limit ?? 50;
  if (query.beforeSeq !== undefined) return { items: server.posts.filter((p) => p.seq < query.beforeSeq!).slice(-limit), nextCursor: null };
  const after = query.cursor ? Number(query.cursor) : (query.afterSeq ?? 0);
  const rest = server.posts.filter((p) => p.seq > after);
  const items = rest.slice(0, limit);
  return { items, nextCursor: rest.length > limit ? String(items[items.length - 1].seq) : null };
}
vi.mock('../api/forum-api', () => ({
  forumApi: {
    thread: async (): Promise<ThreadDetail> => ({
      id: THREAD_ID,
      networkId: NETWORK_ID,
      categoryId: null,
      title: 'Indicators of forced labour',
      tags: [],
      author: post(1).author,
      pinned: false,
      locked: false,
      closed: false,
      postCount: server.posts.length,
      lastSeq: server.posts[server.posts.length - 1]?.seq ?? 0,
      lastActivityAt: '2026-11-20T10:00:00.000Z',
      createdAt: '2026-11-20T10:00:00.000Z',
      unreadCount: 0,
      following: null,
      body: '',
      html: '',
      readSeq: server.readSeq,
      permissions: { post: true, moderate: false, edit: false },
      network: { id: NETWORK_ID, slug: 'tip', name: 'Trafficking in Persons', visibility: 'open' },
    }),
    posts: async (_id: string, query: PostListQuery) => listPosts(query),
    threadEvents: server.threadEvents,
    createPost: server.createPost,
    markRead: async () => ({ readSeq: 0, unreadCount: 0 }),
    react: async () => ({ postId: '', reactions: [] }),
    follow: async () => ({ following: null }),
  },
}));
vi.mock('../../networks/api/networks-api', () => ({
  networksApi: {
    get: async () => ({ id: NETWORK_ID, categories: [], permissions: { read: true, post: true, moderate: false, own: false, invite: false } }),
    members: async () => ({ items: [], nextCursor: null }),
    list: async () => ({ items: [], nextCursor: null }),
  },
}));

// M2: the thread's posts waiting for approval, as GET /threads/:id/held-posts answers the reader.
const held = vi.hoisted(() => ({ items: [] as HeldPost[], asked: 0 }));
vi.mock('../../moderation/api/moderation-api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../moderation/api/moderation-api')>()),
  moderationApi: {
    threadHeldPosts: async () => {
      held.asked += 1;
      return { items: held.items };
    },
  },
}));

import { ThreadPage } from './ThreadPage';

function renderThread(search = '') {
  return renderWithProviders(
    <Routes>
      <Route path="/threads/:id" element={<ThreadPage />} />
    </Routes>,
    { route: `/threads/${THREAD_ID}${search}` },
  );
}

const created = (p: Post) => ({ room: ROOM, seq: p.seq, post: p });
const stored = (p: Post): StoredRoomEvent => ({ room: ROOM, seq: p.seq, event: 'post.created', payload: { room: ROOM, seq: p.seq, post: p }, createdAt: p.createdAt });

beforeEach(() => {
  fake.handlers.clear();
  fake.joins.length = 0;
  fake.catchUps = 0;
  server.posts = [post(1, 'me', 'Opening question'), post(2, 'b', 'First answer')];
  server.events = [];
  server.readSeq = 2;
  server.postQueries = [];
  server.createPost.mockReset();
  server.threadEvents.mockReset();
  server.threadEvents.mockImplementation(async (_id: string, afterSeq: number) => ({ items: server.events.filter((e) => e.seq > afterSeq), nextCursor: null }));
  held.items = [];
  held.asked = 0;
});

describe('ThreadPage, live', () => {
  it('shows pushed posts, fills a seq gap from the room log in order, and counts new posts without duplicates', async () => {
    renderThread();
    await screen.findByText('First answer');
    expect(fake.joins.map((j) => j.room)).toEqual([ROOM]);
    act(() => fake.joins[0].onJoined?.(2, { reconnect: false }));

    push('post.created', created(post(3, 'c', 'Live third')));
    expect(await screen.findByText('Live third')).toBeInTheDocument();
    expect(screen.getByTestId('new-posts-button')).toHaveTextContent('1 new post');

    // 4 and 5 are lost on the way; 6 arrives: the page fetches what follows 3 and applies in order.
    server.events = [stored(post(4, 'd', 'Missed fourth')), stored(post(5, 'e', 'Missed fifth')), stored(post(6, 'f', 'Live sixth'))];
    push('post.created', created(post(6, 'f', 'Live sixth')));
    await screen.findByText('Missed fifth');
    expect(server.threadEvents).toHaveBeenCalledWith(THREAD_ID, 3);
    expect(fake.catchUps).toBeGreaterThan(0);
    const list = screen.getByRole('list', { name: 'Posts' });
    const order = within(list).getAllByRole('article').map((a) => a.textContent ?? '');
    expect(order.map((text) => /Opening|First answer|Live third|Missed fourth|Missed fifth|Live sixth/.exec(text)?.[0])).toEqual([
      'Opening',
      'First answer',
      'Live third',
      'Missed fourth',
      'Missed fifth',
      'Live sixth',
    ]);

    // A late duplicate of an applied event changes nothing.
    push('post.created', created(post(5, 'e', 'Missed fifth')));
    expect(screen.getAllByText('Missed fifth')).toHaveLength(1);
    expect(screen.getByTestId('new-posts-button')).toHaveTextContent('4 new posts');

    // The reader's place does not move; the button takes them to the first new post and clears.
    fireEvent.click(screen.getByTestId('new-posts-button'));
    expect(screen.queryByTestId('new-posts-button')).not.toBeInTheDocument();
    expect(document.activeElement?.id).toBe('post-post-3');
  });

  it('announces new posts politely, in one batch', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderThread();
      await screen.findByText('First answer');
      act(() => fake.joins[0].onJoined?.(2, { reconnect: false }));
      push('post.created', created(post(3, 'c', 'One')));
      push('post.created', created(post(4, 'd', 'Two')));
      push('post.created', created(post(5, 'e', 'Three')));
      const region = screen.getByTestId('live-announcer');
      expect(region).toHaveAttribute('aria-live', 'polite');
      expect(region).toHaveTextContent('');
      await act(async () => {
        vi.advanceTimersByTime(2100);
      });
      expect(region).toHaveTextContent('3 new posts');
    } finally {
      vi.useRealTimers();
    }
  });

  it('catches up after a reconnection from the last applied seq', async () => {
    renderThread();
    await screen.findByText('First answer');
    act(() => fake.joins[0].onJoined?.(2, { reconnect: false }));
    expect(server.threadEvents).not.toHaveBeenCalled();
    server.events = [stored(post(3, 'c', 'Written while we were away'))];
    act(() => fake.joins[0].onJoined?.(3, { reconnect: true }));
    expect(await screen.findByText('Written while we were away')).toBeInTheDocument();
    expect(server.threadEvents).toHaveBeenCalledWith(THREAD_ID, 2);
  });

  it('opens at the first unread post after the stored read position (readSeq 2)', async () => {
    server.posts = [post(1, 'me', 'Opening question'), post(2, 'b', 'First answer'), post(3, 'c', 'Unread third'), post(4, 'd', 'Unread fourth')];
    renderThread();
    await screen.findByText('Unread fourth');
    const third = document.getElementById('post-post-3')!;
    await waitFor(() => expect(document.activeElement).toBe(third));
    expect(within(third).getByText('First unread')).toBeInTheDocument();
    expect(screen.getAllByText('First unread')).toHaveLength(1);
  });

  it('opens at the post a link names (?seq=, from search), loaded even when it is far before the read position, and marks it', async () => {
    server.posts = Array.from({ length: 60 }, (_, i) => post(i + 1, i % 2 ? 'b' : 'c', `Message ${i + 1}`));
    server.readSeq = 60;
    renderThread('?seq=5');
    await screen.findByText('Message 5');
    const target = document.getElementById('post-post-5')!;
    await waitFor(() => expect(document.activeElement).toBe(target));
    expect(target).toHaveAttribute('aria-current', 'true');
    expect(document.querySelectorAll('[aria-current="true"]')).toHaveLength(1);
    // The opening request starts just before the target, not at the read position.
    expect(server.postQueries[0]).toMatchObject({ beforeSeq: 5 });
  });

  it('keeps the text after a failed send and retries with the same clientId; a new one only after success', async () => {
    server.createPost.mockRejectedValueOnce(new Error('timeout')).mockImplementation(async (_id: string, body: { body: string }) => ({ ...post(3, 'me', body.body) }));
    renderThread();
    await screen.findByText('First answer');
    const field = screen.getByRole('textbox', { name: /^Reply/ });
    fireEvent.change(field, { target: { value: 'My answer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Not sent yet')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Reply/ })).toHaveValue('My answer');

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(server.createPost).toHaveBeenCalledTimes(2));
    const [first, second] = server.createPost.mock.calls.map((c) => c[1] as { clientId: string; body: string });
    expect(second.clientId).toBe(first.clientId);
    expect(second.body).toBe('My answer');
    await waitFor(() => expect(screen.getByRole('textbox', { name: /^Reply/ })).toHaveValue(''));
    expect(screen.getByText('My answer')).toBeInTheDocument(); // shown at once, not counted as new
    expect(screen.queryByTestId('new-posts-button')).not.toBeInTheDocument();

    fireEvent.change(screen.getByRole('textbox', { name: /^Reply/ }), { target: { value: 'Another one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(server.createPost).toHaveBeenCalledTimes(3));
    expect((server.createPost.mock.calls[2][1] as { clientId: string }).clientId).not.toBe(first.clientId);
  });

  it('opens a long thread at the read position and shows earlier posts on request without moving the reader', async () => {
    server.posts = Array.from({ length: 80 }, (_, i) => post(i + 1, i === 0 ? 'me' : `p${i + 1}`, `Message ${i + 1}.`));
    server.readSeq = 75;
    // Each post sits 100px below the one before it, so prepending pushes the old first one down.
    const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const seq = this.id.startsWith('post-post-') ? Number(this.id.slice('post-post-'.length)) : 0;
      const index = seq ? [...document.querySelectorAll<HTMLElement>('[data-seq]')].findIndex((el) => Number(el.dataset.seq) === seq) : 0;
      return { top: index * 100, bottom: index * 100 + 90, left: 0, right: 0, width: 0, height: 90, x: 0, y: index * 100, toJSON: () => ({}) } as DOMRect;
    });
    const scrollBy = vi.fn();
    const originalScrollBy = window.scrollBy;
    window.scrollBy = scrollBy as unknown as typeof window.scrollBy;
    try {
      renderThread();
      await screen.findByText('Message 80.');
      // 20 read posts for context, then every unread one; nothing older yet.
      expect(screen.getByText('Message 56.')).toBeInTheDocument();
      expect(screen.queryByText('Message 55.')).not.toBeInTheDocument();
      expect(server.postQueries[0]).toEqual({ beforeSeq: 76, limit: 20 });
      act(() => fake.joins[0].onJoined?.(80, { reconnect: false }));

      fireEvent.click(screen.getByRole('button', { name: 'Show earlier posts' }));
      await screen.findByText('Message 6.');
      expect(server.postQueries.at(-1)).toEqual({ beforeSeq: 56, limit: 50 });
      // The post that was first (56) is now 50 posts lower: the page scrolls by as much.
      await waitFor(() => expect(scrollBy).toHaveBeenCalledWith(0, 5000));
      expect(screen.getByText('50 earlier posts loaded above')).toBeInTheDocument();

      // A live post meanwhile goes at the end; the next page of earlier posts goes at the start.
      push('post.created', created(post(81, 'z', 'Message 81.')));
      await screen.findByText('Message 81.');
      fireEvent.click(screen.getByRole('button', { name: 'Show earlier posts' }));
      await screen.findByText('Message 1.');
      await waitFor(() => expect(screen.queryByRole('button', { name: 'Show earlier posts' })).not.toBeInTheDocument());
      const seqs = [...document.querySelectorAll<HTMLElement>('[data-seq]')].map((el) => Number(el.dataset.seq));
      expect(seqs).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
      // Earlier posts are not new: only the live one counts.
      expect(screen.getByTestId('new-posts-button')).toHaveTextContent('1 new post');
    } finally {
      rect.mockRestore();
      window.scrollBy = originalScrollBy;
    }
  }, 30_000);
});

describe('ThreadPage, moderation', () => {
  it('offers Report on the thread (someone else started it) and on other people’s posts, never on the reader’s own', async () => {
    renderThread();
    await screen.findByText('First answer');
    expect(screen.getByRole('button', { name: 'Report the post by Person b' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Report the post by Amina Diallo' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect(await screen.findByRole('dialog', { name: 'Report this thread' })).toBeInTheDocument();
  });

  it('marks the reader’s own posts waiting for approval (M2), and asks again once one is published', async () => {
    held.items = [
      {
        id: 'h1', networkId: NETWORK_ID, threadId: THREAD_ID, title: null, author: post(1, 'me').author, body: 'Held reply', html: '<p>Held reply</p>',
        replyToId: null, clientId: 'c1', fileCount: 0, status: 'pending', postId: null, createdAt: '2026-11-20T10:05:00.000Z',
      },
    ];
    renderThread();
    const section = await screen.findByRole('region', { name: '1 post waiting for approval' });
    const card = within(section).getByRole('article', { name: ME.displayName });
    expect(within(card).getByText('Pending approval')).toBeInTheDocument();
    expect(within(card).getByText('Held reply')).toBeInTheDocument();
    expect(within(section).getByText('Only you and the moderators see it until a moderator approves it.')).toBeInTheDocument();
    // Not a moderator: nothing to decide here.
    expect(within(card).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    // Not among the thread's posts either.
    expect(within(screen.getByRole('list', { name: 'Posts' })).queryByText('Held reply')).not.toBeInTheDocument();

    // A moderator approves it: it arrives live as the reader's post, and the pending list is asked again.
    await screen.findByText('First answer');
    act(() => fake.joins[0].onJoined?.(2, { reconnect: false }));
    const asked = held.asked;
    held.items = [];
    push('post.created', created(post(3, 'me', 'Held reply')));
    await waitFor(() => expect(screen.queryByRole('region', { name: '1 post waiting for approval' })).not.toBeInTheDocument());
    expect(held.asked).toBeGreaterThan(asked);
    expect(within(screen.getByRole('list', { name: 'Posts' })).getByText('Held reply')).toBeInTheDocument();
  });
});
