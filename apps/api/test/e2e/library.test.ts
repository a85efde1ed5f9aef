import { randomUUID } from 'node:crypto';
import type { Page, ResourceCollection, ResourceDetail, ResourceFacets, ResourceSummary } from '@praxis/contracts';
import { docxWith, pdfWith } from '../support/document-fixtures.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: SignedIn;
let owner: SignedIn;
let member: SignedIn;
let outsider: SignedIn;
let restricted: string;
let open: string;

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function network(visibility: 'open' | 'restricted', members: [SignedIn, 'owner' | 'moderator' | 'member'][]): Promise<string> {
  const id = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Library ${randomUUID().slice(0, 8)}`, description: 'Peers', visibility }).expect(201)).body.id as string;
  for (const [m, role] of members) {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now())`, [id, m.user.id, role]);
  }
  return id;
}

async function upload(who: SignedIn, bytes: Buffer, filename: string): Promise<string> {
  return (await t.http.post('/api/v1/files').set(auth(who)).attach('file', bytes, { filename }).expect(201)).body.id as string;
}

const base = { summary: 'A **practical** guide.', kind: 'toolkit', language: 'en', tags: ['screening'] };

async function resource(who: SignedIn, fields: Record<string, unknown>): Promise<ResourceDetail> {
  return (await t.http.post('/api/v1/resources').set(auth(who)).send({ ...base, url: 'https://example.org/guide', ...fields }).expect(201)).body as ResourceDetail;
}

