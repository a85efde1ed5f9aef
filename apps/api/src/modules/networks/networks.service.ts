import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  rooms,
  type JoinNetworkResponse,
  type MembershipStatus,
  type NetworkDetail,
  type NetworkMember,
  type NetworkRole,
  type NetworkSummary,
  type Page,
  type ThreadSummary,
} from '@praxis/contracts';
import { DomainEvents, type RoomEventPublished } from '../../common/domain-events.js';
import { plainExcerpt, renderMarkdown } from '../../common/markdown.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from '../audit/audit.service.js';
import { HubSettingsService } from '../hub-settings/hub-settings.service.js';
import { NotificationsService, type NewNotification } from '../notifications/notifications.service.js';
import { decodeIdCursor, pageOf } from '../users/cursor.js';
import { avatarUrl } from '../users/user.mapper.js';
import { networkRules, type PolicyMembership, type PolicyViewer } from './networks.policy.js';
import { NetworksRepository, type MemberRow, type NetworkRow, type Tx } from './networks.repository.js';
import { RoomLogRepository } from './room-log.repository.js';
import type { CreateNetworkDto, MemberListQueryDto, NetworkListQueryDto, UpdateNetworkDto } from './dto/networks.dto.js';

/** Sections of the network home that other features fill (forum: threads; later events, library). */
export interface NetworkHomeSections {
  pinnedThreads: ThreadSummary[];
  recentActivity: ThreadSummary[];
}
export type NetworkHomeProvider = (viewer: Viewer, networkId: string) => Promise<Partial<NetworkHomeSections>>;

const policyViewer = (viewer: Viewer | null): PolicyViewer | null =>
  viewer ? { id: viewer.user.id, isAdmin: viewer.user.isAdmin, status: viewer.user.status } : null;

function toSummary(row: NetworkRow, m: PolicyMembership | null): NetworkSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    visibility: row.visibility,
    tags: row.tags,
    memberCount: row.memberCount,
    membership: m ? { status: m.status, role: m.role } : null,
  };
}

function toMember(row: MemberRow): NetworkMember {
  return {
    user: { id: row.userId, handle: row.handle, displayName: row.displayName, organisation: row.organisation, avatarUrl: avatarUrl({ id: row.userId, avatarFileId: row.avatarFileId }) },
    role: row.role,
    status: row.status,
    joinedAt: (row.joinedAt ?? row.createdAt).toISOString(),
    mutedUntil: row.mutedUntil && row.mutedUntil > new Date() ? row.mutedUntil.toISOString() : null,
    message: row.message,
  };
}

function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'network'
  );
}

/** Networks and memberships (N1–N5). Every decision asks networkRules; writes are audited where they moderate. */
@Injectable()
export class NetworksService {
  private homeProvider: NetworkHomeProvider | null = null;

  constructor(
    private readonly networks: NetworksRepository,
    private readonly roomLog: RoomLogRepository,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
    private readonly notifications: NotificationsService,
    private readonly hubSettings: HubSettingsService,
  ) {}

  /** The forum registers how to fill pinned threads and recent activity (it depends on networks, not the reverse). */
  registerHomeProvider(provider: NetworkHomeProvider) {
    this.homeProvider = provider;
  }

  /** The network and the viewer's standing in it; 404 when the viewer may not even know it exists. */
  async context(viewer: Viewer | null, idOrSlug: string) {
    const found = await this.networks.findWithMembership(idOrSlug, viewer?.user.id ?? null);
    if (!found) throw new NotFoundException('Network not found');
    const { network, membership } = found;
    const who = policyViewer(viewer);
    if (!networkRules.canSee(who, network, membership)) throw new NotFoundException('Network not found');
    return { network, membership, who };
  }

  /** For content routes: 404 for outsiders of restricted and hidden networks, 403 for the banned of an open one. */
  async readable(viewer: Viewer, idOrSlug: string) {
    const ctx = await this.context(viewer, idOrSlug);
    if (networkRules.hidesContentFrom(ctx.who, ctx.network, ctx.membership)) throw new NotFoundException('Network not found');
    if (!networkRules.canRead(ctx.who, ctx.network, ctx.membership)) throw new ForbiddenException('You may not read this network');
    return ctx;
  }

  async moderated(viewer: Viewer, id: string) {
    const ctx = await this.readable(viewer, id);
    if (!networkRules.canModerate(ctx.who, ctx.network, ctx.membership)) throw new ForbiddenException('Only the moderators of this network may do this');
    return ctx;
  }

