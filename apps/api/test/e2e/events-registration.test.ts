import ICAL from 'ical.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

const HOUR = 3600_000;

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
}, 60_000);

afterAll(async () => {
  await t.close();
});

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function createEvent(fields: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 48 * HOUR);
  const response = await t.http
    .post('/api/v1/events')
    .set(auth(admin))
    .send({
      title: 'Coordination group briefing',
      description: 'Yearly briefing to member states',
      kind: 'briefing',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
      timeZone: 'Europe/Vienna',
      registrationMode: 'open',
      visibility: 'members',
      meetingUrl: 'https://meet.example.org/briefing',
      ...fields,
    })
    .expect(201);
  return response.body as { id: string; meetingUrl: string | null };
}

describe('registration (E2)', () => {
  it('50 members registering at once for 10 places: exactly 10 registered and 40 waiting in positions 1..40', async () => {
    const event = await createEvent({ capacity: 10 });
    const members: SignedIn[] = [];
    for (let i = 0; i < 50; i += 1) members.push(await createMember(t));
    const answers = await Promise.all(members.map((m) => t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(m))));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const registrations = answers.map((a) => a.body.registration as { status: string; position?: number });
    expect(registrations.filter((r) => r.status === 'registered')).toHaveLength(10);
    const waiting = registrations.filter((r) => r.status === 'waitlisted');
    expect(waiting.map((r) => r.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const [counts] = await t.sql<{ registered: number; waitlisted: number }>(
      `SELECT count(*) FILTER (WHERE status = 'registered')::int AS registered, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
         FROM event_registrations WHERE event_id = $1`,
      [event.id],
    );
    expect(counts).toEqual({ registered: 10, waitlisted: 40 });

    // Registering again changes nothing.
    const again = await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(members[0])).expect(201);
    expect(again.body.registration).toEqual(registrations[0]);

    // A registered member cancels: the first on the waiting list takes the place, the rest move up.
    const leaving = members[registrations.findIndex((r) => r.status === 'registered')];
    const first = members[registrations.findIndex((r) => r.position === 1)];
    const second = members[registrations.findIndex((r) => r.position === 2)];
    await t.http.delete(`/api/v1/events/${event.id}/registrations/me`).set(auth(leaving)).expect(204);
    expect((await t.http.get(`/api/v1/events/${event.id}`).set(auth(first)).expect(200)).body.myRegistration).toEqual({ status: 'registered' });
    expect((await t.http.get(`/api/v1/events/${event.id}`).set(auth(second)).expect(200)).body.myRegistration).toEqual({ status: 'waitlisted', position: 1 });
    const view = (await t.http.get(`/api/v1/events/${event.id}`).set(auth(leaving)).expect(200)).body;
    expect(view).toMatchObject({ registeredCount: 10, waitlistCount: 39, placesLeft: 0, myRegistration: { status: 'cancelled' } });

    // The promoted member is told by email, with the calendar file, and in the app.
    const mails = (await t.mails()).filter((m) => m.to.includes(first.user.email) && m.subject.startsWith('You are registered'));
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toMatch(/filename=.?event\.ics/);
    const notes = await t.sql<{ title: string }>(`SELECT title FROM notifications WHERE user_id = $1 AND kind = 'event.registration' ORDER BY created_at`, [first.user.id]);
    expect(notes.map((n) => n.title)).toEqual(['You are on the waiting list: Coordination group briefing', 'You are registered: Coordination group briefing']);
  }, 180_000);

  it('approval mode: pending until a host approves; members cannot approve', async () => {
    const event = await createEvent({ registrationMode: 'approval', capacity: 5 });
    const member = await createMember(t);
    const other = await createMember(t);
    const response = await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(member)).expect(201);
    expect(response.body.registration).toEqual({ status: 'pending' });
    await t.http.post(`/api/v1/events/${event.id}/registrations/${member.user.id}/approve`).set(auth(other)).expect(403);
    const approved = await t.http.post(`/api/v1/events/${event.id}/registrations/${member.user.id}/approve`).set(auth(admin)).expect(200);
    expect(approved.body.registration).toEqual({ status: 'registered' });
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(other)).expect(201);
    const rejected = await t.http.post(`/api/v1/events/${event.id}/registrations/${other.user.id}/reject`).set(auth(admin)).expect(200);
    expect(rejected.body.registration).toEqual({ status: 'rejected' });
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(other)).expect(403);
  }, 60_000);

  it('invite mode: only invited members register', async () => {
    const event = await createEvent({ registrationMode: 'invite' });
    const invited = await createMember(t);
    const outsider = await createMember(t);
    expect((await t.http.post(`/api/v1/events/${event.id}/invitations`).set(auth(admin)).send({ userIds: [invited.user.id] }).expect(200)).body).toEqual({ invited: 1 });
    // The invited member hears of it in the app (the bell), once: inviting again changes nothing.
    const bell = async () => (await t.http.get('/api/v1/notifications').set(auth(invited)).expect(200)).body.items as { kind: string; link: string; title: string }[];
    let items: { kind: string; link: string; title: string }[] = [];
    for (let i = 0; i < 50 && items.length === 0; i += 1) {
      items = (await bell()).filter((n) => n.kind === 'event.invited');
      if (items.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(items).toEqual([expect.objectContaining({ kind: 'event.invited', link: `/events/${event.id}`, title: 'You are invited: Coordination group briefing' })]);
    expect((await t.http.post(`/api/v1/events/${event.id}/invitations`).set(auth(admin)).send({ userIds: [invited.user.id] }).expect(200)).body).toEqual({ invited: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await bell()).filter((n) => n.kind === 'event.invited')).toHaveLength(1);
    expect((await t.http.get('/api/v1/notifications').set(auth(outsider)).expect(200)).body.items).toEqual([]);
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(outsider)).expect(403);
    expect((await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(invited)).expect(201)).body.registration).toEqual({ status: 'registered' });
  }, 60_000);

  it('members cannot create hub-wide events; bad input is refused without a record', async () => {
    const member = await createMember(t);
    const before = await t.sql(`SELECT count(*)::int AS n FROM events`);
    await t.http.post('/api/v1/events').set(auth(member)).send({
      title: 'x', kind: 'briefing', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + HOUR).toISOString(),
      timeZone: 'Europe/Vienna', registrationMode: 'open', visibility: 'members',
    }).expect(403);
    await t.http.post('/api/v1/events').set(auth(admin)).send({
      title: 'x', kind: 'briefing', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + HOUR).toISOString(),
      timeZone: 'Mars/Olympus', registrationMode: 'open', visibility: 'members',
    }).expect(400);
    await t.http.post('/api/v1/events').set(auth(admin)).send({ title: 'x', kind: 'party' }).expect(400);
    expect(await t.sql(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
  }, 60_000);
});

