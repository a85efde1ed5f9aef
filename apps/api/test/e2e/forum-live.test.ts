import { randomUUID } from 'node:crypto';
import { REALTIME_ERRORS, rooms, type Post } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/** The forum's room events reach subscribed sockets with their seq, and a removal cuts them off. */
describe('forum events on sockets', () => {
  let t: TestApp;
  let admin: SignedIn;
  const sockets: TestSocket[] = [];
  const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('delivers post.created with consecutive seq, and nothing after a removal', async () => {
    const slug = `live-${randomUUID().slice(0, 8)}`;
    const id = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Live ${slug}`, slug, description: 'Live.', visibility: 'restricted' }).expect(201)).body.id as string;
    const [stays, goes] = [await createMember(t), await createMember(t)];
    for (const m of [stays, goes]) {
      await t.http.post(`/api/v1/networks/${id}/join`).set(auth(m)).send({ message: 'hello' }).expect(201);
      await t.http.post(`/api/v1/networks/${id}/join-requests/${m.user.id}/approve`).set(auth(admin)).expect(201);
    }
    const thread = (await t.http.post(`/api/v1/networks/${id}/threads`).set(auth(stays)).send({ title: 'Live thread', body: 'Start' }).expect(201)).body;
    const room = rooms.thread(thread.id);
    const [a, b] = [await connectSocket(t.url, { token: stays.token }), await connectSocket(t.url, { token: goes.token })];
    sockets.push(a, b);
    const ack = (await subscribe(a, room)) as { ok: true; seq: number };
    expect(ack).toEqual({ ok: true, seq: 1 });
    expect(await subscribe(b, room)).toEqual({ ok: true, seq: 1 });
    const [seenA, seenB] = [collect(a, 'post.created'), collect(b, 'post.created')];
    const post = async (body: string) => (await t.http.post(`/api/v1/threads/${thread.id}/posts`).set(auth(stays)).send({ body, clientId: randomUUID() }).expect(201)).body as Post;
    const made = [await post('One'), await post('Two')];
    await seenB.waitFor(2);
    expect(seenB.payloads().map((p) => [p.room, p.seq, p.post.id])).toEqual(made.map((p, i) => [room, 2 + i, p.id]));

    await t.http.delete(`/api/v1/networks/${id}/members/${goes.user.id}`).set(auth(admin)).expect(200);
    await settle(300);
    await post('Three');
    await seenA.waitFor(3);
    await settle();
    expect(seenB.received).toHaveLength(2);
    expect(await subscribe(b, room)).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
  });
});
