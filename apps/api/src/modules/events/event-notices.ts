import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../mail/mail.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { buildCalendar } from './ics.js';
import { EventsRepository } from './events.repository.js';
import type { EventRow, RegistrationStatus } from './events.types.js';

const WHAT: Partial<Record<RegistrationStatus, string>> = {
  registered: 'You are registered',
  waitlisted: 'You are on the waiting list',
  pending: 'Your registration awaits the host’s approval',
  rejected: 'Your registration was declined',
  cancelled: 'Your registration is cancelled',
};

/** Confirmations and reminders by email (with the .ics) and in the app (E2, E5). */
@Injectable()
export class EventNotices {
  private readonly logger = new Logger('EventNotices');

  constructor(
    private readonly events: EventsRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
  ) {}

  private when(event: EventRow): string {
    const format = new Intl.DateTimeFormat('en-GB', { timeZone: event.timeZone, dateStyle: 'full', timeStyle: 'short' });
    return `${format.format(new Date(event.startsAt))} (${event.timeZone})`;
  }

  private ics(event: EventRow) {
    return { filename: 'event.ics', content: buildCalendar([{ ...event, url: this.mail.link(`/events/${event.id}`) }], event.title), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
  }

  /** After a registration changed; failures are logged, never undo the committed change. */
  async registrationChanged(event: EventRow, userId: string, status: RegistrationStatus, position?: number, options: { promoted?: boolean } = {}): Promise<void> {
    const title = WHAT[status];
    if (!title) return;
    try {
      const user = await this.events.userContact(userId);
      if (!user) return;
      const link = `/events/${event.id}`;
      const detail = status === 'waitlisted' && position ? ` Your place on the waiting list: ${position}.` : options.promoted ? ' A place freed up and you moved up from the waiting list.' : '';
      // Delivered only if the member may still read the event (EventsPolicy, through the event target rule).
      await this.notifications.notify(userId, {
        kind: 'event.registration',
        title: `${title}: ${event.title}`,
        body: `${this.when(event)}.${detail}`,
        link,
        data: { eventId: event.id, status, ...(options.promoted ? { promoted: true } : {}) },
        target: { type: 'event', id: event.id },
        email: {
          text: `${title} for “${event.title}”, ${this.when(event)}.${detail}` +
            (status === 'registered' ? '\n\nThe calendar entry is attached. The meeting link appears on the event page 30 minutes before the start.' : ''),
          attachments: status === 'registered' ? [this.ics(event)] : undefined,
        },
      });
    } catch (error) {
      this.logger.error({ msg: 'registration notice failed', eventId: event.id, userId, err: error });
    }
  }

  /** A host invited the member (invite mode): in the app and by email; failures are logged only. */
  async invited(event: EventRow, userId: string): Promise<void> {
    try {
      const user = await this.events.userContact(userId);
      if (!user || user.status !== 'active') return;
      const link = `/events/${event.id}`;
      const title = `You are invited: ${event.title}`;
      // Delivered only if the member may read the event (EventsPolicy, through the event target rule).
      await this.notifications.notify(userId, {
        kind: 'event.invited',
        title,
        body: `${this.when(event)}. Register on the event page to take your place.`,
        link,
        data: { eventId: event.id },
        target: { type: 'event', id: event.id },
        email: { text: `You are invited to “${event.title}”, ${this.when(event)}.\nRegister on the event page to take your place.` },
      });
    } catch (error) {
      this.logger.error({ msg: 'invitation notice failed', eventId: event.id, userId, err: error });
    }
  }

  /**
   * Sends one reminder, in the app and by email unless the member chose otherwise; throws when the
   * email fails (before anything is stored) so that the claim rolls back and is retried. Someone
   * who may no longer read the event (removed from its network) gets neither mail nor notification.
   */
  async reminder(event: EventRow, userId: string, kind: 'day' | 'quarter', mayRead: (userId: string) => Promise<boolean>): Promise<void> {
    const user = await this.events.userContact(userId);
    if (!user || user.status !== 'active' || !(await mayRead(userId))) return;
    const soon = kind === 'day' ? 'tomorrow' : 'in 15 minutes';
    const link = `/events/${event.id}`;
    await this.notifications.notify(
      userId,
      {
        kind: 'event.reminder',
        title: `${event.title} starts ${soon}`,
        body: this.when(event),
        link,
        data: { eventId: event.id, kind },
        target: { type: 'event', id: event.id },
        email: {
          subject: `Reminder: ${event.title} starts ${soon}`,
          text: `“${event.title}” starts ${soon}: ${this.when(event)}.`,
          attachments: [this.ics(event)],
          idempotencyKey: `reminder:${event.id}:${userId}:${kind}`,
        },
      },
      // A process killed after mailing and storing, before its claim committed, leaves the reminder to
      // another pass: that repeat writes no second mail (same key) and stores no second notification.
      { strict: true, once: true },
    );
  }
}