describe('meeting link (E6)', () => {
  it('is hidden from members who are not registered and before the 30-minute window; hosts always see it', async () => {
    const event = await createEvent({ startsAt: new Date(Date.now() + 2 * HOUR).toISOString(), endsAt: new Date(Date.now() + 3 * HOUR).toISOString() });
    const registered = await createMember(t);
    const bystander = await createMember(t);
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(registered)).expect(201);
    const read = async (who: SignedIn) => (await t.http.get(`/api/v1/events/${event.id}`).set(auth(who)).expect(200)).body;
    expect((await read(registered)).meetingUrl).toBeNull();
    expect((await read(bystander)).meetingUrl).toBeNull();
    expect((await read(admin)).meetingUrl).toBe('https://meet.example.org/briefing');
    expect(JSON.stringify((await t.http.get('/api/v1/events').set(auth(registered))).body)).not.toContain('meet.example.org');

    await t.http.patch(`/api/v1/events/${event.id}`).set(auth(admin)).send({ startsAt: new Date(Date.now() + 20 * 60_000).toISOString() }).expect(200);
    expect((await read(registered)).meetingUrl).toBe('https://meet.example.org/briefing');
    expect((await read(bystander)).meetingUrl).toBeNull();
  }, 60_000);
});

describe('description (F10)', () => {
  it('comes as the Markdown written and as sanitised HTML', async () => {
    const description = 'See **the agenda** and [notes](https://example.org/notes).\n\n<script>alert(1)</script> [x](javascript:alert(1))';
    const event = await createEvent({ description });
    const detail = (await t.http.get(`/api/v1/events/${event.id}`).set(auth(admin)).expect(200)).body;
    expect(detail.description).toBe(description);
    expect(detail.descriptionHtml).toContain('<strong>the agenda</strong>');
    expect(detail.descriptionHtml).toContain('<a href="https://example.org/notes" rel="nofollow noopener noreferrer" target="_blank">notes</a>');
    // Raw HTML shows as text and a javascript: link is not a link.
    expect(detail.descriptionHtml).not.toMatch(/<script|href="javascript:/i);
    expect(detail.descriptionHtml).toContain('&lt;script&gt;');
  });
});

describe('visibility', () => {
  it('the list is keyset-paginated ({items, nextCursor}) in either order, skipping what the viewer may not see', async () => {
    const base = Date.now() + 400 * 24 * HOUR;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const startsAt = new Date(base + i * HOUR);
      // Every other event is for members only: visitors page through the public ones.
      ids.push((await createEvent({ title: `Paged ${i}`, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR / 2).toISOString(), visibility: i % 2 ? 'members' : 'public' })).id);
    }
    const window = { from: new Date(base - HOUR).toISOString(), to: new Date(base + 10 * HOUR).toISOString() };
    const pages = async (who: SignedIn | null, order: 'asc' | 'desc', limit: number) => {
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { ...window, order, limit, ...(cursor ? { cursor } : {}) };
        const request = t.http.get('/api/v1/events').query(query);
        const body = (await (who ? request.set(auth(who)) : request).expect(200)).body as { items: { id: string }[]; nextCursor: string | null };
        seen.push(body.items.map((e) => e.id));
        cursor = body.nextCursor;
      } while (cursor && seen.length < 10);
      return seen;
    };
    expect(await pages(admin, 'asc', 2)).toEqual([[ids[0], ids[1]], [ids[2], ids[3]], [ids[4]]]);
    expect(await pages(admin, 'desc', 2)).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    expect(await pages(null, 'asc', 2)).toEqual([[ids[0], ids[2]], [ids[4]]]);
    expect((await pages(admin, 'asc', 5)).flat()).toEqual(ids);
    // Bad paging input is a 400, never a 500 or a silent first page.
    await t.http.get('/api/v1/events').query({ cursor: 'not-a-cursor' }).expect(400);
    await t.http.get('/api/v1/events').query({ cursor: Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url') }).expect(400);
    await t.http.get('/api/v1/events').query({ limit: 101 }).expect(400);
    await t.http.get('/api/v1/events').query({ order: 'sideways' }).expect(400);
  }, 60_000);

  it('visitors see public events only, with title, time and host network', async () => {
    const open = await createEvent({ visibility: 'public', title: 'Public briefing' });
    const closed = await createEvent({ visibility: 'members', title: 'Members briefing' });
    const list = (await t.http.get('/api/v1/events').expect(200)).body.items as Record<string, unknown>[];
    expect(list.map((e) => e.id)).toContain(open.id);
    expect(list.map((e) => e.id)).not.toContain(closed.id);
    const item = list.find((e) => e.id === open.id)!;
    expect(Object.keys(item).sort()).toEqual(['endsAt', 'id', 'kind', 'network', 'startsAt', 'timeZone', 'title']);
    await t.http.get(`/api/v1/events/${closed.id}`).expect(404);
    const one = (await t.http.get(`/api/v1/events/${open.id}`).expect(200)).body;
    expect(one.meetingUrl).toBeUndefined();
    expect(one.description).toBeUndefined();
  }, 60_000);
});

