import type { Page, Post, Reaction, ReactionCount, ServerToClientEvents, StoredRoomEvent, ThreadSummary } from '@praxis/contracts';

/** The room events a thread page applies; each carries the room's `seq` (SPEC R4). */
export type ThreadRoomEvent =
  | { event: 'post.created'; payload: Parameters<ServerToClientEvents['post.created']>[0] }
  | { event: 'post.updated'; payload: Parameters<ServerToClientEvents['post.updated']>[0] }
  | { event: 'post.deleted'; payload: Parameters<ServerToClientEvents['post.deleted']>[0] }
  | { event: 'reaction.updated'; payload: Parameters<ServerToClientEvents['reaction.updated']>[0] }
  | { event: 'thread.updated'; payload: Parameters<ServerToClientEvents['thread.updated']>[0] };

export const THREAD_EVENTS = ['post.created', 'post.updated', 'post.deleted', 'reaction.updated', 'thread.updated'] as const;

export interface LiveThreadSnapshot {
  /** Posts in seq order, each once. */
  posts: Post[];
  /** The last room seq applied; events at or below it are already in `posts`. */
  lastSeq: number;
  /** True while missed events are fetched over REST. */
  catchingUp: boolean;
  /** Posts by others that arrived live and the reader has not seen yet, oldest first. */
  unseen: string[];
  /** The latest thread fields pushed by `thread.updated` (pin, lock, title…), or null. */
  thread: ThreadSummary | null;
  /** Set when the catch-up failed; it is tried again after a back-off, and at the next event or reconnection. */
  error: unknown;
}

export interface LiveThreadDeps {
  /** GET /rooms/thread:<id>/events?afterSeq=N: stored events after N, in seq order. */
  fetchEvents: (afterSeq: number) => Promise<Page<StoredRoomEvent>>;
  /** The signed-in reader: their own posts never count as "new", their reactions set `mine`. */
  selfId: string;
  /** Moderators still see a deleted post's text (F2): a deletion only marks it for them. */
  moderator?: boolean;
  /** Told how many posts by others arrived, once per batch (live event or catch-up). */
  onNewPosts?: (count: number) => void;
}

/**
 * The live state of one open thread (SPEC R3, R4, R4b). It applies room events in seq order exactly
 * once: an event at or below `lastSeq` is dropped, an event after a gap is held back while the
 * missed ones are fetched over REST, and posts are keyed by id so a post that arrives both over
 * REST and over the socket appears once. Framework-free, so the rules are tested on their own.
 */
export class LiveThreadStore {
  private snapshot: LiveThreadSnapshot = { posts: [], lastSeq: 0, catchingUp: false, unseen: [], thread: null, error: null };
  /** Live events that arrived after a gap or during a catch-up, by seq. */
  private held = new Map<number, ThreadRoomEvent>();
  private running: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Until the REST load, events are only held (there is no `lastSeq` to compare them with yet). */
  private loaded = false;
  private joinSeq = 0;
  /** A failed catch-up is tried again on its own (a quiet thread may bring no event to trigger it). */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  constructor(private readonly deps: LiveThreadDeps) {}

  /** Replaces who is told about new posts (a page's announcer changes with its language). */
  setNewPostsListener(listener: ((count: number) => void) | undefined) {
    this.deps.onNewPosts = listener;
  }

  getSnapshot = (): LiveThreadSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose() {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.listeners.clear();
  }

  /** The posts loaded over REST when the page opened, and the room seq they are known to cover. */
  load(posts: Post[], seq: number) {
    const byId = new Map(this.snapshot.posts.map((p) => [p.id, p]));
    for (const post of posts) byId.set(post.id, post);
    this.set({ posts: sortPosts([...byId.values()]), lastSeq: Math.max(this.snapshot.lastSeq, seq) });
    this.loaded = true;
    this.drainHeld();
    if (this.joinSeq > this.snapshot.lastSeq || this.held.size > 0) void this.catchUp();
  }

