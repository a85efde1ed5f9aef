import { randomUUID } from 'node:crypto';
import type { NetworkMember, Page } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/** GET /networks/:id/members?q= finds members by name, handle and organisation (N3, F4 autocomplete). */
describe('network member search', () => {
  let t: TestApp;
  let admin: SignedIn;
  let networkId: string;
  const people: Record<string, SignedIn> = {};
  const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  const search = (who: SignedIn, query: string) => t.http.get(`/api/v1/networks/${networkId}/members?${query}`).set(auth(who));
  const names = (page: Page<NetworkMember>) => page.items.map((m) => m.user.displayName);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    const tag = randomUUID().slice(0, 6);
    const res = await t.http.post('/api/v1/networks').set(auth(admin))
      .send({ name: `Search ${tag}`, slug: `search-${tag}`, description: 'Restricted.', visibility: 'restricted' }).expect(201);
    networkId = res.body.id;
    const specs: [string, string][] = [
      ['zoe', 'Zoë Ångström'],
      ['jose', 'José Núñez'],
      ['joseph', 'Joseph Okafor'],
      ['other', 'Marta Lindqvist'],
    ];
    for (const [key, displayName] of specs) {
      const organisation = key === 'other' ? 'Unité Régionale de Coordination' : 'Example Anti-Trafficking Unit';
      const m = await createMember(t, { displayName, organisation });
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({ message: 'Investigator' }).expect(201);
      await t.http.post(`/api/v1/networks/${networkId}/join-requests/${m.user.id}/approve`).set(auth(admin)).expect(201);
      people[key] = m;
    }
  });
  afterAll(async () => t.close());

  it('matches display names ignoring case and accents', async () => {
    const zoe = (await search(people.jose, 'q=ZOE%20angstrom').expect(200)).body as Page<NetworkMember>;
    expect(names(zoe)).toEqual(['Zoë Ångström']);
    const jose = (await search(people.zoe, 'q=jose%20nun').expect(200)).body as Page<NetworkMember>;
    expect(names(jose)).toEqual(['José Núñez']);
    const both = (await search(people.zoe, 'q=JOSE').expect(200)).body as Page<NetworkMember>;
    expect(names(both).sort()).toEqual(['José Núñez', 'Joseph Okafor'].sort());
    const nunez = (await search(people.zoe, 'q=NUNEZ').expect(200)).body as Page<NetworkMember>;
    expect(names(nunez)).toEqual(['José Núñez']);
    const nobody = (await search(people.zoe, 'q=nobody-here').expect(200)).body as Page<NetworkMember>;
    expect(nobody.items).toEqual([]);
  });

  it('matches the handle (with or without @) and the organisation', async () => {
    const handle = people.joseph.user.handle;
    const byHandle = (await search(people.zoe, `q=${encodeURIComponent('@' + handle)}`).expect(200)).body as Page<NetworkMember>;
    expect(byHandle.items.map((m) => m.user.handle)).toEqual([handle]);
    const byOrg = (await search(people.zoe, 'q=unite%20regionale').expect(200)).body as Page<NetworkMember>;
    expect(names(byOrg)).toEqual(['Marta Lindqvist']);
  });

  it('treats LIKE wildcards as plain text', async () => {
    const res = (await search(people.zoe, 'q=%25').expect(200)).body as Page<NetworkMember>;
    expect(res.items).toEqual([]);
    const under = (await search(people.zoe, 'q=z_e').expect(200)).body as Page<NetworkMember>;
    expect(under.items).toEqual([]);
  });

  it('keeps keyset pagination with a query', async () => {
    // "jos" matches José Núñez and Joseph Okafor: one per page, each once.
    const first = (await search(people.zoe, 'q=jos&limit=1').expect(200)).body as Page<NetworkMember>;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await search(people.zoe, `q=jos&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`).expect(200)).body as Page<NetworkMember>;
    expect([...names(first), ...names(second)].sort()).toEqual(['José Núñez', 'Joseph Okafor'].sort());
    if (second.nextCursor) {
      const third = (await search(people.zoe, `q=jos&limit=1&cursor=${encodeURIComponent(second.nextCursor)}`).expect(200)).body as Page<NetworkMember>;
      expect(third.items).toEqual([]);
    }
  });

  it('still lets the networks policy decide who may list', async () => {
    const outsider = await createMember(t);
    await search(outsider, 'q=zoe').expect(404);
    const pendingOne = await createMember(t, { displayName: 'Pending Zoë' });
    await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(pendingOne)).send({ message: 'Please' }).expect(201);
    await search(pendingOne, 'q=zoe').expect(404);
    // Only moderators search people who are not active members.
    await search(people.zoe, 'q=pending&status=pending').expect(403);
    const pending = (await search(admin, 'q=PENDING%20zoe&status=pending').expect(200)).body as Page<NetworkMember>;
    expect(names(pending)).toEqual(['Pending Zoë']);
  });

  it('answers 400 to a bad query', async () => {
    await search(people.zoe, `q=${'x'.repeat(101)}`).expect(400);
    await search(people.zoe, 'q=a&q=b').expect(400);
  });
});
