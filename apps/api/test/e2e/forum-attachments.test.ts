import { randomUUID } from 'node:crypto';
import type { NetworkVisibility, Post, ThreadDetail } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/** F9: attachments on posts, through the files module (K2) and the networks policy. */
describe('forum attachments', () => {
  let t: TestApp;
  let admin: SignedIn;
  const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  // The smallest PDF readers accept; its signature is what content detection looks for.
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

  async function network(visibility: NetworkVisibility) {
    const slug = `att-${visibility}-${randomUUID().slice(0, 8)}`;
    const res = await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Network ${slug}`, slug, description: 'Files.', visibility }).expect(201);
    return res.body.id as string;
  }
  async function memberOf(networkId: string) {
    const m = await createMember(t);
    await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({ message: 'I work on this' }).expect(201);
    await t.http.post(`/api/v1/networks/${networkId}/join-requests/${m.user.id}/approve`).set(auth(admin)).expect(201);
    return m;
  }
  async function upload(who: SignedIn, name = 'Minutes.pdf') {
    const res = await t.http.post('/api/v1/files').set(auth(who)).attach('file', PDF, { filename: name, contentType: 'application/pdf' }).expect(201);
    return res.body as { id: string; name: string; size: number; mimeType: string };
  }
  async function thread(networkId: string, who: SignedIn, extra: object = {}) {
    const res = await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(who)).send({ title: 'Shared documents', body: 'See below', ...extra }).expect(201);
    return res.body as ThreadDetail;
  }
  const reply = (threadId: string, who: SignedIn, extra: object = {}) =>
    t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(who)).send({ body: 'The minutes', clientId: randomUUID(), ...extra });
  const download = (fileId: string, who: SignedIn) => t.http.get(`/api/v1/files/${fileId}`).set(auth(who)).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const postCount = async (threadId: string) => Number((await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM posts WHERE thread_id = $1`, [threadId]))[0].n);

  let restricted: string;
  let alice: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    restricted = await network('restricted');
    alice = await memberOf(restricted);
    bob = await memberOf(restricted);
  }, 60_000);
  afterAll(async () => t.close());

  it('attaches a PDF to a reply; another member downloads it, an outsider gets 404', async () => {
    const th = await thread(restricted, alice);
    const file = await upload(alice);
    const res = await reply(th.id, alice, { fileIds: [file.id] }).expect(201);
    const post = res.body as Post;
    expect(post.attachments).toEqual([{ id: file.id, name: 'Minutes.pdf', size: PDF.length, mimeType: 'application/pdf' }]);
    const [row] = await t.sql<{ owner_type: string; owner_id: string }>(`SELECT owner_type, owner_id FROM stored_files WHERE id = $1`, [file.id]);
    expect(row).toEqual({ owner_type: 'post', owner_id: post.id });

    // Listed with the post, and in the live post.created payload as stored in the room log.
    const list = await t.http.get(`/api/v1/threads/${th.id}/posts`).set(auth(bob)).expect(200);
    expect(list.body.items.find((p: Post) => p.id === post.id).attachments).toEqual(post.attachments);
    const [event] = await t.sql<{ payload: { post: Post } }>(`SELECT payload FROM room_events WHERE room = $1 AND event = 'post.created' AND seq = $2`, [`thread:${th.id}`, post.seq]);
    expect(event.payload.post.attachments).toEqual(post.attachments);

    const got = await download(file.id, bob).expect(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="Minutes.pdf"/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);

    // Through a signed link too, as the web downloads it.
    const link = await t.http.post(`/api/v1/files/${file.id}/link`).set(auth(bob)).expect(200);
    await t.http.get(link.body.url).expect(200);

    const outsider = await createMember(t);
    await download(file.id, outsider).expect(404);
    await t.http.post(`/api/v1/files/${file.id}/link`).set(auth(outsider)).expect(404);
  });

  it('attaches files to the opening post of a new thread', async () => {
    const a = await upload(alice, 'Agenda.pdf');
    const b = await upload(alice, 'Annex.pdf');
    const th = await thread(restricted, alice, { fileIds: [a.id, b.id] });
    const first = await t.http.get(`/api/v1/threads/${th.id}/posts`).set(auth(bob)).expect(200);
    expect((first.body.items[0] as Post).attachments.map((f) => f.name).sort()).toEqual(['Agenda.pdf', 'Annex.pdf']);
    await download(a.id, bob).expect(200);
  });

  it('refuses someone else’s upload or an attached one with 400, and writes nothing', async () => {
    const th = await thread(restricted, alice);
    const before = await postCount(th.id);
    const bobs = await upload(bob, 'Bob.pdf');
    const mine = await upload(alice, 'Mine.pdf');
    // One good id and one of someone else: nothing is attached, no post is written.
    await reply(th.id, alice, { fileIds: [mine.id, bobs.id] }).expect(400);
    expect(await postCount(th.id)).toBe(before);
    const rows = await t.sql<{ id: string; owner_type: string }>(`SELECT id, owner_type FROM stored_files WHERE id = ANY($1::uuid[]) ORDER BY id`, [[mine.id, bobs.id]]);
    expect(rows.map((r) => r.owner_type)).toEqual(['upload', 'upload']);

    const attached = (await reply(th.id, alice, { fileIds: [mine.id] }).expect(201)).body as Post;
    const count = await postCount(th.id);
    await reply(th.id, alice, { fileIds: [mine.id] }).expect(400);
    await reply(th.id, alice, { fileIds: [randomUUID()] }).expect(400);
    expect(await postCount(th.id)).toBe(count);
    const [row] = await t.sql<{ owner_id: string }>(`SELECT owner_id FROM stored_files WHERE id = $1`, [mine.id]);
    expect(row.owner_id).toBe(attached.id);

    // A new thread with someone else's upload is not created either.
    const threads = await t.sql(`SELECT id FROM threads WHERE network_id = $1`, [restricted]);
    await t.http.post(`/api/v1/networks/${restricted}/threads`).set(auth(alice)).send({ title: 'Not mine', body: 'x', fileIds: [bobs.id] }).expect(400);
    expect(await t.sql(`SELECT id FROM threads WHERE network_id = $1`, [restricted])).toEqual(threads);

    // Bad input is a 400, never a 500.
    await reply(th.id, alice, { fileIds: ['not-a-uuid'] }).expect(400);
    await reply(th.id, alice, { fileIds: 'x' }).expect(400);
    await reply(th.id, alice, { fileIds: Array.from({ length: 11 }, () => randomUUID()) }).expect(400);
  });

  it('two posts racing for the same upload: one gets it, the other is refused whole', async () => {
    const th = await thread(restricted, alice);
    const before = await postCount(th.id);
    const file = await upload(alice, 'Contested.pdf');
    const answers = await Promise.all([reply(th.id, alice, { fileIds: [file.id] }), reply(th.id, alice, { fileIds: [file.id] })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(await postCount(th.id)).toBe(before + 1);
    const winner = answers.find((r) => r.status === 201)!.body as Post;
    const [row] = await t.sql<{ owner_id: string }>(`SELECT owner_id FROM stored_files WHERE id = $1`, [file.id]);
    expect(row.owner_id).toBe(winner.id);
    // The room's numbers stay consecutive: the refused post took no seq.
    const seqs = await t.sql<{ seq: string }>(`SELECT seq::text FROM posts WHERE thread_id = $1 ORDER BY seq`, [th.id]);
    expect(Number(seqs[seqs.length - 1].seq)).toBe(seqs.length);
  });

  it('a repeated clientId answers the first post and attaches nothing new', async () => {
    const th = await thread(restricted, alice);
    const first = await upload(alice, 'First.pdf');
    const second = await upload(alice, 'Second.pdf');
    const clientId = randomUUID();
    const original = (await reply(th.id, alice, { clientId, fileIds: [first.id] }).expect(201)).body as Post;
    const again = (await reply(th.id, alice, { clientId, fileIds: [first.id, second.id] }).expect(201)).body as Post;
    expect(again.id).toBe(original.id);
    expect(again.attachments.map((f) => f.id)).toEqual([first.id]);
    const [row] = await t.sql<{ owner_type: string }>(`SELECT owner_type FROM stored_files WHERE id = $1`, [second.id]);
    expect(row.owner_type).toBe('upload');
  });

  it('a deleted post’s files are for moderators only', async () => {
    const th = await thread(restricted, alice);
    const file = await upload(alice, 'Withdrawn.pdf');
    const post = (await reply(th.id, alice, { fileIds: [file.id] }).expect(201)).body as Post;
    await t.http.delete(`/api/v1/posts/${post.id}`).set(auth(alice)).expect(200);
    const seen = await t.http.get(`/api/v1/posts/${post.id}`).set(auth(bob)).expect(200);
    expect(seen.body).toMatchObject({ deleted: true, body: '', attachments: [] });
    await download(file.id, bob).expect(404);
    await download(file.id, alice).expect(404);
    const moderated = await t.http.get(`/api/v1/posts/${post.id}`).set(auth(admin)).expect(200);
    expect(moderated.body.attachments.map((f: { id: string }) => f.id)).toEqual([file.id]);
    await download(file.id, admin).expect(200);
  });

  it('follows a moved thread: a reader who is not in the new network gets 404', async () => {
    const th = await thread(restricted, alice);
    const file = await upload(alice, 'Moving.pdf');
    await reply(th.id, alice, { fileIds: [file.id] }).expect(201);
    await download(file.id, bob).expect(200);
    const other = await network('restricted');
    const insider = await memberOf(other);
    await t.http.patch(`/api/v1/threads/${th.id}`).set(auth(admin)).send({ networkId: other }).expect(200);
    await download(file.id, bob).expect(404);
    await download(file.id, insider).expect(200);
  });
});

