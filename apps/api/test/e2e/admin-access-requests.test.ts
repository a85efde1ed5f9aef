import type { Stream } from 'node:stream';
import type { AccessRequest, NotificationItem } from '@praxis/contracts';
import { DomainEvents } from '../../src/common/domain-events.js';
import { applicant, createMember, signIn, signInAdmin, startTestApp, tokenFromMail, type SignedIn, type TestApp } from '../support/test-app.js';

/** Collects a binary response body as a Buffer (supertest only parses text and JSON by itself). */
function binary(res: Stream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('access requests (A2)', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(async () => t.close());

  async function register(overrides: Parameters<typeof applicant>[0] = {}, letter?: Buffer) {
    const fields = applicant(overrides);
    let call = t.http.post('/api/v1/auth/register');
    if (letter) {
      for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
      call = call.attach('nominationLetter', letter, { filename: 'lettre de désignation.pdf', contentType: 'application/pdf' });
    } else {
      call = call.send(fields);
    }
    const response = await call.expect(201);
    return { ...fields, id: response.body.user.id as string };
  }

  const queue = async (token: string, query = '') =>
    (await t.http.get(`/api/v1/admin/access-requests${query}`).auth(token, { type: 'bearer' }).expect(200)).body as {
      items: AccessRequest[];
      nextCursor: string | null;
    };

  it('lists pending applicants, oldest first, with their details and nomination letter', async () => {
    const withLetter = await register({ organisation: 'Queue Test Org' }, PDF);
    const without = await register({ organisation: 'Queue Test Org' });
    const member = await createMember(t);

    const { items } = await queue(admin.token, '?limit=100');
    const ids = items.map((i) => i.id);
    expect(ids.indexOf(withLetter.id)).toBeLessThan(ids.indexOf(without.id));
    expect(ids).not.toContain(member.user.id);
    const entry = items.find((i) => i.id === withLetter.id);
    expect(entry).toEqual({
      id: withLetter.id,
      email: withLetter.email,
      emailVerified: false,
      displayName: withLetter.displayName,
      organisation: 'Queue Test Org',
      organisationType: withLetter.organisationType,
      country: withLetter.country,
      jobTitle: withLetter.jobTitle,
      reason: withLetter.reason,
      createdAt: expect.any(String),
      nominationLetter: { id: expect.any(String), name: 'lettre de désignation.pdf', size: PDF.length, url: expect.stringMatching(/^\/api\/v1\/files\/[0-9a-f-]{36}$/) },
    });
    expect(items.find((i) => i.id === without.id)?.nominationLetter).toBeNull();
  });

  it('pages the queue with an opaque cursor and refuses a forged one', async () => {
    await register();
    await register();
    const first = await queue(admin.token, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await queue(admin.token, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    const all = await queue(admin.token, '?limit=100');
    expect(all.items.map((i) => i.id).slice(0, 2)).toEqual([first.items[0].id, second.items[0].id]);

    const forged = await t.http.get('/api/v1/admin/access-requests?cursor=bm90LWpzb24').auth(admin.token, { type: 'bearer' }).expect(400);
    expect(forged.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'cursor' }] });
  });

  it('approves: 201, the applicant becomes a member, is told by email and in the app, and the decision is audited', async () => {
    const person = await register();
    const published: { userId: string; notification: NotificationItem; unreadCount?: number }[] = [];
    t.app.get(DomainEvents).on('notification.created', (e) => void published.push(e));

    const approved = await t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(admin.token, { type: 'bearer' }).expect(201);
    expect(approved.body).toMatchObject({ id: person.id, status: 'active', isAdmin: false });

    const [row] = await t.sql<{ status: string; decided_by: string; decided_at: Date | null }>(
      'SELECT status, decided_by, decided_at FROM users WHERE id = $1',
      [person.id],
    );
    expect(row).toMatchObject({ status: 'active', decided_by: admin.user.id, decided_at: expect.any(Date) });
    const notifications = await t.sql('SELECT kind, title, link FROM notifications WHERE user_id = $1', [person.id]);
    expect(notifications).toEqual([{ kind: 'access.approved', title: 'Your access to Praxis was approved', link: '/' }]);
    // Listeners run after the request's own work, on a later tick.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(published).toContainEqual({ userId: person.id, notification: expect.objectContaining({ kind: 'access.approved' }), unreadCount: 1 });
    const mail = (await t.mails()).filter((m) => m.to.includes(person.email));
    expect(mail.map((m) => m.subject)).toContain('Your access to Praxis was approved');
    const audit = await t.sql('SELECT actor_id, action, target_type, target_id FROM audit_log WHERE target_id = $1', [person.id]);
    expect(audit).toEqual([{ actor_id: admin.user.id, action: 'access-request.approved', target_type: 'user', target_id: person.id }]);

    const member = await signIn(t, person.email, person.password);
    await t.http.get('/api/v1/members').auth(member.token, { type: 'bearer' }).expect(200);

    // Deciding twice, either way, is a conflict and changes nothing.
    const again = await t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(admin.token, { type: 'bearer' }).expect(409);
    expect(again.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'This access request has already been decided' });
    await t.http.post(`/api/v1/admin/access-requests/${person.id}/reject`).auth(admin.token, { type: 'bearer' }).send({ reason: 'Changed my mind' }).expect(409);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [person.id])).toEqual([{ status: 'active' }]);
    expect(await t.sql('SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1', [person.id])).toEqual([{ n: 1 }]);
  });

  it('rejects only with a reason, which the applicant is told and sees on their status', async () => {
    const person = await register();
    const missing = await t.http.post(`/api/v1/admin/access-requests/${person.id}/reject`).auth(admin.token, { type: 'bearer' }).send({}).expect(400);
    expect(missing.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'reason', messages: expect.any(Array) }] });
    await t.http.post(`/api/v1/admin/access-requests/${person.id}/reject`).auth(admin.token, { type: 'bearer' }).send({ reason: '   ' }).expect(400);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [person.id])).toEqual([{ status: 'pending' }]);

    const reason = 'We could not confirm your affiliation with the unit you named.';
    const rejected = await t.http.post(`/api/v1/admin/access-requests/${person.id}/reject`).auth(admin.token, { type: 'bearer' }).send({ reason }).expect(201);
    expect(rejected.body).toMatchObject({ id: person.id, status: 'rejected' });

    const session = await signIn(t, person.email, person.password);
    const me = await t.http.get('/api/v1/me').auth(session.token, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ status: 'rejected', rejectionReason: reason });
    await t.http.get('/api/v1/members').auth(session.token, { type: 'bearer' }).expect(403);
    const mail = (await t.mails()).filter((m) => m.to.includes(person.email) && m.subject === 'Your request for access to Praxis');
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(reason);
    expect(await t.sql('SELECT kind, body FROM notifications WHERE user_id = $1', [person.id])).toEqual([{ kind: 'access.rejected', body: reason }]);
    expect(await t.sql('SELECT reason FROM audit_log WHERE target_id = $1 AND action = $2', [person.id, 'access-request.rejected'])).toEqual([{ reason }]);
    await t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(admin.token, { type: 'bearer' }).expect(409);
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const person = await register();
    const results = await Promise.all([
      t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(admin.token, { type: 'bearer' }),
      t.http.post(`/api/v1/admin/access-requests/${person.id}/reject`).auth(admin.token, { type: 'bearer' }).send({ reason: 'Not a practitioner' }),
      t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(admin.token, { type: 'bearer' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await t.sql('SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1', [person.id])).toEqual([{ n: 1 }]);
  });

  it('answers 404 for an unknown applicant and 400 for an id that is not one', async () => {
    await t.http.post('/api/v1/admin/access-requests/2b1e4b5c-0000-4000-8000-000000000000/approve').auth(admin.token, { type: 'bearer' }).expect(404);
    const bad = await t.http.post('/api/v1/admin/access-requests/not-an-id/approve').auth(admin.token, { type: 'bearer' }).expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });

  it('keeps members, applicants and visitors out of the queue', async () => {
    const member = await createMember(t);
    const person = await register();
    const pending = await signIn(t, person.email, person.password);
    for (const token of [member.token, pending.token]) {
      await t.http.get('/api/v1/admin/access-requests').auth(token, { type: 'bearer' }).expect(403);
      await t.http.post(`/api/v1/admin/access-requests/${person.id}/approve`).auth(token, { type: 'bearer' }).expect(403);
    }
    await t.http.get('/api/v1/admin/access-requests').expect(401);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [person.id])).toEqual([{ status: 'pending' }]);
  });

  describe('focal points', () => {
    const ORG = 'Nordic Migrant Rights Centre';
    let focal: SignedIn;

    beforeAll(async () => {
      focal = await createMember(t, { organisation: ORG });
    });

    it('only admins appoint focal points, and only active members can be one', async () => {
      const member = await createMember(t);
      await t.http.put(`/api/v1/admin/users/${member.user.id}/focal-point`).auth(focal.token, { type: 'bearer' }).send({ organisation: ORG }).expect(403);
      const person = await register();
      await t.http.put(`/api/v1/admin/users/${person.id}/focal-point`).auth(admin.token, { type: 'bearer' }).send({ organisation: ORG }).expect(409);
      const missing = await t.http.put(`/api/v1/admin/users/${member.user.id}/focal-point`).auth(admin.token, { type: 'bearer' }).send({}).expect(400);
      expect(missing.body.details).toEqual([{ field: 'organisation', messages: expect.any(Array) }]);
    });

    it('a focal point sees and decides only the applicants of their organisation, in any letter case', async () => {
      const ours = await register({ organisation: 'nordic migrant RIGHTS centre' }, PDF);
      const theirs = await register({ organisation: 'Border Police Directorate' }, PDF);
      await t.http.get('/api/v1/admin/access-requests').auth(focal.token, { type: 'bearer' }).expect(403);

      const appointed = await t.http.put(`/api/v1/admin/users/${focal.user.id}/focal-point`).auth(admin.token, { type: 'bearer' }).send({ organisation: ORG }).expect(200);
      expect(appointed.body).toMatchObject({ id: focal.user.id, focalPointFor: ORG });
      expect(await t.sql('SELECT kind FROM notifications WHERE user_id = $1', [focal.user.id])).toEqual([{ kind: 'focal-point.appointed' }]);

      const { items } = await queue(focal.token, '?limit=100');
      expect(items.map((i) => i.id)).toEqual([ours.id]);

      // The nomination letter of their own applicant, and nobody else's.
      const ourLetter = items[0].nominationLetter!;
      const download = await t.http.get(ourLetter.url).auth(focal.token, { type: 'bearer' }).buffer(true).parse(binary).expect(200);
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
      const [theirLetter] = await t.sql<{ id: string }>('SELECT nomination_file_id AS id FROM users WHERE id = $1', [theirs.id]);
      await t.http.get(`/api/v1/files/${theirLetter.id}`).auth(focal.token, { type: 'bearer' }).expect(404);

      const denied = await t.http.post(`/api/v1/admin/access-requests/${theirs.id}/approve`).auth(focal.token, { type: 'bearer' }).expect(403);
      expect(denied.body.message).toMatch(/own organisation/);
      await t.http.post(`/api/v1/admin/access-requests/${ours.id}/approve`).auth(focal.token, { type: 'bearer' }).expect(201);
      expect(await t.sql('SELECT status FROM users WHERE id = ANY($1) ORDER BY status', [[ours.id, theirs.id]])).toEqual([{ status: 'active' }, { status: 'pending' }]);
      expect(await t.sql('SELECT actor_id, details->>$2 AS "asFocalPoint" FROM audit_log WHERE target_id = $1', [ours.id, 'asFocalPoint'])).toEqual([
        { actor_id: focal.user.id, asFocalPoint: 'true' },
      ]);

      // Still no user administration for a focal point.
      await t.http.get('/api/v1/admin/users').auth(focal.token, { type: 'bearer' }).expect(403);

      await t.http.delete(`/api/v1/admin/users/${focal.user.id}/focal-point`).auth(admin.token, { type: 'bearer' }).expect(200);
      await t.http.get('/api/v1/admin/access-requests').auth(focal.token, { type: 'bearer' }).expect(403);
      await t.http.delete(`/api/v1/admin/users/${focal.user.id}/focal-point`).auth(admin.token, { type: 'bearer' }).expect(409);
      const actions = await t.sql<{ action: string }>('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [focal.user.id]);
      expect(actions.map((a) => a.action)).toEqual(['user.focal-point-appointed', 'user.focal-point-removed']);
    });
  });

  describe('nomination letter downloads', () => {
    it('go to the author and admins as attachments; anyone else gets 404', async () => {
      const person = await register({}, PDF);
      const [{ id: fileId }] = await t.sql<{ id: string }>('SELECT nomination_file_id AS id FROM users WHERE id = $1', [person.id]);
      const author = await signIn(t, person.email, person.password);

      for (const token of [author.token, admin.token]) {
        const response = await t.http.get(`/api/v1/files/${fileId}`).auth(token, { type: 'bearer' }).buffer(true).parse(binary).expect(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="lettre de designation.pdf"; filename*=UTF-8''lettre%20de%20d%C3%A9signation.pdf`);
        expect(Buffer.compare(response.body as Buffer, PDF)).toBe(0);
      }
      const member = await createMember(t);
      const hidden = await t.http.get(`/api/v1/files/${fileId}`).auth(member.token, { type: 'bearer' }).expect(404);
      const unknown = await t.http.get('/api/v1/files/2b1e4b5c-0000-4000-8000-000000000000').auth(member.token, { type: 'bearer' }).expect(404);
      expect(hidden.body).toEqual(unknown.body);
      await t.http.get(`/api/v1/files/${fileId}`).expect(401);
    });

    it('refuses a letter that is not a PDF and writes nothing', async () => {
      const [before] = await t.sql<{ users: number; files: number }>('SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM stored_files) AS files');
      const fields = applicant();
      let call = t.http.post('/api/v1/auth/register');
      for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
      const response = await call.attach('nominationLetter', Buffer.from('<html><script>alert(1)</script></html>'), 'letter.pdf').expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('PDF') });
      const [after] = await t.sql('SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM stored_files) AS files');
      expect(after).toEqual(before);
    });
  });
});

describe('auto-approved domains (AUTO_APPROVE_DOMAINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTO_APPROVE_DOMAINS: 'trusted.example, Agency.Example' });
  });
  afterAll(async () => t.close());

  it('approves an applicant of a listed domain when they confirm their address, not before', async () => {
    const fields = applicant({ email: `someone.${Date.now()}@agency.example` });
    const registered = await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    expect(registered.body.user.status).toBe('pending');
    // Typing an address proves nothing: until the link is opened the account waits like any other.
    const before = await signIn(t, fields.email, fields.password);
    expect(before.user.status).toBe('pending');
    await t.http.get('/api/v1/members').auth(before.token, { type: 'bearer' }).expect(403);

    const token = await tokenFromMail(t, fields.email, '/verify-email');
    await t.http.post('/api/v1/auth/verify-email').send({ token }).expect(200);

    const me = await t.http.get('/api/v1/me').auth(before.token, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ status: 'active', emailVerified: true });
    await t.http.get('/api/v1/members').auth(before.token, { type: 'bearer' }).expect(200);
    expect(await t.sql('SELECT actor_id, action FROM audit_log WHERE target_id = $1', [registered.body.user.id])).toEqual([
      { actor_id: null, action: 'access-request.auto-approved' },
    ]);
    expect(await t.sql('SELECT kind FROM notifications WHERE user_id = $1', [registered.body.user.id])).toEqual([{ kind: 'access.approved' }]);
  });

  it('leaves other domains, and look-alike subdomains, pending after confirmation', async () => {
    for (const email of [`a.${Date.now()}@example.org`, `b.${Date.now()}@evil.trusted.example`]) {
      const fields = applicant({ email });
      const registered = await t.http.post('/api/v1/auth/register').send(fields).expect(201);
      const token = await tokenFromMail(t, fields.email, '/verify-email');
      await t.http.post('/api/v1/auth/verify-email').send({ token }).expect(200);
      expect(await t.sql('SELECT status FROM users WHERE id = $1', [registered.body.user.id])).toEqual([{ status: 'pending' }]);
    }
  });
});
