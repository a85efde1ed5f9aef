import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { rooms, type EventDetail, type Post } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';

/** E7: what stays after a live session: kept on the event, posted into its discussion thread. */
describe('events afterwards (E7)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: SignedIn;
  let host: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let outsider: SignedIn;
  let networkId: string;
  const sockets: TestSocket[] = [];
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  const open = async (who: SignedIn) => {
    const socket = await connectSocket(t.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };

  async function createEvent(fields: Record<string, unknown> = {}): Promise<string> {
    const startsAt = new Date(Date.now() + 5 * 60_000);
    const response = await t.http.post('/api/v1/events').set(bearer(fields.networkId === null ? admin : host)).send({
      title: 'Cross-border referrals briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'Europe/Vienna', registrationMode: 'open', visibility: 'network', networkId, ...fields,
    }).expect(201);
    return response.body.id as string;
  }

  /** A session with two attendees and three questions: one answered, one hidden, one left open. */
  async function runSession(eventId: string, sessionHost: SignedIn) {
    for (const m of [alice, bob]) await t.http.post(`/api/v1/events/${eventId}/registrations`).set(bearer(m)).expect(201);
    await t.http.post(`/api/v1/events/${eventId}/live/start`).set(bearer(sessionHost)).expect(200);
    for (const m of [alice, bob]) await t.http.post(`/api/v1/events/${eventId}/attendance/join`).set(bearer(m)).expect(200);
    const ask = async (who: SignedIn, body: string) => (await t.http.post(`/api/v1/events/${eventId}/questions`).set(bearer(who)).send({ body, clientId: randomUUID() }).expect(201)).body.question.id as string;
    const answered = await ask(alice, 'How are referrals shared with NGOs across borders?');
    const hidden = await ask(bob, 'Spam question that the host hides');
    const openQuestion = await ask(bob, 'Which data protection rules apply');
    await t.http.post(`/api/v1/questions/${answered}/votes`).set(bearer(bob)).expect(200);
    await t.http.patch(`/api/v1/questions/${answered}`).set(bearer(sessionHost)).send({ status: 'answered' }).expect(200);
    await t.http.patch(`/api/v1/questions/${hidden}`).set(bearer(sessionHost)).send({ status: 'hidden' }).expect(200);
    return { answered, hidden, openQuestion };
  }

  const postsOf = async (threadId: string, who: SignedIn): Promise<Post[]> => (await t.http.get(`/api/v1/threads/${threadId}/posts?afterSeq=0`).set(bearer(who)).expect(200)).body.items;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    [host, alice, bob, outsider] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
    networkId = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: 'Referral practitioners', slug: `afterwards-${randomUUID().slice(0, 8)}`, description: 'E7 tests.', visibility: 'restricted' }).expect(201)).body.id;
    for (const m of [host, alice, bob]) {
      await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(m)).send({ message: 'Please' }).expect(201);
      await t.http.post(`/api/v1/networks/${networkId}/join-requests/${m.user.id}/approve`).set(bearer(admin)).send({}).expect(201);
    }
    // A network moderator hosts the network's events.
    await t.http.patch(`/api/v1/networks/${networkId}/members/${host.user.id}`).set(bearer(admin)).send({ role: 'moderator' }).expect(200);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ending the session keeps the answered questions and attendance on the event and posts them into a new thread of the host network', async () => {
    const eventId = await createEvent();
    const { openQuestion } = await runSession(eventId, host);
    const networkSocket = await open(alice);
    expect(await subscribe(networkSocket, rooms.network(networkId))).toMatchObject({ ok: true });
    const threadsLive = collect(networkSocket, 'thread.created');

    await t.http.post(`/api/v1/events/${eventId}/summary`).set(bearer(host)).expect(409); // still live
    const ended: EventDetail = (await t.http.post(`/api/v1/events/${eventId}/live/end`).set(bearer(host)).expect(200)).body;
    expect(ended.answeredQuestions).toEqual([expect.objectContaining({ body: 'How are referrals shared with NGOs across borders?', status: 'answered', votes: 1 })]);
    expect(ended.attendance).toEqual({ registered: 2, attended: 2 });
    expect(ended.threadId).toEqual(expect.any(String));
    expect(ended.summary).toEqual({ recordedAt: expect.any(String), postId: expect.any(String) });

    // The thread was created through the forum: announced live in the network room, with the summary as its opening post.
    const [{ payload }] = await threadsLive.waitFor(1);
    expect(payload.thread).toMatchObject({ id: ended.threadId, networkId, title: 'Cross-border referrals briefing: summary and discussion' });
    const posts = await postsOf(ended.threadId!, alice);
    expect(posts).toHaveLength(1);
    expect(posts[0].id).toBe(ended.summary!.postId);
    expect(posts[0].author.id).toBe(host.user.id);
    expect(posts[0].body).toContain('How are referrals shared with NGOs across borders?');
    expect(posts[0].body).toContain('2 attended of 2 registered');
    expect(posts[0].body).not.toContain('Spam question');
    expect(posts[0].body).not.toContain('data protection');
    expect(posts[0].html).toContain('How are referrals shared with NGOs across borders?');

    // Members of the network read it on the event page; others do not see the event at all.
    const seen: EventDetail = (await t.http.get(`/api/v1/events/${eventId}`).set(bearer(bob)).expect(200)).body;
    expect(seen.answeredQuestions.map((q) => q.body)).toEqual(['How are referrals shared with NGOs across borders?']);
    expect(seen.attendance).toEqual({ registered: 2, attended: 2 });
    await t.http.get(`/api/v1/events/${eventId}`).set(bearer(outsider)).expect(404);
    await t.http.post(`/api/v1/events/${eventId}/summary`).set(bearer(alice)).expect(403);
    await t.http.post(`/api/v1/events/${eventId}/summary`).set(bearer(outsider)).expect(404);

    // What is kept does not move on its own: a question answered later shows once the host publishes again,
    // which edits the same post (live post.updated) rather than adding another.
    await t.http.patch(`/api/v1/questions/${openQuestion}`).set(bearer(host)).send({ status: 'answered' }).expect(200);
    expect((await t.http.get(`/api/v1/events/${eventId}`).set(bearer(bob)).expect(200)).body.answeredQuestions).toHaveLength(1);
    expect(await subscribe(networkSocket, rooms.thread(ended.threadId!))).toMatchObject({ ok: true });
    const edits = collect(networkSocket, 'post.updated');
    const again = (await t.http.post(`/api/v1/events/${eventId}/summary`).set(bearer(host)).expect(200)).body;
    expect(again).toMatchObject({ threadId: ended.threadId, postId: ended.summary!.postId, attendance: { registered: 2, attended: 2 } });
    expect(again.answeredQuestions.map((q: { body: string }) => q.body).sort()).toEqual(['How are referrals shared with NGOs across borders?', 'Which data protection rules apply']);
    const [{ payload: edited }] = await edits.waitFor(1);
    expect(edited.post.body).toContain('Which data protection rules apply');
    expect(await postsOf(ended.threadId!, alice)).toHaveLength(1);
    expect((await t.http.get(`/api/v1/events/${eventId}`).set(bearer(bob)).expect(200)).body.answeredQuestions).toHaveLength(2);
  });

  it('posts into the thread already linked to the event, live with the thread room’s next seq', async () => {
    const threadId = (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(alice)).send({ title: 'Questions before the briefing', body: 'Ask here', clientId: randomUUID() }).expect(201)).body.id as string;
    const eventId = await createEvent({ title: 'Linked briefing' });
    await t.http.patch(`/api/v1/events/${eventId}`).set(bearer(host)).send({ threadId }).expect(200);
    await runSession(eventId, host);
    const socket = await open(bob);
    const joined = await subscribe(socket, rooms.thread(threadId));
    expect(joined).toMatchObject({ ok: true });
    const live = collect(socket, 'post.created');

    const ended: EventDetail = (await t.http.post(`/api/v1/events/${eventId}/live/end`).set(bearer(host)).expect(200)).body;
    expect(ended.threadId).toBe(threadId);
    const [{ payload }] = await live.waitFor(1);
    expect(payload.seq).toBe((joined as { seq: number }).seq + 1);
    expect(payload.post.id).toBe(ended.summary!.postId);
    expect(payload.post.body).toContain('How are referrals shared with NGOs across borders?');
    expect((await postsOf(threadId, bob)).map((p) => p.id)).toEqual([expect.any(String), ended.summary!.postId]);
    // Alice follows the thread she started: she is told of the summary post.
    const deadline = Date.now() + 5000;
    let kinds: string[] = [];
    while (Date.now() < deadline && !kinds.includes('forum.followed-post')) {
      kinds = (await t.http.get('/api/v1/notifications').set(bearer(alice)).expect(200)).body.items.map((n: { kind: string }) => n.kind);
    }
    expect(kinds).toContain('forum.followed-post');
  });

  it('keeps the summary of a hub-wide event without a thread on the event only', async () => {
    const eventId = await createEvent({ networkId: null, visibility: 'members', title: 'Hub-wide briefing' });
    await runSession(eventId, admin);
    const threadsBefore = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM threads`))[0].n;
    const ended: EventDetail = (await t.http.post(`/api/v1/events/${eventId}/live/end`).set(bearer(admin)).expect(200)).body;
    expect(ended.threadId).toBeNull();
    expect(ended.summary).toEqual({ recordedAt: expect.any(String), postId: null });
    expect(ended.attendance).toEqual({ registered: 2, attended: 2 });
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM threads`))[0].n).toBe(threadsBefore);
    const seen: EventDetail = (await t.http.get(`/api/v1/events/${eventId}`).set(bearer(outsider)).expect(200)).body;
    expect(seen.answeredQuestions.map((q) => q.body)).toEqual(['How are referrals shared with NGOs across borders?']);
  });
});
