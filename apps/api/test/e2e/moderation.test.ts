import { randomUUID } from 'node:crypto';
import { rooms, type MyReport, type Page, type QueuedReport } from '@praxis/contracts';
import { collect, connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: SignedIn;
let moderator: SignedIn;
let otherModerator: SignedIn;
let author: SignedIn;
let reader: SignedIn;
let outsider: SignedIn;
let networkA: string;
let networkB: string;
const sockets: TestSocket[] = [];

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function network(visibility: 'open' | 'restricted', members: [SignedIn, 'owner' | 'moderator' | 'member'][]): Promise<string> {
  const id = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Moderated ${randomUUID().slice(0, 8)}`, description: 'Peers', visibility }).expect(201)).body.id as string;
  for (const [m, role] of members) {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now())`, [id, m.user.id, role]);
  }
  return id;
}

async function threadWithPost(networkId: string, body = 'An ordinary reply'): Promise<{ threadId: string; postId: string }> {
  const threadId = (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(author)).send({ title: `Thread ${randomUUID().slice(0, 6)}`, body: 'Opening', clientId: randomUUID() }).expect(201)).body.id as string;
  const postId = (await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(author)).send({ body, clientId: randomUUID() }).expect(201)).body.id as string;
  return { threadId, postId };
}

async function report(who: SignedIn, targetType: string, targetId: string, reason = 'harassment', note?: string): Promise<MyReport> {
  return (await t.http.post('/api/v1/reports').set(auth(who)).send({ targetType, targetId, reason, ...(note ? { note } : {}) }).expect(201)).body as MyReport;
}

async function queue(who: SignedIn, networkId: string, status?: string): Promise<Page<QueuedReport>> {
  return (await t.http.get(`/api/v1/networks/${networkId}/reports`).query(status ? { status } : {}).set(auth(who)).expect(200)).body as Page<QueuedReport>;
}

