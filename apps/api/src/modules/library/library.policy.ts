import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import type { LibraryPlace, LibraryStanding, ResourceRow } from './library.types.js';

/**
 * Who may read, add, edit and curate resources (K1, K4). REST, file downloads, the network home,
 * collections and search all ask here. A resource in a network is read by whoever reads that
 * network's content (NetworksPolicy answers it: there is one networks rule); a hub-wide resource
 * by every active member. Deleted resources are read by no one.
 */
@Injectable()
export class LibraryPolicy {
  constructor(private readonly networks: NetworksPolicy) {}

  /** The viewer's standing in one library: a network's (members add, or only moderators if it says so) or the hub's (admins add). */
  async standing(viewer: Viewer | null, place: LibraryPlace): Promise<LibraryStanding> {
    if (!viewer || viewer.user.status !== 'active') return { read: false, add: false, moderate: false };
    if (place.networkId === null) return { read: true, add: viewer.user.isAdmin, moderate: viewer.user.isAdmin };
    const s = await this.networks.standing(viewer.user.id, place.networkId);
    return { read: s.read, add: s.post && (place.contributors === 'members' || s.moderate), moderate: s.moderate };
  }

  async mayRead(viewer: Viewer | null, resource: Pick<ResourceRow, 'networkId' | 'deletedAt'>): Promise<boolean> {
    if (resource.deletedAt !== null) return false;
    return (await this.standing(viewer, { networkId: resource.networkId, contributors: 'members' })).read;
  }

  /** Edit and delete: the author while they may still add there, and the place's moderators. */
  async permissions(viewer: Viewer | null, resource: ResourceRow, place: LibraryPlace): Promise<{ read: boolean; edit: boolean; delete: boolean; feature: boolean }> {
    if (resource.deletedAt !== null) return { read: false, edit: false, delete: false, feature: false };
    const s = await this.standing(viewer, place);
    const own = viewer !== null && resource.createdBy === viewer.user.id && s.add;
    const edit = s.read && (own || s.moderate);
    return { read: s.read, edit, delete: edit, feature: s.read && s.moderate && resource.networkId !== null };
  }

  /**
   * S2 and listings: the places whose resources the viewer may read, for SQL to filter on before
   * the page is cut: hub-wide resources for active members, and the networks they may read.
   */
  async readableScope(viewer: Viewer | null): Promise<{ hub: boolean; networkIds: string[] }> {
    if (!viewer || viewer.user.status !== 'active') return { hub: false, networkIds: [] };
    return { hub: true, networkIds: (await this.networks.networkScope(viewer.user.id)).readable };
  }
}
