import { randomUUID } from 'node:crypto';
import type { AdminDashboard, DashboardWeek } from '@praxis/contracts';
import { applicant, createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

const DAY = 86400_000;

/** The Monday (UTC) that starts the week of `date`, as YYYY-MM-DD: how the dashboard names its weeks. */
function weekOf(date: Date): string {
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/** D1: the admin dashboard's figures, computed from data seeded here, and its CSV exports. */
describe('admin dashboard (D1)', () => {
  let t: TestApp;
  let admin: SignedIn;
  let members: SignedIn[];
  let focalPoint: SignedIn;
  const threeWeeksAgo = new Date(Date.now() - 21 * DAY);
  const event = { past: randomUUID(), older: randomUUID(), upcoming: randomUUID() };

  const as = (who: SignedIn) => ({
    get: (url: string) => t.http.get(url).auth(who.token, { type: 'bearer' }),
    post: (url: string, body?: object) => t.http.post(url).auth(who.token, { type: 'bearer' }).send(body),
    put: (url: string, body?: object) => t.http.put(url).auth(who.token, { type: 'bearer' }).send(body),
    delete: (url: string) => t.http.delete(url).auth(who.token, { type: 'bearer' }),
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    members = [await createMember(t), await createMember(t), await createMember(t)];
    focalPoint = await createMember(t, { organisation: 'Focal Org' });
    await as(admin).put(`/api/v1/admin/users/${focalPoint.user.id}/focal-point`, { organisation: 'Focal Org' }).expect(200);
    const suspended = await createMember(t);
    await as(admin).post(`/api/v1/admin/users/${suspended.user.id}/suspend`, {}).expect(201);
    for (let i = 0; i < 2; i++) await t.http.post('/api/v1/auth/register').send(applicant()).expect(201);
    // Members[2] last used the hub 40 days ago: a member, but not an active one.
    await t.sql(`UPDATE user_sessions SET last_used_at = now() - interval '40 days', created_at = now() - interval '40 days' WHERE user_id = $1`, [members[2].user.id]);

    const network = async (slug: string) =>
      (await as(admin).post('/api/v1/networks', { name: `Network ${slug}`, slug, description: 'Where we talk.', visibility: 'open' }).expect(201)).body.id as string;
    const first = await network(`dash-${randomUUID().slice(0, 6)}`);
    await network(`dash-${randomUUID().slice(0, 6)}`);
    const thread = async (tags: string[]) =>
      (await as(admin).post(`/api/v1/networks/${first}/threads`, { title: `About ${tags.join(' ')}`, body: 'Opening post.', tags, clientId: randomUUID() }).expect(201)).body.id as string;
    const reply = async (threadId: string) =>
      (await as(admin).post(`/api/v1/threads/${threadId}/posts`, { body: 'A reply.', clientId: randomUUID() }).expect(201)).body.id as string;

    // This week: two threads, their opening posts and two replies, one of them deleted.
    const t1 = await thread(['trafficking', 'victims']);
    await reply(t1);
    await as(admin).delete(`/api/v1/posts/${await reply(t1)}`).expect((r) => expect(r.status).toBeLessThan(300));
    await thread(['trafficking']);
    // Three weeks ago: one thread with its opening post and one reply.
    const t3 = await thread(['smuggling']);
    await reply(t3);
    await t.sql(`UPDATE threads SET created_at = $2 WHERE id = $1`, [t3, threeWeeksAgo]);
    await t.sql(`UPDATE posts SET created_at = $2 WHERE thread_id = $1`, [t3, threeWeeksAgo]);
    // Twenty weeks ago: outside every window.
    const old = await thread(['old-tag', 'trafficking']);
    await t.sql(`UPDATE threads SET created_at = now() - interval '20 weeks' WHERE id = $1`, [old]);
    await t.sql(`UPDATE posts SET created_at = now() - interval '20 weeks' WHERE thread_id = $1`, [old]);

    await t.sql(
      `INSERT INTO resources (title, kind, language, tags, created_by) VALUES
         ('Toolkit', 'toolkit', 'en', '{trafficking,toolkit}', $1),
         ('Deleted', 'report', 'en', '{deleted-tag}', $1)`,
      [admin.user.id],
    );
    await t.sql(`UPDATE resources SET deleted_at = now() WHERE title = 'Deleted'`);

    // A past event: three places taken (one waitlisted, one cancelled); three people came, two of them registered.
    await t.sql(
      `INSERT INTO events (id, title, kind, starts_at, ends_at, time_zone, registration_mode, visibility, created_by) VALUES
         ($1, '=HYPERLINK("http://evil.example")', 'briefing', now() - interval '2 days', now() - interval '2 days' + interval '1 hour', 'UTC', 'open', 'members', $4),
         ($2, 'Older workshop', 'workshop', now() - interval '10 days', now() - interval '10 days' + interval '1 hour', 'UTC', 'open', 'members', $4),
         ($3, 'Upcoming webinar', 'webinar', now() + interval '3 days', now() + interval '3 days' + interval '1 hour', 'UTC', 'open', 'members', $4)`,
      [event.past, event.older, event.upcoming, admin.user.id],
    );
    const [m0, m1, m2] = members.map((m) => m.user.id);
    await t.sql(
      `INSERT INTO event_registrations (event_id, user_id, status) VALUES
         ($1, $2, 'registered'), ($1, $3, 'registered'), ($1, $4, 'registered'), ($1, $5, 'waitlisted'), ($1, $6, 'cancelled'),
         ($7, $2, 'registered')`,
      [event.past, m0, m1, m2, focalPoint.user.id, suspended.user.id, event.upcoming],
    );
    await t.sql(
      `INSERT INTO event_attendance (event_id, user_id, joined_at, left_at) VALUES
         ($1, $2, now() - interval '2 days', now() - interval '2 days' + interval '10 minutes'),
         ($1, $2, now() - interval '2 days' + interval '20 minutes', now() - interval '2 days' + interval '50 minutes'),
         ($1, $3, now() - interval '2 days', now() - interval '2 days' + interval '1 hour'),
         ($1, $4, now() - interval '2 days', now() - interval '2 days' + interval '1 hour')`,
      [event.past, m0, m1, admin.user.id],
    );

    await t.sql(
      `INSERT INTO reports (target_type, target_id, reporter_id, reason, status, action) VALUES
         ('thread', $1, $2, 'spam', 'open', NULL), ('post', $3, $2, 'harassment', 'open', NULL), ('thread', $1, $4, 'spam', 'resolved', 'dismiss')`,
      [t1, m0, randomUUID(), m1],
    );
  });
  afterAll(async () => t.close());

  it('keeps members, focal points, applicants and visitors out', async () => {
    const pending = applicant();
    await t.http.post('/api/v1/auth/register').send(pending).expect(201);
    const applicantToken = (await t.http.post('/api/v1/auth/login').send({ email: pending.email, password: pending.password }).expect(200)).body.accessToken;
    for (const token of [members[0].token, focalPoint.token, applicantToken]) {
      for (const url of ['/api/v1/admin/dashboard', '/api/v1/admin/dashboard/summary.csv', '/api/v1/admin/dashboard/events.csv']) {
        const response = await t.http.get(url).auth(token, { type: 'bearer' });
        expect([url, response.status]).toEqual([url, 403]);
        expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      }
    }
    await t.http.get('/api/v1/admin/dashboard').expect(401);
    await t.http.get('/api/v1/admin/dashboard/activity.csv').expect(401);
    await t.sql(`DELETE FROM users WHERE email = $1`, [pending.email]);
  });

  it('gives the figures of the seeded hub', async () => {
    const dashboard = (await as(admin).get('/api/v1/admin/dashboard').expect(200)).body as AdminDashboard;
    expect(dashboard.periods).toEqual({ activeDays: 30, weeks: 12, events: 10, tags: 10 });
    expect(Date.parse(dashboard.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Active: the admin, three members and the focal point; members[2] has not been seen for 40 days.
    expect(dashboard.members).toEqual({ total: 5, pending: 2, suspended: 1, activeRecently: 4 });
    expect(dashboard.networks).toBe(2);
    expect(dashboard.openReports).toBe(2);

    expect(dashboard.activity).toHaveLength(12);
    const weeks = dashboard.activity.map((w) => w.weekStart);
    expect(weeks[11]).toBe(weekOf(new Date()));
    expect(weeks[0]).toBe(weekOf(new Date(Date.now() - 77 * DAY)));
    expect([...weeks].sort()).toEqual(weeks);
    const byWeek = new Map(dashboard.activity.map((w) => [w.weekStart, w]));
    expect(byWeek.get(weekOf(new Date()))).toEqual<DashboardWeek>({ weekStart: weekOf(new Date()), threads: 2, posts: 3 });
    expect(byWeek.get(weekOf(threeWeeksAgo))).toEqual<DashboardWeek>({ weekStart: weekOf(threeWeeksAgo), threads: 1, posts: 2 });
    expect(dashboard.activity.reduce((sum, w) => sum + w.threads, 0)).toBe(3);
    expect(dashboard.activity.reduce((sum, w) => sum + w.posts, 0)).toBe(5);

    expect(dashboard.events).toEqual([
      { id: event.past, title: '=HYPERLINK("http://evil.example")', startsAt: expect.any(String), registered: 3, attended: 3, attendedRegistered: 2 },
      { id: event.older, title: 'Older workshop', startsAt: expect.any(String), registered: 0, attended: 0, attendedRegistered: 0 },
    ]);
    expect(Date.parse(dashboard.events[0].startsAt)).toBeGreaterThan(Date.parse(dashboard.events[1].startsAt));

    expect(dashboard.topTags).toEqual([
      { tag: 'trafficking', threads: 2, resources: 1, total: 3 },
      { tag: 'smuggling', threads: 1, resources: 0, total: 1 },
      { tag: 'toolkit', threads: 0, resources: 1, total: 1 },
      { tag: 'victims', threads: 1, resources: 0, total: 1 },
    ]);
  });

  it('follows changes: a new open report, a new applicant and a new network show at once', async () => {
    const before = (await as(admin).get('/api/v1/admin/dashboard').expect(200)).body as AdminDashboard;
    const pending = applicant();
    await t.http.post('/api/v1/auth/register').send(pending).expect(201);
    await as(admin).post('/api/v1/networks', { name: 'One more', slug: `more-${randomUUID().slice(0, 6)}`, description: 'x', visibility: 'open' }).expect(201);
    await t.sql(`INSERT INTO reports (target_type, target_id, reporter_id, reason) VALUES ('user', $1, $2, 'other')`, [members[1].user.id, members[0].user.id]);
    const after = (await as(admin).get('/api/v1/admin/dashboard').expect(200)).body as AdminDashboard;
    expect(after.members.pending).toBe(before.members.pending + 1);
    expect(after.networks).toBe(before.networks + 1);
    expect(after.openReports).toBe(before.openReports + 1);
    await t.sql(`DELETE FROM reports WHERE target_id = $1`, [members[1].user.id]);
    await t.sql(`DELETE FROM users WHERE email = $1`, [pending.email]);
    await t.sql(`DELETE FROM networks WHERE name = 'One more'`);
  });

  it('exports each table as a CSV attachment, safe to open in a spreadsheet', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const csv = async (table: string) => {
      const response = await as(admin).get(`/api/v1/admin/dashboard/${table}.csv`).buffer(true).parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="dashboard-${table}-${today}.csv"`);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      return (response.body as string).split('\r\n');
    };

    expect(await csv('summary')).toEqual([
      'metric,value',
      'members_total,5',
      'members_pending,2',
      'members_suspended,1',
      'members_active_last_30_days,4',
      'networks,2',
      'open_reports,2',
      '',
    ]);

    const activity = await csv('activity');
    expect(activity[0]).toBe('week_start,threads,posts');
    expect(activity).toHaveLength(14);
    expect(activity).toContain(`${weekOf(new Date())},2,3`);
    expect(activity).toContain(`${weekOf(threeWeeksAgo)},1,2`);
    expect(activity[1]).toBe(`${weekOf(new Date(Date.now() - 77 * DAY))},0,0`);

    const events = await csv('events');
    expect(events[0]).toBe('event_id,title,starts_at,registered,attended,attended_registered');
    // The formula in the title is written as text: a leading quote, and the CSV quoting around it.
    expect(events[1]).toMatch(new RegExp(`^${event.past},"'=HYPERLINK\\(""http://evil\\.example""\\)",\\d{4}-\\d\\d-\\d\\dT[^,]+,3,3,2$`));
    expect(events[2]).toMatch(new RegExp(`^${event.older},Older workshop,[^,]+,0,0,0$`));
    expect(events).toHaveLength(4);

    expect(await csv('tags')).toEqual(['tag,threads,resources,total', 'trafficking,2,1,3', 'smuggling,1,0,1', 'toolkit,0,1,1', 'victims,1,0,1', '']);
  });

  it('answers 404 for a table that does not exist', async () => {
    for (const url of ['/api/v1/admin/dashboard/users.csv', '/api/v1/admin/dashboard/..%2Fsummary.csv', '/api/v1/admin/dashboard/summary']) {
      const response = await as(admin).get(url);
      expect([url, response.status]).toEqual([url, 404]);
      expect(response.body).toMatchObject({ statusCode: 404 });
    }
  });
});
