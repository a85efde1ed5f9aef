import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DigestFrequency } from '@praxis/contracts';
import { plainExcerpt } from '../../common/markdown.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { NotificationMail, type DigestGroup } from './mail/notification-mail.js';
import { NotificationPreferencesRepository, type DigestCandidate, type DigestEntryRow } from './notification-preferences.repository.js';
import { digestKinds } from './notification-preferences.service.js';
import { NotificationsService } from './notifications.service.js';

/** Digests go out from this local hour on, in the member's time zone. */
const SEND_HOUR = 7;
const ITEMS_PER_GROUP = 10;
const MAX_ENTRIES = 500;
const DAY_MS = 86_400_000;

/**
 * The member's current digest period in their time zone: a daily one starts at 07:00 each day, a
 * weekly one at 07:00 on Mondays. Answers a key such as `daily:2026-12-03` or `weekly:2026-W49`.
 */
export function digestPeriod(now: Date, timeZone: string | null, frequency: Exclude<DigestFrequency, 'off'>): string {
  const shifted = new Date(now.getTime() - SEND_HOUR * 3_600_000);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(shifted);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(shifted);
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day] = [part('year'), part('month'), part('day')];
  if (frequency === 'daily') return `daily:${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // ISO week of the local date: the week's Thursday decides its year.
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const isoYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS + 1) / 7);
  return `weekly:${isoYear}-W${String(week).padStart(2, '0')}`;
}

/**
 * Digest emails (O2): for each member with a digest, once per period, the notifications of the
 * kinds they chose to get in the digest (by default new posts in followed threads) since their last
 * digest, grouped by thread, still readable, and never a post deleted or hidden since. Every API
 * process polls; a claim row per member and period decides who sends, so each digest goes out once
 * whatever the number of processes; nothing is sent when there is nothing new.
 */
@Injectable()
export class NotificationDigests implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDigests');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly preferences: NotificationPreferencesRepository,
    private readonly notifications: NotificationsService,
    private readonly mail: NotificationMail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    const interval = this.config.digestIntervalMs;
    if (interval > 0) {
      this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.error({ msg: 'digest pass failed', err })), interval);
      this.timer.unref();
    }
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; answers how many digests this process sent. Overlapping calls share the pass. */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= this.pass(now).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: Date): Promise<number> {
    let sent = 0;
    for (const candidate of await this.preferences.digestCandidates(now, 1000)) {
      try {
        if (await this.digestFor(candidate, now)) sent += 1;
      } catch (error) {
        this.logger.error({ msg: 'digest failed; retried on the next pass', userId: candidate.id, err: error });
      }
    }
    return sent;
  }

  private digestFor(member: DigestCandidate, now: Date): Promise<boolean> {
    const frequency = member.digest as Exclude<DigestFrequency, 'off'>;
    const period = digestPeriod(now, member.timeZone, frequency);
    const from = member.lastUntil ? new Date(member.lastUntil) : new Date(now.getTime() - (frequency === 'weekly' ? 7 : 1) * DAY_MS);
    return this.preferences.transaction(async (manager) => {
      if (!(await this.preferences.claimDigest(manager, member.id, period, from, now))) return false;
      const kinds = digestKinds(member);
      const entries = kinds.length ? await this.preferences.digestEntries(manager, member.id, kinds, from, now, MAX_ENTRIES) : [];
      const canRead = this.notifications.reader(member.id);
      const shown: DigestEntryRow[] = [];
      for (const entry of entries) {
        if (entry.postGone) continue;
        if (await canRead(entry.targetType && entry.targetId ? { type: entry.targetType as 'thread', id: entry.targetId } : null)) shown.push(entry);
      }
      await this.preferences.recordDigest(manager, member.id, period, shown.length);
      if (!shown.length) return false;
      // Keyed by member and period: a repeat after a crash before the claim committed is the same message.
      await this.mail.digest(member, frequency, groups(shown), shown.length, `digest:${member.id}:${period}`);
      return true;
    });
  }
}

/** Entries grouped by thread in order of first appearance; other kinds go together at the end. */
function groups(entries: DigestEntryRow[]): DigestGroup[] {
  const byThread = new Map<string, DigestGroup>();
  const other: DigestGroup = { title: null, link: null, items: [], more: 0 };
  for (const e of entries) {
    const thread = e.targetType === 'thread' && e.targetId ? e.targetId : null;
    let group = other;
    if (thread) {
      group = byThread.get(thread) ?? { title: e.threadTitle, link: `/threads/${thread}`, items: [], more: 0 };
      byThread.set(thread, group);
    }
    if (group.items.length === ITEMS_PER_GROUP) {
      group.more += 1;
      continue;
    }
    const text = e.postExcerpt !== null ? plainExcerpt(e.postExcerpt, 200) : [e.title, e.body].filter(Boolean).join(': ');
    group.items.push({ author: e.postExcerpt !== null ? e.author : null, text, link: e.link });
  }
  return [...byThread.values(), ...(other.items.length ? [other] : [])];
}