  async list(viewer: Viewer | null, query: NetworkListQueryDto): Promise<Page<NetworkSummary>> {
    const limit = query.limit ?? 50;
    const rows = await this.networks.list({
      viewerId: viewer?.user.status === 'active' ? viewer.user.id : null,
      isAdmin: viewer?.user.isAdmin ?? false,
      q: query.q || undefined,
      mine: Boolean(viewer && query.mine),
      afterId: decodeIdCursor(query.cursor),
      limit: limit + 1,
    });
    const memberships = viewer ? await this.networks.membershipsOf(viewer.user.id, rows.map((r) => r.id)) : new Map<string, PolicyMembership>();
    return pageOf(rows, limit, (r) => toSummary(r, memberships.get(r.id) ?? null), (r) => [r.id]);
  }

  async create(viewer: Viewer, input: CreateNetworkDto): Promise<NetworkDetail> {
    const { membersMayCreateNetworks } = await this.hubSettings.current();
    if (!networkRules.canCreateNetwork(viewer.user, membersMayCreateNetworks)) throw new ForbiddenException('Only platform administrators create networks');
    let slug = input.slug ?? slugify(input.name);
    if (input.slug) {
      if (await this.networks.slugTaken(slug)) throw new ConflictException('This slug is already used by another network');
    } else {
      for (let n = 2; await this.networks.slugTaken(slug); n++) slug = `${slugify(input.name)}-${n}`;
    }
    const id = await this.networks.transaction(async (tx) => {
      const created = await this.networks.insert(
        {
          slug,
          name: input.name,
          summary: input.summary ?? plainExcerpt(input.description),
          description: input.description,
          visibility: input.visibility,
          tags: input.tags ?? [],
          libraryContributors: input.libraryContributors ?? 'members',
          createdBy: viewer.user.id,
        },
        tx,
      );
      await this.networks.upsertMembership(created, viewer.user.id, { status: 'active', role: 'owner' }, tx);
      await this.audit.record({ actorId: viewer.user.id, action: 'network.created', targetType: 'network', targetId: created, networkId: created }, tx);
      return created;
    });
    return this.get(viewer, id);
  }

  async update(viewer: Viewer, id: string, input: UpdateNetworkDto): Promise<NetworkDetail> {
    const { network, who, membership } = await this.readable(viewer, id);
    if (!networkRules.canOwn(who, network, membership)) throw new ForbiddenException('Only the owners of this network may change it');
    await this.networks.transaction(async (tx) => {
      const { premoderation, ...fields } = input;
      await this.networks.update(network.id, { ...fields, holdFirstPosts: premoderation?.posts, holdForDays: premoderation?.days, summary: input.summary ?? (input.description !== undefined ? plainExcerpt(input.description) : undefined) }, tx);
      await this.audit.record({ actorId: viewer.user.id, action: 'network.updated', targetType: 'network', targetId: network.id, networkId: network.id, details: { fields: Object.keys(input) } }, tx);
    });
    // R2: a change of visibility changes who may read the network, its threads and its events.
    if (input.visibility !== undefined && input.visibility !== network.visibility) {
      this.events.publish('rooms.access-changed', { rooms: await this.networks.roomsFollowing(network.id), then: [] });
    }
    return this.get(viewer, network.id);
  }

  async get(viewer: Viewer | null, idOrSlug: string): Promise<NetworkDetail> {
    const { network, membership, who } = await this.context(viewer, idOrSlug);
    const read = networkRules.canRead(who, network, membership);
    const sections = read && viewer && this.homeProvider ? await this.homeProvider(viewer, network.id) : {};
    const categories = read ? await this.networks.categories(network.id) : [];
    return {
      ...toSummary(network, membership),
      description: network.description,
      descriptionHtml: renderMarkdown(network.description),
      categories,
      createdAt: network.createdAt.toISOString(),
      permissions: {
        read,
        post: networkRules.canPost(who, network, membership),
        moderate: networkRules.canModerate(who, network, membership),
        own: networkRules.canOwn(who, network, membership),
        invite: networkRules.canInvite(who, network, membership),
      },
      pinnedThreads: sections.pinnedThreads ?? [],
      recentActivity: sections.recentActivity ?? [],
      libraryContributors: network.libraryContributors,
      premoderation: { posts: network.holdFirstPosts, days: network.holdForDays },
      mutedUntil: membership?.mutedUntil && membership.mutedUntil > new Date() ? membership.mutedUntil.toISOString() : null,
    };
  }

  async join(viewer: Viewer, id: string, message?: string): Promise<JoinNetworkResponse> {
    const { network } = await this.context(viewer, id);
    const status = await this.changeMembership(network.id, viewer.user.id, async (current, tx) => {
      if (current?.status === 'banned') throw new ForbiddenException('You are banned from this network');
      if (current?.status === 'active') return null;
      if (network.visibility === 'open' || current?.status === 'invited') {
        await this.networks.upsertMembership(network.id, viewer.user.id, { status: 'active' }, tx);
        return 'active';
      }
      if (network.visibility === 'hidden') throw new NotFoundException('Network not found');
      await this.networks.upsertMembership(network.id, viewer.user.id, { status: 'pending', message: message ?? null }, tx);
      return 'pending';
    });
    return { membership: { status: (status ?? 'active') as 'active' | 'pending' } };
  }

