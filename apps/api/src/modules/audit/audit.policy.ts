import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';

/** Answers whether `viewer` may read the audit lines of one network (e.g. "is a moderator of it"). */
export type NetworkAuditReader = (viewer: Viewer, networkId: string) => boolean | Promise<boolean>;

/**
 * Who may read the audit log (M1): platform admins read all of it. Network moderators read their
 * own network's lines: the networks feature registers that rule through `allowNetworkReaders`
 * (from its module's onModuleInit), so the audit module never has to know what a network is.
 */
@Injectable()
export class AuditPolicy {
  private readonly networkReaders: NetworkAuditReader[] = [];

  /** Extension point for the networks feature (and any other feature that scopes lines by network). */
  allowNetworkReaders(reader: NetworkAuditReader): void {
    this.networkReaders.push(reader);
  }

  async mayRead(viewer: Viewer, scope: { networkId?: string }): Promise<boolean> {
    if (viewer.user.isAdmin) return true;
    // Without a network the request is for the whole log, which only admins may read.
    if (!scope.networkId) return false;
    for (const reader of this.networkReaders) {
      if (await reader(viewer, scope.networkId)) return true;
    }
    return false;
  }
}