  /**
   * The server acknowledged our subscription with the room's latest seq. Anything after what we
   * applied was missed (a reconnection, or posts written between the REST load and the join).
   */
  joined(roomSeq: number): Promise<void> {
    if (!this.loaded) {
      this.joinSeq = Math.max(this.joinSeq, roomSeq);
      return Promise.resolve();
    }
    if (roomSeq > this.snapshot.lastSeq) return this.catchUp();
    return Promise.resolve();
  }

  /** A live event from the socket. */
  receive(item: ThreadRoomEvent) {
    const seq = item.payload.seq;
    if (!this.loaded) {
      this.held.set(seq, item);
      return;
    }
    if (seq <= this.snapshot.lastSeq) return; // already applied (from REST or an earlier delivery)
    if (this.running || seq > this.snapshot.lastSeq + 1) {
      this.held.set(seq, item);
      void this.catchUp();
      return;
    }
    this.apply(item, true);
    this.drainHeld();
  }

  /**
   * Older posts loaded on request ("Show earlier posts", GET …/posts?beforeSeq=). They go before
   * what is shown, each once: a post already here (perhaps changed live since) keeps its version.
   * `lastSeq`, held events and the unseen list are not touched: these posts are not new.
   */
  addEarlier(posts: Post[]) {
    const known = new Set(this.snapshot.posts.map((p) => p.id));
    const older = posts.filter((p) => !known.has(p.id));
    if (older.length) this.set({ posts: sortPosts([...older, ...this.snapshot.posts]) });
    return older.length;
  }

  /** A post answered by our own REST write (new, edited, deleted): shown at once, never counted as new; the live echo is deduped. */
  upsertPost(post: Post) {
    this.set({ posts: upsert(this.snapshot.posts, post) });
  }

  /** Counts from our own reaction request, with the right `mine` flags. */
  setReactions(postId: string, reactions: ReactionCount[]) {
    this.set({ posts: this.snapshot.posts.map((p) => (p.id === postId ? { ...p, reactions } : p)) });
  }

  /** The reader has seen every post up to this seq: they are no longer "new". */
  seen(seq: number) {
    if (!this.snapshot.unseen.length) return;
    const seqOf = new Map(this.snapshot.posts.map((p) => [p.id, p.seq]));
    const unseen = this.snapshot.unseen.filter((id) => (seqOf.get(id) ?? 0) > seq);
    if (unseen.length !== this.snapshot.unseen.length) this.set({ unseen });
  }

  clearUnseen() {
    if (this.snapshot.unseen.length) this.set({ unseen: [] });
  }

