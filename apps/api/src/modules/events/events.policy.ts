import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import { EventsRepository } from './events.repository.js';
import type { EventRow, RegistrationView } from './events.types.js';

/** The meeting link opens this long before the start (E6). */
export const MEETING_LINK_LEAD_MS = 30 * 60 * 1000;

/**
 * Who may see, host and take part in an event (E1, E2, E6). Every door (REST, socket rooms, file
 * downloads, the calendar feed) asks here.
 *
 * Network standing is read from the networks feature's memberships; hosts of a network event are
 * its owners and moderators, of a hub-wide event the admins.
 */
@Injectable()
export class EventsPolicy {
  constructor(private readonly events: EventsRepository) {}

  /**
   * The same rules as the networks feature (networkRules in modules/networks): content of an open
   * network is readable by every active member not banned there, of other networks by its active
   * members; active owners and moderators moderate. When NetworksPolicy is committed, these two
   * answers can come from its canReadNetwork / canModerateNetwork.
   */
  private async canReadNetwork(networkId: string, userId: string): Promise<boolean> {
    const access = await this.events.networkAccess(networkId, userId);
    if (access.visibility === null || access.status === 'banned') return false;
    return access.visibility === 'open' || access.status === 'active';
  }

  private async canModerateNetwork(networkId: string, userId: string): Promise<boolean> {
    const access = await this.events.networkAccess(networkId, userId);
    return access.status === 'active' && (access.role === 'owner' || access.role === 'moderator');
  }

  /** Whether the viewer (or a visitor, null) may see that the event exists. */
  async mayRead(viewer: Viewer | null, event: EventRow): Promise<boolean> {
    if (event.visibility === 'public') return true;
    if (!viewer || viewer.user.status !== 'active') return false;
    if (viewer.user.isAdmin) return true;
    if (event.visibility === 'members') return true;
    return event.networkId !== null && this.canReadNetwork(event.networkId, viewer.user.id);
  }

  /** Whether the viewer may see everything of a readable event, beyond the public listing. */
  isMember(viewer: Viewer | null): viewer is Viewer {
    return viewer !== null && viewer.user.status === 'active';
  }

  async mayCreateIn(viewer: Viewer, networkId: string | null): Promise<boolean> {
    if (viewer.user.isAdmin) return true;
    if (!networkId) return false;
    return this.canModerateNetwork(networkId, viewer.user.id);
  }

  async mayHost(viewer: Viewer | null, event: EventRow): Promise<boolean> {
    if (!this.isMember(viewer)) return false;
    return this.mayCreateIn(viewer, event.networkId);
  }

  /** Chat, Q&A and the live room are for registered attendees and hosts. */
  mayTakePart(isHost: boolean, registration: RegistrationView | null): boolean {
    return isHost || registration?.status === 'registered';
  }

  /** E6: hosts always; registered attendees from 30 minutes before the start until the end. */
  mayReceiveMeetingLink(isHost: boolean, registration: RegistrationView | null, event: EventRow, now = new Date()): boolean {
    if (isHost) return true;
    if (registration?.status !== 'registered') return false;
    return now.getTime() >= new Date(event.startsAt).getTime() - MEETING_LINK_LEAD_MS && now.getTime() <= new Date(event.endsAt).getTime();
  }
}
