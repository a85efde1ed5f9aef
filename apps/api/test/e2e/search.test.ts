import { randomUUID } from 'node:crypto';
import type { SearchResponse, SearchSuggestions, SearchType } from '@praxis/contracts';
import { pdfWith } from '../support/document-fixtures.js';
import { applicant, createMember, signIn, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: SignedIn;
let member: SignedIn;
let outsider: SignedIn;
let frenchReader: SignedIn;
let spanishReader: SignedIn;
let openNetwork: string;

const auth = (who: SignedIn | null) => (who ? { Authorization: `Bearer ${who.token}` } : {});

async function search(who: SignedIn | null, params: Record<string, string>): Promise<SearchResponse> {
  return (await t.http.get('/api/v1/search').query(params).set(auth(who)).expect(200)).body as SearchResponse;
}

async function suggest(who: SignedIn | null, q: string): Promise<SearchSuggestions> {
  return (await t.http.get('/api/v1/search/suggest').query({ q }).set(auth(who)).expect(200)).body as SearchSuggestions;
}

async function network(visibility: 'open' | 'restricted' | 'hidden', members: SignedIn[] = []): Promise<string> {
  const id = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Network ${randomUUID().slice(0, 8)}`, description: 'A working group', visibility }).expect(201)).body.id as string;
  for (const m of members) {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [id, m.user.id]);
  }
  return id;
}

async function thread(who: SignedIn, networkId: string, title: string, body: string): Promise<{ id: string }> {
  return (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(who)).send({ title, body, clientId: randomUUID() }).expect(201)).body;
}

async function post(who: SignedIn, threadId: string, body: string): Promise<{ id: string; seq: number }> {
  return (await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(who)).send({ body, clientId: randomUUID() }).expect(201)).body;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  member = await createMember(t);
  outsider = await createMember(t);
  frenchReader = await createMember(t);
  spanishReader = await createMember(t);
  await t.sql(`UPDATE users SET locale = 'fr' WHERE id = $1`, [frenchReader.user.id]);
  await t.sql(`UPDATE users SET locale = 'es' WHERE id = $1`, [spanishReader.user.id]);
  openNetwork = await network('open', [member]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('search languages and syntax (S1, S3)', () => {
  it('stems French and Spanish in their own language, ignores accents, and finds a partial Arabic word', async () => {
    const french = await createMember(t);
    await t.sql(`UPDATE users SET locale = 'fr' WHERE id = $1`, [french.user.id]);
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [openNetwork, french.user.id]);
    const fr = await thread(french, openNetwork, 'Protection du travailleur saisonnier', 'Un cas traité par le parquet de Lyon.');
    const spanish = await createMember(t);
    await t.sql(`UPDATE users SET locale = 'es' WHERE id = $1`, [spanish.user.id]);
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [openNetwork, spanish.user.id]);
    const es = await thread(spanish, openNetwork, 'Atención a la victima en frontera', 'Protocolo de derivación.');
    const ar = await thread(member, openNetwork, 'مكافحة الاتجار بالبشر', 'Regional cooperation notes.');

    const ids = (r: SearchResponse) => r.items.map((i) => i.threadId ?? i.id);
    expect(ids(await search(frenchReader, { q: 'travailleurs' }))).toContain(fr.id);
    // « traite » (no accent) finds « traité », in the post body.
    expect((await search(frenchReader, { q: 'traite', type: 'post' })).items.map((i) => i.threadId)).toContain(fr.id);
    expect(ids(await search(spanishReader, { q: 'víctimas' }))).toContain(es.id);
    // A part of a word, in Arabic script: trigram matching.
    expect(ids(await search(member, { q: 'الاتجار' }))).toContain(ar.id);
    expect(ids(await search(member, { q: 'لاتجا' }))).toContain(ar.id);
  });

  it('supports quoted phrases, -exclusion and or; a title match ranks above a body match', async () => {
    const title = await thread(member, openNetwork, 'Zephyrine corridor report', 'Nothing else here.');
    const body = await thread(member, openNetwork, 'Quarterly notes', 'We discussed the zephyrine situation at length.');
    const phrase = await thread(member, openNetwork, 'Border notes', 'The labour inspection zephyrine unit and others.');
    const scattered = await thread(member, openNetwork, 'Other notes', 'Inspection of the zephyrine dossier; labour questions later.');

    const ranked = (await search(member, { q: 'zephyrine' })).items.map((i) => i.threadId);
    expect(ranked.indexOf(title.id)).toBeLessThan(ranked.indexOf(body.id));

    const phraseHits = (await search(member, { q: '"labour inspection"', type: 'post' })).items.map((i) => i.threadId);
    expect(phraseHits).toContain(phrase.id);
    expect(phraseHits).not.toContain(scattered.id);

    const excluded = (await search(member, { q: 'zephyrine -dossier', type: 'post' })).items.map((i) => i.threadId);
    expect(excluded).toContain(body.id);
    expect(excluded).not.toContain(scattered.id);

    const either = (await search(member, { q: 'corridor or situation' })).items.map((i) => i.threadId);
    expect(either).toEqual(expect.arrayContaining([title.id, body.id]));

    // Exact phrase above scattered words.
    const words = (await search(member, { q: 'labour inspection', type: 'post' })).items.map((i) => i.threadId);
    expect(words.indexOf(phrase.id)).toBeLessThan(words.indexOf(scattered.id));
  });

  it('marks the matched words in a sanitised snippet, lands posts on their seq, and pages both orders without repeats', async () => {
    const th = await thread(member, openNetwork, 'Snippet check', 'Intro');
    const p = await post(member, th.id, 'A **bold** <b>quokkafish</b> <script>alert(1)</script> note & [a link](https://example.org).');
    const hit = (await search(member, { q: 'quokkafish', type: 'post' })).items.find((i) => i.id === p.id)!;
    expect(hit.snippetHtml).toContain('<mark>quokkafish</mark>');
    // The text is escaped: only the <mark> tags are HTML.
    expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit).toMatchObject({ threadId: th.id, seq: p.seq });
    // Cut from the text as readers see it: no Markdown syntax shows.
    expect(hit.snippetHtml).not.toContain('**');

    for (let i = 0; i < 7; i += 1) await post(member, th.id, `Pagination marmotfly number ${i}`);
    for (const order of ['relevance', 'recent']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchResponse = await search(member, { q: 'marmotfly', order, limit: '3', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    }
    expect((await search(member, { q: 'marmotfly' })).counts.post).toBe(7);
  });

  it('refuses bad input with a 400', async () => {
    await t.http.get('/api/v1/search').query({ q: '' }).set(auth(member)).expect(400);
    await t.http.get('/api/v1/search').query({ q: 'x', type: 'everything' }).set(auth(member)).expect(400);
    await t.http.get('/api/v1/search').query({ q: 'x', cursor: 'not-a-cursor' }).set(auth(member)).expect(400);
    await t.http.get('/api/v1/search').query({ q: 'x', from: '2026-13-01' }).set(auth(member)).expect(400);
    // Operators alone or odd punctuation are not an error.
    expect((await search(member, { q: '"" - !! ()' })).items).toEqual([]);
  });
});

describe('no leaks (S2)', () => {
  const canary = 'xylocanary';
  let restricted: string;
  let hidden: string;
  let insider: SignedIn;
  let pendingApplicant: SignedIn;
  const where: Record<string, SearchType[]> = {};

  beforeAll(async () => {
    insider = await createMember(t);
    const fields = applicant();
    await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    pendingApplicant = await signIn(t, fields.email, fields.password);
    restricted = await network('restricted', [insider]);
    hidden = await network('hidden', [insider]);
    await t.sql(`UPDATE networks SET name = $2, description = $3 WHERE id = $1`, [hidden, `Hidden ${canary} group`, `About ${canary}`]);

    for (const networkId of [restricted, hidden]) {
      const th = await thread(insider, networkId, `The ${canary} thread`, `A ${canary} body`);
      await post(insider, th.id, `Another ${canary} reply`);
      const startsAt = new Date(Date.now() + 86400_000);
      await t.http.post('/api/v1/events').set(auth(admin)).send({
        title: `${canary} briefing`, description: `On ${canary}`, kind: 'briefing', startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), timeZone: 'UTC', registrationMode: 'open', visibility: 'network', networkId,
      }).expect(201);
      await t.http.post('/api/v1/resources').set(auth(insider)).send({
        title: `${canary} toolkit`, summary: `A ${canary} summary`, kind: 'toolkit', language: 'en', tags: [canary], url: 'https://example.org/toolkit', networkId,
      }).expect(201);
    }
    // A deleted post in an open network: nobody finds it, not even its author.
    const th = await thread(member, openNetwork, 'An ordinary thread', 'Nothing special');
    const deleted = await post(member, th.id, `Deleted ${canary} words`);
    await t.http.delete(`/api/v1/posts/${deleted.id}`).set(auth(member)).expect((r) => expect([200, 204]).toContain(r.status));
    where.insider = ['thread', 'post', 'event', 'resource', 'network'];
  }, 60_000);

  const everything = async (who: SignedIn | null) => {
    const result = await search(who, { q: canary });
    const suggestions = await suggest(who, canary.slice(0, 6));
    const snippets = result.items.map((i) => i.snippetHtml + i.title).join(' ');
    return { result, suggestions, snippets };
  };

  it.each([
    ['an outsider', () => outsider],
    ['a pending applicant', () => pendingApplicant],
    ['a visitor', () => null],
  ])('%s finds nothing: no results, no counts, no suggestions', async (_, who) => {
    const { result, suggestions } = await everything(who());
    expect(result.items).toEqual([]);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
    expect(suggestions.groups).toEqual([]);
    for (const type of ['thread', 'post', 'event', 'resource', 'network'] as const) {
      expect((await search(who(), { q: canary, type })).items).toEqual([]);
    }
  });

  it('a member of the networks finds each kind, but never the deleted post', async () => {
    const { result, suggestions } = await everything(insider);
    expect(result.counts).toMatchObject({ thread: 2, post: 4, event: 2, resource: 2, network: 1 });
    expect(result.items.some((i) => i.snippetHtml.includes('Deleted'))).toBe(false);
    expect(suggestions.groups.map((g) => g.type)).toEqual(expect.arrayContaining(where.insider));
    // The author of the deleted post does not find it either.
    expect((await search(member, { q: canary })).counts.post).toBe(0);
  });

  it('an admin finds everything; a removed member no longer finds anything of the network', async () => {
    expect((await search(admin, { q: canary })).counts).toMatchObject({ thread: 2, post: 4, event: 2, resource: 2, network: 1 });
    await t.http.delete(`/api/v1/networks/${restricted}/members/${insider.user.id}`).set(auth(admin)).expect((r) => expect([200, 204]).toContain(r.status));
    const after = await search(insider, { q: canary });
    expect(after.counts).toMatchObject({ thread: 1, post: 2, event: 1, resource: 1, network: 1 });
    expect(after.items.every((i) => i.network?.id !== restricted)).toBe(true);
  });

  it('suspended members are not found by members', async () => {
    const suspended = await createMember(t, { displayName: 'Quillonius Suspendedperson' });
    expect((await search(member, { q: 'Quillonius', type: 'member' })).items.map((i) => i.id)).toContain(suspended.user.id);
    await t.sql(`UPDATE users SET status = 'suspended' WHERE id = $1`, [suspended.user.id]);
    expect((await search(member, { q: 'Quillonius' })).counts.member).toBe(0);
    expect((await suggest(member, 'Quillon')).groups).toEqual([]);
  });
});

describe('type-ahead (S1)', () => {
  it('matches word prefixes, grouped by type, and misspelt names through trigrams', async () => {
    const person = await createMember(t, { displayName: 'Ekaterina Volkonskaya' });
    const th = await thread(member, openNetwork, 'Interagency coordination meeting', 'Agenda');
    const groups = (await suggest(member, 'interag')).groups;
    expect(groups.find((g) => g.type === 'thread')?.items.map((i) => i.id)).toContain(th.id);
    const misspelt = (await search(member, { q: 'Volkonskaia', type: 'member' })).items.map((i) => i.id);
    expect(misspelt).toContain(person.user.id);
  });

  it('finds a resource by a word inside its PDF once the text is extracted', async () => {
    const file = (await t.http.post('/api/v1/files').set(auth(admin)).attach('file', await pdfWith('The annex lists the brontosaurial indicators.'), { filename: 'annex.pdf' }).expect(201)).body;
    const resource = (await t.http.post('/api/v1/resources').set(auth(admin)).send({
      title: 'Indicator annex', summary: 'An annex', kind: 'toolkit', language: 'en', tags: [], fileIds: [file.id],
    }).expect(201)).body;
    for (let i = 0; i < 100 && (await search(member, { q: 'brontosaurial' })).counts.resource === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    const hit = (await search(member, { q: 'brontosaurial' })).items.find((i) => i.id === resource.id);
    expect(hit?.snippetHtml).toContain('<mark>brontosaurial</mark>');
  });
});
