import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  parseRoom,
  rooms,
  type FollowLevel,
  type HeldPost,
  type HeldResponse,
  type MarkReadResponse,
  type Page,
  type Post,
  type PostRevision,
  type Reaction,
  type ReactionsResponse,
  type StoredRoomEvent,
  type ThreadDetail,
  type ThreadSummary,
} from '@praxis/contracts';
import { DomainEvents, type RoomEventPublished } from '../../common/domain-events.js';
import { mentionedHandles, plainExcerpt, renderMarkdown } from '../../common/markdown.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { NetworksPolicy, networkRules } from '../networks/networks.policy.js';
import { NetworksService } from '../networks/networks.service.js';
import { NetworksRepository } from '../networks/networks.repository.js';
import { RoomLogRepository } from '../networks/room-log.repository.js';
import { RoomAuthorizer } from '../../realtime/room-authorizer.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../users/cursor.js';
import { avatarUrl } from '../users/user.mapper.js';
import { FilesService } from '../files/files.service.js';
import { ForumRepository, type PostRow, type ThreadRow, type Tx } from './forum.repository.js';
import { HeldPostsRepository, type HeldPostRow, type Standing } from './held-posts.repository.js';
import type { CreatePostDto, CreateThreadDto, PostListQueryDto, RoomEventsQueryDto, ThreadListQueryDto, UpdateThreadDto } from './dto/forum.dto.js';

const FILE_IDS_REFUSED = 'fileIds must be your own uploads that are not attached yet';

/** Thrown inside a transaction to roll it back when a clientId was already used: the first result is answered. */
class Duplicate extends Error {}