describe('calendars (E3)', () => {
  it('.ics is valid iCalendar with the summary and the start in the event zone', async () => {
    // 15 June 2027, 10:00 in Vienna (UTC+2).
    const event = await createEvent({ title: 'Briefing: trafficking trends, 2027', startsAt: '2027-06-15T08:00:00.000Z', endsAt: '2027-06-15T10:00:00.000Z' });
    const member = await createMember(t);
    const response = await t.http.get(`/api/v1/events/${event.id}/ics`).set(auth(member)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    const component = new ICAL.Component(ICAL.parse(response.text));
    const zone = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
    expect(zone.tzid).toBe('Europe/Vienna');
    ICAL.TimezoneService.register(zone, 'Europe/Vienna');
    const vevent = new ICAL.Event(component.getFirstSubcomponent('vevent')!);
    expect(vevent.summary).toBe('Briefing: trafficking trends, 2027');
    expect(vevent.startDate.zone.tzid).toBe('Europe/Vienna');
    expect(vevent.startDate.toString()).toBe('2027-06-15T10:00:00');
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2027-06-15T08:00:00.000Z');
    expect(vevent.component.getFirstPropertyValue('url')).toBe(`${t.config.publicUrl}/events/${event.id}`);
    ICAL.TimezoneService.remove('Europe/Vienna');
    // Visitors may not fetch a members-only event's calendar file.
    await t.http.get(`/api/v1/events/${event.id}/ics`).expect(404);
    // A public event's file, fetched by a visitor, links to the public page they can open.
    const open = await createEvent({ visibility: 'public' });
    const visitorFile = await t.http.get(`/api/v1/events/${open.id}/ics`).expect(200);
    const visitorEvent = new ICAL.Event(new ICAL.Component(ICAL.parse(visitorFile.text)).getFirstSubcomponent('vevent')!);
    expect(visitorEvent.component.getFirstPropertyValue('url')).toBe(`${t.config.publicUrl}/briefings/${open.id}`);
  }, 60_000);

  it('the personal feed lists registered events at a secret URL that rotates', async () => {
    const event = await createEvent({ title: 'Feed briefing' });
    const member = await createMember(t);
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(member)).expect(201);
    const first = (await t.http.post('/api/v1/me/calendar-feed').set(auth(member)).expect(201)).body.url as string;
    const feed = await t.http.get(first).expect(200);
    const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c).summary);
    expect(events).toEqual(['Feed briefing']);
    const second = (await t.http.post('/api/v1/me/calendar-feed').set(auth(member)).expect(201)).body.url as string;
    await t.http.get(first).expect(404);
    await t.http.get(second).expect(200);
    const [row] = await t.sql<{ token_hash: string }>(`SELECT token_hash FROM calendar_feeds WHERE user_id = $1`, [member.user.id]);
    expect(second).not.toContain(row.token_hash);
  }, 60_000);
});
