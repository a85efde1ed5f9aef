import { createMember, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
}, 60_000);

afterAll(async () => {
  await t.close();
});

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function network(slug: string, visibility: 'open' | 'restricted', members: [SignedIn, string, string][]) {
  const [row] = await t.sql<{ id: string }>(`INSERT INTO networks (slug, name, visibility) VALUES ($1, $2, $3) RETURNING id`, [slug, slug, visibility]);
  for (const [m, role, status] of members) {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, $4, now())`, [row.id, m.user.id, role, status]);
  }
  return row.id;
}

const fields = (networkId: string) => {
  const startsAt = new Date(Date.now() + 86_400_000);
  return {
    title: 'Network event', kind: 'meeting', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    timeZone: 'America/Bogota', registrationMode: 'open', visibility: 'network', networkId,
  };
};

describe('network events', () => {
  it('moderators host; in a restricted network only members see the event; in an open one every member but the banned', async () => {
    const [moderator, member, outsider, banned] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
    const restricted = await network('restricted-net', 'restricted', [[moderator, 'moderator', 'active'], [member, 'member', 'active']]);
    await t.http.post('/api/v1/events').set(auth(member)).send(fields(restricted)).expect(403);
    await t.http.post('/api/v1/events').set(auth(outsider)).send(fields(restricted)).expect(403);
    const event = (await t.http.post('/api/v1/events').set(auth(moderator)).send(fields(restricted)).expect(201)).body;
    expect(event.canHost).toBe(true);
    await t.http.get(`/api/v1/events/${event.id}`).set(auth(member)).expect(200);
    await t.http.get(`/api/v1/events/${event.id}`).set(auth(outsider)).expect(404);
    await t.http.post(`/api/v1/events/${event.id}/registrations`).set(auth(outsider)).expect(404);
    const listed = (await t.http.get(`/api/v1/events?networkId=${restricted}`).set(auth(outsider)).expect(200)).body.items;
    expect(listed).toEqual([]);

    const open = await network('open-net', 'open', [[moderator, 'owner', 'active'], [banned, 'member', 'banned']]);
    const openEvent = (await t.http.post('/api/v1/events').set(auth(moderator)).send(fields(open)).expect(201)).body;
    await t.http.get(`/api/v1/events/${openEvent.id}`).set(auth(outsider)).expect(200);
    await t.http.get(`/api/v1/events/${openEvent.id}`).set(auth(banned)).expect(404);
    await t.http.patch(`/api/v1/events/${openEvent.id}`).set(auth(outsider)).send({ title: 'x' }).expect(403);
  }, 60_000);

  it('a public event of a hidden network does not reveal the network to outsiders', async () => {
    const [owner, outsider] = [await createMember(t), await createMember(t)];
    const hidden = await network('secret-net', 'restricted', [[owner, 'owner', 'active']]);
    await t.sql(`UPDATE networks SET visibility = 'hidden' WHERE id = $1`, [hidden]);
    const event = (await t.http.post('/api/v1/events').set(auth(owner)).send({ ...fields(hidden), visibility: 'public' }).expect(201)).body;
    expect(event.network).toEqual({ id: hidden, name: 'secret-net' });
    expect((await t.http.get(`/api/v1/events/${event.id}`).expect(200)).body.network).toEqual({ id: hidden, name: null });
    expect((await t.http.get(`/api/v1/events/${event.id}`).set(auth(outsider)).expect(200)).body.network).toEqual({ id: hidden, name: null });
  }, 60_000);
});