  async leave(viewer: Viewer, id: string): Promise<void> {
    const { network } = await this.context(viewer, id);
    await this.changeMembership(network.id, viewer.user.id, async (current, tx) => {
      if (!current || current.status === 'banned') throw new NotFoundException('You are not a member of this network');
      if (current.role === 'owner' && current.status === 'active' && (await this.networks.countOwners(network.id, tx)) <= 1) {
        throw new ConflictException('You are the only owner: make another member owner before leaving');
      }
      await this.networks.deleteMembership(network.id, viewer.user.id, tx);
      return null;
    });
  }

  async invite(viewer: Viewer, id: string, userId: string): Promise<NetworkMember> {
    const { network, who, membership } = await this.readable(viewer, id);
    if (!networkRules.canInvite(who, network, membership)) throw new ForbiddenException('You may not invite people to this network');
    if (!(await this.networks.activeUser(userId))) throw new NotFoundException('Member not found');
    await this.changeMembership(network.id, userId, async (current, tx) => {
      if (current?.status === 'active') throw new ConflictException('Already a member');
      if (current?.status === 'banned') throw new ConflictException('This person is banned from the network; lift the ban first');
      // A pending request that a moderator answers with an invitation is simply accepted.
      const status: MembershipStatus = current?.status === 'pending' && networkRules.canModerate(who, network, membership) ? 'active' : 'invited';
      await this.networks.upsertMembership(network.id, userId, { status, invitedBy: viewer.user.id }, tx);
      await this.audit.record({ actorId: viewer.user.id, action: 'network.member-invited', targetType: 'user', targetId: userId, networkId: network.id }, tx);
      return status;
    });
    await this.tell(userId, { kind: 'network.invited', title: `${viewer.user.displayName} invited you to ${network.name}`, link: `/networks/${network.slug}`, data: { networkId: network.id }, target: { type: 'membership', id: network.id } });
    return toMember((await this.networks.member(network.id, userId))!);
  }

  async members(viewer: Viewer, id: string, query: MemberListQueryDto): Promise<Page<NetworkMember>> {
    const { network, who, membership } = await this.readable(viewer, id);
    const status = query.status ?? 'active';
    if (status !== 'active' && !networkRules.canModerate(who, network, membership)) throw new ForbiddenException('Only moderators list people who are not active members');
    const limit = query.limit ?? 50;
    const rows = await this.networks.members(network.id, status, decodeIdCursor(query.cursor), limit + 1, query.q);
    return pageOf(rows, limit, toMember, (r) => [r.userId]);
  }

  joinRequests(viewer: Viewer, id: string, query: MemberListQueryDto): Promise<Page<NetworkMember>> {
    return this.moderated(viewer, id).then(() => this.members(viewer, id, { ...query, status: 'pending' }));
  }

  async decide(viewer: Viewer, id: string, userId: string, approve: boolean): Promise<NetworkMember | { userId: string; status: 'rejected' }> {
    const { network } = await this.moderated(viewer, id);
    await this.changeMembership(network.id, userId, async (current, tx) => {
      if (current?.status !== 'pending') throw new ConflictException('There is no pending request from this person');
      if (approve) await this.networks.upsertMembership(network.id, userId, { status: 'active' }, tx);
      else await this.networks.deleteMembership(network.id, userId, tx);
      await this.audit.record({ actorId: viewer.user.id, action: approve ? 'network.request-approved' : 'network.request-rejected', targetType: 'user', targetId: userId, networkId: network.id }, tx);
      return approve ? 'active' : null;
    });
    await this.tell(userId, {
      kind: approve ? 'network.request-approved' : 'network.request-rejected',
      title: approve ? `You are now a member of ${network.name}` : `Your request to join ${network.name} was declined`,
      link: `/networks/${network.slug}`,
      data: { networkId: network.id },
      // An approval opens the network; a refusal is about the applicant's own request.
      target: { type: approve ? 'network' : 'membership', id: network.id },
    });
    return approve ? toMember((await this.networks.member(network.id, userId))!) : { userId, status: 'rejected' };
  }

