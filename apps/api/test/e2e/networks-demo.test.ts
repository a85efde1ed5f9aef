import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

/** The demo networks a first local start creates, with their visibility rules in force. */
describe('demo networks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(async () => t.close());

  it('seeds four networks of different visibility, with categories, threads and members in roles', async () => {
    const visitor = await t.http.get('/api/v1/networks').expect(200);
    expect(visitor.body.items.map((n: { slug: string }) => n.slug).sort()).toEqual(['data-and-research', 'smuggling-of-migrants', 'trafficking-in-persons']);
    const amina = await signIn(t, 'amina.diallo@praxis.demo', 'praxis-demo-2026');
    const mine = await t.http.get('/api/v1/networks?mine=true').auth(amina.token, { type: 'bearer' }).expect(200);
    expect(mine.body.items.map((n: { slug: string }) => n.slug).sort()).toEqual(['child-protection', 'smuggling-of-migrants', 'trafficking-in-persons']);
    const home = await t.http.get('/api/v1/networks/trafficking-in-persons').auth(amina.token, { type: 'bearer' }).expect(200);
    expect(home.body).toMatchObject({ membership: { role: 'moderator', status: 'active' }, permissions: { moderate: true } });
    expect(home.body.categories.find((c: { slug: string }) => c.slug === 'announcements')).toMatchObject({ moderatorsOnly: true });
    expect(home.body.pinnedThreads).toHaveLength(1);
    expect(home.body.recentActivity.length).toBeGreaterThan(1);
    const priya = await signIn(t, 'priya.nair@praxis.demo', 'praxis-demo-2026');
    await t.http.get('/api/v1/networks/child-protection').auth(priya.token, { type: 'bearer' }).expect(404);
  });
});