describe('forum attachments and the posting limit (M2)', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('a post refused for its fileIds is not counted against the limit', async () => {
    t = await startTestApp({ RATE_LIMIT_POSTS_PER_USER: '2/1m' });
    const admin = await signInAdmin(t);
    const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
    const slug = `att-limit-${randomUUID().slice(0, 8)}`;
    const networkId = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Network ${slug}`, slug, description: 'Files.', visibility: 'open' }).expect(201)).body.id as string;
    const member = await createMember(t);
    const other = await createMember(t);
    await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(member)).send({}).expect(201);
    const threadId = (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(member)).send({ title: 'Limits', body: 'x' }).expect(201)).body.id as string;
    const theirs = (await t.http.post('/api/v1/files').set(auth(other)).attach('file', Buffer.from('plain notes\n'), { filename: 'notes.txt', contentType: 'text/plain' }).expect(201)).body.id as string;
    for (let i = 0; i < 3; i++) {
      await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(member)).send({ body: 'x', clientId: randomUUID(), fileIds: [theirs] }).expect(400);
    }
    await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(member)).send({ body: 'one', clientId: randomUUID() }).expect(201);
    await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(member)).send({ body: 'two', clientId: randomUUID() }).expect(201);
    await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(member)).send({ body: 'three', clientId: randomUUID() }).expect(429);
  }, 60_000);
});
