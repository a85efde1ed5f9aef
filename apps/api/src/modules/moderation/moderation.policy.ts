import { Injectable } from '@nestjs/common';
import type { ReportTargetType } from '@praxis/contracts';
import type { Viewer } from '../auth/auth.decorators.js';
import { EventsService } from '../events/events.service.js';
import { LibraryPolicy } from '../library/library.policy.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import { UsersPolicy } from '../users/users.policy.js';
import type { TargetRow } from './reports.repository.js';

/**
 * Who may report what, and who handles which reports (M1). Reporting asks the target's own
 * policy (a member reports only what they may read); a network's reports are for its moderators
 * and owners, hub-wide ones (members, hub-wide resources and events) for admins; only admins act
 * on what an admin wrote or on an admin's account.
 */
@Injectable()
export class ModerationPolicy {
  constructor(
    private readonly networks: NetworksPolicy,
    private readonly library: LibraryPolicy,
    private readonly events: EventsService,
    private readonly users: UsersPolicy,
  ) {}

  async mayReport(viewer: Viewer, target: TargetRow): Promise<boolean> {
    if (viewer.user.status !== 'active' || target.removed) return false;
    const readers: Record<ReportTargetType, () => Promise<boolean>> = {
      post: () => this.networks.canReadPost(viewer.user.id, target.id),
      thread: () => this.networks.canReadThread(viewer.user.id, target.id),
      resource: () => this.library.mayRead(viewer, { networkId: target.networkId, deletedAt: target.deletedAt }),
      event: () => this.events.mayReadEvent(viewer.user.id, target.id),
      user: async () => target.id !== viewer.user.id && this.users.mayViewProfile(viewer, { id: target.id, status: 'active' }),
    };
    return readers[target.type]();
  }

  /** Reading and resolving the reports of a network (null: the hub-wide queue). */
  async mayHandle(viewer: Viewer, networkId: string | null): Promise<boolean> {
    if (viewer.user.status !== 'active') return false;
    if (viewer.user.isAdmin) return true;
    return networkId !== null && this.networks.canModerateNetwork(viewer.user.id, networkId);
  }

  /** Only admins act against an admin (their content or their account); dismissing is always allowed. */
  mayActAgainst(viewer: Viewer, target: TargetRow): boolean {
    return viewer.user.isAdmin || !target.authorIsAdmin;
  }
}
