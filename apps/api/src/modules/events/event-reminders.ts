import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { EventNotices } from './event-notices.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/**
 * Reminders a day and a quarter of an hour before the start (E5). Every API process polls; the
 * database decides who sends what (a claim row per event, member and reminder inserted in the
 * sending transaction), so each reminder goes out once whatever the number of processes. The timer
 * is only the trigger: a process that was down catches up on its next pass.
 */
@Injectable()
export class EventReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventReminders');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly events: EventsRepository,
    private readonly notices: EventNotices,
    private readonly access: EventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    const interval = this.config.eventReminderIntervalMs;
    if (interval > 0) {
      this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.error({ msg: 'reminder pass failed', err })), interval);
      this.timer.unref();
    }
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; answers how many reminders this process sent. Overlapping calls share the pass. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    let sent = 0;
    for (const due of await this.events.dueReminders()) {
      try {
        const claimed = await this.events.transaction(async (manager) => {
          if (!(await this.events.claimReminder(due.eventId, due.userId, due.kind, manager))) return false;
          const event = await this.events.findById(due.eventId, manager);
          if (event) await this.notices.reminder(event, due.userId, due.kind, (userId) => this.access.mayReadEvent(userId, event.id));
          return true;
        });
        if (claimed) sent += 1;
      } catch (error) {
        this.logger.error({ msg: 'reminder failed; retried on the next pass', ...due, err: error });
      }
    }
    return sent;
  }
}
