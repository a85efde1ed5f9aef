import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { HeldPost, Post, ThreadDetail } from '@praxis/contracts';
import { AuditLogService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { ForumService, toHeldPost } from './forum.service.js';
import { HeldPostsRepository, type HeldPostRow } from './held-posts.repository.js';

/**
 * M2: the approval list. Approving creates the post (or thread) then, as its author, through the
 * normal path: it takes the next seq of its room, goes out live, is notified and searchable from
 * that moment, and its clientId makes a retry by the author answer the same post.
 */
@Injectable()
export class HeldPostsService {
  constructor(
    private readonly held: HeldPostsRepository,
    private readonly forum: ForumService,
    private readonly policy: NetworksPolicy,
    private readonly users: UsersRepository,
    private readonly audit: AuditLogService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The network's pending posts: its moderators (and admins); 404 for anyone else. */
  async pendingInNetwork(viewer: Viewer, networkId: string): Promise<{ items: HeldPost[] }> {
    if (!(await this.policy.canModerateNetwork(viewer.user.id, networkId))) throw new NotFoundException('No such network');
    return { items: (await this.held.pending({ networkId })).map(toHeldPost) };
  }

  /** A thread's pending posts: all of them for its moderators, one's own (marked pending) for the author. */
  async pendingInThread(viewer: Viewer, threadId: string): Promise<{ items: HeldPost[] }> {
    if (!(await this.policy.canReadThread(viewer.user.id, threadId))) throw new NotFoundException('Thread not found');
    const moderator = await this.policy.canModerateNetwork(viewer.user.id, (await this.forum.getThread(viewer, threadId)).networkId);
    return { items: (await this.held.pending({ threadId, authorId: moderator ? undefined : viewer.user.id })).map(toHeldPost) };
  }

  private async decidable(viewer: Viewer, id: string): Promise<HeldPostRow> {
    const row = await this.held.find(id);
    if (!row || !(await this.policy.canModerateNetwork(viewer.user.id, row.networkId))) throw new NotFoundException('No such post awaiting approval');
    if (row.status !== 'pending') throw new ConflictException(`This post was already ${row.status}`);
    return row;
  }

  async approve(viewer: Viewer, id: string): Promise<{ post: Post } | { thread: ThreadDetail }> {
    const row = await this.decidable(viewer, id);
    const user = await this.users.findById(row.authorId);
    if (!user) throw new NotFoundException('The author’s account is gone');
    // Posted as the author, so their standing is asked again now (removed or muted since: refused).
    const author: Viewer = { user, sessionId: viewer.sessionId };
    const result: { post: Post } | { thread: ThreadDetail } = row.threadId
      ? { post: await this.forum.createPost(author, row.threadId, { body: row.body, clientId: row.clientId, replyToId: row.replyToId ?? undefined, fileIds: row.fileIds }, { limited: false }) }
      : { thread: await this.forum.createThread(author, row.networkId, { title: row.title!, body: row.body, tags: row.tags, categoryId: row.categoryId ?? undefined, clientId: row.clientId, fileIds: row.fileIds }, { limited: false }) };
    const postId = 'post' in result ? result.post.id : null;
    await this.held.transaction(async (manager) => {
      if (await this.held.decide(id, { status: 'approved', by: viewer.user.id, reason: null, postId }, manager)) {
        await this.audit.record({ actorId: viewer.user.id, action: 'post.approved', targetType: 'held-post', targetId: id, networkId: row.networkId, details: { postId } }, manager);
      }
    });
    await this.tell(row.authorId, 'Your post was approved and is now published', null, 'post' in result ? `/threads/${row.threadId}?seq=${result.post.seq}` : `/threads/${result.thread.id}`);
    return result;
  }

  async reject(viewer: Viewer, id: string, reason: string | null): Promise<HeldPost> {
    const row = await this.decidable(viewer, id);
    await this.held.transaction(async (manager) => {
      if (!(await this.held.decide(id, { status: 'rejected', by: viewer.user.id, reason, postId: null }, manager))) throw new ConflictException('This post was already decided');
      await this.audit.record({ actorId: viewer.user.id, action: 'post.rejected', targetType: 'held-post', targetId: id, networkId: row.networkId, reason }, manager);
    });
    await this.tell(row.authorId, 'A moderator did not publish your post', reason, null);
    return toHeldPost((await this.held.find(id))!);
  }

  private async tell(userId: string, title: string, body: string | null, link: string | null): Promise<void> {
    await this.notifications.notify(userId, { kind: 'moderation.outcome', title, body, link, target: null }).catch(() => undefined);
  }
}
