import type { SessionInfo } from '@praxis/contracts';
import { createMember, signIn, startTestApp, type TestApp } from '../support/test-app.js';

describe('sessions (A3): list and revoke my own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('lists my live sessions with the current one marked, and revokes another device at once', async () => {
    const laptop = await createMember(t);
    const phone = await t.http
      .post('/api/v1/auth/login')
      .set('User-Agent', 'PraxisTest/phone')
      .send({ email: laptop.user.email, password: laptop.password })
      .expect(200);
    const phoneToken = phone.body.accessToken as string;
    const phoneCookie = ([] as string[]).concat(phone.headers['set-cookie']).map((c) => c.split(';')[0]).join('; ');

    const listed = await t.http.get('/api/v1/auth/sessions').auth(laptop.token, { type: 'bearer' }).expect(200);
    const sessions = listed.body.items as SessionInfo[];
    expect(listed.body.nextCursor).toBeNull();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = sessions.find((s) => s.userAgent === 'PraxisTest/phone');
    expect(phoneSession).toEqual({
      id: expect.any(String),
      userAgent: 'PraxisTest/phone',
      ip: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      current: false,
    });

    await t.http.delete(`/api/v1/auth/sessions/${phoneSession!.id}`).auth(laptop.token, { type: 'bearer' }).expect(204);
    await t.http.get('/api/v1/me').auth(phoneToken, { type: 'bearer' }).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', phoneCookie).expect(401);
    // The laptop is untouched.
    await t.http.get('/api/v1/me').auth(laptop.token, { type: 'bearer' }).expect(200);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', laptop.cookie).expect(200);
    const after = await t.http.get('/api/v1/auth/sessions').auth(laptop.token, { type: 'bearer' }).expect(200);
    expect(after.body.items.map((s: SessionInfo) => s.id)).not.toContain(phoneSession!.id);

    // Revoking twice, or a session that does not exist, is a 404.
    await t.http.delete(`/api/v1/auth/sessions/${phoneSession!.id}`).auth(laptop.token, { type: 'bearer' }).expect(404);
    await t.http.delete('/api/v1/auth/sessions/not-a-uuid').auth(laptop.token, { type: 'bearer' }).expect(400);
  });

  it("never lists or revokes someone else's session", async () => {
    const alice = await createMember(t);
    const bob = await createMember(t);
    const [bobSession] = (await t.http.get('/api/v1/auth/sessions').auth(bob.token, { type: 'bearer' }).expect(200)).body.items as SessionInfo[];
    const aliceList = (await t.http.get('/api/v1/auth/sessions').auth(alice.token, { type: 'bearer' }).expect(200)).body.items as SessionInfo[];
    expect(aliceList.map((s) => s.id)).not.toContain(bobSession.id);

    const denied = await t.http.delete(`/api/v1/auth/sessions/${bobSession.id}`).auth(alice.token, { type: 'bearer' }).expect(404);
    expect(denied.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No such session' });
    await t.http.get('/api/v1/me').auth(bob.token, { type: 'bearer' }).expect(200);
  });

  it('lets a pending applicant see and end their own sessions; visitors get 401', async () => {
    const member = await createMember(t);
    await t.sql(`UPDATE users SET status = 'pending' WHERE id = $1`, [member.user.id]);
    const again = await signIn(t, member.user.email, member.password);
    const list = await t.http.get('/api/v1/auth/sessions').auth(again.token, { type: 'bearer' }).expect(200);
    expect(list.body.items).toHaveLength(2);
    await t.http.get('/api/v1/auth/sessions').expect(401);
  });
});