  async setRole(viewer: Viewer, id: string, userId: string, role: NetworkRole): Promise<NetworkMember> {
    const { network, who, membership } = await this.readable(viewer, id);
    if (!networkRules.canOwn(who, network, membership)) throw new ForbiddenException('Only the owners of this network appoint moderators and owners');
    await this.changeMembership(network.id, userId, async (current, tx) => {
      if (current?.status !== 'active') throw new NotFoundException('Not a member of this network');
      if (current.role === 'owner' && role !== 'owner' && (await this.networks.countOwners(network.id, tx)) <= 1) {
        throw new ConflictException('A network keeps at least one owner');
      }
      await this.networks.setRole(network.id, userId, role, tx);
      await this.audit.record({ actorId: viewer.user.id, action: 'network.role-changed', targetType: 'user', targetId: userId, networkId: network.id, details: { from: current.role, to: role } }, tx);
      return 'active';
    });
    return toMember((await this.networks.member(network.id, userId))!);
  }

  /** Removal, ban, mute and warning (N4): moderators act on people of lower rank in their network. */
  async moderate(viewer: Viewer, id: string, userId: string, action: 'remove' | 'ban' | 'unban' | 'mute' | 'warn', options: { reason?: string; minutes?: number } = {}) {
    const { network, who, membership } = await this.moderated(viewer, id);
    if (userId === viewer.user.id) throw new ConflictException('Moderators do not act on themselves; leave the network instead');
    let mutedUntil: Date | null = null;
    await this.changeMembership(network.id, userId, async (current, tx) => {
      if (!networkRules.outranks(who!, membership, current)) throw new ForbiddenException('You may not act on a member of equal or higher rank');
      if (action === 'ban') {
        if (current?.status === 'banned') return null;
        if (!(await this.networks.activeUser(userId))) throw new NotFoundException('Member not found');
        await this.networks.upsertMembership(network.id, userId, { status: 'banned', role: 'member' }, tx);
      } else if (action === 'unban') {
        if (current?.status !== 'banned') throw new ConflictException('This person is not banned');
        await this.networks.deleteMembership(network.id, userId, tx);
      } else {
        if (current?.status !== 'active') throw new NotFoundException('Not a member of this network');
        if (action === 'remove') await this.networks.deleteMembership(network.id, userId, tx);
        if (action === 'mute') {
          mutedUntil = options.minutes ? new Date(Date.now() + options.minutes * 60_000) : null;
          await this.networks.setMutedUntil(network.id, userId, mutedUntil, tx);
        }
      }
      await this.audit.record(
        { actorId: viewer.user.id, action: `network.member-${action === 'remove' ? 'removed' : action === 'ban' ? 'banned' : action === 'unban' ? 'unbanned' : action === 'mute' ? 'muted' : 'warned'}`, targetType: 'user', targetId: userId, networkId: network.id, reason: options.reason ?? null, details: action === 'mute' ? { minutes: options.minutes } : {} },
        tx,
      );
      return action === 'remove' || action === 'unban' ? null : action === 'ban' ? 'banned' : 'active';
    });
    const titles = {
      remove: `You were removed from ${network.name}`,
      ban: `You were banned from ${network.name}`,
      unban: `Your ban from ${network.name} was lifted`,
      mute: mutedUntil ? `You are muted in ${network.name} until ${(mutedUntil as Date).toISOString()}` : `You may post again in ${network.name}`,
      warn: `A moderator of ${network.name} warned you`,
    };
    await this.tell(userId, { kind: 'network.moderation', title: titles[action], body: options.reason ?? null, link: `/networks/${network.slug}`, data: { networkId: network.id, action }, target: { type: 'membership', id: network.id } });
    return { userId, action, mutedUntil: mutedUntil ? (mutedUntil as Date).toISOString() : null };
  }

  /**
   * Changes one membership under a row lock, then, after commit, tells the sockets to re-check
   * (network.access-changed) and the network room what changed (membership.updated with its seq).
   */
  private async changeMembership(
    networkId: string,
    userId: string,
    work: (current: PolicyMembership | null, tx: Tx) => Promise<MembershipStatus | null>,
  ): Promise<MembershipStatus | null> {
    let event: RoomEventPublished | null = null;
    let changed = false;
    const status = await this.networks.transaction(async (tx) => {
      const current = await this.networks.lockMembership(networkId, userId, tx);
      const next = await work(current, tx);
      const after = await this.networks.lockMembership(networkId, userId, tx);
      changed = current?.status !== after?.status || current?.role !== after?.role;
      if (changed) {
        const room = rooms.network(networkId);
        const payload = await this.roomLog.append(room, 'membership.updated', { userId, status: after?.status ?? 'none', role: after?.role ?? null }, tx);
        event = { room, event: 'membership.updated', payload };
      }
      return next;
    });
    if (changed) {
      this.events.publish('network.access-changed', { userId, networkId });
      if (event) this.events.publish('room.event', event);
    }
    return status;
  }

  private async tell(userId: string, n: NewNotification) {
    // A notification that fails must not undo or fail the committed change.
    await this.notifications.notify(userId, n).catch(() => undefined);
  }
}