function toThread(r: ThreadRow): ThreadSummary {
  return {
    id: r.id,
    networkId: r.networkId,
    categoryId: r.categoryId,
    title: r.title,
    tags: r.tags,
    author: { id: r.authorId, handle: r.authorHandle, displayName: r.authorName, organisation: r.authorOrganisation, avatarUrl: avatarUrl({ id: r.authorId, avatarFileId: r.authorAvatarFileId }) },
    pinned: r.pinned,
    locked: r.locked,
    closed: r.closed,
    postCount: r.postCount,
    lastSeq: Number(r.lastSeq),
    lastActivityAt: new Date(r.lastActivityAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    unreadCount: r.unreadCount,
    following: r.following,
  };
}

/** A thread as a room event carries it: without what is the viewer's own. */
const neutral = (t: ThreadSummary): ThreadSummary => ({ ...t, unreadCount: 0, following: null });

/** F2: a deleted post keeps its body for moderators (marked deleted); others get it empty. */
function toPost(r: PostRow, moderator: boolean): Post {
  const hidden = r.deletedAt !== null && !moderator;
  return {
    id: r.id,
    threadId: r.threadId,
    seq: Number(r.seq),
    author: { id: r.authorId, handle: r.authorHandle, displayName: r.authorName, organisation: r.authorOrganisation, avatarUrl: avatarUrl({ id: r.authorId, avatarFileId: r.authorAvatarFileId }) },
    body: hidden ? '' : r.body,
    html: hidden ? '' : r.html,
    replyToId: r.replyToId,
    createdAt: new Date(r.createdAt).toISOString(),
    editedAt: r.editedAt ? new Date(r.editedAt).toISOString() : null,
    deleted: r.deletedAt !== null,
    reactions: r.reactions ?? [],
    attachments: hidden ? [] : (r.attachments ?? []),
  };
}

/** Threads, posts, reactions, follows, read positions and mentions (F1–F8, R4). */
/** M2: a held post as its author and the moderators see it. */
export function toHeldPost(row: HeldPostRow): HeldPost {
  return {
    id: row.id, networkId: row.networkId, threadId: row.threadId, title: row.title,
    author: { id: row.authorId, handle: row.authorHandle, displayName: row.authorName, organisation: row.authorOrganisation, avatarUrl: avatarUrl({ id: row.authorId, avatarFileId: row.authorAvatarFileId }) },
    body: row.body, html: row.html, replyToId: row.replyToId, clientId: row.clientId, fileCount: row.fileIds.length, status: row.status, postId: row.postId,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

const heldResponse = (row: HeldPostRow): HeldResponse => ({ held: true, heldPost: toHeldPost(row) });

/** M2: whether a member's next post waits for approval. */
const mustHold = (standing: Standing | null, moderator: boolean): boolean =>
  standing !== null && networkRules.mustHold({ posts: standing.posts, days: standing.days }, standing.joinedAt, standing.published, moderator);

/** What the viewer may do in a thread's network (threadAccess). */
interface ThreadAccess {
  networkId: string;
  canPost: boolean;
  moderator: boolean;
  mutedUntil: Date | null;
}

@Injectable()
export class ForumService {
  constructor(
    private readonly forum: ForumRepository,
    private readonly networksService: NetworksService,
    private readonly networks: NetworksRepository,
    private readonly policy: NetworksPolicy,
    private readonly roomLog: RoomLogRepository,
    private readonly authorizer: RoomAuthorizer,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
    private readonly notifications: NotificationsService,
    private readonly rateLimits: RateLimitService,
    private readonly files: FilesService,
    private readonly held: HeldPostsRepository,
  ) {}

  /** The thread and what the viewer may do in it; 404 for outsiders of restricted and hidden networks. */
  private async threadAccess(viewer: Viewer, threadId: string): Promise<ThreadAccess> {
    const ctx = await this.networks.accessContextOfThread(viewer.user.id, threadId);
    if (!ctx) throw new NotFoundException('Thread not found');
    const { networkId } = ctx;
    if (networkRules.hidesContentFrom(ctx.viewer, ctx.network, ctx.membership)) throw new NotFoundException('Thread not found');
    if (!networkRules.canRead(ctx.viewer, ctx.network, ctx.membership)) throw new ForbiddenException('You may not read this network');
    return {
      networkId,
      canPost: networkRules.canPost(ctx.viewer, ctx.network, ctx.membership),
      moderator: networkRules.canModerate(ctx.viewer, ctx.network, ctx.membership),
      mutedUntil: ctx.membership?.mutedUntil && ctx.membership.mutedUntil > new Date() ? ctx.membership.mutedUntil : null,
    };
  }

  private async postAccess(viewer: Viewer, postId: string) {
    const post = await this.forum.post(viewer.user.id, postId);
    if (!post) throw new NotFoundException('Post not found');
    try {
      return { post, ...(await this.threadAccess(viewer, post.threadId)) };
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException('Post not found');
      throw error;
    }
  }

  private refusePosting(access: { canPost: boolean; mutedUntil: Date | null }) {
    if (access.mutedUntil) throw new ForbiddenException(`You are muted in this network until ${access.mutedUntil.toISOString()}`);
    if (!access.canPost) throw new ForbiddenException('Join this network to post in it');
  }

  private publish(events: RoomEventPublished[]) {
    for (const e of events) this.events.publish('room.event', e);
  }

  async listThreads(viewer: Viewer, networkIdOrSlug: string, query: ThreadListQueryDto): Promise<Page<ThreadSummary>> {
    const { network } = await this.networksService.readable(viewer, networkIdOrSlug);
    const limit = query.limit ?? 25;
    const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | undefined;
    if (after && (!/^\d{4}-\d\d-\d\d /.test(after[0]) || !/^[0-9a-f-]{36}$/i.test(after[1]))) throw invalidCursor();
    const rows = await this.forum.threads(viewer.user.id, { networkId: network.id, categoryId: query.categoryId, tag: query.tag?.toLowerCase(), unanswered: query.unanswered, pinned: query.pinned, after, limit: limit + 1 });
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { items: page.map(toThread), nextCursor: more ? encodeCursor([page[page.length - 1].activityKey, page[page.length - 1].id]) : null };
  }

  /** Pinned threads and recent activity for the network home (registered with NetworksService). */
  async homeSections(viewer: Viewer, networkId: string) {
    const [pinned, recent] = await Promise.all([
      this.forum.threads(viewer.user.id, { networkId, pinned: true, limit: 10 }),
      this.forum.threads(viewer.user.id, { networkId, limit: 5 }),
    ]);
    return { pinnedThreads: pinned.map(toThread), recentActivity: recent.map(toThread) };
  }

  /**
   * `limited: false` is for the app's own writes on a member's behalf (an event summary), which do
   * not spend that member's posting allowance (M2).
   */
  async createThread(viewer: Viewer, networkIdOrSlug: string, input: CreateThreadDto, options: { limited?: boolean } = {}): Promise<ThreadDetail> {
    const { network, who, membership } = await this.networksService.readable(viewer, networkIdOrSlug);
    if (input.clientId) {
      const existing = await this.forum.threadByClientId(viewer.user.id, input.clientId);
      if (existing) return this.getThread(viewer, existing);
    }
    const mutedUntil = membership?.mutedUntil && membership.mutedUntil > new Date() ? membership.mutedUntil : null;
    this.refusePosting({ canPost: networkRules.canPost(who, network, membership), mutedUntil });
    const moderator = networkRules.canModerate(who, network, membership);
    if (input.categoryId) {
      const category = await this.networks.category(network.id, input.categoryId);
      if (!category) throw new BadRequestException('categoryId is not a category of this network');
      if (category.moderatorsOnly && !moderator) throw new ForbiddenException('Only moderators start threads in this category');
    }
    await this.checkFiles(viewer, input.fileIds);
    // Counted once permitted, and a repeated clientId (answered above) is not counted again.
    if (options.limited !== false) await this.rateLimits.consume('threadsPerUser', viewer.user.id);
    const published: RoomEventPublished[] = [];
    let threadId: string;
    try {
      threadId = await this.forum.transaction(async (tx) => {
        const id = await this.forum.insertThread({ networkId: network.id, categoryId: input.categoryId ?? null, authorId: viewer.user.id, title: input.title, tags: input.tags ?? [], clientId: input.clientId ?? null }, tx);
        if (!id) throw new Duplicate();
        const room = rooms.thread(id);
        const seq = await this.roomLog.next(room, tx);
        const postId = await this.forum.insertPost({ threadId: id, authorId: viewer.user.id, seq, body: input.body, html: renderMarkdown(input.body), replyToId: null, clientId: null }, tx);
        await this.attachFiles(viewer, postId!, input.fileIds, tx);
        await this.forum.touchThread(id, 1, tx);
        await this.forum.setFollow(id, viewer.user.id, 'following', tx);
        await this.forum.markRead(id, viewer.user.id, seq, tx);
        // The opening post takes seq 1 of the thread's room: logged like any post, so that catching up
        // on the room's events from 0 finds no gap (the thread room has no subscriber yet: nothing to publish).
        const opening = toPost((await this.forum.post(viewer.user.id, postId!, tx))!, false);
        await this.roomLog.store(room, seq, 'post.created', { room, seq, post: { ...opening, reactions: [] } }, tx);
        const thread = toThread((await this.forum.thread(viewer.user.id, id, tx))!);
        const networkRoom = rooms.network(network.id);
        published.push({ room: networkRoom, event: 'thread.created', payload: await this.roomLog.append(networkRoom, 'thread.created', { thread: neutral(thread) }, tx) });
        return id;
      });
    } catch (error) {
      if (!(error instanceof Duplicate)) throw error;
      return this.getThread(viewer, (await this.forum.threadByClientId(viewer.user.id, input.clientId!))!);
    }
    this.publish(published);
    void this.notifyMentions(viewer, threadId, null, input.body, []);
    return this.getThread(viewer, threadId);
  }

  async getThread(viewer: Viewer, threadId: string): Promise<ThreadDetail> {
    const access = await this.threadAccess(viewer, threadId);
    const row = (await this.forum.thread(viewer.user.id, threadId))!;
    const [first] = await this.forum.posts(viewer.user.id, threadId, { afterSeq: 0, limit: 1 });
    const network = (await this.networks.find(row.networkId))!;
    const opening = first ? toPost(first, access.moderator) : null;
    return {
      ...toThread(row),
      body: opening?.body ?? '',
      html: opening?.html ?? '',
      readSeq: Number(row.readSeq),
      permissions: { post: networkRules.canReply(access.canPost, access.moderator, row), moderate: access.moderator, edit: access.moderator || row.authorId === viewer.user.id },
      network: { id: network.id, slug: network.slug, name: network.name, visibility: network.visibility },
    };
  }

  async updateThread(viewer: Viewer, threadId: string, input: UpdateThreadDto): Promise<ThreadDetail> {
    const access = await this.threadAccess(viewer, threadId);
    const curation = input.pinned !== undefined || input.locked !== undefined || input.closed !== undefined || input.categoryId !== undefined || input.networkId !== undefined;
    const published: RoomEventPublished[] = [];
    let moved = false;
    await this.forum.transaction(async (tx) => {
      const thread = (await this.forum.lockThread(threadId, tx))!;
      if (curation && !access.moderator) throw new ForbiddenException('Only moderators pin, lock, close or move threads');
      if ((input.title !== undefined || input.tags !== undefined) && !access.moderator && thread.authorId !== viewer.user.id) throw new ForbiddenException('Only the author or a moderator may change the title');
      const targetNetwork = input.networkId ?? thread.networkId;
      if (input.networkId && input.networkId !== thread.networkId && !(await this.policy.canModerateNetwork(viewer.user.id, input.networkId))) {
        throw new ForbiddenException('You may move threads only to networks you moderate');
      }
      if (input.categoryId && !(await this.networks.category(targetNetwork, input.categoryId))) throw new BadRequestException('categoryId is not a category of the thread’s network');
      moved = input.networkId !== undefined && input.networkId !== thread.networkId;
      await this.forum.updateThread(
        threadId,
        { title: input.title, pinned: input.pinned, locked: input.locked, closed: input.closed, tags: input.tags, network_id: input.networkId, category_id: input.categoryId !== undefined ? input.categoryId : moved ? null : undefined },
        tx,
      );
      if (curation) {
        await this.audit.record({ actorId: viewer.user.id, action: 'thread.updated', targetType: 'thread', targetId: threadId, networkId: thread.networkId, details: { ...input } }, tx);
      }
      const thread2 = neutral(toThread((await this.forum.thread(viewer.user.id, threadId, tx))!));
      const targets = [rooms.thread(threadId), rooms.network(thread.networkId), ...(moved ? [rooms.network(targetNetwork)] : [])];
      for (const room of targets) published.push({ room, event: 'thread.updated', payload: await this.roomLog.append(room, 'thread.updated', { thread: thread2 }, tx) });
    });
    // A move can take the thread out of some readers' reach: they leave its room before the news goes out.
    if (moved) this.events.publish('rooms.access-changed', { rooms: [rooms.thread(threadId)], then: published });
    else this.publish(published);
    return this.getThread(viewer, threadId);
  }

  async listPosts(viewer: Viewer, threadId: string, query: PostListQueryDto): Promise<Page<Post>> {
    const access = await this.threadAccess(viewer, threadId);
    const limit = query.limit ?? 50;
    const fromCursor = query.cursor !== undefined ? Number((decodeCursor(query.cursor, ['number']) ?? [0])[0]) : undefined;
    const afterSeq = fromCursor ?? query.afterSeq;
    const rows = await this.forum.posts(viewer.user.id, threadId, { afterSeq, beforeSeq: afterSeq === undefined ? query.beforeSeq : undefined, limit: limit + 1 });
    const backwards = afterSeq === undefined && query.beforeSeq !== undefined;
    const more = rows.length > limit;
    const page = more ? (backwards ? rows.slice(1) : rows.slice(0, limit)) : rows;
    const last = page[page.length - 1];
    // Forward pages continue after the last post; a backward page's cursor continues forward too.
    return { items: page.map((r) => toPost(r, access.moderator)), nextCursor: more && !backwards && last ? encodeCursor([Number(last.seq)]) : null };
  }

  async getPost(viewer: Viewer, postId: string): Promise<Post> {
    const { post, moderator } = await this.postAccess(viewer, postId);
    return toPost(post, moderator);
  }

  /** R4: the post carries the thread room's next seq; a repeated clientId answers the first post and creates nothing. */
  /**
   * M2: what POST /networks/:id/threads does: a newcomer's thread in a pre-moderated network waits
   * for approval (a held post, 202); anyone else's is created at once.
   */
  async submitThread(viewer: Viewer, networkIdOrSlug: string, input: CreateThreadDto): Promise<ThreadDetail | HeldResponse> {
    const { network, who, membership } = await this.networksService.readable(viewer, networkIdOrSlug);
    // A retry answers the held post while it waits; once approved, the thread it became (below).
    const repeated = input.clientId ? await this.held.byClientId(viewer.user.id, input.clientId) : null;
    if (repeated && repeated.status !== 'approved') return heldResponse(repeated);
    const moderator = networkRules.canModerate(who, network, membership);
    if (!mustHold(await this.held.standing(network.id, viewer.user.id), moderator) || (input.clientId && (await this.forum.threadByClientId(viewer.user.id, input.clientId)))) {
      return this.createThread(viewer, network.id, input);
    }
    this.refusePosting({ canPost: networkRules.canPost(who, network, membership), mutedUntil: membership?.mutedUntil && membership.mutedUntil > new Date() ? membership.mutedUntil : null });
    if (input.categoryId && !(await this.networks.category(network.id, input.categoryId))) throw new BadRequestException('categoryId is not a category of this network');
    await this.checkFiles(viewer, input.fileIds);
    await this.rateLimits.consume('threadsPerUser', viewer.user.id);
    const clientId = input.clientId ?? randomUUID();
    await this.held.insert({
      networkId: network.id, threadId: null, authorId: viewer.user.id, title: input.title, tags: input.tags ?? [], categoryId: input.categoryId ?? null,
      body: input.body, html: renderMarkdown(input.body), replyToId: null, clientId, fileIds: input.fileIds ?? [],
    });
    return heldResponse((await this.held.byClientId(viewer.user.id, clientId))!);
  }

  /** M2: what POST /threads/:id/posts does: held for approval (202) or created at once (201). */
  async submitPost(viewer: Viewer, threadId: string, input: CreatePostDto): Promise<Post | HeldResponse> {
    // Four independent reads at once (a post's round trips before its transaction are its latency);
    // nothing of the other three is answered before the access check has passed.
    const [access, heldBefore, existing, standing] = await Promise.all([
      this.threadAccess(viewer, threadId),
      this.held.byClientId(viewer.user.id, input.clientId),
      this.forum.postByClientId(viewer.user.id, input.clientId),
      this.held.standingInThread(threadId, viewer.user.id),
    ]);
    // A retry answers the held post while it waits; once approved, the post it became.
    if (heldBefore && heldBefore.status !== 'approved') {
      if (heldBefore.threadId !== threadId) throw new ConflictException('This clientId was already used for a post in another thread');
      return heldResponse(heldBefore);
    }
    if (existing) return this.repeated(viewer, existing, threadId, access.moderator);
    if (!mustHold(standing, access.moderator)) return this.writePost(viewer, threadId, access, input);
    this.refusePosting(access);
    const thread = (await this.forum.thread(viewer.user.id, threadId))!;
    if (thread.locked) throw new ForbiddenException('This thread is locked: it takes no new posts');
    if (thread.closed) throw new ForbiddenException('This thread is closed for replies');
    if (input.replyToId) {
      const target = await this.forum.post(viewer.user.id, input.replyToId);
      if (!target || target.threadId !== threadId) throw new BadRequestException('replyToId is not a post of this thread');
    }
    await this.checkFiles(viewer, input.fileIds);
    await this.rateLimits.consume('postsPerUser', viewer.user.id);
    await this.held.insert({
      networkId: access.networkId, threadId, authorId: viewer.user.id, title: null, tags: [], categoryId: null,
      body: input.body, html: renderMarkdown(input.body), replyToId: input.replyToId ?? null, clientId: input.clientId, fileIds: input.fileIds ?? [],
    });
    return heldResponse((await this.held.byClientId(viewer.user.id, input.clientId))!);
  }


  /** A post written at once, without the hold for new members (an approved held post, an event's summary). */
  async createPost(viewer: Viewer, threadId: string, input: CreatePostDto, options: { limited?: boolean } = {}): Promise<Post> {
    const [access, existing] = await Promise.all([this.threadAccess(viewer, threadId), this.forum.postByClientId(viewer.user.id, input.clientId)]);
    if (existing) return this.repeated(viewer, existing, threadId, access.moderator);
    return this.writePost(viewer, threadId, access, input, options);
  }

  /** Writes a new post whose clientId is not taken yet (a concurrent retry that takes it first is answered as a repeat). */
  private async writePost(viewer: Viewer, threadId: string, access: ThreadAccess, input: CreatePostDto, options: { limited?: boolean } = {}): Promise<Post> {
    this.refusePosting(access);
    await this.checkFiles(viewer, input.fileIds);
    if (options.limited !== false) await this.rateLimits.consume('postsPerUser', viewer.user.id);
    const html = renderMarkdown(input.body);
    const published: RoomEventPublished[] = [];
    let created: { id: string; seq: number };
    try {
      // The thread's row lock serialises the posts of a thread (gap-free seqs in commit order): only what
      // needs that order is done under it; the author's follow and read position come after the commit.
      created = await this.forum.transaction(async (tx) => {
        const thread = (await this.forum.lockThreadForPost(threadId, tx))!;
        if (thread.locked) throw new ForbiddenException('This thread is locked: it takes no new posts');
        if (thread.closed && !access.moderator) throw new ForbiddenException('This thread is closed for replies');
        if (input.replyToId) {
          const target = await this.forum.post(viewer.user.id, input.replyToId, tx);
          if (!target || target.threadId !== threadId) throw new BadRequestException('replyToId is not a post of this thread');
        }
        const room = rooms.thread(threadId);
        const seq = await this.roomLog.next(room, tx);
        const id = await this.forum.insertPost({ threadId, authorId: viewer.user.id, seq, body: input.body, html, replyToId: input.replyToId ?? null, clientId: input.clientId }, tx);
        if (!id) throw new Duplicate();
        await this.attachFiles(viewer, id, input.fileIds, tx);
        const post = toPost((await this.forum.post(viewer.user.id, id, tx))!, false);
        const payload = { room, seq, post: { ...post, reactions: [] } };
        await this.roomLog.store(room, seq, 'post.created', payload, tx);
        published.push({ room, event: 'post.created', payload });
        return { id, seq };
      });
    } catch (error) {
      if (!(error instanceof Duplicate)) throw error;
      return this.repeated(viewer, (await this.forum.postByClientId(viewer.user.id, input.clientId))!, threadId, access.moderator);
    }
    this.publish(published);
    await this.forum.setFollow(threadId, viewer.user.id, 'following', undefined, true);
    await this.forum.markRead(threadId, viewer.user.id, created.seq);
    void this.notifyNewPost(viewer, threadId, created.id, input.body, input.replyToId ?? null);
    return this.getPost(viewer, created.id);
  }

  /** Refuses bad fileIds before the write is counted against the posting limit (attachFiles still decides). */
  private async checkFiles(viewer: Viewer, ids: string[] | undefined) {
    if (!ids?.length) return;
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if ((await this.files.countAttachable(unique, viewer.user.id)) !== unique.length) throw new BadRequestException(FILE_IDS_REFUSED);
  }

  /**
   * F9: moves the caller's own unattached uploads to the post, inside the post's transaction. Any
   * id that is not one (someone else's, already attached, unknown) refuses the whole post.
   */
  private async attachFiles(viewer: Viewer, postId: string, ids: string[] | undefined, tx: Tx) {
    if (!ids?.length) return;
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const moved = await this.files.attach(unique, viewer.user.id, { type: 'post', id: postId }, tx);
    if (moved !== unique.length) throw new BadRequestException(FILE_IDS_REFUSED);
  }

  private async repeated(viewer: Viewer, existing: { id: string; threadId: string }, threadId: string, moderator: boolean): Promise<Post> {
    if (existing.threadId !== threadId) throw new ConflictException('This clientId was already used for a post in another thread');
    return toPost((await this.forum.post(viewer.user.id, existing.id))!, moderator);
  }

  async editPost(viewer: Viewer, postId: string, body: string): Promise<Post> {
    const access = await this.postAccess(viewer, postId);
    const published: RoomEventPublished[] = [];
    let previous = '';
    await this.forum.transaction(async (tx) => {
      const post = (await this.forum.lockPost(postId, tx))!;
      if (post.authorId !== viewer.user.id && !access.moderator) throw new ForbiddenException('Only the author or a moderator may edit this post');
      if (post.deletedAt) throw new ConflictException('This post was deleted');
      const thread = (await this.forum.lockThread(post.threadId, tx))!;
      if (thread.locked && !access.moderator) throw new ForbiddenException('This thread is locked');
      if (post.body === body) return;
      previous = post.body;
      await this.forum.editPost(postId, viewer.user.id, post.body, body, renderMarkdown(body), tx);
      const room = rooms.thread(post.threadId);
      const updated = toPost((await this.forum.post(viewer.user.id, postId, tx))!, false);
      published.push({ room, event: 'post.updated', payload: await this.roomLog.append(room, 'post.updated', { post: { ...updated, reactions: updated.reactions.map((r) => ({ ...r, mine: false })) } }, tx) });
    });
    this.publish(published);
    if (published.length) void this.notifyMentions(viewer, access.post.threadId, postId, body, mentionedHandles(previous));
    return this.getPost(viewer, postId);
  }

  async deletePost(viewer: Viewer, postId: string): Promise<Post> {
    const access = await this.postAccess(viewer, postId);
    const published: RoomEventPublished[] = [];
    await this.forum.transaction(async (tx) => {
      const post = (await this.forum.lockPost(postId, tx))!;
      if (post.authorId !== viewer.user.id && !access.moderator) throw new ForbiddenException('Only the author or a moderator may delete this post');
      if (post.deletedAt) return;
      await this.forum.deletePost(postId, viewer.user.id, tx);
      await this.forum.touchThread(post.threadId, -1, tx);
      if (post.authorId !== viewer.user.id) {
        await this.audit.record({ actorId: viewer.user.id, action: 'post.deleted', targetType: 'post', targetId: postId, networkId: access.networkId }, tx);
      }
      const room = rooms.thread(post.threadId);
      published.push({ room, event: 'post.deleted', payload: await this.roomLog.append(room, 'post.deleted', { postId }, tx) });
    });
    this.publish(published);
    return this.getPost(viewer, postId);
  }

  async revisions(viewer: Viewer, postId: string): Promise<PostRevision[]> {
    const { post, moderator } = await this.postAccess(viewer, postId);
    if (post.deletedAt && !moderator) return [];
    return (await this.forum.revisions(postId)).map((r) => ({
      id: r.id,
      body: r.body,
      editedBy: r.editorId ? { id: r.editorId, handle: r.editorHandle ?? '', displayName: r.editorName ?? '', organisation: r.editorOrganisation ?? '', avatarUrl: avatarUrl({ id: r.editorId, avatarFileId: r.editorAvatarFileId }) } : null,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /** F3: idempotent toggle; an event (with seq) only when something changed. */
  async react(viewer: Viewer, postId: string, reaction: Reaction, on: boolean): Promise<ReactionsResponse> {
    const access = await this.postAccess(viewer, postId);
    if (access.post.deletedAt) throw new ConflictException('This post was deleted');
    this.refusePosting(access);
    const published: RoomEventPublished[] = [];
    await this.forum.transaction(async (tx) => {
      if (!(await this.forum.setReaction(postId, viewer.user.id, reaction, on, tx))) return;
      const room = rooms.thread(access.post.threadId);
      const reactions = await this.forum.reactionCounts(postId, tx);
      published.push({ room, event: 'reaction.updated', payload: await this.roomLog.append(room, 'reaction.updated', { postId, reaction, reactions, userId: viewer.user.id, active: on }, tx) });
    });
    this.publish(published);
    return { postId, reactions: (await this.forum.post(viewer.user.id, postId))!.reactions ?? [] };
  }

  async follow(viewer: Viewer, threadId: string, level: FollowLevel | null) {
    await this.threadAccess(viewer, threadId);
    await this.forum.setFollow(threadId, viewer.user.id, level);
    return { following: level };
  }

  async markRead(viewer: Viewer, threadId: string, seq: number): Promise<MarkReadResponse> {
    await this.threadAccess(viewer, threadId);
    const readSeq = await this.forum.markRead(threadId, viewer.user.id, seq);
    const row = (await this.forum.thread(viewer.user.id, threadId))!;
    return { readSeq, unreadCount: row.unreadCount };
  }

  /** R4 catch-up for any room: asked through the same authorizer as socket joins; post payloads show the post as it is now. */
  async roomEvents(viewer: Viewer, room: string, query: RoomEventsQueryDto): Promise<Page<StoredRoomEvent>> {
    const parsed = parseRoom(room);
    if (!parsed || parsed.kind === 'user' || !(await this.authorizer.mayRead(viewer.user.id, parsed))) throw new NotFoundException('Room not found');
    const name = rooms[parsed.kind](parsed.id);
    const limit = query.limit ?? 100;
    const rows = await this.roomLog.after(name, query.afterSeq ?? 0, limit + 1);
    const page = rows.slice(0, limit);
    let moderator = false;
    if (parsed.kind === 'thread') moderator = (await this.threadAccess(viewer, parsed.id)).moderator;
    const postIds = page.filter((r) => r.event === 'post.created' || r.event === 'post.updated').map((r) => (r.payload.post as { id: string }).id);
    const current = new Map((await this.forum.postsByIds(viewer.user.id, postIds)).map((p) => [p.id, toPost(p, moderator)]));
    return {
      items: page.map((r) => {
        const payload = { ...r.payload };
        const post = payload.post as { id: string } | undefined;
        if (post && current.has(post.id)) payload.post = current.get(post.id);
        return { room: r.room, seq: Number(r.seq), event: r.event, payload, createdAt: new Date(r.createdAt).toISOString() };
      }),
      nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }

  /**
   * F4: only people who can read the thread are told (the notification's thread target asks
   * NetworksPolicy); newly mentioned handles only (on edits). Answers who was told.
   */
  private async notifyMentions(viewer: Viewer, threadId: string, postId: string | null, body: string, alreadyMentioned: string[]): Promise<Set<string>> {
    const told = new Set<string>();
    try {
      const handles = mentionedHandles(body).filter((h) => !alreadyMentioned.includes(h));
      const users = (await this.forum.usersByHandles(handles)).filter((u) => u.id !== viewer.user.id);
      if (!users.length) return told;
      const thread = await this.forum.thread(viewer.user.id, threadId);
      if (!thread) return told;
      for (const user of users) {
        const sent = await this.notifications.notify(user.id, {
          kind: 'forum.mention',
          title: `${viewer.user.displayName} mentioned you in “${thread.title}”`,
          body: plainExcerpt(body, 200),
          link: `/threads/${threadId}${postId ? `#post-${postId}` : ''}`,
          data: { threadId, postId, networkId: thread.networkId },
          target: { type: 'thread', id: threadId },
        });
        if (sent) told.add(user.id);
      }
    } catch {
      // A mention that cannot be delivered never fails the committed post.
    }
    return told;
  }

  /**
   * O1 for a new reply: mentions first, then the author of the post replied to, then everyone
   * following the thread; one notification per person and post, never to the writer, never to
   * someone who muted the thread (mentions excepted), and only to those who may read the thread.
   */
  private async notifyNewPost(viewer: Viewer, threadId: string, postId: string, body: string, replyToId: string | null) {
    try {
      const told = await this.notifyMentions(viewer, threadId, postId, body, []);
      told.add(viewer.user.id);
      const thread = await this.forum.thread(viewer.user.id, threadId);
      if (!thread) return;
      const follows = new Map((await this.forum.follows(threadId)).map((f) => [f.userId, f.level]));
      const base = { body: plainExcerpt(body, 200), link: `/threads/${threadId}#post-${postId}`, data: { threadId, postId, networkId: thread.networkId }, target: { type: 'thread' as const, id: threadId } };
      if (replyToId) {
        const repliedTo = await this.forum.post(viewer.user.id, replyToId);
        const authorId = repliedTo?.authorId;
        if (authorId && !told.has(authorId) && follows.get(authorId) !== 'muted') {
          told.add(authorId);
          await this.notifications.notify(authorId, { ...base, kind: 'forum.reply', title: `${viewer.user.displayName} replied to your post in “${thread.title}”` });
        }
      }
      const followers = [...follows].filter(([userId, level]) => level === 'following' && !told.has(userId)).map(([userId]) => userId);
      await this.notifications.notifyEach(followers, () => ({ ...base, kind: 'forum.followed-post', title: `${viewer.user.displayName} posted in “${thread.title}”` }));
    } catch {
      // Notifications never fail the committed post.
    }
  }
}