const resolve = (who: SignedIn, id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/reports/${id}/resolve`).set(auth(who)).send(body);

async function socketOf(who: SignedIn) {
  const socket = await connectSocket(t.url, { token: who.token, origin: t.config.webOrigins?.[0] });
  sockets.push(socket);
  return socket;
}

async function notificationsOf(who: SignedIn): Promise<string[]> {
  return ((await t.http.get('/api/v1/notifications').set(auth(who)).expect(200)).body.items as { title: string }[]).map((n) => n.title);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  [moderator, otherModerator, author, reader, outsider] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
  networkA = await network('restricted', [[moderator, 'moderator'], [author, 'member'], [reader, 'member']]);
  networkB = await network('restricted', [[otherModerator, 'owner'], [author, 'member']]);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

describe('reports (M1)', () => {
  it('a member reports what they may read; reporting again updates the report; others get 404', async () => {
    const { postId } = await threadWithPost(networkA);
    const first = await report(reader, 'post', postId, 'spam');
    const again = await report(reader, 'post', postId, 'sensitive-data', 'It names a victim');
    expect(again).toMatchObject({ id: first.id, reason: 'sensitive-data', note: 'It names a victim', status: 'open' });
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM reports WHERE target_id = $1`, [postId]))[0].n).toBe(1);
    // An outsider of the restricted network cannot tell the post exists.
    await t.http.post('/api/v1/reports').set(auth(outsider)).send({ targetType: 'post', targetId: postId, reason: 'spam' }).expect(404);
    await t.http.post('/api/v1/reports').set(auth(reader)).send({ targetType: 'post', targetId: randomUUID(), reason: 'spam' }).expect(404);
    await t.http.post('/api/v1/reports').set(auth(reader)).send({ targetType: 'comment', targetId: postId, reason: 'spam' }).expect(400);
    await t.http.post('/api/v1/reports').set(auth(reader)).send({ targetType: 'post', targetId: postId, reason: 'boring' }).expect(400);
    await t.http.post('/api/v1/reports').set(auth(reader)).send({ targetType: 'user', targetId: reader.user.id, reason: 'spam' }).expect(404);

    const q = await queue(moderator, networkA, 'open');
    const queued = q.items.find((r) => r.id === first.id)!;
    expect(queued).toMatchObject({ reason: 'sensitive-data', openReports: 1, reporter: { id: reader.user.id }, target: { type: 'post', id: postId, excerpt: 'An ordinary reply', author: { id: author.user.id }, removed: false } });
    // The moderator of network B sees nothing of network A: 404, for the queue and for the report.
    await t.http.get(`/api/v1/networks/${networkA}/reports`).set(auth(otherModerator)).expect(404);
    await resolve(otherModerator, first.id, { action: 'dismiss' }).expect(404);
    // A member is not a moderator either.
    await t.http.get(`/api/v1/networks/${networkA}/reports`).set(auth(reader)).expect(404);
    await t.http.get('/api/v1/reports').set(auth(moderator)).expect(403);
  });

  it('hide: the post disappears for a live reader at once; reporter and author are told; the audit log shows it', async () => {
    const { threadId, postId } = await threadWithPost(networkA, 'Here is the full name and address of the victim');
    const r1 = await report(reader, 'post', postId, 'sensitive-data');
    const r2 = await report(moderator, 'post', postId, 'sensitive-data');
    const readerSocket = await socketOf(reader);
    expect((await subscribe(readerSocket, rooms.thread(threadId))).ok).toBe(true);
    const seen = collect(readerSocket, 'post.deleted');

    await resolve(reader, r1.id, { action: 'hide' }).expect(404);
    await resolve(moderator, r1.id, { action: 'delete' }).expect(400); // posts are hidden, not deleted
    const resolved = (await resolve(moderator, r1.id, { action: 'hide', note: 'Identity of a victim' }).expect(200)).body as QueuedReport;
    expect(resolved).toMatchObject({ status: 'resolved', action: 'hide', resolutionNote: 'Identity of a victim', resolvedBy: { id: moderator.user.id }, target: { removed: true } });
    await seen.waitFor(1);
    expect(seen.payloads()[0]).toMatchObject({ postId });
    // Both reports of the post are resolved by the one action.
    expect((await t.sql<{ status: string }>(`SELECT status FROM reports WHERE id = $1`, [r2.id]))[0].status).toBe('resolved');
    const posts = (await t.http.get(`/api/v1/threads/${threadId}/posts`).set(auth(reader)).expect(200)).body.items as { id: string; body: string }[];
    expect(posts.find((p) => p.id === postId)?.body).toBe('');

    expect(await notificationsOf(reader)).toEqual(expect.arrayContaining([expect.stringContaining('was reviewed: the post was hidden')]));
    const told = await notificationsOf(author);
    expect(told).toEqual(expect.arrayContaining([expect.stringContaining('the post was hidden')]));
    expect(told.join(' ')).not.toContain(reader.user.displayName);
    const log = (await t.http.get('/api/v1/audit-log').query({ networkId: networkA }).set(auth(moderator)).expect(200)).body.items as { action: string; targetId: string }[];
    expect(log.filter((l) => l.targetId === postId).map((l) => l.action)).toEqual(expect.arrayContaining(['post.deleted', 'report.resolved']));
  });

  it('lock, mute and ban take effect at once; a banned member’s socket leaves the network’s rooms', async () => {
    const { threadId, postId } = await threadWithPost(networkA);
    const lockReport = await report(reader, 'thread', threadId, 'off-topic');
    await resolve(moderator, lockReport.id, { action: 'lock' }).expect(200);
    expect((await t.http.get(`/api/v1/threads/${threadId}`).set(auth(reader)).expect(200)).body.locked).toBe(true);

    const muteReport = await report(reader, 'post', postId, 'harassment');
    await resolve(moderator, muteReport.id, { action: 'mute', minutes: 60 }).expect(200);
    const other = await threadWithPost(networkB); // still posts elsewhere
    expect(other.postId).toBeTruthy();
    await t.http.post(`/api/v1/networks/${networkA}/threads`).set(auth(author)).send({ title: 'Muted?', body: 'x', clientId: randomUUID() }).expect(403);

    const authorSocket = await socketOf(author);
    expect((await subscribe(authorSocket, rooms.network(networkA))).ok).toBe(true);
    const gone = collect(authorSocket, 'room.unsubscribed');
    const banReport = await report(reader, 'user', author.user.id, 'harassment');
    // A member report is hub-wide: the network's moderator does not see it; an admin does.
    await resolve(moderator, banReport.id, { action: 'ban' }).expect(404);
    const postReport = await report(reader, 'post', postId, 'harassment', 'Again');
    await resolve(moderator, postReport.id, { action: 'ban' }).expect(200);
    await gone.waitFor(1);
    await t.http.get(`/api/v1/threads/${threadId}`).set(auth(author)).expect(404);
    // Reporting the post again reopened the reporter's one report of it, now resolved with the ban.
    expect((await queue(moderator, networkA, 'resolved')).items.filter((r) => [lockReport.id, muteReport.id].includes(r.id)).map((r) => r.action).sort()).toEqual(['ban', 'lock']);
  });

  it('delete, warn and remove: a reported resource leaves the library, its author is warned, then removed from the network', async () => {
    const n = await network('restricted', [[moderator, 'owner'], [author, 'member'], [reader, 'member']]);
    const resourceId = (await t.http.post('/api/v1/resources').set(auth(author)).send({ title: 'Shelter list with home addresses', summary: 'Addresses', kind: 'toolkit', language: 'en', tags: [], url: 'https://example.org/list', networkId: n }).expect(201)).body.id as string;
    await t.http.get(`/api/v1/resources/${resourceId}`).set(auth(reader)).expect(200);

    const deleteReport = await report(reader, 'resource', resourceId, 'sensitive-data', 'Shelter addresses');
    await resolve(moderator, deleteReport.id, { action: 'hide' }).expect(400); // resources are deleted, not hidden
    await resolve(moderator, deleteReport.id, { action: 'delete', note: 'Addresses of shelters' }).expect(200);
    await t.http.get(`/api/v1/resources/${resourceId}`).set(auth(reader)).expect(404);
    expect(await notificationsOf(author)).toEqual(expect.arrayContaining([expect.stringContaining('it was removed from the library')]));

    const { threadId, postId } = await threadWithPost(n, 'Off-topic advertising');
    const warnReport = await report(reader, 'post', postId, 'spam');
    await resolve(moderator, warnReport.id, { action: 'warn', note: 'No advertising here' }).expect(200);
    expect(await notificationsOf(author)).toEqual(expect.arrayContaining([expect.stringContaining('warned you')]));
    await t.http.get(`/api/v1/threads/${threadId}`).set(auth(author)).expect(200); // a warning keeps the member in

    const removeReport = await report(reader, 'post', postId, 'spam', 'Again');
    await resolve(moderator, removeReport.id, { action: 'remove' }).expect(200);
    await t.http.get(`/api/v1/threads/${threadId}`).set(auth(author)).expect(404);
    const log = (await t.http.get('/api/v1/audit-log').query({ networkId: n }).set(auth(moderator)).expect(200)).body.items as { action: string }[];
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['network.member-warned', 'network.member-removed', 'report.resolved']));
    // The moderator of another network reads none of it.
    await t.http.get('/api/v1/audit-log').query({ networkId: n }).set(auth(otherModerator)).expect(403);
  });

  it('admins handle the hub-wide queue; moderators never act on an admin; dismiss changes nothing', async () => {
    const adminThread = (await t.http.post(`/api/v1/networks/${networkA}/threads`).set(auth(admin)).send({ title: 'Admin notice', body: 'Read this', clientId: randomUUID() }).expect(201)).body.id as string;
    const r = await report(reader, 'thread', adminThread, 'other');
    await resolve(moderator, r.id, { action: 'lock' }).expect(403);
    await resolve(moderator, r.id, { action: 'dismiss', note: 'Fine' }).expect(200);
    expect((await t.http.get(`/api/v1/threads/${adminThread}`).set(auth(reader)).expect(200)).body.locked).toBe(false);

    const troll = await createMember(t, { displayName: 'Hub Troll' });
    const userReport = await report(reader, 'user', troll.user.id, 'spam');
    const hub = (await t.http.get('/api/v1/reports').query({ status: 'open' }).set(auth(admin)).expect(200)).body as Page<QueuedReport>;
    expect(hub.items.map((i) => i.id)).toContain(userReport.id);
    await resolve(admin, userReport.id, { action: 'mute' }).expect(400);
    await resolve(admin, userReport.id, { action: 'ban', note: 'Spam account' }).expect(200);
    expect((await t.sql<{ status: string }>(`SELECT status FROM users WHERE id = $1`, [troll.user.id]))[0].status).toBe('suspended');
    await t.http.get('/api/v1/me').set(auth(troll)).expect(401);
  });

  it('pages the queue with a cursor and refuses a bad one', async () => {
    const n = await network('open', [[moderator, 'owner'], [author, 'member'], [reader, 'member']]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await report(reader, 'post', (await threadWithPost(n)).postId)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<QueuedReport> = (await t.http.get(`/api/v1/networks/${n}/reports`).query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(auth(moderator)).expect(200)).body;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    await t.http.get(`/api/v1/networks/${n}/reports`).query({ cursor: 'x' }).set(auth(moderator)).expect(400);
  });
});
