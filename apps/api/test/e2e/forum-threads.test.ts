import { randomUUID } from 'node:crypto';
import type { NetworkVisibility, Post, ThreadSummary } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/** Networks and forum over REST on the real database (N1–N6, F1–F8, R4). */
describe('networks and forum', () => {
  let t: TestApp;
  let admin: SignedIn;
  const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

  async function network(visibility: NetworkVisibility) {
    const slug = `n-${visibility}-${randomUUID().slice(0, 8)}`;
    const res = await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Network ${slug}`, slug, description: 'Practitioners **only**.', visibility }).expect(201);
    return res.body.id as string;
  }
  async function memberOf(networkId: string, visibility: NetworkVisibility) {
    const m = await createMember(t);
    if (visibility === 'open') await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({}).expect(201);
    else if (visibility === 'restricted') {
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({ message: 'I work on this' }).expect(201);
      await t.http.post(`/api/v1/networks/${networkId}/join-requests/${m.user.id}/approve`).set(auth(admin)).expect(201);
    } else {
      await t.http.post(`/api/v1/networks/${networkId}/invitations`).set(auth(admin)).send({ userId: m.user.id }).expect(201);
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({}).expect(201);
    }
    return m;
  }
  async function thread(networkId: string, who: SignedIn, extra: object = {}) {
    const res = await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(who)).send({ title: 'Evidence sharing', body: 'How?', ...extra }).expect(201);
    return res.body as ThreadSummary & { id: string };
  }
  const reply = (threadId: string, who: SignedIn, body: string, clientId = randomUUID()) =>
    t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(who)).send({ body, clientId });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(async () => t.close());

  it.each(['restricted', 'hidden'] as const)('answers 404 to an outsider on every thread, post and member route of a %s network', async (visibility) => {
    const id = await network(visibility);
    const insider = await memberOf(id, visibility);
    const th = await thread(id, insider);
    const post = (await reply(th.id, insider, 'Inside').expect(201)).body as Post;
    const outsider = await createMember(t);
    const o = auth(outsider);
    const routes = [
      t.http.get(`/api/v1/networks/${id}/threads`).set(o),
      t.http.post(`/api/v1/networks/${id}/threads`).set(o).send({ title: 'Sneaky', body: 'x' }),
      t.http.get(`/api/v1/networks/${id}/members`).set(o),
      t.http.get(`/api/v1/threads/${th.id}`).set(o),
      t.http.patch(`/api/v1/threads/${th.id}`).set(o).send({ title: 'Renamed' }),
      t.http.get(`/api/v1/threads/${th.id}/posts`).set(o),
      t.http.post(`/api/v1/threads/${th.id}/posts`).set(o).send({ body: 'x', clientId: randomUUID() }),
      t.http.post(`/api/v1/threads/${th.id}/read`).set(o).send({ seq: 1 }),
      t.http.put(`/api/v1/threads/${th.id}/follow`).set(o).send({ level: 'following' }),
      t.http.get(`/api/v1/posts/${post.id}`).set(o),
      t.http.patch(`/api/v1/posts/${post.id}`).set(o).send({ body: 'x' }),
      t.http.delete(`/api/v1/posts/${post.id}`).set(o),
      t.http.put(`/api/v1/posts/${post.id}/reactions/heart`).set(o),
      t.http.get(`/api/v1/posts/${post.id}/revisions`).set(o),
      t.http.get(`/api/v1/rooms/thread:${th.id}/events`).set(o),
    ];
    // Indexed, so a failure names the route.
    expect((await Promise.all(routes)).map((r, i) => [i, r.status])).toEqual(routes.map((_, i) => [i, 404]));
    const home = await t.http.get(`/api/v1/networks/${id}`).set(o);
    if (visibility === 'hidden') expect(home.status).toBe(404);
    else expect(home.body).toMatchObject({ permissions: { read: false }, pinnedThreads: [], recentActivity: [], categories: [] });
    // Members are shown restricted networks (to ask to join); visitors see open networks only.
    const list = await t.http.get('/api/v1/networks?limit=100').set(o).expect(200);
    expect(list.body.items.some((n: { id: string }) => n.id === id)).toBe(visibility === 'restricted');
    const visitorList = await t.http.get('/api/v1/networks?limit=100').expect(200);
    expect(visitorList.body.items.some((n: { id: string }) => n.id === id)).toBe(false);
    expect(await t.sql('SELECT 1 FROM threads WHERE title = $1', ['Sneaky'])).toHaveLength(0);
  });

  it('previews a draft exactly as a post renders it, for members only, storing nothing', async () => {
    const member = await createMember(t);
    const draft = '**Bold** and <img src=x onerror="alert(1)"> [x](javascript:alert(1))';
    const preview = await t.http.post('/api/v1/markdown/preview').set(auth(member)).send({ body: draft }).expect(200);
    expect(preview.body.html).toContain('<strong>Bold</strong>');
    // Raw HTML is shown as text, never as an element; a javascript: link is not a link.
    expect(preview.body.html).not.toMatch(/<img|href="javascript:/);
    expect(preview.body.html).toContain('&lt;img');
    await t.http.post('/api/v1/markdown/preview').send({ body: draft }).expect(401);
    await t.http.post('/api/v1/markdown/preview').set(auth(member)).send({ body: 42 }).expect(400);
    await t.http.post('/api/v1/markdown/preview').set(auth(member)).send({ body: 'x'.repeat(20001) }).expect(400);
  });

  it('numbers posts with consecutive room seq and answers exactly what came after N', async () => {
    const id = await network('open');
    const a = await memberOf(id, 'open');
    const th = await thread(id, a);
    const made: Post[] = [];
    for (let i = 0; i < 5; i++) made.push((await reply(th.id, a, `Reply ${i}`).expect(201)).body);
    expect(made.map((p) => p.seq)).toEqual([2, 3, 4, 5, 6]);
    const after = await t.http.get(`/api/v1/threads/${th.id}/posts?afterSeq=3`).set(auth(a)).expect(200);
    expect(after.body.items.map((p: Post) => p.seq)).toEqual([4, 5, 6]);
    const paged = await t.http.get(`/api/v1/threads/${th.id}/posts?afterSeq=0&limit=2`).set(auth(a)).expect(200);
    expect(paged.body.items.map((p: Post) => p.seq)).toEqual([1, 2]);
    const next = await t.http.get(`/api/v1/threads/${th.id}/posts?cursor=${paged.body.nextCursor}&limit=10`).set(auth(a)).expect(200);
    expect(next.body.items.map((p: Post) => p.seq)).toEqual([3, 4, 5, 6]);
    // Edits, deletions and reactions take seqs too, and are fetched from the room log.
    await t.http.patch(`/api/v1/posts/${made[0].id}`).set(auth(a)).send({ body: 'Edited' }).expect(200);
    await t.http.put(`/api/v1/posts/${made[1].id}/reactions/heart`).set(auth(a)).expect(200);
    await t.http.put(`/api/v1/posts/${made[1].id}/reactions/heart`).set(auth(a)).expect(200);
    await t.http.delete(`/api/v1/posts/${made[2].id}`).set(auth(a)).expect(200);
    const events = await t.http.get(`/api/v1/rooms/thread:${th.id}/events?afterSeq=6`).set(auth(a)).expect(200);
    expect(events.body.items.map((e: { seq: number; event: string }) => [e.seq, e.event])).toEqual([[7, 'post.updated'], [8, 'reaction.updated'], [9, 'post.deleted']]);
    expect((await reply(th.id, a, 'After').expect(201)).body.seq).toBe(10);
  });

  it('makes one post of the same clientId sent three times, and a new one for a new clientId', async () => {
    const id = await network('open');
    const a = await memberOf(id, 'open');
    const th = await thread(id, a);
    const clientId = randomUUID();
    const answers = await Promise.all([reply(th.id, a, 'Once', clientId), reply(th.id, a, 'Once', clientId), reply(th.id, a, 'Once', clientId)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(await t.sql('SELECT id FROM posts WHERE client_id = $1', [clientId])).toHaveLength(1);
    const other = await reply(th.id, a, 'Once').expect(201);
    expect(other.body.id).not.toBe(answers[0].body.id);
    const seqs = (await t.http.get(`/api/v1/threads/${th.id}/posts`).set(auth(a)).expect(200)).body.items.map((p: Post) => p.seq);
    expect(seqs).toEqual([1, 2, 3]);
  });

  it('refuses posts in a locked thread, lets moderators curate and keeps soft-deleted bodies for them only', async () => {
    const id = await network('open');
    const [author, other] = [await memberOf(id, 'open'), await memberOf(id, 'open')];
    const th = await thread(id, author);
    await t.http.patch(`/api/v1/threads/${th.id}`).set(auth(author)).send({ pinned: true }).expect(403);
    const post = (await reply(th.id, other, 'To be removed').expect(201)).body as Post;
    await t.http.delete(`/api/v1/posts/${post.id}`).set(auth(author)).expect(403);
    await t.http.delete(`/api/v1/posts/${post.id}`).set(auth(admin)).expect(200);
    expect((await t.http.get(`/api/v1/posts/${post.id}`).set(auth(author)).expect(200)).body).toMatchObject({ deleted: true, body: '', html: '' });
    expect((await t.http.get(`/api/v1/posts/${post.id}`).set(auth(admin)).expect(200)).body).toMatchObject({ deleted: true, body: 'To be removed' });
    await t.http.patch(`/api/v1/threads/${th.id}`).set(auth(admin)).send({ locked: true, pinned: true }).expect(200);
    const refused = await reply(th.id, author, 'Still?').expect(403);
    expect(refused.body.message).toMatch(/locked/);
    const home = await t.http.get(`/api/v1/networks/${id}`).set(auth(other)).expect(200);
    expect(home.body.pinnedThreads.map((x: { id: string }) => x.id)).toEqual([th.id]);
    expect(home.body).toMatchObject({ memberCount: 3 });
  });

  it('stops banned people from rejoining, mutes for a time, and audits moderation', async () => {
    const id = await network('open');
    const m = await memberOf(id, 'open');
    const th = await thread(id, m);
    await t.http.post(`/api/v1/networks/${id}/members/${m.user.id}/mute`).set(auth(admin)).send({ minutes: 30, reason: 'cool down' }).expect(201);
    expect((await reply(th.id, m, 'muted?').expect(403)).body.message).toMatch(/muted/);
    await t.http.post(`/api/v1/networks/${id}/members/${m.user.id}/warn`).set(auth(admin)).send({ reason: 'Keep it civil' }).expect(201);
    await t.http.post(`/api/v1/networks/${id}/members/${m.user.id}/ban`).set(auth(admin)).send({ reason: 'abuse' }).expect(201);
    await t.http.post(`/api/v1/networks/${id}/join`).set(auth(m)).send({}).expect(403);
    await t.http.get(`/api/v1/threads/${th.id}`).set(auth(m)).expect(403);
    const audit = await t.sql<{ action: string }>('SELECT action FROM audit_log WHERE network_id = $1 ORDER BY id', [id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['network.member-muted', 'network.member-warned', 'network.member-banned']));
  });

  it('notifies mentioned members only when they can read the thread', async () => {
    const id = await network('restricted');
    const a = await memberOf(id, 'restricted');
    const reader = await memberOf(id, 'restricted');
    const outsider = await createMember(t);
    const th = await thread(id, a);
    await reply(th.id, a, `Thoughts @${reader.user.handle} and @${outsider.user.handle}?`).expect(201);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await t.sql<{ user_id: string }>(`SELECT user_id FROM notifications WHERE kind = 'forum.mention'`);
    expect(rows.map((r) => r.user_id)).toEqual([reader.user.id]);
  });

  it('lists threads by latest activity with a keyset cursor, filters and unread counts', async () => {
    const id = await network('open');
    const [a, b] = [await memberOf(id, 'open'), await memberOf(id, 'open')];
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await thread(id, a, { title: `Thread ${i}`, tags: i % 2 ? ['odd'] : [] }));
    await reply(made[0].id, a, 'Bump').expect(201);
    const first = await t.http.get(`/api/v1/networks/${id}/threads?limit=2`).set(auth(b)).expect(200);
    const second = await t.http.get(`/api/v1/networks/${id}/threads?limit=2&cursor=${first.body.nextCursor}`).set(auth(b)).expect(200);
    const third = await t.http.get(`/api/v1/networks/${id}/threads?limit=2&cursor=${second.body.nextCursor}`).set(auth(b)).expect(200);
    const order = [...first.body.items, ...second.body.items, ...third.body.items].map((x: ThreadSummary) => x.title);
    expect(order).toEqual(['Thread 0', 'Thread 4', 'Thread 3', 'Thread 2', 'Thread 1']);
    expect(third.body.nextCursor).toBeNull();
    expect(first.body.items[0].unreadCount).toBe(2);
    const odd = await t.http.get(`/api/v1/networks/${id}/threads?tag=odd`).set(auth(b)).expect(200);
    expect(odd.body.items.map((x: ThreadSummary) => x.title).sort()).toEqual(['Thread 1', 'Thread 3']);
    const unanswered = await t.http.get(`/api/v1/networks/${id}/threads?unanswered=true`).set(auth(b)).expect(200);
    expect(unanswered.body.items).toHaveLength(4);
    const read = await t.http.post(`/api/v1/threads/${made[0].id}/read`).set(auth(b)).send({ seq: 2 }).expect(201);
    expect(read.body).toEqual({ readSeq: 2, unreadCount: 0 });
    const back = await t.http.post(`/api/v1/threads/${made[0].id}/read`).set(auth(b)).send({ seq: 1 }).expect(201);
    expect(back.body.readSeq).toBe(2);
  });
});
