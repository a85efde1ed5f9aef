import { RESOURCE_KINDS, type Page, type ResourceCollection, type ResourceDetail, type ResourceFacets, type ResourceSummary, type SearchResponse } from '@praxis/contracts';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
}, 90_000);
afterAll(async () => t.close());

/** The demo networks a first local start creates, with their visibility rules in force. */
describe('demo networks', () => {
  it('seeds four networks of different visibility, with categories, threads and members in roles', async () => {
    const visitor = await t.http.get('/api/v1/networks').expect(200);
    expect(visitor.body.items.map((n: { slug: string }) => n.slug).sort()).toEqual(['data-and-research', 'trafficking-in-persons']);
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
    // Restricted networks are listed to members, not to visitors (SPEC roles: visitors see open networks).
    const listed = await t.http.get('/api/v1/networks').auth(priya.token, { type: 'bearer' }).expect(200);
    expect(listed.body.items.map((n: { slug: string }) => n.slug)).toContain('smuggling-of-migrants');
    await t.http.get('/api/v1/networks/smuggling-of-migrants').expect(401);
  });
});

/** The demo library (issue 7): resources hub-wide and in the demo networks, with files whose text is searched. */
describe('demo library', () => {
  it('seeds resources of every kind and several languages, featured and collected in one network, readable as their networks are', async () => {
    const amina = await signIn(t, 'amina.diallo@praxis.demo', 'praxis-demo-2026');
    const auth = { Authorization: `Bearer ${amina.token}` };
    // Amina belongs to the hidden and the restricted network, and the others are open: she reads the whole library.
    const facets = (await t.http.get('/api/v1/resources/facets').set(auth).expect(200)).body as ResourceFacets;
    expect(facets.total).toBeGreaterThanOrEqual(12);
    expect(facets.kind.map((k) => k.value).sort()).toEqual([...RESOURCE_KINDS].sort());
    const languages = new Map(facets.language.map((l) => [l.value, l.count]));
    expect(languages.get('fr')).toBeGreaterThanOrEqual(2);
    expect(languages.get('es')).toBeGreaterThanOrEqual(2);
    expect(languages.get('ar')).toBe(1);
    const all = (await t.http.get('/api/v1/resources?limit=100').set(auth).expect(200)).body as Page<ResourceSummary>;
    expect(all.items).toHaveLength(facets.total);
    expect(all.items.some((r) => r.network === null)).toBe(true);
    const years = all.items.map((r) => Number(r.publishedOn!.slice(0, 4)));
    expect(Math.min(...years)).toBe(2019);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2026);

    // The child protection guide stays in its hidden network.
    const priya = await signIn(t, 'priya.nair@praxis.demo', 'praxis-demo-2026');
    const priyas = (await t.http.get('/api/v1/resources?limit=100').set({ Authorization: `Bearer ${priya.token}` }).expect(200)).body as Page<ResourceSummary>;
    expect(priyas.items.length).toBe(all.items.length - 1);
    expect(priyas.items.some((r) => r.network?.slug === 'child-protection')).toBe(false);

    const network = (await t.http.get('/api/v1/networks/trafficking-in-persons').set(auth).expect(200)).body as { id: string };
    const featured = (await t.http.get(`/api/v1/resources?networkId=${network.id}&featured=true`).set(auth).expect(200)).body as Page<ResourceSummary>;
    expect(featured.items.length).toBeGreaterThanOrEqual(2);
    expect(featured.items.length).toBeLessThanOrEqual(3);
    const collections = (await t.http.get(`/api/v1/networks/${network.id}/collections`).set(auth).expect(200)).body.items as ResourceCollection[];
    expect(collections).toHaveLength(1);
    expect(collections[0].resources.map((r) => r.kind)).toEqual(['toolkit', 'training-material', 'case-law']);
  });

  it('keeps the briefing invitation, a checklist PDF and a training DOCX, whose text is extracted and found by search', async () => {
    const jonas = await signIn(t, 'jonas.berg@praxis.demo', 'praxis-demo-2026');
    const auth = { Authorization: `Bearer ${jonas.token}` };
    const all = (await t.http.get('/api/v1/resources?limit=100').set(auth).expect(200)).body as Page<ResourceSummary>;
    const withFiles = all.items.filter((r) => r.fileCount > 0);
    expect(withFiles).toHaveLength(3);
    const details = async () =>
      Promise.all(withFiles.map(async (r) => (await t.http.get(`/api/v1/resources/${r.id}`).set(auth).expect(200)).body as ResourceDetail));
    let files = (await details()).flatMap((d) => d.files);
    expect(files.map((f) => f.mimeType).sort()).toEqual(['application/pdf', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    for (let i = 0; i < 300 && files.some((f) => f.textStatus === 'pending'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      files = (await details()).flatMap((d) => d.files);
    }
    expect(files.map((f) => f.textStatus)).toEqual(['done', 'done', 'done']);
    // Words only inside the files: the checklist's payslips, the module's grounding exercise, the invitation's salutation.
    const search = async (q: string) => (await t.http.get('/api/v1/search').query({ q, type: 'resource' }).set(auth).expect(200)).body as SearchResponse;
    expect((await search('payslips')).items.map((i) => i.title)).toEqual(['Indicators of forced labour: a checklist for labour inspectors']);
    expect((await search('grounding')).items.map((i) => i.title)).toEqual(['Interviewing survivors of trafficking: a trauma-informed training module']);
    expect((await search('Excellencies')).items.map((i) => i.title)).toEqual(['Invitation: Annual briefing of the Inter-Agency Coordination Group']);
  }, 60_000);
});
