import { applicant, signIn, signInAdmin, startTestApp, tokenFromMail, type TestApp } from '../support/test-app.js';

describe('registration to sign-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('walks register → verify → approve → sign in → refresh → reuse revokes → sign out', async () => {
    const fields = applicant();
    const registered = await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    expect(registered.body).toEqual({ user: { id: expect.any(String), status: 'pending' } });

    const token = await tokenFromMail(t, fields.email, '/verify-email');
    await t.http.post('/api/v1/auth/verify-email').send({ token }).expect(200);
    await t.http.post('/api/v1/auth/verify-email').send({ token }).expect(403);

    const pending = await signIn(t, fields.email, fields.password);
    expect(pending.user.status).toBe('pending');
    const me = await t.http.get('/api/v1/me').auth(pending.token, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ email: fields.email, status: 'pending', emailVerified: true });

    const admin = await signInAdmin(t);
    await t.http.post(`/api/v1/admin/access-requests/${registered.body.user.id}/approve`).auth(admin.token, { type: 'bearer' }).expect(201);

    const member = await signIn(t, fields.email, fields.password);
    expect(member.user.status).toBe('active');

    const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', member.cookie).expect(200);
    expect(refreshed.body.accessToken).toEqual(expect.any(String));
    const rotatedCookie = ([] as string[]).concat(refreshed.headers['set-cookie']).map((c) => c.split(';')[0]).join('; ');
    expect(rotatedCookie).not.toEqual(member.cookie);

    // The first cookie again: a replayed token ends the whole family, the rotated one included.
    await t.http.post('/api/v1/auth/refresh').set('Cookie', member.cookie).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', rotatedCookie).expect(401);
    await t.http.get('/api/v1/me').auth(refreshed.body.accessToken, { type: 'bearer' }).expect(401);

    const again = await signIn(t, fields.email, fields.password);
    await t.http.post('/api/v1/auth/logout').set('Cookie', again.cookie).auth(again.token, { type: 'bearer' }).expect(204);
    await t.http.get('/api/v1/me').auth(again.token, { type: 'bearer' }).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', again.cookie).expect(401);
  });
});
