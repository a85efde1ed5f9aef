import { randomUUID } from 'node:crypto';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';

/** Who may create networks (N1), told to the web on GET /me and enforced on POST /networks by the same rule. */
describe.each([
  ['false', false],
  ['true', true],
] as const)('network creation with ALLOW_MEMBER_NETWORKS=%s', (flag, membersMay) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOW_MEMBER_NETWORKS: flag });
  });
  afterAll(async () => t.close());
  const body = () => {
    const slug = `made-${randomUUID().slice(0, 8)}`;
    return { name: `Network ${slug}`, slug, description: 'A place to talk.', visibility: 'open' };
  };

  it('tells admins they may create networks, on sign-in and on GET /me, and lets them', async () => {
    const admin = await signInAdmin(t);
    expect(admin.user.permissions).toEqual({ createNetworks: true });
    const me = await t.http.get('/api/v1/me').auth(admin.token, { type: 'bearer' }).expect(200);
    expect(me.body.permissions).toEqual({ createNetworks: true });
    await t.http.post('/api/v1/networks').auth(admin.token, { type: 'bearer' }).send(body()).expect(201);
  });

  it(`tells members they ${membersMay ? 'may' : 'may not'} create networks, and the route agrees`, async () => {
    const member = await createMember(t);
    expect(member.user.permissions).toEqual({ createNetworks: membersMay });
    const me = await t.http.get('/api/v1/me').auth(member.token, { type: 'bearer' }).expect(200);
    expect(me.body.permissions).toEqual({ createNetworks: membersMay });
    const patched = await t.http.patch('/api/v1/me').auth(member.token, { type: 'bearer' }).send({ jobTitle: 'Analyst' }).expect(200);
    expect(patched.body.permissions).toEqual({ createNetworks: membersMay });
    const created = await t.http.post('/api/v1/networks').auth(member.token, { type: 'bearer' }).send(body());
    expect(created.status).toBe(membersMay ? 201 : 403);
    if (membersMay) expect(created.body.membership).toMatchObject({ role: 'owner', status: 'active' });
  });
});
