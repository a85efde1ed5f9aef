import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import type { EventRow, EventVisibility, RegistrationView } from './events.types.js';

/** The meeting link opens this long before the start (E6). */
export const MEETING_LINK_LEAD_MS = 30 * 60 * 1000;

/**
 * Who may see, host and take part in an event (E1, E2, E6). Every door (REST, socket rooms, file
 * downloads, the calendar feed, notifications) asks here.
 *
 * Network standing is never read here: NetworksPolicy answers it, so there is one networks rule.
 * Hosts of a network event are those who moderate the network, of a hub-wide event the admins.
 */
@Injectable()
export class EventsPolicy {
  constructor(private readonly networks: NetworksPolicy) {}

  /** Whether the viewer (or a visitor, null) may see that the event exists. */
  async mayRead(viewer: Viewer | null, event: EventRow): Promise<boolean> {
    if (event.visibility === 'public') return true;
    if (!viewer || viewer.user.status !== 'active') return false;
    if (viewer.user.isAdmin) return true;
    if (event.visibility === 'members') return true;
    return event.networkId !== null && this.networks.canReadNetwork(viewer.user.id, event.networkId);
  }

  /**
   * S2: mayRead as a scope for SQL (search, listings): the visibilities the viewer reads everywhere,
   * and the networks whose network-only events they read. The same rule as mayRead, once per request.
   */
  async readableScope(viewer: Viewer | null): Promise<{ visibilities: EventVisibility[]; networkIds: string[] }> {
    if (!viewer || viewer.user.status !== 'active') return { visibilities: ['public'], networkIds: [] };
    if (viewer.user.isAdmin) return { visibilities: ['public', 'members', 'network'], networkIds: [] };
    return { visibilities: ['public', 'members'], networkIds: (await this.networks.networkScope(viewer.user.id)).readable };
  }

  /** Whether the host network's name may be shown with the event (a public event must not reveal a hidden network). */
  mayShowNetwork(viewer: Viewer | null, networkId: string): Promise<boolean> {
    return this.networks.canSeeNetwork(viewer?.user.id ?? null, networkId);
  }

  /** Whether the viewer may see everything of a readable event, beyond the public listing. */
  isMember(viewer: Viewer | null): viewer is Viewer {
    return viewer !== null && viewer.user.status === 'active';
  }

  async mayCreateIn(viewer: Viewer, networkId: string | null): Promise<boolean> {
    if (viewer.user.isAdmin) return true;
    if (!networkId) return false;
    return this.networks.canModerateNetwork(viewer.user.id, networkId);
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
