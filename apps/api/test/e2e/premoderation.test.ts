import { randomUUID } from 'node:crypto';
import { rooms, type HeldPost, type HeldResponse, type Post } from '@praxis/contracts';
import { collect, connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: SignedIn;
let owner: SignedIn;
let newcomer: SignedIn;
let veteran: SignedIn;
let reader: SignedIn;
let networkId: string;
let threadId: string;
const sockets: TestSocket[] = [];

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
const reply = (who: SignedIn, body: string, clientId = randomUUID()) => t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(who)).send({ body, clientId });
const visiblePosts = async (who: SignedIn) => ((await t.http.get(`/api/v1/threads/${threadId}/posts`).set(auth(who)).expect(200)).body.items as Post[]);

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  [owner, newcomer, veteran, reader] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
  networkId = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Held network', description: 'Careful', visibility: 'restricted' }).expect(201)).body.id;
  for (const [m, role, days] of [[owner, 'owner', 400], [newcomer, 'member', 1], [veteran, 'member', 30], [reader, 'member', 30]] as const) {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now() - make_interval(days => $4))`, [networkId, m.user.id, role, days]);
  }
  threadId = (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(owner)).send({ title: 'Introductions', body: 'Say hello', clientId: randomUUID() }).expect(201)).body.id;
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

describe('pre-moderation (M2)', () => {
  it('owners set it; bad values are refused', async () => {
    await t.http.patch(`/api/v1/networks/${networkId}`).set(auth(reader)).send({ premoderation: { posts: 2, days: 14 } }).expect(403);
    await t.http.patch(`/api/v1/networks/${networkId}`).set(auth(owner)).send({ premoderation: { posts: -1, days: 14 } }).expect(400);
    await t.http.patch(`/api/v1/networks/${networkId}`).set(auth(owner)).send({ premoderation: { posts: 2, days: 0 } }).expect(400);
    const updated = (await t.http.patch(`/api/v1/networks/${networkId}`).set(auth(owner)).send({ premoderation: { posts: 2, days: 14 } }).expect(200)).body;
    expect(updated.premoderation).toEqual({ posts: 2, days: 14 });
  });

  it('a newcomer’s post is held: invisible to others, to sockets and to search; approved, it takes the next seq and arrives once', async () => {
    const readerSocket = await connectSocket(t.url, { token: reader.token, origin: t.config.webOrigins?.[0] });
    sockets.push(readerSocket);
    expect((await subscribe(readerSocket, rooms.thread(threadId))).ok).toBe(true);
    const live = collect(readerSocket, 'post.created');

    const clientId = randomUUID();
    const held = (await reply(newcomer, 'Hello, I am new: zanzibarite greetings', clientId).expect(202)).body as HeldResponse;
    expect(held).toMatchObject({ held: true, heldPost: { threadId, status: 'pending', author: { id: newcomer.user.id } } });
    // A retry with the same clientId answers the same held post.
    expect(((await reply(newcomer, 'Hello, I am new: zanzibarite greetings', clientId).expect(202)).body as HeldResponse).heldPost.id).toBe(held.heldPost.id);

    // Meanwhile the veteran posts: published at once.
    const veteranPost = (await reply(veteran, 'Welcome everyone').expect(201)).body as Post;
    expect((await visiblePosts(reader)).map((p) => p.body)).not.toContain('Hello, I am new: zanzibarite greetings');
    expect((await t.http.get('/api/v1/search').query({ q: 'zanzibarite' }).set(auth(owner)).expect(200)).body.counts.post).toBe(0);
    // The author sees it, marked pending; the reader does not; the moderators see it in the network's list.
    expect(((await t.http.get(`/api/v1/threads/${threadId}/held-posts`).set(auth(newcomer)).expect(200)).body.items as HeldPost[]).map((h) => h.id)).toEqual([held.heldPost.id]);
    expect((await t.http.get(`/api/v1/threads/${threadId}/held-posts`).set(auth(reader)).expect(200)).body.items).toEqual([]);
    await t.http.get(`/api/v1/networks/${networkId}/held-posts`).set(auth(reader)).expect(404);
    expect(((await t.http.get(`/api/v1/networks/${networkId}/held-posts`).set(auth(owner)).expect(200)).body.items as HeldPost[]).map((h) => h.id)).toContain(held.heldPost.id);

    await t.http.post(`/api/v1/held-posts/${held.heldPost.id}/approve`).set(auth(reader)).expect(404);
    const approved = (await t.http.post(`/api/v1/held-posts/${held.heldPost.id}/approve`).set(auth(owner)).expect(200)).body as { post: Post };
    expect(approved.post.seq).toBe(veteranPost.seq + 1);
    await t.http.post(`/api/v1/held-posts/${held.heldPost.id}/approve`).set(auth(owner)).expect(409);
    await live.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(live.payloads().map((p) => p.post.id)).toEqual([veteranPost.id, approved.post.id]);
    expect((await visiblePosts(reader)).map((p) => p.id)).toContain(approved.post.id);
    expect((await t.http.get('/api/v1/search').query({ q: 'zanzibarite' }).set(auth(reader)).expect(200)).body.counts.post).toBe(1);
    // The author's retry now answers the published post.
    expect(((await reply(newcomer, 'Hello, I am new: zanzibarite greetings', clientId).expect(201)).body as Post).id).toBe(approved.post.id);
  });

  it('a rejected post is never published; after N published posts the newcomer posts freely; new threads are held too', async () => {
    const held = (await reply(newcomer, 'Buy my product').expect(202)).body as HeldResponse;
    const rejected = (await t.http.post(`/api/v1/held-posts/${held.heldPost.id}/reject`).set(auth(owner)).send({ reason: 'Advertising' }).expect(200)).body as HeldPost;
    expect(rejected.status).toBe('rejected');
    expect((await visiblePosts(reader)).map((p) => p.body)).not.toContain('Buy my product');

    const heldThread = (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(newcomer)).send({ title: 'My first thread', body: 'Question', clientId: randomUUID() }).expect(202)).body as HeldResponse;
    expect(heldThread.heldPost).toMatchObject({ threadId: null, title: 'My first thread' });
    const created = (await t.http.post(`/api/v1/held-posts/${heldThread.heldPost.id}/approve`).set(auth(owner)).expect(200)).body as { thread: { id: string; title: string } };
    expect(created.thread.title).toBe('My first thread');
    // Two posts published (one reply, one thread): the third is not held.
    await reply(newcomer, 'Now I am trusted').expect(201);
    const log = (await t.http.get('/api/v1/audit-log').query({ networkId }).set(auth(owner)).expect(200)).body.items as { action: string }[];
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['post.approved', 'post.rejected']));
  });

  it('members who joined before the window, and moderators, are never held; 0 posts turns it off', async () => {
    await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(owner)).send({ title: 'Owner thread', body: 'x', clientId: randomUUID() }).expect(201);
    const another = await createMember(t);
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [networkId, another.user.id]);
    await reply(another, 'Held first').expect(202);
    await t.http.patch(`/api/v1/networks/${networkId}`).set(auth(owner)).send({ premoderation: { posts: 0, days: 14 } }).expect(200);
    await reply(another, 'Not held').expect(201);
  });
});
