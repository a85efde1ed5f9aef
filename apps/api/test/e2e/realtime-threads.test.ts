import { randomUUID } from 'node:crypto';
import { REALTIME_ERRORS, rooms, type NetworkVisibility, type Post } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, request, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/** Live threads end to end (R2–R4): REST writes, socket subscribers, catch-up over REST. */
describe('realtime threads', () => {
  let t: TestApp;
  let admin: SignedIn;
  const sockets: TestSocket[] = [];
  const open = async (who: SignedIn) => {
    const socket = await connectSocket(t.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

  async function createNetwork(visibility: NetworkVisibility): Promise<string> {
    const slug = `rt-${visibility}-${randomUUID().slice(0, 8)}`;
    const response = await t.http
      .post('/api/v1/networks')
      .set(bearer(admin))
      .send({ name: `Network ${slug}`, slug, description: 'A network for live tests.', visibility })
      .expect(201);
    return response.body.id as string;
  }

  /** A member of the network: joins an open one, or is approved by the owner (admin) for the others. */
  async function memberOf(networkId: string, visibility: NetworkVisibility): Promise<SignedIn> {
    const member = await createMember(t);
    if (visibility === 'open') {
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(member)).send({}).expect(201);
    } else {
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(member)).send({ message: 'Please let me in' }).expect(201);
      await t.http.post(`/api/v1/networks/${networkId}/join-requests/${member.user.id}/approve`).set(bearer(admin)).send({}).expect(201);
    }
    return member;
  }

  async function createThread(networkId: string, author: SignedIn): Promise<string> {
    const response = await t.http
      .post(`/api/v1/networks/${networkId}/threads`)
      .set(bearer(author))
      .send({ title: 'Coordinating a joint investigation', body: 'How do we share evidence across borders?', clientId: randomUUID() })
      .expect(201);
    return response.body.id as string;
  }

  async function post(threadId: string, author: SignedIn, body: string, clientId = randomUUID()): Promise<Post> {
    const response = await t.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(author)).send({ body, clientId });
    expect([200, 201]).toContain(response.status);
    return response.body as Post;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t.close();
  });

  it('delivers a post made over REST to every subscriber, with consecutive seq', async () => {
    const networkId = await createNetwork('open');
    const [alice, bob] = [await memberOf(networkId, 'open'), await memberOf(networkId, 'open')];
    const threadId = await createThread(networkId, alice);
    const room = rooms.thread(threadId);
    const [onAlice, onBob] = [await open(alice), await open(bob)];
    const acks = [await subscribe(onAlice, room), await subscribe(onBob, room)];
    expect(acks[0]).toEqual({ ok: true, seq: expect.any(Number) });
    expect(acks[1]).toEqual(acks[0]);
    const start = (acks[0] as { seq: number }).seq;
    const [seenByAlice, seenByBob] = [collect(onAlice, 'post.created'), collect(onBob, 'post.created')];

    const made = [await post(threadId, bob, 'First reply'), await post(threadId, alice, 'Second reply'), await post(threadId, bob, 'Third reply')];

    for (const seen of [seenByAlice, seenByBob]) {
      await seen.waitFor(3);
      expect(seen.payloads().map((p) => [p.room, p.seq, p.post.id, p.post.seq])).toEqual(
        made.map((p, i) => [room, start + 1 + i, p.id, start + 1 + i]),
      );
    }
  });

  it('lets a subscriber that was away catch up with exactly what it missed, in order', async () => {
    const networkId = await createNetwork('open');
    const [alice, bob] = [await memberOf(networkId, 'open'), await memberOf(networkId, 'open')];
    const threadId = await createThread(networkId, alice);
    const room = rooms.thread(threadId);
    const first = await open(bob);
    const before = (await subscribe(first, room)) as { seq: number };
    const live = collect(first, 'post.created');
    await post(threadId, alice, 'Before the outage');
    const last = (await live.waitFor(1))[0].payload.seq;
    first.close();

    const missed: Post[] = [];
    for (let i = 1; i <= 5; i += 1) missed.push(await post(threadId, alice, `While away ${i}`));

    const again = await open(bob);
    const ack = await subscribe(again, room);
    expect(ack).toEqual({ ok: true, seq: last + 5 });
    expect(last).toBe(before.seq + 1);
    const caughtUp = await t.http.get(`/api/v1/threads/${threadId}/posts?afterSeq=${last}`).set(bearer(bob)).expect(200);
    expect(caughtUp.body.items.map((p: Post) => [p.id, p.seq, p.body])).toEqual(missed.map((p, i) => [p.id, last + 1 + i, `While away ${i + 1}`]));
  });

  it('makes one post and one event of the same clientId sent three times', async () => {
    const networkId = await createNetwork('open');
    const [alice, bob] = [await memberOf(networkId, 'open'), await memberOf(networkId, 'open')];
    const threadId = await createThread(networkId, alice);
    const watcher = await open(bob);
    const ack = (await subscribe(watcher, rooms.thread(threadId))) as { seq: number };
    const seen = collect(watcher, 'post.created');
    const clientId = randomUUID();
    const answers = [await post(threadId, alice, 'Only once', clientId), await post(threadId, alice, 'Only once', clientId), await post(threadId, alice, 'Only once', clientId)];
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    await seen.waitFor(1);
    await settle(500);
    expect(seen.payloads().map((p) => [p.seq, p.post.id])).toEqual([[ack.seq + 1, answers[0].id]]);
    const all = await t.http.get(`/api/v1/threads/${threadId}/posts?afterSeq=${ack.seq}`).set(bearer(alice)).expect(200);
    expect(all.body.items).toHaveLength(1);
  });

  it('refuses an outsider’s subscription to a restricted network and its threads, and sends it nothing', async () => {
    const networkId = await createNetwork('restricted');
    const member = await memberOf(networkId, 'restricted');
    const outsider = await createMember(t);
    const threadId = await createThread(networkId, member);
    const socket = await open(outsider);
    const seen = collect(socket, 'post.created', 'thread.created', 'thread.updated', 'typing', 'presence');
    expect(await subscribe(socket, rooms.thread(threadId))).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
    expect(await subscribe(socket, rooms.network(networkId))).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
    // A thread that does not exist gets the very same answer.
    expect(await subscribe(socket, rooms.thread(randomUUID()))).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
    expect(await request(socket, 'typing', { threadId })).toEqual({ ok: false, error: REALTIME_ERRORS.notSubscribed });

    const insider = collect(await open(member), 'post.created');
    await subscribe(sockets[sockets.length - 1], rooms.thread(threadId));
    for (let i = 0; i < 3; i += 1) await post(threadId, member, `Members only ${i}`);
    await insider.waitFor(3);
    await settle();
    expect(seen.received).toHaveLength(0);
  });

  it('stops sending to a member the moment they are removed', async () => {
    const networkId = await createNetwork('restricted');
    const [stays, removed] = [await memberOf(networkId, 'restricted'), await memberOf(networkId, 'restricted')];
    const threadId = await createThread(networkId, stays);
    const [staying, leaving] = [await open(stays), await open(removed)];
    for (const socket of [staying, leaving]) {
      expect(await subscribe(socket, rooms.thread(threadId))).toMatchObject({ ok: true });
      expect(await subscribe(socket, rooms.network(networkId))).toMatchObject({ ok: true });
    }
    const [kept, cut] = [collect(staying, 'post.created'), collect(leaving, 'post.created')];
    await post(threadId, stays, 'Before the removal');
    await cut.waitFor(1);

    await t.http.delete(`/api/v1/networks/${networkId}/members/${removed.user.id}`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    // The removal's re-check runs right after the commit; give the fan-out its few milliseconds.
    await settle(200);
    for (let i = 0; i < 3; i += 1) await post(threadId, stays, `After the removal ${i}`);
    await kept.waitFor(4);
    await settle();
    expect(cut.received).toHaveLength(1);
    expect(leaving.connected).toBe(true);
    expect(await subscribe(leaving, rooms.thread(threadId))).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
  });

  it('takes a thread’s room from the readers who lose it when the thread moves to a restricted network', async () => {
    const from = await createNetwork('open');
    const to = await createNetwork('restricted');
    const [both, onlyOpen] = [await memberOf(from, 'open'), await memberOf(from, 'open')];
    await t.http.post(`/api/v1/networks/${to}/join`).set(bearer(both)).send({ message: 'Please' }).expect(201);
    await t.http.post(`/api/v1/networks/${to}/join-requests/${both.user.id}/approve`).set(bearer(admin)).send({}).expect(201);
    const threadId = await createThread(from, both);
    const room = rooms.thread(threadId);
    const [keeps, loses] = [await open(both), await open(onlyOpen)];
    for (const socket of [keeps, loses]) expect(await subscribe(socket, room)).toMatchObject({ ok: true });
    const [kept, lost] = [collect(keeps, 'thread.updated', 'post.created'), collect(loses, 'thread.updated', 'post.created')];

    await t.http.patch(`/api/v1/threads/${threadId}`).set(bearer(admin)).send({ networkId: to }).expect(200);
    await kept.waitFor(1);
    expect(kept.payloads()[0]).toMatchObject({ room, thread: { id: threadId } });
    await post(threadId, both, 'Now in the restricted network');
    await kept.waitFor(2);
    await settle();
    // Neither the move (which would name the restricted network) nor what follows reaches the outsider.
    expect(lost.received).toEqual([]);
    expect(await subscribe(loses, room)).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
    await t.http.get(`/api/v1/threads/${threadId}`).set(bearer(onlyOpen)).expect(404);
  });

  it('shares typing (throttled) and presence between the readers of a thread', async () => {
    const networkId = await createNetwork('open');
    const [alice, bob] = [await memberOf(networkId, 'open'), await memberOf(networkId, 'open')];
    const threadId = await createThread(networkId, alice);
    const room = rooms.thread(threadId);
    const [onAlice, onBob] = [await open(alice), await open(bob)];
    await subscribe(onAlice, room);
    const bobSees = collect(onBob, 'typing', 'presence');
    await subscribe(onBob, room);

    const present = await request<{ users: { id: string }[]; count: number }>(onBob, 'presence', { room });
    expect(present.ok && present.users.map((u) => u.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect(present.ok && present.count).toBe(2);

    expect(await request(onAlice, 'typing', { threadId })).toEqual({ ok: true });
    expect(await request(onAlice, 'typing', { threadId })).toEqual({ ok: true });
    await settle();
    const typing = bobSees.received.filter((r) => r.event === 'typing').map((r) => r.payload);
    expect(typing).toEqual([{ room, user: expect.objectContaining({ id: alice.user.id }) }]);

    onAlice.close();
    // Presence messages are folded over a quarter of a second: wait for the one that tells Alice left.
    type Presence = { room: string; users: { id: string }[]; count: number };
    const last = () => bobSees.received.filter((r) => r.event === 'presence').at(-1)?.payload as Presence | undefined;
    for (const deadline = Date.now() + 5000; last()?.count !== 1 && Date.now() < deadline; ) await settle(50);
    expect(last()).toEqual({ room, users: [expect.objectContaining({ id: bob.user.id })], count: 1 });
  });
});