  /**
   * Fetches every stored room event after `lastSeq` and applies them in order, then whatever live
   * events were held back. One catch-up runs at a time; a request during one runs once more after it.
   */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.set({ catchingUp: true, error: null });
    this.running = (async () => {
      let newPosts = 0;
      let failed = false;
      try {
        do {
          this.again = false;
          for (;;) {
            const page = await this.deps.fetchEvents(this.snapshot.lastSeq);
            if (this.disposed) return;
            for (const stored of page.items) {
              if (stored.seq <= this.snapshot.lastSeq) continue;
              newPosts += this.apply({ event: stored.event, payload: stored.payload } as unknown as ThreadRoomEvent, false);
            }
            if (!page.nextCursor || page.items.length === 0) break;
          }
        } while (this.again);
      } catch (error) {
        failed = true;
        this.set({ error });
      } finally {
        this.running = null;
        if (!this.disposed) {
          this.set({ catchingUp: false });
          newPosts += this.drainHeld(!failed);
          if (newPosts > 0) this.deps.onNewPosts?.(newPosts);
          this.failures = failed ? this.failures + 1 : 0;
          if (failed && retryable(this.snapshot.error)) {
            // 1 s, 2 s, 4 s … up to 30 s; a new event or reconnection retries sooner (and clears this).
            const delay = Math.min(30_000, 1000 * 2 ** (this.failures - 1));
            this.retryTimer = setTimeout(() => {
              this.retryTimer = null;
              if (!this.disposed) void this.catchUp();
            }, delay);
          }
        }
      }
    })();
    return this.running;
  }

  /**
   * Applies held events that now follow `lastSeq`. After a catch-up (`force`), an event still
   * beyond a gap is applied anyway: the server had nothing stored in between.
   */
  private drainHeld(force = false): number {
    let count = 0;
    const seqs = [...this.held.keys()].sort((a, b) => a - b);
    for (const seq of seqs) {
      const item = this.held.get(seq)!;
      if (seq <= this.snapshot.lastSeq) {
        this.held.delete(seq);
        continue;
      }
      if (seq !== this.snapshot.lastSeq + 1 && !force) break;
      this.held.delete(seq);
      count += this.apply(item, false);
    }
    if (count > 0 && !force) this.deps.onNewPosts?.(count);
    return count;
  }

  /** Applies one event; answers 1 when it brought a post by someone else (for the "new posts" count). */
  private apply(item: ThreadRoomEvent, announce: boolean): number {
    const { payload } = item;
    let posts = this.snapshot.posts;
    let unseen = this.snapshot.unseen;
    let thread = this.snapshot.thread;
    let fresh = 0;
    switch (item.event) {
      case 'post.created': {
        const post = item.payload.post;
        const known = posts.some((p) => p.id === post.id);
        posts = upsert(posts, post);
        if (!known && post.author.id !== this.deps.selfId && !unseen.includes(post.id)) {
          unseen = [...unseen, post.id];
          fresh = 1;
        }
        break;
      }
      case 'post.updated':
        posts = upsert(posts, keepMine(posts, item.payload.post));
        break;
      case 'post.deleted': {
        const postId = item.payload.postId;
        const keepText = this.deps.moderator ?? false;
        posts = posts.map((p) => (p.id === postId ? (keepText ? { ...p, deleted: true } : { ...p, deleted: true, body: '', html: '' }) : p));
        break;
      }
      case 'reaction.updated': {
        const { postId, reactions, reaction, userId, active } = item.payload;
        posts = posts.map((p) => (p.id === postId ? { ...p, reactions: mergeReactions(p.reactions, reactions, userId === this.deps.selfId ? { reaction, active } : null) } : p));
        break;
      }
      case 'thread.updated':
        thread = item.payload.thread;
        break;
    }
    this.set({ posts, unseen, thread, lastSeq: Math.max(this.snapshot.lastSeq, payload.seq) });
    if (announce && fresh) this.deps.onNewPosts?.(fresh);
    return fresh;
  }

  private set(patch: Partial<LiveThreadSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** A refusal (4xx: access lost, bad request) will not heal by asking again; a network error or a 5xx may. */
function retryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status < 400 || status >= 500;
}

function sortPosts(posts: Post[]): Post[] {
  return posts.sort((a, b) => a.seq - b.seq);
}

function upsert(posts: Post[], post: Post): Post[] {
  const index = posts.findIndex((p) => p.id === post.id);
  if (index === -1) return sortPosts([...posts, post]);
  const copy = posts.slice();
  copy[index] = post;
  return copy;
}

/** A pushed post is the same for every reader: keep this reader's own `mine` flags. */
function keepMine(posts: Post[], incoming: Post): Post {
  const current = posts.find((p) => p.id === incoming.id);
  if (!current) return incoming;
  const mine = new Set(current.reactions.filter((r) => r.mine).map((r) => r.reaction));
  return { ...incoming, reactions: incoming.reactions.map((r) => ({ ...r, mine: mine.has(r.reaction) })) };
}

function mergeReactions(
  current: ReactionCount[],
  counts: { reaction: Reaction; count: number }[],
  own: { reaction: Reaction; active: boolean } | null,
): ReactionCount[] {
  const mine = new Set(current.filter((r) => r.mine).map((r) => r.reaction));
  if (own) {
    if (own.active) mine.add(own.reaction);
    else mine.delete(own.reaction);
  }
  return counts.filter((c) => c.count > 0).map((c) => ({ reaction: c.reaction, count: c.count, mine: mine.has(c.reaction) }));
}
