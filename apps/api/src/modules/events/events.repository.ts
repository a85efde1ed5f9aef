import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RoomLogRepository } from '../networks/room-log.repository.js';
import type { ChatRow, EventRow, EventSummaryRecord, QuestionRow, QuestionStatus, RegistrationStatus } from './events.types.js';

const EVENT_COLUMNS = `e.id, e.network_id AS "networkId", e.title, e.description, e.kind, e.starts_at AS "startsAt",
  e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.languages, e.agenda, e.speakers, e.capacity,
  e.registration_mode AS "registrationMode", e.meeting_url AS "meetingUrl", e.visibility,
  e.live_started_at AS "liveStartedAt", e.live_ended_at AS "liveEndedAt", e.recording_url AS "recordingUrl",
  e.follow_up AS "followUp", e.thread_id AS "threadId", e.summary, e.summary_post_id AS "summaryPostId", e.created_by AS "createdBy", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const QUESTION_COLUMNS = `q.id, q.event_id AS "eventId", q.author_id AS "authorId", u.display_name AS "authorName", q.body, q.status,
  (SELECT count(*)::int FROM event_question_votes v WHERE v.question_id = q.id) AS votes, q.created_at AS "createdAt"`;

/** Whether the viewer (parameter `$n`) voted for the question: for REST answers only, never for the whole room. */
const votedByMe = (param: number) =>
  `, EXISTS (SELECT 1 FROM event_question_votes mv WHERE mv.question_id = q.id AND mv.user_id = $${param}) AS "votedByMe"`;

/** Columns a caller may set on create or update, by property name. */
const WRITABLE: Record<string, string> = {
  networkId: 'network_id', title: 'title', description: 'description', kind: 'kind', startsAt: 'starts_at', endsAt: 'ends_at',
  timeZone: 'time_zone', languages: 'languages', agenda: 'agenda', speakers: 'speakers', capacity: 'capacity',
  registrationMode: 'registration_mode', meetingUrl: 'meeting_url', visibility: 'visibility', recordingUrl: 'recording_url',
  followUp: 'follow_up', threadId: 'thread_id',
};
const JSON_COLUMNS = new Set(['agenda', 'speakers', 'followUp']);

export interface EventFilter {
  from?: Date;
  to?: Date;
  networkId?: string;
  kind?: string;
}

@Injectable()
export class EventsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly roomLog: RoomLogRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async insert(values: Partial<EventRow>, createdBy: string, manager: EntityManager): Promise<EventRow> {
    const columns = ['created_by'];
    const params: unknown[] = [createdBy];
    for (const [key, column] of Object.entries(WRITABLE)) {
      const value = (values as Record<string, unknown>)[key];
      if (value === undefined) continue;
      columns.push(column);
      params.push(JSON_COLUMNS.has(key) ? JSON.stringify(value) : value);
    }
    const rows = (await manager.query(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      params,
    )) as { id: string }[];
    return (await this.findById(rows[0].id, manager))!;
  }

  async update(id: string, values: Partial<EventRow>, manager: EntityManager): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(WRITABLE)) {
      const value = (values as Record<string, unknown>)[key];
      if (value === undefined) continue;
      params.push(JSON_COLUMNS.has(key) && value !== null ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return;
    await manager.query(`UPDATE events SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  async findById(id: string, manager?: EntityManager): Promise<EventRow | null> {
    const rows = (await this.q(manager).query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1`, [id])) as EventRow[];
    return rows[0] ?? null;
  }

  /** Locks the event row: registrations, cancellations and approvals of one event run one at a time. */
  async lock(id: string, manager: EntityManager): Promise<EventRow | null> {
    const rows = (await manager.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 FOR UPDATE`, [id])) as EventRow[];
    return rows[0] ?? null;
  }

  /** One batch of the keyset-ordered list (start, then id), after the row `after` in that order. */
  async list(filter: EventFilter, page: { after?: [Date, string]; order: 'asc' | 'desc'; limit: number }): Promise<(EventRow & { networkName: string | null })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.from) add('e.ends_at >= ?', filter.from);
    if (filter.to) add('e.starts_at <= ?', filter.to);
    if (filter.networkId) add('e.network_id = ?', filter.networkId);
    if (filter.kind) add('e.kind = ?', filter.kind);
    const direction = page.order === 'desc' ? 'DESC' : 'ASC';
    if (page.after) {
      params.push(page.after[0], page.after[1]);
      where.push(`(e.starts_at, e.id) ${page.order === 'desc' ? '<' : '>'} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(page.limit);
    return (await this.db.query(
      `SELECT ${EVENT_COLUMNS}, n.name AS "networkName" FROM events e LEFT JOIN networks n ON n.id = e.network_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.starts_at ${direction}, e.id ${direction} LIMIT $${params.length}`,
      params,
    )) as (EventRow & { networkName: string | null })[];
  }

  /** The host network's name, or null when there is no such network. */
  async networkName(networkId: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT name FROM networks WHERE id = $1`, [networkId])) as { name: string }[];
    return rows[0]?.name ?? null;
  }

  // ---- registrations

  async registration(eventId: string, userId: string, manager?: EntityManager): Promise<{ status: RegistrationStatus; position?: number } | null> {
    const rows = (await this.q(manager).query(
      `SELECT r.status,
              CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)::int FROM event_registrations w
                 WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND (w.waitlisted_at, w.user_id) <= (r.waitlisted_at, r.user_id)) END AS position
         FROM event_registrations r WHERE r.event_id = $1 AND r.user_id = $2`,
      [eventId, userId],
    )) as { status: RegistrationStatus; position: number | null }[];
    if (!rows[0]) return null;
    return rows[0].position === null ? { status: rows[0].status } : { status: rows[0].status, position: rows[0].position };
  }

  async countByStatus(eventId: string, manager?: EntityManager): Promise<Record<RegistrationStatus, number>> {
    const rows = (await this.q(manager).query(
      `SELECT status, count(*)::int AS n FROM event_registrations WHERE event_id = $1 GROUP BY status`,
      [eventId],
    )) as { status: RegistrationStatus; n: number }[];
    const counts = { registered: 0, waitlisted: 0, pending: 0, invited: 0, rejected: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async setRegistration(eventId: string, userId: string, status: RegistrationStatus, manager: EntityManager): Promise<void> {
    // clock_timestamp(): registrations of one event are serialised by the event lock, so each
    // waiting-list entry gets a distinct, increasing time and the list keeps its order.
    await manager.query(
      `INSERT INTO event_registrations (event_id, user_id, status, waitlisted_at)
       VALUES ($1, $2, $3, CASE WHEN $3 = 'waitlisted' THEN clock_timestamp() END)
       ON CONFLICT (event_id, user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now(),
         waitlisted_at = CASE WHEN EXCLUDED.status = 'waitlisted' THEN coalesce(
           CASE WHEN event_registrations.status = 'waitlisted' THEN event_registrations.waitlisted_at END, clock_timestamp()) END`,
      [eventId, userId, status],
    );
  }

  /** The longest-waiting member, or null. */
  async firstWaitlisted(eventId: string, manager: EntityManager): Promise<string | null> {
    const rows = (await manager.query(
      `SELECT user_id AS "userId" FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted'
        ORDER BY waitlisted_at, user_id LIMIT 1`,
      [eventId],
    )) as { userId: string }[];
    return rows[0]?.userId ?? null;
  }

  async registrations(eventId: string): Promise<{ userId: string; displayName: string; email: string; organisation: string | null; status: RegistrationStatus; createdAt: Date }[]> {
    return (await this.db.query(
      `SELECT r.user_id AS "userId", u.display_name AS "displayName", u.email, u.organisation, r.status, r.created_at AS "createdAt"
         FROM event_registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1
        ORDER BY r.status, r.waitlisted_at NULLS FIRST, r.created_at`,
      [eventId],
    )) as never;
  }

  /** Registered events of a member (personal feed). */
  async registeredEvents(userId: string): Promise<EventRow[]> {
    return (await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e JOIN event_registrations r ON r.event_id = e.id AND r.user_id = $1 AND r.status = 'registered'
        WHERE e.ends_at > now() - interval '90 days' ORDER BY e.starts_at`,
      [userId],
    )) as EventRow[];
  }

  // ---- room events (R4): the one room log of the networks feature

  /** The next sequence number of `room`, stored with the event in the caller's transaction. */
  async appendRoomEvent(room: string, event: string, payload: Record<string, unknown>, manager: EntityManager): Promise<number> {
    return (await this.roomLog.append(room, event, payload, manager)).seq;
  }

  async roomEventsSince(room: string, after: number): Promise<{ seq: number; event: string; payload: Record<string, unknown> }[]> {
    const rows = (await this.db.query(
      `SELECT seq, event, payload FROM room_events WHERE room = $1 AND seq > $2 ORDER BY seq LIMIT 500`,
      [room, after],
    )) as { seq: string; event: string; payload: Record<string, unknown> }[];
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  // ---- live session

  async setLive(id: string, field: 'live_started_at' | 'live_ended_at', manager: EntityManager): Promise<boolean> {
    const condition = field === 'live_started_at' ? 'live_started_at IS NULL' : 'live_started_at IS NOT NULL AND live_ended_at IS NULL';
    const [, count] = (await manager.query(`UPDATE events SET ${field} = now(), updated_at = now() WHERE id = $1 AND ${condition}`, [id])) as [unknown, number];
    return count === 1;
  }

  /** E7: keeps the summary on the event, and the post it was published as. */
  async setSummary(id: string, summary: EventSummaryRecord, postId: string | null, threadId: string | null): Promise<void> {
    await this.db.query(
      `UPDATE events SET summary = $2, summary_post_id = $3, thread_id = coalesce($4, thread_id), updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(summary), postId, threadId],
    );
  }

  async join(eventId: string, userId: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO event_attendance (event_id, user_id) VALUES ($1, $2)
       ON CONFLICT (event_id, user_id) WHERE left_at IS NULL DO NOTHING RETURNING id`,
      [eventId, userId],
    )) as unknown[];
    return rows.length === 1;
  }

  async leave(eventId: string, userId: string | null, manager: EntityManager): Promise<number> {
    const [, count] = (await manager.query(
      `UPDATE event_attendance SET left_at = now() WHERE event_id = $1 AND left_at IS NULL AND ($2::uuid IS NULL OR user_id = $2)`,
      [eventId, userId],
    )) as [unknown, number];
    return count;
  }

  async attendeeCount(eventId: string, manager?: EntityManager): Promise<number> {
    const rows = (await this.q(manager).query(
      `SELECT count(*)::int AS n FROM event_attendance WHERE event_id = $1 AND left_at IS NULL`,
      [eventId],
    )) as { n: number }[];
    return rows[0].n;
  }

  /** Distinct members who joined at all, kept after the session (E7). */
  async attendedCount(eventId: string): Promise<number> {
    const rows = (await this.db.query(`SELECT count(DISTINCT user_id)::int AS n FROM event_attendance WHERE event_id = $1`, [eventId])) as { n: number }[];
    return rows[0].n;
  }

  async attendanceReport(eventId: string): Promise<{ displayName: string; email: string; organisation: string | null; firstJoined: Date; lastLeft: Date | null; minutes: number; registered: boolean }[]> {
    return (await this.db.query(
      `SELECT u.display_name AS "displayName", u.email, u.organisation, min(a.joined_at) AS "firstJoined",
              CASE WHEN bool_or(a.left_at IS NULL) THEN NULL ELSE max(a.left_at) END AS "lastLeft",
              round(sum(extract(epoch FROM coalesce(a.left_at, now()) - a.joined_at)) / 60)::int AS minutes,
              EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = a.event_id AND r.user_id = a.user_id AND r.status = 'registered') AS registered
         FROM event_attendance a JOIN users u ON u.id = a.user_id
        WHERE a.event_id = $1 GROUP BY a.event_id, a.user_id, u.display_name, u.email, u.organisation ORDER BY min(a.joined_at)`,
      [eventId],
    )) as never;
  }

  // ---- chat and Q&A (a repeated clientId returns the first record: R4)

  async insertChat(eventId: string, authorId: string, clientId: string, body: string, manager: EntityManager): Promise<{ message: ChatRow; created: boolean }> {
    const inserted = (await manager.query(
      `INSERT INTO event_chat_messages (event_id, author_id, client_id, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING id`,
      [eventId, authorId, clientId, body],
    )) as { id: string }[];
    const rows = (await manager.query(
      `SELECT c.id, c.event_id AS "eventId", c.author_id AS "authorId", u.display_name AS "authorName", c.body, c.created_at AS "createdAt"
         FROM event_chat_messages c LEFT JOIN users u ON u.id = c.author_id WHERE c.author_id = $1 AND c.client_id = $2`,
      [authorId, clientId],
    )) as ChatRow[];
    return { message: rows[0], created: inserted.length === 1 };
  }

  async chat(eventId: string): Promise<ChatRow[]> {
    return (await this.db.query(
      `SELECT * FROM (SELECT c.id, c.event_id AS "eventId", c.author_id AS "authorId", u.display_name AS "authorName", c.body, c.created_at AS "createdAt"
         FROM event_chat_messages c LEFT JOIN users u ON u.id = c.author_id WHERE c.event_id = $1 ORDER BY c.created_at DESC LIMIT 200) m
        ORDER BY "createdAt"`,
      [eventId],
    )) as ChatRow[];
  }

  async insertQuestion(eventId: string, authorId: string, clientId: string, body: string, manager: EntityManager): Promise<{ question: QuestionRow; created: boolean }> {
    const inserted = (await manager.query(
      `INSERT INTO event_questions (event_id, author_id, client_id, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING id`,
      [eventId, authorId, clientId, body],
    )) as { id: string }[];
    const rows = (await manager.query(
      `SELECT ${QUESTION_COLUMNS} FROM event_questions q LEFT JOIN users u ON u.id = q.author_id WHERE q.author_id = $1 AND q.client_id = $2`,
      [authorId, clientId],
    )) as QuestionRow[];
    return { question: rows[0], created: inserted.length === 1 };
  }

  /** One question; with `viewerId`, also whether that member voted for it. */
  async question(id: string, manager?: EntityManager, viewerId?: string): Promise<QuestionRow | null> {
    const rows = (await this.q(manager).query(
      `SELECT ${QUESTION_COLUMNS}${viewerId ? votedByMe(2) : ''} FROM event_questions q LEFT JOIN users u ON u.id = q.author_id WHERE q.id = $1`,
      viewerId ? [id, viewerId] : [id],
    )) as QuestionRow[];
    return rows[0] ?? null;
  }

  /** The event's questions of these statuses; with `viewerId`, also whether that member voted for each. */
  async questions(eventId: string, statuses: QuestionStatus[], viewerId?: string): Promise<QuestionRow[]> {
    return (await this.db.query(
      `SELECT ${QUESTION_COLUMNS}${viewerId ? votedByMe(3) : ''} FROM event_questions q LEFT JOIN users u ON u.id = q.author_id
        WHERE q.event_id = $1 AND q.status = ANY($2) ORDER BY votes DESC, q.created_at`,
      viewerId ? [eventId, statuses, viewerId] : [eventId, statuses],
    )) as QuestionRow[];
  }

  async vote(questionId: string, userId: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO event_question_votes (question_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING question_id`,
      [questionId, userId],
    )) as unknown[];
    return rows.length === 1;
  }

  async setQuestionStatus(id: string, status: QuestionStatus, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE event_questions SET status = $2 WHERE id = $1`, [id, status]);
  }

  // ---- reminders (E5)

  /** Registrations whose reminder of `kind` is due and not yet sent. */
  async dueReminders(): Promise<{ eventId: string; userId: string; kind: 'day' | 'quarter' }[]> {
    return (await this.db.query(
      `SELECT r.event_id AS "eventId", r.user_id AS "userId", k.kind
         FROM events e JOIN event_registrations r ON r.event_id = e.id AND r.status = 'registered'
         CROSS JOIN (VALUES ('day', interval '1 day', interval '15 minutes'), ('quarter', interval '15 minutes', interval '0')) AS k(kind, lead, until)
        WHERE e.starts_at - k.lead <= now() AND e.starts_at - k.until > now()
          AND NOT EXISTS (SELECT 1 FROM event_reminders s WHERE s.event_id = r.event_id AND s.user_id = r.user_id AND s.kind = k.kind)
        LIMIT 500`,
    )) as never;
  }

  /**
   * Claims one reminder inside the caller's transaction. A second process inserting the same key
   * waits on the uncommitted row and then finds it taken; if the sender fails, the transaction
   * rolls back and the next pass retries. So each reminder goes out once, whatever the node count.
   */
  async claimReminder(eventId: string, userId: string, kind: 'day' | 'quarter', manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO event_reminders (event_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING kind`,
      [eventId, userId, kind],
    )) as unknown[];
    return rows.length === 1;
  }

  // ---- personal calendar feed

  async setFeedToken(userId: string, tokenHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async feedOwner(tokenHash: string): Promise<string | null> {
    const rows = (await this.db.query(
      `SELECT f.user_id AS "userId" FROM calendar_feeds f JOIN users u ON u.id = f.user_id AND u.status = 'active' WHERE f.token_hash = $1`,
      [tokenHash],
    )) as { userId: string }[];
    return rows[0]?.userId ?? null;
  }

  async userContact(userId: string): Promise<{ email: string; displayName: string; status: string } | null> {
    const rows = (await this.db.query(`SELECT email, display_name AS "displayName", status FROM users WHERE id = $1`, [userId])) as never[];
    return rows[0] ?? null;
  }

  async usersExist(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = (await this.db.query(`SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND status = 'active'`, [ids])) as { n: number }[];
    return rows[0].n;
  }
}