async function list(who: SignedIn, query: Record<string, string>): Promise<Page<ResourceSummary>> {
  return (await t.http.get('/api/v1/resources').query(query).set(auth(who)).expect(200)).body as Page<ResourceSummary>;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  owner = await createMember(t);
  member = await createMember(t);
  outsider = await createMember(t);
  restricted = await network('restricted', [[owner, 'owner'], [member, 'member']]);
  open = await network('open', [[owner, 'owner'], [member, 'member']]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('resources (K1)', () => {
  it('a member adds a resource with files to their network; the summary is rendered and sanitised; the files wait for extraction', async () => {
    const pdf = await upload(member, await pdfWith('Indicators of forced labour'), 'indicators.pdf');
    const docx = await upload(member, await docxWith('Referral checklist'), 'checklist.docx');
    const created = await resource(member, {
      title: 'Screening toolkit', summary: 'Use it **well** <script>alert(1)</script>', countries: ['FR', 'West Africa'], publishedOn: '2025-03-01',
      fileIds: [pdf, docx], url: null, networkId: restricted,
    });
    expect(created).toMatchObject({
      title: 'Screening toolkit', kind: 'toolkit', language: 'en', countries: ['FR', 'West Africa'], tags: ['screening'], publishedOn: '2025-03-01',
      network: { id: restricted }, fileCount: 2, hasUrl: false, featured: false, createdBy: { id: member.user.id },
      permissions: { edit: true, delete: true, feature: false },
    });
    expect(created.summaryHtml).toContain('<strong>well</strong>');
    expect(created.summaryHtml).not.toContain('<script');
    expect(created.files.map((f) => f.name).sort()).toEqual(['checklist.docx', 'indicators.pdf']);
    expect(created.files.every((f) => ['pending', 'done'].includes(f.textStatus))).toBe(true);

    // The outsider cannot see it, nor download its files; the member can, through a signed link.
    await t.http.get(`/api/v1/resources/${created.id}`).set(auth(outsider)).expect(404);
    await t.http.post(`/api/v1/files/${pdf}/link`).set(auth(outsider)).expect(404);
    const link = (await t.http.post(`/api/v1/files/${pdf}/link`).set(auth(owner)).expect(200)).body as { url: string };
    const download = await t.http.get(link.url).buffer(true).expect(200);
    expect(download.body.subarray(0, 4).toString()).toBe('%PDF');

    // Soft delete: gone for everyone, files included.
    await t.http.delete(`/api/v1/resources/${created.id}`).set(auth(member)).expect(204);
    await t.http.get(`/api/v1/resources/${created.id}`).set(auth(owner)).expect(404);
    await t.http.post(`/api/v1/files/${pdf}/link`).set(auth(owner)).expect(404);
    const [line] = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1`, [created.id]);
    expect(line.action).toBe('resource.deleted');
  });

  it('refuses bad input with a clear 400 and writes nothing', async () => {
    const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resources`))[0].n;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const response = await t.http.post('/api/v1/resources').set(auth(member)).send({ title: 'X', ...base, networkId: open, ...body }).expect(400);
      expect(JSON.stringify(response.body)).toContain(field);
    };
    await bad({}, 'fileIds'); // neither a file nor a link
    await bad({ url: 'javascript:alert(1)' }, 'url');
    await bad({ url: 'https://example.org', kind: 'rumour' }, 'kind');
    await bad({ url: 'https://example.org', language: 'english!' }, 'language');
    await bad({ url: 'https://example.org', publishedOn: '2025-02-30x' }, 'publishedOn');
    await bad({ url: 'https://example.org', title: '' }, 'title');
    // Someone else's upload cannot be attached.
    const theirs = await upload(owner, await pdfWith('x'), 'x.pdf');
    await bad({ fileIds: [theirs] }, 'fileIds');
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resources`))[0].n).toBe(before);
    expect((await t.sql<{ owner_type: string }>(`SELECT owner_type FROM stored_files WHERE id = $1`, [theirs]))[0].owner_type).toBe('upload');
  });

  it('who may add: members of the network (or only moderators if it says so); hub-wide: admins; outsiders get 404', async () => {
    await t.http.post('/api/v1/resources').set(auth(member)).send({ ...base, title: 'Hub', url: 'https://example.org' }).expect(403);
    await t.http.post('/api/v1/resources').set(auth(outsider)).send({ ...base, title: 'In', url: 'https://example.org', networkId: restricted }).expect(404);
    await t.http.patch(`/api/v1/networks/${open}`).set(auth(owner)).send({ libraryContributors: 'moderators' }).expect(200);
    expect((await t.http.get(`/api/v1/networks/${open}`).set(auth(member)).expect(200)).body.libraryContributors).toBe('moderators');
    await t.http.post('/api/v1/resources').set(auth(member)).send({ ...base, title: 'Mod only', url: 'https://example.org', networkId: open }).expect(403);
    await t.http.patch(`/api/v1/networks/${open}`).set(auth(member)).send({ libraryContributors: 'members' }).expect(403);
    await resource(owner, { title: 'By the owner', networkId: open });
    await t.http.patch(`/api/v1/networks/${open}`).set(auth(owner)).send({ libraryContributors: 'members' }).expect(200);
    await resource(admin, { title: 'Hub-wide by the admin' });
  });

  it('edits: the author and moderators; featuring: moderators; moving to a network the reader is not in takes the files with it', async () => {
    const pdf = await upload(member, await pdfWith('Moving file'), 'moving.pdf');
    const r = await resource(member, { title: 'Open guide', networkId: open, fileIds: [pdf] });
    const other = await createMember(t);
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [open, other.user.id]);
    await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(other)).send({ title: 'Hijack' }).expect(403);
    await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(member)).send({ featured: true }).expect(403);
    const featured = (await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(owner)).send({ featured: true }).expect(200)).body as ResourceDetail;
    expect(featured.featured).toBe(true);
    expect((await list(other, { networkId: open, featured: 'true' })).items.map((i) => i.id)).toEqual([r.id]);
    const edited = (await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(member)).send({ title: 'Open guide, second edition', summary: 'New *text*' }).expect(200)).body as ResourceDetail;
    expect(edited).toMatchObject({ title: 'Open guide, second edition', summaryHtml: '<p>New <em>text</em></p>', featured: true });

    // The other member reads the file while the resource is in the open network …
    await t.http.post(`/api/v1/files/${pdf}/link`).set(auth(other)).expect(200);
    await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(member)).send({ networkId: restricted }).expect(200);
    // … and not once it moved to the restricted one.
    await t.http.get(`/api/v1/resources/${r.id}`).set(auth(other)).expect(404);
    await t.http.post(`/api/v1/files/${pdf}/link`).set(auth(other)).expect(404);
    // Replacing the files deletes the one left out.
    const docx = await upload(member, await docxWith('Second'), 'second.docx');
    const replaced = (await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(member)).send({ fileIds: [docx] }).expect(200)).body as ResourceDetail;
    expect(replaced.files.map((f) => f.id)).toEqual([docx]);
    expect(await t.sql(`SELECT id FROM stored_files WHERE id = $1`, [pdf])).toEqual([]);
    await t.http.patch(`/api/v1/resources/${r.id}`).set(auth(member)).send({ fileIds: [], url: null }).expect(400);
  });

  it('lists in keyset pages, both orders, with filters and facets that count only what the viewer may read', async () => {
    const lib = await network('open', [[owner, 'owner']]);
    const titles = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo'];
    for (const [i, title] of titles.entries()) {
      await resource(owner, { title, networkId: lib, language: i % 2 ? 'fr' : 'en', kind: i < 2 ? 'report' : 'toolkit', tags: ['lib-test', `t${i}`], countries: ['ES'], publishedOn: `202${i}-06-01` });
    }
    const pages = async (order: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<ResourceSummary> = await list(owner, { networkId: lib, order, limit: '2', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((i) => i.title));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await pages('title')).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']);
    expect(await pages('newest')).toEqual(['Echo', 'bravo', 'Charlie', 'alpha', 'Delta']);
    expect((await list(owner, { networkId: lib, kind: 'report' })).items.map((i) => i.title).sort()).toEqual(['Delta', 'alpha']);
    expect((await list(owner, { networkId: lib, language: 'fr' })).items.map((i) => i.title).sort()).toEqual(['alpha', 'bravo']);
    expect((await list(owner, { networkId: lib, from: '2022-01-01', to: '2023-12-31' })).items.map((i) => i.title).sort()).toEqual(['Charlie', 'bravo']);
    expect((await list(owner, { networkId: lib, tag: 't4' })).items.map((i) => i.title)).toEqual(['Echo']);
    await t.http.get('/api/v1/resources').query({ cursor: 'garbage' }).set(auth(owner)).expect(400);
    await t.http.get('/api/v1/resources').query({ networkId: 'nope' }).set(auth(owner)).expect(400);

    const facets = (await t.http.get('/api/v1/resources/facets').query({ tag: 'lib-test', kind: 'report' }).set(auth(owner)).expect(200)).body as ResourceFacets;
    expect(facets.total).toBe(2);
    // Each facet ignores its own filter: the kind facet shows both kinds.
    expect(facets.kind).toEqual([{ value: 'toolkit', count: 3 }, { value: 'report', count: 2 }]);
    expect(facets.language).toEqual([{ value: 'en', count: 1 }, { value: 'fr', count: 1 }]);

    // The restricted network's resources are not counted for an outsider.
    await resource(member, { title: 'Restricted counted', networkId: restricted, tags: ['secret-tag'] });
    const outsiders = (await t.http.get('/api/v1/resources/facets').set(auth(outsider)).expect(200)).body as ResourceFacets;
    expect(outsiders.tag.map((f) => f.value)).not.toContain('secret-tag');
    expect((await list(outsider, { tag: 'secret-tag' })).items).toEqual([]);
    const insiders = (await t.http.get('/api/v1/resources/facets').set(auth(member)).expect(200)).body as ResourceFacets;
    expect(insiders.tag.map((f) => f.value)).toContain('secret-tag');
  });
});

describe('collections (K4)', () => {
  it('moderators group the network’s resources in ordered collections; readers see them; other networks’ resources are refused', async () => {
    const a = await resource(owner, { title: 'Collected A', networkId: open });
    const b = await resource(owner, { title: 'Collected B', networkId: open });
    const elsewhere = await resource(owner, { title: 'Elsewhere', networkId: restricted });
    await t.http.post(`/api/v1/networks/${open}/collections`).set(auth(member)).send({ title: 'Start here' }).expect(403);
    await t.http.post(`/api/v1/networks/${open}/collections`).set(auth(owner)).send({ title: 'Bad', resourceIds: [elsewhere.id] }).expect(400);
    const created = (await t.http.post(`/api/v1/networks/${open}/collections`).set(auth(owner)).send({ title: 'Start here', resourceIds: [b.id, a.id] }).expect(201)).body as ResourceCollection;
    expect(created.resources.map((r) => r.id)).toEqual([b.id, a.id]);
    const reordered = (await t.http.patch(`/api/v1/collections/${created.id}`).set(auth(owner)).send({ resourceIds: [a.id, b.id], title: 'Start here first' }).expect(200)).body as ResourceCollection;
    expect(reordered).toMatchObject({ title: 'Start here first', resources: [{ id: a.id }, { id: b.id }] });
    const seen = (await t.http.get(`/api/v1/networks/${open}/collections`).set(auth(member)).expect(200)).body as { items: ResourceCollection[] };
    expect(seen.items.find((c) => c.id === created.id)?.resources.map((r) => r.id)).toEqual([a.id, b.id]);
    await t.http.get(`/api/v1/networks/${restricted}/collections`).set(auth(outsider)).expect(404);
    // A deleted resource leaves its collections.
    await t.http.delete(`/api/v1/resources/${a.id}`).set(auth(owner)).expect(204);
    const after = (await t.http.get(`/api/v1/networks/${open}/collections`).set(auth(member)).expect(200)).body as { items: ResourceCollection[] };
    expect(after.items.find((c) => c.id === created.id)?.resources.map((r) => r.id)).toEqual([b.id]);
    await t.http.delete(`/api/v1/collections/${created.id}`).set(auth(member)).expect(403);
    await t.http.delete(`/api/v1/collections/${created.id}`).set(auth(owner)).expect(204);
  });
});

describe('OpenAPI (P1)', () => {
  it('lists the library and search routes', async () => {
    const paths = Object.keys(((await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/api/v1/resources', '/api/v1/resources/facets', '/api/v1/resources/{id}', '/api/v1/networks/{id}/collections', '/api/v1/collections/{id}',
      '/api/v1/search', '/api/v1/search/suggest',
    ]));
  });
});
