import { randomBytes, randomUUID } from 'node:crypto';
import { rooms, type NetworkVisibility } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { findRedis } from '../support/redis.js';
import { collect, connectSocket, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * R2 on changes of read access that are not a change of one user's membership: a network's
 * visibility, a thread or an event moving, an event's visibility. A socket subscribed before the
 * change loses the room at once (with a `room.unsubscribed` notice) and receives nothing after it,
 * its catch-up routes answer 404, and a signed file link it was handed stops working. Run on one
 * node, and on two nodes sharing Redis (changes through node A, sockets on node B) when Redis answers.
 */
const redisUrl = await findRedis();
if (!redisUrl) console.warn('realtime-access-changes: no Redis at TEST_REDIS_URL or 127.0.0.1:6379; one node only');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

type Topology = { name: string; start: () => Promise<[TestApp, TestApp]> };
const topologies: Topology[] = [
  { name: 'on one node', start: async () => { const a = await startTestApp(); return [a, a]; } },
];
if (redisUrl) {
  topologies.push({
    name: 'on two nodes sharing Redis',
    start: async () => {
      const shared = { REDIS_URL: redisUrl, REDIS_PREFIX: `praxis-test-ac-${randomBytes(6).toString('hex')}` };
      const a = await startTestApp(shared);
      const b = await startTestApp({ ...shared, JWT_SECRET: a.config.jwtSecret }, {}, { databaseUrl: a.databaseUrl });
      return [a, b];
    },
  });
}

describe.each(topologies)('read access changes $name', ({ start }) => {
  let a: TestApp; // takes every write
  let b: TestApp; // holds every socket
  let admin: SignedIn;
  const sockets: TestSocket[] = [];
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  const open = async (who: SignedIn) => {
    const socket = await connectSocket(b.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };

  async function network(visibility: NetworkVisibility): Promise<string> {
    const slug = `ac-${visibility}-${randomUUID().slice(0, 8)}`;
    const res = await a.http.post('/api/v1/networks').set(bearer(admin)).send({ name: `Network ${slug}`, slug, description: 'Access changes.', visibility }).expect(201);
    return res.body.id as string;
  }
  async function memberOf(networkId: string, visibility: NetworkVisibility): Promise<SignedIn> {
    const member = await createMember(a);
    await a.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(member)).send(visibility === 'open' ? {} : { message: 'I work on this' }).expect(201);
    if (visibility !== 'open') await a.http.post(`/api/v1/networks/${networkId}/join-requests/${member.user.id}/approve`).set(bearer(admin)).expect(201);
    return member;
  }
  async function thread(networkId: string, author: SignedIn, extra: object = {}): Promise<string> {
    const res = await a.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(author)).send({ title: 'Victim referral pathways', body: 'Who takes the case first?', clientId: randomUUID(), ...extra }).expect(201);
    return res.body.id as string;
  }
  const reply = (threadId: string, author: SignedIn, body: string) =>
    a.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(author)).send({ body, clientId: randomUUID() }).expect(201);
  async function event(networkId: string, visibility: 'members' | 'network'): Promise<string> {
    const startsAt = new Date(Date.now() + 86_400_000);
    const res = await a.http
      .post('/api/v1/events')
      .set(bearer(admin))
      .send({ title: 'Case briefing', description: 'Joint investigation update.', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), timeZone: 'Europe/Vienna', registrationMode: 'open', visibility, networkId })
      .expect(201);
    return res.body.id as string;
  }
  const register = (eventId: string, who: SignedIn) => a.http.post(`/api/v1/events/${eventId}/registrations`).set(bearer(who)).send({}).expect(201);

  /** Both subscribe to `room`; returns what each sees from now on. */
  async function watch(room: string, outsider: SignedIn, member: SignedIn) {
    const [onOutsider, onMember] = [await open(outsider), await open(member)];
    expect(await subscribe(onOutsider, room)).toEqual({ ok: true, seq: expect.any(Number) });
    expect(await subscribe(onMember, room)).toEqual({ ok: true, seq: expect.any(Number) });
    const events = ['post.created', 'thread.updated', 'event.updated', 'room.unsubscribed'] as const;
    return { outsider: collect(onOutsider, ...events), member: collect(onMember, ...events) };
  }

  beforeAll(async () => {
    [a, b] = await start();
    admin = await signInAdmin(a);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
  });

  it.each([
    ['open', 'hidden'],
    ['open', 'restricted'],
  ] as const)('a network made %s → %s: outsiders lose its thread and network rooms, members keep them', async (from, to) => {
    const networkId = await network(from);
    const member = await memberOf(networkId, from);
    const outsider = await createMember(a);
    const threadId = await thread(networkId, member);
    const room = rooms.thread(threadId);
    const seen = await watch(room, outsider, member);
    const onOutsiderNetwork = await open(outsider);
    expect(await subscribe(onOutsiderNetwork, rooms.network(networkId))).toEqual({ ok: true, seq: expect.any(Number) });
    const networkNotices = collect(onOutsiderNetwork, 'room.unsubscribed', 'thread.created');

    await a.http.patch(`/api/v1/networks/${networkId}`).set(bearer(admin)).send({ visibility: to }).expect(200);

    await seen.outsider.waitFor(1);
    expect(seen.outsider.received).toEqual([{ event: 'room.unsubscribed', payload: { room, reason: 'access-changed' } }]);
    await networkNotices.waitFor(1);
    expect(networkNotices.received).toEqual([{ event: 'room.unsubscribed', payload: { room: rooms.network(networkId), reason: 'access-changed' } }]);

    await reply(threadId, member, 'Posted after the change: names of the victims in this case.');
    await thread(networkId, member, { title: 'A new thread after the change' });
    await seen.member.waitFor(1);
    await settle();
    expect(seen.member.received.map((e) => e.event)).toEqual(['post.created']);
    expect(seen.outsider.received).toHaveLength(1);
    expect(networkNotices.received).toHaveLength(1);
    expect(JSON.stringify(seen.outsider.received)).not.toContain('names of the victims');

    // Subscribing again is refused, and the catch-up routes answer as for a thread that does not exist.
    expect(await subscribe(onOutsiderNetwork, room)).toEqual({ ok: false, error: 'not allowed' });
    for (const path of [`/api/v1/threads/${threadId}/posts?afterSeq=0`, `/api/v1/rooms/${encodeURIComponent(room)}/events?afterSeq=0`, `/api/v1/threads/${threadId}`]) {
      await a.http.get(path).set(bearer(outsider)).expect(404);
      await a.http.get(path).set(bearer(member)).expect(200);
    }
  });

  it('a network made restricted → hidden keeps its members in their rooms', async () => {
    const networkId = await network('restricted');
    const [member, other] = [await memberOf(networkId, 'restricted'), await memberOf(networkId, 'restricted')];
    const threadId = await thread(networkId, member);
    const seen = await watch(rooms.thread(threadId), other, member);
    await a.http.patch(`/api/v1/networks/${networkId}`).set(bearer(admin)).send({ visibility: 'hidden' }).expect(200);
    await reply(threadId, member, 'Still here');
    await seen.member.waitFor(1);
    await seen.outsider.waitFor(1);
    await settle();
    expect(seen.member.received.map((e) => e.event)).toEqual(['post.created']);
    expect(seen.outsider.received.map((e) => e.event)).toEqual(['post.created']);
  });

  it('a signed file link handed out before the network is made hidden is refused after it', async () => {
    const networkId = await network('open');
    const member = await memberOf(networkId, 'open');
    const outsider = await createMember(a);
    const file = (await a.http.post('/api/v1/files').set(bearer(member)).attach('file', PDF, { filename: 'Referral.pdf', contentType: 'application/pdf' }).expect(201)).body as { id: string };
    const threadId = await thread(networkId, member, { fileIds: [file.id] });
    const link = (await a.http.post(`/api/v1/files/${file.id}/link`).set(bearer(outsider)).expect(200)).body as { url: string };
    const memberLink = (await a.http.post(`/api/v1/files/${file.id}/link`).set(bearer(member)).expect(200)).body as { url: string };
    await a.http.get(link.url).expect(200);
    expect(threadId).toBeTruthy();

    await a.http.patch(`/api/v1/networks/${networkId}`).set(bearer(admin)).send({ visibility: 'hidden' }).expect(200);

    await a.http.get(link.url).expect(404);
    await a.http.get(link.url).expect(404);
    await a.http.get(memberLink.url).expect(200);
  });

  it('a thread moved to a restricted network: outsiders lose its room before the move is announced', async () => {
    const from = await network('open');
    const to = await network('restricted');
    const member = await memberOf(to, 'restricted');
    await a.http.post(`/api/v1/networks/${from}/join`).set(bearer(member)).send({}).expect(201);
    const outsider = await createMember(a);
    const threadId = await thread(from, member);
    const room = rooms.thread(threadId);
    const seen = await watch(room, outsider, member);

    await a.http.patch(`/api/v1/threads/${threadId}`).set(bearer(admin)).send({ networkId: to }).expect(200);
    await reply(threadId, member, 'After the move');
    await seen.member.waitFor(2);
    await seen.outsider.waitFor(1);
    await settle();
    expect(seen.member.received.map((e) => e.event)).toEqual(['thread.updated', 'post.created']);
    expect(seen.outsider.received).toEqual([{ event: 'room.unsubscribed', payload: { room, reason: 'access-changed' } }]);
    await a.http.get(`/api/v1/threads/${threadId}/posts?afterSeq=0`).set(bearer(outsider)).expect(404);
    await a.http.get(`/api/v1/rooms/${encodeURIComponent(room)}/events?afterSeq=0`).set(bearer(outsider)).expect(404);
  });

  it('an event made visible to its network only: registered outsiders lose its room, members keep it', async () => {
    const networkId = await network('restricted');
    const member = await memberOf(networkId, 'restricted');
    const outsider = await createMember(a);
    const eventId = await event(networkId, 'members');
    await register(eventId, outsider);
    await register(eventId, member);
    const room = rooms.event(eventId);
    const seen = await watch(room, outsider, member);

    await a.http.patch(`/api/v1/events/${eventId}`).set(bearer(admin)).send({ visibility: 'network' }).expect(200);
    await a.http.patch(`/api/v1/events/${eventId}`).set(bearer(admin)).send({ title: 'Case briefing (restricted)' }).expect(200);
    await seen.member.waitFor(2);
    await seen.outsider.waitFor(1);
    await settle();
    expect(seen.member.received.map((e) => e.event)).toEqual(['event.updated', 'event.updated']);
    expect(seen.outsider.received).toEqual([{ event: 'room.unsubscribed', payload: { room, reason: 'access-changed' } }]);
    await a.http.get(`/api/v1/events/${eventId}/room-events?after=0`).set(bearer(outsider)).expect(404);
    await a.http.get(`/api/v1/events/${eventId}/room-events?after=0`).set(bearer(member)).expect(200);
  });

  it('an event moved to another network: readers of the old one only lose its room; a signed attachment link stops working', async () => {
    const from = await network('open');
    const to = await network('restricted');
    const member = await memberOf(to, 'restricted');
    await a.http.post(`/api/v1/networks/${from}/join`).set(bearer(member)).send({}).expect(201);
    const outsider = await memberOf(from, 'open');
    const eventId = await event(from, 'network');
    await register(eventId, outsider);
    await register(eventId, member);
    const file = (await a.http.post('/api/v1/files').set(bearer(admin)).attach('file', PDF, { filename: 'Agenda.pdf', contentType: 'application/pdf' }).expect(201)).body as { id: string };
    await a.http.patch(`/api/v1/events/${eventId}`).set(bearer(admin)).send({ attachmentIds: [file.id] }).expect(200);
    const link = (await a.http.post(`/api/v1/files/${file.id}/link`).set(bearer(outsider)).expect(200)).body as { url: string };
    await a.http.get(link.url).expect(200);
    const room = rooms.event(eventId);
    const seen = await watch(room, outsider, member);

    await a.http.patch(`/api/v1/events/${eventId}`).set(bearer(member)).send({ networkId: to }).expect(403);
    await a.http.patch(`/api/v1/events/${eventId}`).set(bearer(admin)).send({ networkId: to }).expect(200);
    await seen.member.waitFor(1);
    await seen.outsider.waitFor(1);
    await settle();
    expect(seen.member.received.map((e) => e.event)).toEqual(['event.updated']);
    expect(seen.outsider.received).toEqual([{ event: 'room.unsubscribed', payload: { room, reason: 'access-changed' } }]);
    await a.http.get(`/api/v1/events/${eventId}`).set(bearer(outsider)).expect(404);
    await a.http.get(`/api/v1/events/${eventId}/room-events?after=0`).set(bearer(outsider)).expect(404);
    await a.http.get(link.url).expect(404);
  });
});
