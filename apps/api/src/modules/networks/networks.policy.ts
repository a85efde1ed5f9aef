import { Injectable } from '@nestjs/common';
import type { MembershipStatus, NetworkRole, NetworkVisibility } from '@praxis/contracts';
import { NetworksRepository } from './networks.repository.js';

export interface PolicyViewer {
  id: string;
  isAdmin: boolean;
  /** Platform status: only active members take part in networks. */
  status: string;
}
export interface PolicyNetwork {
  visibility: NetworkVisibility;
}
export interface PolicyMembership {
  role: NetworkRole;
  status: MembershipStatus;
  mutedUntil: Date | null;
}

const active = (m: PolicyMembership | null) => m?.status === 'active';

/**
 * The one answer to "what may this person do in this network" (N1, N4, F1, F7). REST routes, socket
 * rooms (through the RoomAuthorizer) and later search and files all ask these functions.
 * Platform admins may read and moderate everything.
 */
export const networkRules = {
  /** Creating networks (N2): platform admins; active members too when the hub settings allow it (D2). */
  canCreateNetwork(viewer: Pick<PolicyViewer, 'isAdmin' | 'status'>, allowMemberNetworks: boolean): boolean {
    if (viewer.isAdmin) return true;
    return allowMemberNetworks && viewer.status === 'active';
  },
  /**
   * Listing and metadata: visitors (and accounts without active access) see open networks only
   * (SPEC roles: "the names and summaries of open networks"); members also see restricted ones;
   * hidden networks exist only for their members (and invitees).
   */
  canSee(viewer: PolicyViewer | null, network: PolicyNetwork, m: PolicyMembership | null): boolean {
    if (viewer?.isAdmin) return true;
    if (!viewer || viewer.status !== 'active') return network.visibility === 'open';
    if (network.visibility !== 'hidden') return true;
    return m?.status === 'active' || m?.status === 'invited';
  },
  /** Content: open networks for every active member not banned there; others for their members. */
  canRead(viewer: PolicyViewer | null, network: PolicyNetwork, m: PolicyMembership | null): boolean {
    if (!viewer || viewer.status !== 'active') return false;
    if (viewer.isAdmin) return true;
    if (m?.status === 'banned') return false;
    return network.visibility === 'open' || active(m);
  },
  canModerate(viewer: PolicyViewer | null, _network: PolicyNetwork, m: PolicyMembership | null): boolean {
    if (!viewer || viewer.status !== 'active') return false;
    return viewer.isAdmin || (active(m) && (m?.role === 'owner' || m?.role === 'moderator'));
  },
  canOwn(viewer: PolicyViewer | null, _network: PolicyNetwork, m: PolicyMembership | null): boolean {
    if (!viewer || viewer.status !== 'active') return false;
    return viewer.isAdmin || (active(m) && m?.role === 'owner');
  },
  /** Starting threads and replying: active members who are not muted (admins always). */
  canPost(viewer: PolicyViewer | null, network: PolicyNetwork, m: PolicyMembership | null, now = new Date()): boolean {
    if (!networkRules.canRead(viewer, network, m)) return false;
    if (viewer?.isAdmin) return true;
    return active(m) && !(m?.mutedUntil && m.mutedUntil > now);
  },
  /** Open networks: any member invites; restricted and hidden: moderators. */
  canInvite(viewer: PolicyViewer | null, network: PolicyNetwork, m: PolicyMembership | null): boolean {
    if (network.visibility === 'open') return networkRules.canRead(viewer, network, m) && (viewer?.isAdmin || active(m));
    return networkRules.canModerate(viewer, network, m);
  },
  /** Outsiders of restricted and hidden networks get 404 for content, not 403: nothing is confirmed. */
  hidesContentFrom(viewer: PolicyViewer | null, network: PolicyNetwork, m: PolicyMembership | null): boolean {
    return network.visibility !== 'open' && !networkRules.canRead(viewer, network, m);
  },
  /** Rank for acting on people: owners > moderators > members; admins act on anyone. */
  outranks(actor: PolicyViewer, actorM: PolicyMembership | null, target: PolicyMembership | null): boolean {
    if (actor.isAdmin) return true;
    const rank = (m: PolicyMembership | null) => (m?.status !== 'active' ? 0 : m.role === 'owner' ? 3 : m.role === 'moderator' ? 2 : 1);
    return rank(actorM) >= 2 && rank(actorM) > rank(target);
  },
  /**
   * M2: whether a new post (or thread) waits for approval: the network holds the first `posts`
   * posts of members who joined less than `days` ago; moderators and admins are never held.
   */
  mustHold(setting: { posts: number; days: number }, joinedAt: Date | null, published: number, moderator: boolean, now = new Date()): boolean {
    if (moderator || setting.posts === 0) return false;
    const newcomer = joinedAt === null || now.getTime() - joinedAt.getTime() < setting.days * 86_400_000;
    return newcomer && published < setting.posts;
  },
  /** Thread-level: replies refused when locked (everyone) or closed (all but moderators). */
  canReply(canPost: boolean, canModerate: boolean, thread: { locked: boolean; closed: boolean }): boolean {
    if (!canPost || thread.locked) return false;
    return !thread.closed || canModerate;
  },
};

