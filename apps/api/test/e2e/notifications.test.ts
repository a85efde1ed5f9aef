import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { NotificationItem, NotificationsPage, NetworkVisibility } from '@praxis/contracts';
import { EventReminders } from '../../src/modules/events/event-reminders.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, settle, type TestSocket } from '../support/socket-client.js';

/** The notifications centre (O1) end to end: who is told, live delivery, listing, marking read, lost access. */
describe('notifications (O1)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: SignedIn;
  const sockets: TestSocket[] = [];
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  const open = async (who: SignedIn) => {
    const socket = await connectSocket(t.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };

  async function createNetwork(visibility: NetworkVisibility): Promise<string> {
    const slug = `nt-${visibility}-${randomUUID().slice(0, 8)}`;
    const response = await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: `Network ${slug}`, slug, description: 'Notifications tests.', visibility }).expect(201);
    return response.body.id as string;
  }

  /** Joins an open network; asks to join a restricted one and is approved (and told so). */
  async function memberOf(networkId: string): Promise<SignedIn> {
    const member = await createMember(t);
    const joined = await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(member)).send({ message: 'Please' }).expect(201);
    if (joined.body.membership.status === 'pending') {
      await t.http.post(`/api/v1/networks/${networkId}/join-requests/${member.user.id}/approve`).set(bearer(admin)).send({}).expect(201);
    }
    return member;
  }

  async function thread(networkId: string, author: SignedIn): Promise<string> {
    const response = await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(author)).send({ title: 'Referral pathways', body: 'How do you refer survivors?', clientId: randomUUID() }).expect(201);
    return response.body.id as string;
  }

  async function post(threadId: string, author: SignedIn, body: string, replyToId?: string): Promise<string> {
    const response = await t.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(author)).send({ body, clientId: randomUUID(), ...(replyToId ? { replyToId } : {}) }).expect(201);
    return response.body.id as string;
  }

  const list = async (who: SignedIn, query = ''): Promise<NotificationsPage> => (await t.http.get(`/api/v1/notifications${query}`).set(bearer(who)).expect(200)).body;
  /** Notifications are written just after the post's commit: wait until `count` of `kind` are there. */
  async function waitForKind(who: SignedIn, kind: string, count: number): Promise<NotificationItem[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const items = (await list(who, '?limit=100')).items.filter((n) => n.kind === kind);
      if (items.length >= count) return items;
      if (Date.now() > deadline) throw new Error(`expected ${count} ${kind} notifications, got ${items.length}`);
      await settle(50);
    }
  }
  const stored = async (who: SignedIn) => (await t.sql<{ kind: string }>(`SELECT kind FROM notifications WHERE user_id = $1 ORDER BY created_at`, [who.user.id])).map((r) => r.kind);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells a follower live of a new post, with the unread count, and not the writer or who muted the thread', async () => {
    const networkId = await createNetwork('restricted');
    const [author, follower, writer, muter] = [await memberOf(networkId), await memberOf(networkId), await memberOf(networkId), await memberOf(networkId)];
    const threadId = await thread(networkId, author);
    await t.http.put(`/api/v1/threads/${threadId}/follow`).set(bearer(follower)).send({ level: 'following' }).expect(200);
    await t.http.put(`/api/v1/threads/${threadId}/follow`).set(bearer(muter)).send({ level: 'muted' }).expect(200);
    const followerLive = collect(await open(follower), 'notification.created');
    const writerLive = collect(await open(writer), 'notification.created');

    const postId = await post(threadId, writer, 'We use a national referral mechanism.');
    const [{ payload }] = await followerLive.waitFor(1);
    expect(payload.room).toBe(`user:${follower.user.id}`);
    // The approval of their request to join, and this post.
    expect(payload.unreadCount).toBe(2);
    expect(payload.notification).toMatchObject({ kind: 'forum.followed-post', link: `/threads/${threadId}#post-${postId}`, target: { type: 'thread', id: threadId }, readAt: null });
    expect(payload.notification.title).toContain('Referral pathways');
    // The thread's author follows it by starting it.
    await waitForKind(author, 'forum.followed-post', 1);
    await settle();
    expect(writerLive.received).toHaveLength(0);
    expect(await stored(writer)).toEqual(['network.request-approved']);
    expect(await stored(muter)).toEqual(['network.request-approved']);
  });

  it('tells the author of the post replied to once (a reply, not also a followed post), unless they muted the thread', async () => {
    const networkId = await createNetwork('open');
    const [author, replier, quiet] = [await memberOf(networkId), await memberOf(networkId), await memberOf(networkId)];
    const threadId = await thread(networkId, author);
    const first = await post(threadId, quiet, 'A first answer.');
    await t.http.put(`/api/v1/threads/${threadId}/follow`).set(bearer(quiet)).send({ level: 'muted' }).expect(200);
    const opening = (await t.http.get(`/api/v1/threads/${threadId}/posts?afterSeq=0&limit=1`).set(bearer(author)).expect(200)).body.items[0].id as string;

    await post(threadId, replier, 'Replying to the opening post.', opening);
    await post(threadId, replier, 'Replying to the muted member.', first);
    const replies = await waitForKind(author, 'forum.reply', 1);
    expect(replies[0]).toMatchObject({ target: { type: 'thread', id: threadId } });
    expect(replies[0].title).toContain('replied to your post');
    await settle();
    // The author follows the thread: the reply to their post is told once, as a reply; the other posts as followed posts.
    expect(await stored(author)).toEqual(['forum.followed-post', 'forum.reply', 'forum.followed-post']);
    expect(await stored(quiet)).toEqual([]);
    await t.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(replier)).send({ body: 'x', clientId: randomUUID(), replyToId: randomUUID() }).expect(400);
  });

  it('lists newest first with keyset pages and marks only my own notifications read, live to my other tabs', async () => {
    const networkId = await createNetwork('open');
    const [reader, other, writer] = [await memberOf(networkId), await memberOf(networkId), await memberOf(networkId)];
    const threadId = await thread(networkId, reader);
    await t.http.put(`/api/v1/threads/${threadId}/follow`).set(bearer(other)).send({ level: 'following' }).expect(200);
    for (let i = 1; i <= 3; i += 1) await post(threadId, writer, `Update ${i}`);
    await waitForKind(reader, 'forum.followed-post', 3);
    const otherItems = await waitForKind(other, 'forum.followed-post', 3);

    const all = await list(reader);
    expect(all.unreadCount).toBe(3);
    expect(all.items.map((n) => n.body)).toEqual(['Update 3', 'Update 2', 'Update 1']);
    const first = await list(reader, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(reader, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.id)).toEqual([all.items[2].id]);
    expect(second.nextCursor).toBeNull();
    await t.http.get('/api/v1/notifications?cursor=not-a-cursor').set(bearer(reader)).expect(400);
    await t.http.get('/api/v1/notifications?limit=0').set(bearer(reader)).expect(400);
    await t.http.get('/api/v1/notifications').expect(401);

    const otherTab = collect(await open(reader), 'notification.read');
    // Someone else's id and an unknown id are ignored, not an error: nothing of theirs changes.
    const marked = await t.http.post('/api/v1/notifications/read').set(bearer(reader)).send({ ids: [all.items[0].id, otherItems[0].id, randomUUID()] }).expect(200);
    expect(marked.body).toEqual({ marked: 1, unreadCount: 2 });
    const [{ payload }] = await otherTab.waitFor(1);
    expect(payload).toEqual({ room: `user:${reader.user.id}`, ids: [all.items[0].id], unreadCount: 2 });
    expect((await list(other)).unreadCount).toBe(3);
    expect((await list(reader)).items[0].readAt).toEqual(expect.any(String));
    expect((await list(reader, '?unread=true')).items.map((n) => n.body)).toEqual(['Update 2', 'Update 1']);
    // Marking again changes nothing and says so.
    expect((await t.http.post('/api/v1/notifications/read').set(bearer(reader)).send({ ids: [all.items[0].id] }).expect(200)).body).toEqual({ marked: 0, unreadCount: 2 });

    for (const bad of [{}, { ids: [] }, { ids: ['nope'] }, { all: false }, { all: true, ids: [all.items[1].id] }, { ids: [all.items[1].id], extra: 1 }]) {
      const response = await t.http.post('/api/v1/notifications/read').set(bearer(reader)).send(bad);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
    }
    expect((await t.http.post('/api/v1/notifications/read').set(bearer(reader)).send({ all: true }).expect(200)).body).toEqual({ marked: 2, unreadCount: 0 });
    await otherTab.waitFor(2);
    expect(otherTab.received[1].payload).toMatchObject({ ids: null, unreadCount: 0 });
  });

  it('a removed member no longer sees the notifications of that network, is told no more, and still sees the removal', async () => {
    const networkId = await createNetwork('restricted');
    const [stays, removed] = [await memberOf(networkId), await memberOf(networkId)];
    const threadId = await thread(networkId, stays);
    await t.http.put(`/api/v1/threads/${threadId}/follow`).set(bearer(removed)).send({ level: 'following' }).expect(200);
    await post(threadId, stays, 'Before the removal');
    await waitForKind(removed, 'forum.followed-post', 1);
    const before = await list(removed);
    expect(before.items.map((n) => n.kind)).toEqual(['forum.followed-post', 'network.request-approved']);
    expect(before.unreadCount).toBe(2);

    await t.http.delete(`/api/v1/networks/${networkId}/members/${removed.user.id}`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    const live = collect(await open(removed), 'notification.created');
    await post(threadId, stays, 'After the removal');
    await settle(500);
    expect(live.received).toHaveLength(0);
    const after = await list(removed);
    // The removal itself is about them and stays; the thread and the network's approval are gone from view.
    expect(after.items.map((n) => n.kind)).toEqual(['network.moderation']);
    expect(after.items[0].title).toContain('removed');
    expect(after.items[0].target).toEqual({ type: 'membership', id: networkId });
    expect(after.unreadCount).toBe(1);
    expect(await stored(removed)).toEqual(['network.request-approved', 'forum.followed-post', 'network.moderation']);
  });

  it('tells members of decisions on their join requests and of moderation', async () => {
    const networkId = await createNetwork('restricted');
    const [accepted, declined] = [await createMember(t), await createMember(t)];
    for (const m of [accepted, declined]) await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(m)).send({ message: 'Hello' }).expect(201);
    const acceptedLive = collect(await open(accepted), 'notification.created');
    await t.http.post(`/api/v1/networks/${networkId}/join-requests/${accepted.user.id}/approve`).set(bearer(admin)).send({}).expect(201);
    await t.http.post(`/api/v1/networks/${networkId}/join-requests/${declined.user.id}/reject`).set(bearer(admin)).send({}).expect(201);
    const [{ payload }] = await acceptedLive.waitFor(1);
    expect(payload.notification).toMatchObject({ kind: 'network.request-approved', target: { type: 'network', id: networkId } });
    // Refused: they cannot read the network, yet the decision about their own request is theirs to see.
    expect((await list(declined)).items).toEqual([expect.objectContaining({ kind: 'network.request-rejected', target: { type: 'membership', id: networkId } })]);

    await t.http.post(`/api/v1/networks/${networkId}/members/${accepted.user.id}/warn`).set(bearer(admin)).send({ reason: 'Keep it civil' }).expect((r) => expect(r.status).toBeLessThan(300));
    await acceptedLive.waitFor(2);
    expect(acceptedLive.received[1].payload.notification).toMatchObject({ kind: 'network.moderation', body: 'Keep it civil' });
  });

  it('tells registrants of decisions, promotions from the waiting list and reminders, only while they may read the event', async () => {
    const networkId = await createNetwork('restricted');
    const [first, second, leaver] = [await memberOf(networkId), await memberOf(networkId), await memberOf(networkId)];
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const eventId = (await t.http.post('/api/v1/events').set(bearer(admin)).send({
      title: 'Network briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'UTC', registrationMode: 'approval', visibility: 'network', networkId, capacity: 1,
    }).expect(201)).body.id as string;
    for (const m of [first, second, leaver]) await t.http.post(`/api/v1/events/${eventId}/registrations`).set(bearer(m)).expect(201);
    await t.http.post(`/api/v1/events/${eventId}/registrations/${first.user.id}/approve`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    await t.http.post(`/api/v1/events/${eventId}/registrations/${second.user.id}/approve`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    await waitForKind(second, 'event.registration', 2); // pending, then waitlisted
    const secondLive = collect(await open(second), 'notification.created');

    await t.http.delete(`/api/v1/events/${eventId}/registrations/me`).set(bearer(first)).expect((r) => expect(r.status).toBeLessThan(300));
    const promotion = (await secondLive.waitFor(1))[0].payload.notification;
    expect(promotion).toMatchObject({ kind: 'event.registration', target: { type: 'event', id: eventId } });
    expect(promotion.title).toBe('You are registered: Network briefing');
    expect(promotion.body).toContain('A place freed up');

    // The leaver loses the network (and so the event) before the reminder pass.
    await t.http.post(`/api/v1/events/${eventId}/registrations/${leaver.user.id}/approve`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    await waitForKind(leaver, 'event.registration', 2);
    await t.http.delete(`/api/v1/networks/${networkId}/members/${leaver.user.id}`).set(bearer(admin)).expect((r) => expect(r.status).toBeLessThan(300));
    await t.sql(`UPDATE event_registrations SET status = 'registered' WHERE event_id = $1 AND user_id = $2`, [eventId, leaver.user.id]);
    await t.app.get(EventReminders).runOnce();

    const reminders = await waitForKind(second, 'event.reminder', 1);
    expect(reminders[0]).toMatchObject({ target: { type: 'event', id: eventId } });
    expect(await stored(leaver)).not.toContain('event.reminder');
    expect((await t.mails()).filter((m) => m.subject.startsWith('Reminder') && m.to.includes(leaver.user.email))).toEqual([]);
    // And what they were told of the event while a member is out of their list now.
    expect((await list(leaver)).items.map((n) => n.kind)).toEqual(['network.moderation']);
  });
});
