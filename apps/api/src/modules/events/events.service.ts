import { renderMarkdown } from '../../common/markdown.js';
import { toCsv } from '../../common/csv.js';
import { BadRequestException, ConflictException, ForbiddenException, HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { rooms, type EventSummaryResponse } from '@praxis/contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainEvents, type RoomEventPublished } from '../../common/domain-events.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { FilesService } from '../files/files.service.js';
import { ForumService } from '../forum/forum.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { MailService } from '../mail/mail.service.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../users/cursor.js';
import { RoomPresence } from '../../realtime/room-presence.js';
import type { CreateEventDto, EventListQueryDto, UpdateEventDto } from './events.dto.js';
import { EventNotices } from './event-notices.js';
import { EventsPolicy } from './events.policy.js';
import { EventsRepository } from './events.repository.js';
import type { ChatRow, EventRow, EventSummaryRecord, QuestionRow, QuestionStatus, RegistrationStatus, RegistrationView } from './events.types.js';
import { buildCalendar, isValidTimeZone } from './ics.js';

type RoomWrite = { room: string; event: string; payload: Record<string, unknown> };

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Rows one list request reads at most (visible or not) before answering with a cursor. */
const MAX_SCANNED = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A question for everyone in the room (socket payloads, summaries): nobody's own vote in it. */
function questionView(q: QuestionRow) {
  return { id: q.id, eventId: q.eventId, body: q.body, status: q.status, votes: q.votes, author: q.authorId ? { id: q.authorId, displayName: q.authorName } : null, createdAt: new Date(q.createdAt).toISOString() };
}

/** A question as one member's REST answer: also whether that member voted for it. */
function myQuestionView(q: QuestionRow) {
  return { ...questionView(q), votedByMe: q.votedByMe === true };
}

function chatView(m: ChatRow) {
  return { id: m.id, eventId: m.eventId, body: m.body, author: m.authorId ? { id: m.authorId, displayName: m.authorName } : null, createdAt: iso(m.createdAt) };
}

/** A stable UUID for a clientId that the app itself sends (a repeat answers the first write). */
function derivedUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** E7: the summary as Markdown for the discussion thread (rendered and sanitised by the forum). */
function summaryMarkdown(event: EventRow, summary: EventSummaryRecord): string {
  // Members' text stays text: no emphasis, links, headings or HTML of their making.
  const escape = (text: string) => text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
  const lines = [
    `**Summary of “${escape(event.title)}”**`,
    '',
    `Attendance: ${summary.attendance.attended} attended of ${summary.attendance.registered} registered.`,
    '',
  ];
  if (summary.answeredQuestions.length) {
    lines.push(`Answered questions (${summary.answeredQuestions.length}):`, '');
    for (const q of summary.answeredQuestions) {
      const who = q.author?.displayName ? ` (${escape(q.author.displayName)})` : '';
      lines.push(`- ${escape(q.body.replace(/\s+/g, ' ').trim())}${who}: ${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`);
    }
  } else {
    lines.push('No questions were marked answered.');
  }
  if (event.recordingUrl) lines.push('', `Recording: ${event.recordingUrl}`);
  return lines.join('\n');
}

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly policy: EventsPolicy,
    private readonly files: FilesService,
    private readonly notices: EventNotices,
    private readonly domainEvents: DomainEvents,
    private readonly mail: MailService,
    private readonly forum: ForumService,
    private readonly rateLimits: RateLimitService,
    private readonly roomPresence: RoomPresence,
  ) {}

  private readonly logger = new Logger('EventsService');

  // ---- reading

  /** The event if the viewer may see it; 404 otherwise, as for an event that does not exist. */
  async readable(viewer: Viewer | null, id: string): Promise<EventRow> {
    const event = await this.events.findById(id);
    if (!event || !(await this.policy.mayRead(viewer, event))) throw new NotFoundException('No such event');
    return event;
  }

  private async hosted(viewer: Viewer, id: string): Promise<EventRow> {
    const event = await this.readable(viewer, id);
    if (!(await this.policy.mayHost(viewer, event))) throw new ForbiddenException('Only the hosts of this event may do that');
    return event;
  }

  /** The host network's name, unless the network is hidden from the viewer (a public event must not reveal it). */
  private async networkRef(viewer: Viewer | null, networkId: string | null) {
    if (!networkId) return null;
    const visible = await this.policy.mayShowNetwork(viewer, networkId);
    return { id: networkId, name: visible ? await this.events.networkName(networkId) : null };
  }

  /**
   * A page of the events the viewer may see (SPEC list shape), keyset-paginated on (start, id) in
   * either order. Rows the viewer may not read are skipped, so the table is read in batches until
   * the page is full; a request reads at most MAX_SCANNED rows and then answers a shorter page
   * with the cursor of the last row read, so that invisible events cannot make one request long.
   */
  async list(viewer: Viewer | null, query: EventListQueryDto) {
    const limit = query.limit ?? 50;
    const order = query.order ?? 'asc';
    const decoded = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | undefined;
    if (decoded && (Number.isNaN(Date.parse(decoded[0])) || !UUID.test(decoded[1]))) throw invalidCursor();
    const filter = { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, networkId: query.networkId, kind: query.kind };
    const member = this.policy.isMember(viewer);
    const shown: EventRow[] = [];
    let after: [Date, string] | undefined = decoded ? [new Date(decoded[0]), decoded[1]] : undefined;
    let scanned = 0;
    let more = false;
    const batch = Math.min(200, limit * 2 + 1);
    for (;;) {
      const rows = await this.events.list(filter, { after, order, limit: batch });
      for (const row of rows) {
        if (!(await this.policy.mayRead(viewer, row))) {
          scanned += 1;
          after = [new Date(row.startsAt), row.id];
          continue;
        }
        if (shown.length === limit) {
          more = true;
          break;
        }
        shown.push(row);
        scanned += 1;
        after = [new Date(row.startsAt), row.id];
      }
      if (more || rows.length < batch) break;
      if (scanned >= MAX_SCANNED) {
        more = true;
        break;
      }
    }
    const items = [];
    for (const row of shown) {
      const network = await this.networkRef(viewer, row.networkId);
      // Visitors see the public listing only: title, time and host network (SPEC roles).
      if (!member) {
        items.push({ id: row.id, title: row.title, kind: row.kind, startsAt: iso(row.startsAt), endsAt: iso(row.endsAt), timeZone: row.timeZone, network });
        continue;
      }
      const registration = await this.events.registration(row.id, viewer.user.id);
      items.push({
        id: row.id, title: row.title, kind: row.kind, startsAt: iso(row.startsAt), endsAt: iso(row.endsAt), timeZone: row.timeZone,
        network, visibility: row.visibility, registrationMode: row.registrationMode, languages: row.languages,
        live: row.liveStartedAt !== null && row.liveEndedAt === null, myRegistration: registration,
      });
    }
    // The cursor is the last row read (shown or skipped): the next page goes on from there.
    return { items, nextCursor: more && after ? encodeCursor([after[0].toISOString(), after[1]]) : null };
  }

  async view(viewer: Viewer | null, id: string, now = new Date()) {
    const event = await this.readable(viewer, id);
    if (!this.policy.isMember(viewer)) {
      const network = await this.networkRef(viewer, event.networkId);
      return { id: event.id, title: event.title, kind: event.kind, startsAt: iso(event.startsAt), endsAt: iso(event.endsAt), timeZone: event.timeZone, network };
    }
    const isHost = await this.policy.mayHost(viewer, event);
    const registration = await this.events.registration(event.id, viewer.user.id);
    const counts = await this.events.countByStatus(event.id);
    const attachments = (await this.files.listByOwner('event', event.id)).map((f) => ({ id: f.id, name: f.name, size: f.size, mimeType: f.mimeType }));
    const network = await this.networkRef(viewer, event.networkId);
    const ended = event.liveEndedAt !== null || now > new Date(event.endsAt);
    return {
      id: event.id, title: event.title, description: event.description, descriptionHtml: renderMarkdown(event.description), kind: event.kind,
      startsAt: iso(event.startsAt), endsAt: iso(event.endsAt), timeZone: event.timeZone, languages: event.languages,
      agenda: event.agenda, speakers: event.speakers, capacity: event.capacity, registrationMode: event.registrationMode,
      visibility: event.visibility, network,
      meetingUrl: this.policy.mayReceiveMeetingLink(isHost, registration, event, now) ? event.meetingUrl : null,
      hasMeetingUrl: event.meetingUrl !== null,
      registeredCount: counts.registered, waitlistCount: counts.waitlisted,
      placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - counts.registered),
      myRegistration: registration, canHost: isHost,
      live: { startedAt: iso(event.liveStartedAt), endedAt: iso(event.liveEndedAt), attendeeCount: await this.events.attendeeCount(event.id) },
      attachments,
      // E7: what stays after the session: the kept summary, or the records as they stand once it ended.
      recordingUrl: event.recordingUrl, followUp: event.followUp, threadId: event.threadId,
      answeredQuestions: event.summary ? event.summary.answeredQuestions : ended ? (await this.events.questions(event.id, ['answered'])).map(questionView) : [],
      attendance: event.summary ? event.summary.attendance : ended ? { registered: counts.registered, attended: await this.events.attendedCount(event.id) } : null,
      summary: event.summary ? { recordedAt: event.summary.recordedAt, postId: event.summaryPostId } : null,
    };
  }

  // ---- writing events

  private checkTimes(startsAt: Date, endsAt: Date, timeZone: string) {
    if (!isValidTimeZone(timeZone)) throw new BadRequestException('timeZone must be an IANA time zone such as Europe/Vienna');
    if (!(endsAt > startsAt)) throw new BadRequestException('The event must end after it starts');
  }

  private async attach(manager: EntityManager, viewer: Viewer, eventId: string, ids: string[] | undefined) {
    if (!ids?.length) return;
    const unique = [...new Set(ids)];
    const moved = await this.files.attach(unique, viewer.user.id, { type: 'event', id: eventId }, manager);
    // Only one's own unattached uploads can be attached; anything else leaves the event unchanged.
    if (moved !== unique.length) throw new BadRequestException('attachmentIds must be your own uploads that are not attached yet');
  }

  private async checkSpeakers(speakers: { userId?: string | null }[] | undefined) {
    const ids = [...new Set((speakers ?? []).map((s) => s.userId).filter((id): id is string => Boolean(id)))];
    if (ids.length && (await this.events.usersExist(ids)) !== ids.length) throw new BadRequestException('A member speaker does not exist');
  }

  async create(viewer: Viewer, dto: CreateEventDto) {
    const networkId = dto.networkId ?? null;
    if (dto.visibility === 'network' && !networkId) throw new BadRequestException('An event visible to a network needs networkId');
    if (networkId && (await this.events.networkName(networkId)) === null) throw new BadRequestException('No such network');
    if (!(await this.policy.mayCreateIn(viewer, networkId))) {
      throw new ForbiddenException(networkId ? 'Only owners and moderators of the network host its events' : 'Only admins host hub-wide events');
    }
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    this.checkTimes(startsAt, endsAt, dto.timeZone);
    await this.checkSpeakers(dto.speakers);
    const { attachmentIds, ...fields } = dto;
    const event = await this.events.transaction(async (manager) => {
      const created = await this.events.insert({ ...fields, networkId, startsAt, endsAt } as Partial<EventRow>, viewer.user.id, manager);
      await this.attach(manager, viewer, created.id, attachmentIds);
      return created;
    });
    return this.view(viewer, event.id);
  }

  async update(viewer: Viewer, id: string, dto: UpdateEventDto) {
    const current = await this.hosted(viewer, id);
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : new Date(current.startsAt);
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : new Date(current.endsAt);
    this.checkTimes(startsAt, endsAt, dto.timeZone ?? current.timeZone);
    if ((dto.visibility ?? current.visibility) === 'network' && !current.networkId) throw new BadRequestException('A hub-wide event cannot be visible to a network only');
    const moved = dto.networkId !== undefined && dto.networkId !== current.networkId;
    if (moved) {
      if (!current.networkId) throw new BadRequestException('A hub-wide event cannot be moved into a network');
      if ((await this.events.networkName(dto.networkId!)) === null) throw new BadRequestException('No such network');
      if (!(await this.policy.mayCreateIn(viewer, dto.networkId!))) throw new ForbiddenException('Only owners and moderators of the network host its events');
    }
    await this.checkSpeakers(dto.speakers);
    const { attachmentIds, ...fields } = dto;
    const writes = await this.events.transaction(async (manager) => {
      await this.events.update(id, { ...fields, startsAt: dto.startsAt ? startsAt : undefined, endsAt: dto.endsAt ? endsAt : undefined } as Partial<EventRow>, manager);
      await this.attach(manager, viewer, id, attachmentIds);
      return [await this.roomWrite(manager, id, 'event.updated', { eventId: id, changed: Object.keys(dto) })];
    });
    // R2: a new visibility or network can take the event from some in its room; they leave before the news goes out.
    if (moved || (dto.visibility !== undefined && dto.visibility !== current.visibility)) {
      this.domainEvents.publish('rooms.access-changed', { rooms: [rooms.event(id)], then: writes as unknown as RoomEventPublished[] });
    } else this.publish(writes);
    return this.view(viewer, id);
  }

  // ---- registration (E2)

  async register(viewer: Viewer, id: string): Promise<{ registration: RegistrationView }> {
    await this.readable(viewer, id);
    const result = await this.events.transaction(async (manager) => {
      // The event row lock serialises every registration change of this event: no overbooking.
      const event = (await this.events.lock(id, manager))!;
      if (new Date(event.endsAt) < new Date()) throw new BadRequestException('This event is over');
      const existing = await this.events.registration(id, viewer.user.id, manager);
      if (existing && ['registered', 'waitlisted', 'pending'].includes(existing.status)) return { event, registration: existing, changed: false };
      if (existing?.status === 'rejected') throw new ForbiddenException('The hosts declined your registration');
      const isHost = await this.policy.mayHost(viewer, event);
      if (event.registrationMode === 'invite' && existing?.status !== 'invited' && !isHost) throw new ForbiddenException('This event is by invitation only');
      let status: RegistrationStatus;
      if (event.registrationMode === 'approval' && !isHost) status = 'pending';
      else status = await this.placeOrWait(event, manager);
      await this.events.setRegistration(id, viewer.user.id, status, manager);
      return { event, registration: (await this.events.registration(id, viewer.user.id, manager))!, changed: true };
    });
    if (result.changed) void this.notices.registrationChanged(result.event, viewer.user.id, result.registration.status, result.registration.position);
    return { registration: result.registration };
  }

  private async placeOrWait(event: EventRow, manager: EntityManager): Promise<RegistrationStatus> {
    if (event.capacity === null) return 'registered';
    const counts = await this.events.countByStatus(event.id, manager);
    return counts.registered < event.capacity ? 'registered' : 'waitlisted';
  }

  async cancel(viewer: Viewer, id: string): Promise<void> {
    await this.readable(viewer, id);
    const result = await this.events.transaction(async (manager) => {
      const event = (await this.events.lock(id, manager))!;
      const existing = await this.events.registration(id, viewer.user.id, manager);
      if (!existing || !['registered', 'waitlisted', 'pending'].includes(existing.status)) throw new NotFoundException('You are not registered for this event');
      await this.events.setRegistration(id, viewer.user.id, 'cancelled', manager);
      const promoted = existing.status === 'registered' ? await this.promote(event, manager) : null;
      return { event, promoted };
    });
    void this.notices.registrationChanged(result.event, viewer.user.id, 'cancelled');
    if (result.promoted) void this.notices.registrationChanged(result.event, result.promoted, 'registered', undefined, { promoted: true });
  }

  /** A place freed: the longest-waiting member takes it (E2). */
  private async promote(event: EventRow, manager: EntityManager): Promise<string | null> {
    if (event.capacity !== null && (await this.events.countByStatus(event.id, manager)).registered >= event.capacity) return null;
    const next = await this.events.firstWaitlisted(event.id, manager);
    if (next) await this.events.setRegistration(event.id, next, 'registered', manager);
    return next;
  }

  async decide(viewer: Viewer, id: string, userId: string, approve: boolean): Promise<{ registration: RegistrationView }> {
    await this.hosted(viewer, id);
    const result = await this.events.transaction(async (manager) => {
      const event = (await this.events.lock(id, manager))!;
      const existing = await this.events.registration(id, userId, manager);
      if (existing?.status !== 'pending') throw new NotFoundException('No pending registration of that member');
      const status = approve ? await this.placeOrWait(event, manager) : 'rejected';
      await this.events.setRegistration(id, userId, status, manager);
      return { event, registration: (await this.events.registration(id, userId, manager))! };
    });
    void this.notices.registrationChanged(result.event, userId, result.registration.status, result.registration.position);
    return { registration: result.registration };
  }

  async invite(viewer: Viewer, id: string, userIds: string[]): Promise<{ invited: number }> {
    await this.hosted(viewer, id);
    const unique = [...new Set(userIds)];
    if ((await this.events.usersExist(unique)) !== unique.length) throw new BadRequestException('Every invited member must exist');
    const invited: string[] = [];
    const event = await this.events.transaction(async (manager) => {
      const locked = (await this.events.lock(id, manager))!;
      for (const userId of unique) {
        const existing = await this.events.registration(id, userId, manager);
        if (existing && existing.status !== 'cancelled') continue;
        await this.events.setRegistration(id, userId, 'invited', manager);
        invited.push(userId);
      }
      return locked;
    });
    // After commit, to the newly invited only: inviting again notifies nobody twice.
    for (const userId of invited) void this.notices.invited(event, userId);
    return { invited: invited.length };
  }

  async registrations(viewer: Viewer, id: string) {
    await this.hosted(viewer, id);
    return { items: (await this.events.registrations(id)).map((r) => ({ ...r, createdAt: iso(r.createdAt) })) };
  }

  // ---- calendars (E3)

  async ics(viewer: Viewer | null, id: string): Promise<string> {
    const event = await this.readable(viewer, id);
    // A visitor (a public event) links to the public page; members to the event page they can open.
    const page = this.policy.isMember(viewer) ? `/events/${event.id}` : `/briefings/${event.id}`;
    return buildCalendar([{ ...event, url: this.mail.link(page) }], event.title);
  }

  /** Creates or rotates the secret feed URL; only its hash is stored, so it is shown once. */
  async rotateFeed(viewer: Viewer): Promise<{ url: string }> {
    const secret = randomBytes(32).toString('base64url');
    await this.events.setFeedToken(viewer.user.id, createHash('sha256').update(secret).digest('hex'));
    return { url: `/api/v1/calendar/${secret}.ics` };
  }

  async feed(secret: string): Promise<string> {
    const userId = await this.events.feedOwner(createHash('sha256').update(secret).digest('hex'));
    if (!userId) throw new NotFoundException('No such calendar');
    const events = await this.events.registeredEvents(userId);
    return buildCalendar(events.map((e) => ({ ...e, url: this.mail.link(`/events/${e.id}`) })), 'Praxis events');
  }

  // ---- live session (E6)

  private async roomWrite(manager: EntityManager, eventId: string, event: string, payload: Record<string, unknown>): Promise<RoomWrite> {
    const room = `event:${eventId}`;
    const seq = await this.events.appendRoomEvent(room, event, payload, manager);
    return { room, event, payload: { ...payload, room, seq } };
  }

  /** Published only after the transaction committed. */
  private publish(writes: RoomWrite[]) {
    for (const write of writes) this.domainEvents.publish('room.event', write as unknown as RoomEventPublished);
  }

  private async participant(viewer: Viewer, id: string): Promise<{ event: EventRow; isHost: boolean }> {
    const event = await this.readable(viewer, id);
    const isHost = await this.policy.mayHost(viewer, event);
    const registration = await this.events.registration(id, viewer.user.id);
    if (!this.policy.mayTakePart(isHost, registration)) throw new ForbiddenException('Register for this event to take part');
    return { event, isHost };
  }

  async setLive(viewer: Viewer, id: string, start: boolean) {
    await this.hosted(viewer, id);
    const writes = await this.events.transaction(async (manager) => {
      if (!(await this.events.setLive(id, start ? 'live_started_at' : 'live_ended_at', manager))) {
        throw new BadRequestException(start ? 'The session has already started' : 'The session is not live');
      }
      const out: RoomWrite[] = [];
      if (!start && (await this.events.leave(id, null, manager)) > 0) {
        out.push(await this.roomWrite(manager, id, 'attendance.updated', { eventId: id, attendeeCount: 0 }));
      }
      out.push(await this.roomWrite(manager, id, 'event.updated', { eventId: id, live: start, changed: [start ? 'liveStartedAt' : 'liveEndedAt'] }));
      return out;
    });
    this.publish(writes);
    // E6: registered attendees already waiting in the event room join as the session starts.
    if (start) await this.joinThoseInRoom(id);
    // E7: ending the session keeps its summary on the event and posts it to the discussion thread.
    // The session has ended whatever happens there; the host can publish again with POST …/summary.
    if (!start) await this.publishSummary(viewer, id).catch((err: unknown) => this.logger.error({ msg: 'event summary failed', eventId: id, err }));
    return this.view(viewer, id);
  }

  /**
   * E7, also a route for hosts (to publish again after marking more questions answered, or when a
   * session ended by the clock without the host ending it). Keeps the answered questions and the
   * attendance figures on the event, then publishes them as a post through the forum (room seq,
   * live post.created, notifications): into the linked thread, else into a new thread in the host
   * network, which becomes the linked one. A hub-wide event without a linked thread keeps the
   * summary on the event page only. Publishing again edits the same post. If the forum refuses (a
   * locked thread, a thread the host may not post in), the summary is still kept.
   */
  async publishSummary(viewer: Viewer, id: string): Promise<EventSummaryResponse> {
    const event = await this.hosted(viewer, id);
    const now = new Date();
    if (event.liveEndedAt === null && now <= new Date(event.endsAt)) throw new ConflictException('The summary is kept once the session has ended');
    const counts = await this.events.countByStatus(id);
    const summary: EventSummaryRecord = {
      recordedAt: now.toISOString(),
      answeredQuestions: (await this.events.questions(id, ['answered'])).map(questionView),
      attendance: { registered: counts.registered, attended: await this.events.attendedCount(id) },
    };
    const body = summaryMarkdown(event, summary);
    let threadId = event.threadId;
    let postId: string | null = null;
    try {
      if (event.summaryPostId && threadId) {
        postId = await this.forum.editPost(viewer, event.summaryPostId, body).then((p) => (p.deleted || p.threadId !== threadId ? null : p.id)).catch(() => null);
      }
      if (!postId && threadId) {
        postId = (await this.forum.createPost(viewer, threadId, { body, clientId: derivedUuid(`event-summary:${id}:${summary.recordedAt}`) }, { limited: false })).id;
      } else if (!postId && event.networkId) {
        const title = `${event.title}: summary and discussion`.slice(0, 200);
        const thread = await this.forum.createThread(viewer, event.networkId, { title, body, tags: ['event'], clientId: derivedUuid(`event-thread:${id}`) }, { limited: false });
        threadId = thread.id;
        postId = (await this.forum.listPosts(viewer, thread.id, { afterSeq: 0, limit: 1 })).items[0]?.id ?? null;
      }
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      this.logger.warn({ msg: 'event summary kept but not posted', eventId: id, threadId, reason: error.message });
    }
    await this.events.setSummary(id, summary, postId, threadId);
    const writes = await this.events.transaction(async (manager) => [await this.roomWrite(manager, id, 'event.updated', { eventId: id, changed: ['summary', ...(threadId !== event.threadId ? ['threadId'] : [])] })]);
    this.publish(writes);
    return { ...summary, threadId, postId };
  }

  /** REST join/leave, for clients without a socket; the web app's attendance comes from socket presence. */
  async attendance(viewer: Viewer, id: string, join: boolean): Promise<{ attendeeCount: number }> {
    await this.participant(viewer, id);
    return this.recordAttendance(id, viewer.user.id, join, 'request');
  }

  /**
   * One stay per member at a time: a join opens one (if none is open), a leave closes it. Whether
   * the session is live is read under the event lock, so no stay opens after the session ended.
   * A request to join a session that is not live is refused; a presence join is simply dropped.
   */
  async recordAttendance(id: string, userId: string, join: boolean, source: 'request' | 'presence' = 'presence'): Promise<{ attendeeCount: number }> {
    const { writes, attendeeCount } = await this.events.transaction(async (manager) => {
      const event = await this.events.lock(id, manager);
      if (!event) return { attendeeCount: 0, writes: [] };
      if (join && (event.liveStartedAt === null || event.liveEndedAt !== null)) {
        if (source === 'request') throw new BadRequestException('The session is not live');
        return { attendeeCount: await this.events.attendeeCount(id, manager), writes: [] };
      }
      const changed = join ? await this.events.join(id, userId, manager) : (await this.events.leave(id, userId, manager)) > 0;
      const count = await this.events.attendeeCount(id, manager);
      return { attendeeCount: count, writes: changed ? [await this.roomWrite(manager, id, 'attendance.updated', { eventId: id, attendeeCount: count })] : [] };
    });
    this.publish(writes);
    return { attendeeCount };
  }

  /**
   * Socket presence (E6), registered with RoomPresence: a registered attendee whose socket enters
   * the event room while the session is live joins. Hosts who are not registered (the host console
   * is in the room too) are not counted as attendees.
   */
  async presenceEntered(userId: string, id: string): Promise<void> {
    const event = await this.events.findById(id);
    if (!event || event.liveStartedAt === null || event.liveEndedAt !== null) return;
    if ((await this.events.registration(id, userId))?.status !== 'registered') return;
    await this.recordAttendance(id, userId, true, 'presence');
  }

  /** Socket presence (E6): the member's last socket on any node left the event room, so their stay ends. */
  async presenceLeft(userId: string, id: string): Promise<void> {
    await this.recordAttendance(id, userId, false, 'presence');
  }

  /** At the start: everyone already in the event room (on any node) who is a registered attendee joins. */
  private async joinThoseInRoom(id: string): Promise<void> {
    try {
      for (const userId of await this.roomPresence.usersIn(rooms.event(id))) await this.presenceEntered(userId, id);
    } catch (error) {
      this.logger.warn({ msg: 'joining the attendees in the room failed', eventId: id, err: error });
    }
  }

  async attendanceCsv(viewer: Viewer, id: string): Promise<string> {
    await this.hosted(viewer, id);
    const header = ['name', 'email', 'organisation', 'registered', 'first_joined', 'last_left', 'minutes'];
    const rows = (await this.events.attendanceReport(id)).map((r) => [r.displayName, r.email, r.organisation, r.registered ? 'yes' : 'no', r.firstJoined, r.lastLeft, r.minutes]);
    return toCsv(header, rows);
  }

  async chat(viewer: Viewer, id: string, body: string, clientId: string) {
    await this.participant(viewer, id);
    await this.rateLimits.consume('chatPerUser', viewer.user.id);
    const { message, writes } = await this.events.transaction(async (manager) => {
      const result = await this.events.insertChat(id, viewer.user.id, clientId, body.trim(), manager);
      if (result.message.eventId !== id) throw new BadRequestException('clientId was already used for another event');
      const view = chatView(result.message);
      return { message: view, writes: result.created ? [await this.roomWrite(manager, id, 'chat.message', { eventId: id, message: view })] : [] };
    });
    this.publish(writes);
    return { message };
  }

  async chatHistory(viewer: Viewer, id: string) {
    await this.participant(viewer, id);
    return { items: (await this.events.chat(id)).map(chatView) };
  }

  async ask(viewer: Viewer, id: string, body: string, clientId: string) {
    await this.participant(viewer, id);
    await this.rateLimits.consume('questionsPerUser', viewer.user.id);
    const { question, writes } = await this.events.transaction(async (manager) => {
      const result = await this.events.insertQuestion(id, viewer.user.id, clientId, body.trim(), manager);
      if (result.question.eventId !== id) throw new BadRequestException('clientId was already used for another event');
      const view = questionView(result.question);
      return { question: view, writes: result.created ? [await this.roomWrite(manager, id, 'question.created', { eventId: id, question: view })] : [] };
    });
    this.publish(writes);
    const mine = await this.events.question(question.id, undefined, viewer.user.id);
    return { question: mine ? myQuestionView(mine) : { ...question, votedByMe: false } };
  }

  async questions(viewer: Viewer, id: string) {
    const { isHost } = await this.participant(viewer, id);
    return { items: (await this.events.questions(id, isHost ? ['open', 'answered', 'hidden'] : ['open', 'answered'], viewer.user.id)).map(myQuestionView) };
  }

  private async questionWithEvent(viewer: Viewer, questionId: string) {
    const question = await this.events.question(questionId);
    if (!question) throw new NotFoundException('No such question');
    const event = await this.events.findById(question.eventId);
    if (!event || !(await this.policy.mayRead(viewer, event))) throw new NotFoundException('No such question');
    return { question, event };
  }

  async vote(viewer: Viewer, questionId: string) {
    const { question, event } = await this.questionWithEvent(viewer, questionId);
    await this.participant(viewer, event.id);
    if (question.status === 'hidden') throw new NotFoundException('No such question');
    const { view, writes } = await this.events.transaction(async (manager) => {
      const added = await this.events.vote(questionId, viewer.user.id, manager);
      const row = (await this.events.question(questionId, manager, viewer.user.id))!;
      const updated = questionView(row);
      return { view: myQuestionView(row), writes: added ? [await this.roomWrite(manager, event.id, 'question.updated', { eventId: event.id, question: updated })] : [] };
    });
    this.publish(writes);
    return { question: view };
  }

  async setQuestionStatus(viewer: Viewer, questionId: string, status: QuestionStatus) {
    const { event } = await this.questionWithEvent(viewer, questionId);
    if (!(await this.policy.mayHost(viewer, event))) throw new ForbiddenException('Only the hosts of this event may do that');
    const { view, writes } = await this.events.transaction(async (manager) => {
      await this.events.setQuestionStatus(questionId, status, manager);
      const row = (await this.events.question(questionId, manager, viewer.user.id))!;
      const updated = questionView(row);
      return { view: myQuestionView(row), writes: [await this.roomWrite(manager, event.id, 'question.updated', { eventId: event.id, question: updated })] };
    });
    this.publish(writes);
    return { question: view };
  }

  /** What a client missed in the event room since `after` (R4). */
  async roomEvents(viewer: Viewer, id: string, after: number) {
    await this.participant(viewer, id);
    return { items: await this.events.roomEventsSince(`event:${id}`, after) };
  }

  /** Socket room rule: hosts and registered attendees of a readable event. */
  async mayJoinRoom(userId: string, id: string): Promise<boolean> {
    const viewer = await this.viewerOf(userId);
    if (!viewer) return false;
    const event = await this.events.findById(id);
    if (!event || !(await this.policy.mayRead(viewer, event))) return false;
    return this.policy.mayTakePart(await this.policy.mayHost(viewer, event), await this.events.registration(id, userId));
  }

  private async viewerOf(userId: string): Promise<Viewer | null> {
    const user = await this.files.findUser(userId);
    return user && user.status === 'active' ? { user, sessionId: '' } : null;
  }

  /** Notification rule for event targets: whoever may read the event, now. */
  async mayReadEvent(userId: string, eventId: string): Promise<boolean> {
    const viewer = await this.viewerOf(userId);
    const event = await this.events.findById(eventId);
    return viewer !== null && event !== null && this.policy.mayRead(viewer, event);
  }

  /** File rule for attachments: whoever may read the event. */
  async mayReadEventFile(viewer: Viewer, eventId: string): Promise<boolean> {
    const event = await this.events.findById(eventId);
    return event !== null && viewer.user.status === 'active' && (await this.policy.mayRead(viewer, event));
  }
}
