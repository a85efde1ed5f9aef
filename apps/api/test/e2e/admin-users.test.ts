import type { AdminUser, AuditEntry } from '@praxis/contracts';
import { DomainEvents } from '../../src/common/domain-events.js';
import { AuditPolicy } from '../../src/modules/audit/audit.policy.js';
import { AuditLogService } from '../../src/modules/audit/audit.service.js';
import { applicant, createMember, signIn, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

describe('user administration (A8) and the audit log', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(async () => t.close());

  const as = (who: SignedIn) => ({
    get: (url: string) => t.http.get(url).auth(who.token, { type: 'bearer' }),
    post: (url: string, body?: object) => t.http.post(url).auth(who.token, { type: 'bearer' }).send(body),
    put: (url: string, body?: object) => t.http.put(url).auth(who.token, { type: 'bearer' }).send(body),
    delete: (url: string) => t.http.delete(url).auth(who.token, { type: 'bearer' }),
  });

  it('lists users by name, searches name, email and organisation, filters by status and pages', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const a = await createMember(t, { displayName: `${tag} Alpha`, organisation: 'Search Org' });
    const b = await createMember(t, { displayName: `${tag} Beta` });
    const c = applicant({ displayName: `${tag} Gamma` });
    await t.http.post('/api/v1/auth/register').send(c).expect(201);

    const all = await as(admin).get(`/api/v1/admin/users?q=${tag}`).expect(200);
    expect((all.body.items as AdminUser[]).map((u) => u.displayName)).toEqual([`${tag} Alpha`, `${tag} Beta`, `${tag} Gamma`]);
    expect(all.body.items[0]).toEqual({
      id: a.user.id,
      email: a.user.email,
      displayName: `${tag} Alpha`,
      organisation: 'Search Org',
      country: 'FR',
      status: 'active',
      isAdmin: false,
      focalPointFor: null,
      createdAt: expect.any(String),
    });
    const byEmail = await as(admin).get(`/api/v1/admin/users?q=${encodeURIComponent(b.user.email.toUpperCase())}`).expect(200);
    expect(byEmail.body.items.map((u: AdminUser) => u.id)).toEqual([b.user.id]);
    const pending = await as(admin).get(`/api/v1/admin/users?q=${tag}&status=pending`).expect(200);
    expect(pending.body.items.map((u: AdminUser) => u.displayName)).toEqual([`${tag} Gamma`]);

    const first = await as(admin).get(`/api/v1/admin/users?q=${tag}&limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await as(admin).get(`/api/v1/admin/users?q=${tag}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ displayName: `${tag} Gamma` })], nextCursor: null });

    // A search term is text, never a pattern: % and _ match only themselves.
    expect((await as(admin).get('/api/v1/admin/users?q=%25').expect(200)).body.items).toEqual([]);
    const wrong = await as(admin).get('/api/v1/admin/users?status=deleted').expect(400);
    expect(wrong.body).toMatchObject({ statusCode: 400, details: [{ field: 'status' }] });
  });

  it('keeps members and applicants out of every admin route', async () => {
    const member = await createMember(t);
    const other = await createMember(t);
    const routes: [keyof ReturnType<typeof as>, string, object?][] = [
      ['get', '/api/v1/admin/users'],
      ['post', `/api/v1/admin/users/${other.user.id}/suspend`, {}],
      ['post', `/api/v1/admin/users/${other.user.id}/reinstate`],
      ['post', `/api/v1/admin/users/${member.user.id}/admin`],
      ['delete', `/api/v1/admin/users/${admin.user.id}/admin`],
      ['put', `/api/v1/admin/users/${member.user.id}/focal-point`, { organisation: 'Mine' }],
      ['delete', `/api/v1/admin/users/${other.user.id}/focal-point`],
      ['get', '/api/v1/admin/access-requests'],
      ['get', '/api/v1/audit-log'],
    ];
    for (const [method, url, body] of routes) {
      const response = await (as(member)[method] as (u: string, b?: object) => ReturnType<typeof t.http.get>)(url, body);
      expect([url, response.status]).toEqual([url, 403]);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
    expect(await t.sql('SELECT status, is_admin FROM users WHERE id = $1', [member.user.id])).toEqual([{ status: 'active', is_admin: false }]);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [other.user.id])).toEqual([{ status: 'active' }]);
  });

  it('suspension ends a live session at once: access token and refresh cookie both stop working', async () => {
    const member = await createMember(t);
    const secondDevice = await signIn(t, member.user.email, member.password);
    await as(member).get('/api/v1/members').expect(200);
    const ended: string[] = [];
    t.app.get(DomainEvents).on('user.access-ended', (e) => void ended.push(e.userId));
    const revoked: string[][] = [];
    t.app.get(DomainEvents).on('sessions.revoked', (e) => void (e.userId === member.user.id && revoked.push(e.sessionIds)));

    const reason = 'Shared a restricted document outside the hub';
    const suspended = await as(admin).post(`/api/v1/admin/users/${member.user.id}/suspend`, { reason }).expect(201);
    expect(suspended.body).toMatchObject({ id: member.user.id, status: 'suspended' });

    await as(member).get('/api/v1/members').expect(401);
    await as(secondDevice).get('/api/v1/me').expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', member.cookie).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', secondDevice.cookie).expect(401);
    const login = await t.http.post('/api/v1/auth/login').send({ email: member.user.email, password: member.password }).expect(403);
    expect(login.body.message).toMatch(/suspended/);
    expect(await t.sql('SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1 AND revoked_at IS NULL', [member.user.id])).toEqual([{ n: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toContain(member.user.id);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toHaveLength(2);

    const [line] = await t.sql('SELECT actor_id, action, reason, details FROM audit_log WHERE target_id = $1', [member.user.id]);
    expect(line).toEqual({ actor_id: admin.user.id, action: 'user.suspended', reason, details: { previousStatus: 'active' } });

    await as(admin).post(`/api/v1/admin/users/${member.user.id}/suspend`).expect(409);
    const reinstated = await as(admin).post(`/api/v1/admin/users/${member.user.id}/reinstate`).expect(201);
    expect(reinstated.body.status).toBe('active');
    await as(admin).post(`/api/v1/admin/users/${member.user.id}/reinstate`).expect(409);
    const back = await signIn(t, member.user.email, member.password);
    await as(back).get('/api/v1/members').expect(200);
  });

  it('suspends without a body, and refuses an unknown field or an unknown user', async () => {
    const member = await createMember(t);
    const unknownField = await as(admin).post(`/api/v1/admin/users/${member.user.id}/suspend`, { reason: 'x', until: 'tomorrow' }).expect(400);
    expect(unknownField.body.details).toEqual([{ field: 'until', messages: ['property until should not exist'] }]);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [member.user.id])).toEqual([{ status: 'active' }]);
    await t.http.post(`/api/v1/admin/users/${member.user.id}/suspend`).auth(admin.token, { type: 'bearer' }).expect(201);
    await as(admin).post('/api/v1/admin/users/2b1e4b5c-0000-4000-8000-000000000000/suspend', {}).expect(404);
  });

  it('grants and withdraws admin rights, never one’s own, never the last admin', async () => {
    const member = await createMember(t);
    const self = await as(admin).delete(`/api/v1/admin/users/${admin.user.id}/admin`).expect(403);
    expect(self.body.message).toMatch(/own admin rights/);
    await as(admin).post(`/api/v1/admin/users/${admin.user.id}/suspend`, {}).expect(403);

    const granted = await as(admin).post(`/api/v1/admin/users/${member.user.id}/admin`).expect(201);
    expect(granted.body).toMatchObject({ id: member.user.id, isAdmin: true });
    await as(admin).post(`/api/v1/admin/users/${member.user.id}/admin`).expect(409);
    // The new admin's rights apply from their next request, with the same token.
    await as(member).get('/api/v1/admin/users').expect(200);

    await as(member).delete(`/api/v1/admin/users/${admin.user.id}/admin`).expect(200);
    await as(admin).get('/api/v1/admin/users').expect(403);
    // The remaining admin is now the last one: nobody can take that away.
    await as(member).delete(`/api/v1/admin/users/${member.user.id}/admin`).expect(403);
    await as(member).post(`/api/v1/admin/users/${admin.user.id}/admin`).expect(201);
    await as(admin).delete(`/api/v1/admin/users/${member.user.id}/admin`).expect(200);
    await as(admin).delete(`/api/v1/admin/users/${member.user.id}/admin`).expect(409);

    const pendingPerson = applicant();
    const registered = await t.http.post('/api/v1/auth/register').send(pendingPerson).expect(201);
    await as(admin).post(`/api/v1/admin/users/${registered.body.user.id}/admin`).expect(409);

    const actions = await t.sql<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_log WHERE target_id = ANY($1) AND action IN ('user.admin-granted', 'user.admin-withdrawn') ORDER BY id`,
      [[member.user.id, admin.user.id]],
    );
    expect(actions).toEqual([
      { action: 'user.admin-granted', actor_id: admin.user.id },
      { action: 'user.admin-withdrawn', actor_id: member.user.id },
      { action: 'user.admin-granted', actor_id: member.user.id },
      { action: 'user.admin-withdrawn', actor_id: admin.user.id },
    ]);
  });

  it('never lets two admins leave the hub without one, even at the same moment', async () => {
    const second = await createMember(t);
    await as(admin).post(`/api/v1/admin/users/${second.user.id}/admin`).expect(201);
    const active = await t.sql<{ id: string }>(`SELECT id FROM users WHERE is_admin AND status = 'active'`);
    expect(active).toHaveLength(2);
    // Each withdraws the other's rights at once: one must be refused.
    const [a, b] = await Promise.all([
      as(admin).delete(`/api/v1/admin/users/${second.user.id}/admin`),
      as(second).delete(`/api/v1/admin/users/${admin.user.id}/admin`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, expect.any(Number)]);
    expect([403, 409]).toContain(a.status === 200 ? b.status : a.status);
    expect(await t.sql(`SELECT count(*)::int AS n FROM users WHERE is_admin AND status = 'active'`)).toEqual([{ n: 1 }]);
    // Restore: whoever is still admin is the first admin or the second; make the first admin again.
    const [{ id: remaining }] = await t.sql<{ id: string }>(`SELECT id FROM users WHERE is_admin AND status = 'active'`);
    if (remaining !== admin.user.id) await as(second).post(`/api/v1/admin/users/${admin.user.id}/admin`).expect(201);
  });

  describe('GET /audit-log', () => {
    it('shows admins every line, newest first, with the actor, and pages', async () => {
      const member = await createMember(t);
      await as(admin).post(`/api/v1/admin/users/${member.user.id}/suspend`, { reason: 'Audit test' }).expect(201);
      await as(admin).post(`/api/v1/admin/users/${member.user.id}/reinstate`).expect(201);

      const log = await as(admin).get(`/api/v1/audit-log?targetId=${member.user.id}`).expect(200);
      const items = log.body.items as AuditEntry[];
      expect(items.map((e) => e.action)).toEqual(['user.reinstated', 'user.suspended']);
      expect(items[1]).toEqual({
        id: expect.stringMatching(/^\d+$/),
        actor: { id: admin.user.id, handle: admin.user.handle, displayName: admin.user.displayName, organisation: admin.user.organisation, avatarUrl: null },
        action: 'user.suspended',
        targetType: 'user',
        targetId: member.user.id,
        networkId: null,
        reason: 'Audit test',
        details: { previousStatus: 'active' },
        createdAt: expect.any(String),
      });

      const first = await as(admin).get('/api/v1/audit-log?limit=1').expect(200);
      const second = await as(admin).get(`/api/v1/audit-log?limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[0].id));
      await as(admin).get('/api/v1/audit-log?networkId=nope').expect(400);
      await as(admin).get(`/api/v1/audit-log?cursor=${Buffer.from('["1; DROP"]').toString('base64url')}`).expect(400);

      const installed = await as(admin).get(`/api/v1/audit-log?targetId=${admin.user.id}&action=user.admin-created`).expect(200);
      expect(installed.body.items).toEqual([expect.objectContaining({ actor: null, action: 'user.admin-created' })]);
    });

    it('scopes a network’s lines, and lets the networks feature open them to that network’s moderators', async () => {
      const networkId = '0b7c6f1e-2a9d-4c1b-9a55-3f1b2c4d5e6f';
      const moderator = await createMember(t);
      const audit = t.app.get(AuditLogService);
      await audit.record({ actorId: moderator.user.id, action: 'post.hidden', targetType: 'post', targetId: 'p1', networkId, reason: 'Spam' });
      await audit.record({ actorId: admin.user.id, action: 'post.hidden', targetType: 'post', targetId: 'p2', networkId: '1b7c6f1e-2a9d-4c1b-9a55-3f1b2c4d5e6f' });

      const scoped = await as(admin).get(`/api/v1/audit-log?networkId=${networkId}`).expect(200);
      expect(scoped.body.items.map((e: AuditEntry) => e.targetId)).toEqual(['p1']);

      await as(moderator).get(`/api/v1/audit-log?networkId=${networkId}`).expect(403);
      t.app.get(AuditPolicy).allowNetworkReaders((viewer, id) => viewer.user.id === moderator.user.id && id === networkId);
      const asModerator = await as(moderator).get(`/api/v1/audit-log?networkId=${networkId}`).expect(200);
      expect(asModerator.body.items.map((e: AuditEntry) => e.targetId)).toEqual(['p1']);
      // The whole log, and other networks' lines, stay admin-only.
      await as(moderator).get('/api/v1/audit-log').expect(403);
      await as(moderator).get('/api/v1/audit-log?networkId=1b7c6f1e-2a9d-4c1b-9a55-3f1b2c4d5e6f').expect(403);
    });
  });
});