/**
 * The policy as a service for other doors (socket rooms, files, search): each method reads what it
 * needs from the database and answers a plain boolean.
 */
@Injectable()
export class NetworksPolicy {
  constructor(private readonly networks: NetworksRepository) {}

  async canReadNetwork(userId: string, networkId: string): Promise<boolean> {
    const ctx = await this.networks.accessContext(userId, networkId);
    return ctx !== null && networkRules.canRead(ctx.viewer, ctx.network, ctx.membership);
  }

  /** Whether the network's existence and name may be shown (hidden networks: to members and invitees); null is a visitor. */
  async canSeeNetwork(userId: string | null, networkId: string): Promise<boolean> {
    if (userId === null) {
      const network = await this.networks.find(networkId);
      return network !== null && networkRules.canSee(null, network, null);
    }
    const ctx = await this.networks.accessContext(userId, networkId);
    return ctx !== null && networkRules.canSee(ctx.viewer, ctx.network, ctx.membership);
  }

  /**
   * S2: the networks whose content the user may read and those whose existence they may see, by the
   * same rules as every other door, for search and listings to filter in SQL (`network_id = ANY(...)`).
   * A visitor (null) reads none and sees the open networks.
   */
  async networkScope(userId: string | null): Promise<{ readable: string[]; visible: string[] }> {
    if (userId === null) return { readable: [], visible: await this.networks.openIds() };
    const all = await this.networks.allContexts(userId);
    if (!all) return { readable: [], visible: [] };
    return {
      readable: all.networks.filter((n) => networkRules.canRead(all.viewer, n.network, n.membership)).map((n) => n.id),
      visible: all.networks.filter((n) => networkRules.canSee(all.viewer, n.network, n.membership)).map((n) => n.id),
    };
  }

  async canReadThread(userId: string, threadId: string): Promise<boolean> {
    const ctx = await this.networks.accessContextOfThread(userId, threadId);
    return ctx !== null && networkRules.canRead(ctx.viewer, ctx.network, ctx.membership);
  }

  async canModerateNetwork(userId: string, networkId: string): Promise<boolean> {
    const ctx = await this.networks.accessContext(userId, networkId);
    return ctx !== null && networkRules.canModerate(ctx.viewer, ctx.network, ctx.membership);
  }

  /** Read, post and moderate at once, for features that decide on all three (the library). */
  async standing(userId: string, networkId: string): Promise<{ read: boolean; post: boolean; moderate: boolean }> {
    const ctx = await this.networks.accessContext(userId, networkId);
    if (!ctx) return { read: false, post: false, moderate: false };
    return {
      read: networkRules.canRead(ctx.viewer, ctx.network, ctx.membership),
      post: networkRules.canPost(ctx.viewer, ctx.network, ctx.membership),
      moderate: networkRules.canModerate(ctx.viewer, ctx.network, ctx.membership),
    };
  }

  async canReadPost(userId: string, postId: string): Promise<boolean> {
    const networkId = await this.networks.networkOfPost(postId);
    return networkId !== null && this.canReadNetwork(userId, networkId);
  }

  /**
   * F9: a post's attachments are readable by whoever may read the post's thread where it is now;
   * once the post is deleted, like its body, only by those who moderate that network.
   */
  async canReadPostFiles(userId: string, postId: string): Promise<boolean> {
    const place = await this.networks.postPlace(postId);
    if (!place) return false;
    const ctx = await this.networks.accessContext(userId, place.networkId);
    if (!ctx || !networkRules.canRead(ctx.viewer, ctx.network, ctx.membership)) return false;
    return !place.deleted || networkRules.canModerate(ctx.viewer, ctx.network, ctx.membership);
  }
}
