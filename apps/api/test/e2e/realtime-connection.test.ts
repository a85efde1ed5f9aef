import { randomUUID } from 'node:crypto';
import { REALTIME_ERRORS, rooms } from '@praxis/contracts';
import { DomainEvents } from '../../src/common/domain-events.js';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, disconnection, refusedConnection, request, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/** Handshake, the private room, re-authentication, session ends and malformed messages (R1, R2). */
describe('realtime connection', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  const open = async (token: string, origin?: string) => {
    const socket = await connectSocket(t.url, { token, origin });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a handshake without a token, with a bad token, or with a revoked session', async () => {
    const missing = await refusedConnection(t.url, {});
    expect(missing.message).toMatch(/authentication required/);
    expect(missing.data?.code).toBe('unauthorized');

    const forged = await refusedConnection(t.url, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.message).toBe('invalid or expired token');

    const member = await createMember(t);
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${member.token}`).expect((r) => expect(r.status).toBeLessThan(300));
    const revoked = await refusedConnection(t.url, { token: member.token });
    expect(revoked.data?.code).toBe('unauthorized');
  });

  it('refuses a foreign Origin and accepts the configured web origin or none', async () => {
    const member = await createMember(t);
    const foreign = await refusedConnection(t.url, { token: member.token, origin: 'https://evil.example' });
    expect(foreign.data?.code).toBe('origin-not-allowed');
    const foreignPolling = await refusedConnection(t.url, { token: member.token, origin: 'https://evil.example', transports: ['polling'] });
    expect(foreignPolling).toBeInstanceOf(Error);

    expect((await open(member.token, t.config.webOrigins[0])).connected).toBe(true);
    expect((await open(member.token)).connected).toBe(true);
  });

  it('puts every socket in its private room and refuses anyone else’s', async () => {
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const socket = await open(alice.token);
    expect(await subscribe(socket, rooms.user(alice.user.id))).toEqual({ ok: true, seq: 0 });
    expect(await subscribe(socket, rooms.user(bob.user.id))).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });

    const notifications = collect(socket, 'notification.created');
    const notification = { id: randomUUID(), kind: 'mention', title: 'You were mentioned', body: null, link: null, createdAt: new Date().toISOString(), readAt: null };
    t.app.get(DomainEvents).publish('notification.created', { userId: bob.user.id, notification });
    t.app.get(DomainEvents).publish('notification.created', { userId: alice.user.id, notification, unreadCount: 1 });
    await notifications.waitFor(1);
    await settle();
    expect(notifications.payloads()).toEqual([{ room: rooms.user(alice.user.id), notification, unreadCount: 1 }]);
  });

  it('answers malformed messages with an error ack and keeps the connection', async () => {
    const member = await createMember(t);
    const socket = await open(member.token);
    expect(await request(socket, 'subscribe', 'thread:x')).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'subscribe', null)).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'subscribe', {})).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'subscribe', { room: 42 })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'subscribe', { room: 'x'.repeat(20_000) })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'subscribe', { room: `galaxy:${randomUUID()}` })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidRoom });
    expect(await request(socket, 'subscribe', { room: 'thread:../../etc' })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidRoom });
    expect(await request(socket, 'unsubscribe', [1, 2])).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'unsubscribe', { room: rooms.user(member.user.id) })).toEqual({ ok: false, error: REALTIME_ERRORS.notAllowed });
    expect(await request(socket, 'typing', { threadId: 'nope' })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    expect(await request(socket, 'typing', { threadId: randomUUID() })).toEqual({ ok: false, error: REALTIME_ERRORS.notSubscribed });
    expect(await request(socket, 'presence', { room: rooms.user(member.user.id) })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidRoom });
    expect(await request(socket, 'presence', { room: rooms.thread(randomUUID()) })).toEqual({ ok: false, error: REALTIME_ERRORS.notSubscribed });
    expect(await request(socket, 'auth', { token: 12 })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidPayload });
    // An event nobody handles, and one without an ack, are ignored.
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit('drop-database', { all: true });
    socket.emit('subscribe', { room: rooms.user(member.user.id) }, undefined as never);
    expect(await subscribe(socket, rooms.user(member.user.id))).toEqual({ ok: true, seq: 0 });
    expect(socket.connected).toBe(true);
  });

  it('closes a connection that sends more than the payload limit', async () => {
    const member = await createMember(t);
    const socket = await open(member.token);
    const closed = disconnection(socket);
    socket.emit('subscribe', { room: 'x'.repeat(100 * 1024) }, () => undefined);
    expect(await closed).toMatch(/transport (close|error)/);
  });

  it('rate-limits a socket that sends too many messages', async () => {
    const member = await createMember(t);
    const socket = await open(member.token);
    const answers = await Promise.all(Array.from({ length: 40 }, () => subscribe(socket, rooms.user(member.user.id))));
    const limited = answers.filter((a) => !a.ok && a.error === REALTIME_ERRORS.rateLimited).length;
    expect(limited).toBeGreaterThanOrEqual(15);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(20);
    expect(socket.connected).toBe(true);
  });

  it('takes a fresh token on the open connection, and refuses another user’s', async () => {
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const socket = await open(alice.token);
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', alice.cookie).expect(200);
    expect(await request(socket, 'auth', { token: refreshed.body.accessToken })).toEqual({ ok: true });
    expect(await request(socket, 'auth', { token: 'not-a-token' })).toEqual({ ok: false, error: REALTIME_ERRORS.invalidToken });
    expect(await request(socket, 'auth', { token: bob.token })).toMatchObject({ ok: false });
    expect(await subscribe(socket, rooms.user(alice.user.id))).toEqual({ ok: true, seq: 0 });
  });

  it('closes the sockets of a session that signs out, and only those', async () => {
    const member = await createMember(t);
    const other = await t.http.post('/api/v1/auth/login').send({ email: (await t.sql<{ email: string }>('SELECT email FROM users WHERE id = $1', [member.user.id]))[0].email, password: member.password }).expect(200);
    const [first, second, otherSession] = [await open(member.token), await open(member.token), await open(other.body.accessToken)];
    const closed = [disconnection(first), disconnection(second)];
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${member.token}`).expect((r) => expect(r.status).toBeLessThan(300));
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    await settle();
    expect(otherSession.connected).toBe(true);
  });

  it('closes a member’s sockets when an admin suspends them', async () => {
    const admin = await signInAdmin(t);
    const member = await createMember(t);
    const [first, second] = [await open(member.token), await open(member.token)];
    const closed = [disconnection(first), disconnection(second)];
    await t.http.post(`/api/v1/admin/users/${member.user.id}/suspend`).set('Authorization', `Bearer ${admin.token}`).send({ reason: 'Test suspension' }).expect(201);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await refusedConnection(t.url, { token: member.token })).data?.code).toBe('unauthorized');
  });

  it('closes every socket of a user whose access ends', async () => {
    const member = await createMember(t);
    const socket = await open(member.token);
    const closed = disconnection(socket);
    t.app.get(DomainEvents).publish('user.access-ended', { userId: member.user.id });
    expect(await closed).toBe('io server disconnect');
  });

  it('closes a socket when its access token expires without re-authentication', async () => {
    const short = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '1' });
    try {
      const member = await createMember(short);
      const socket = await connectSocket(short.url, { token: member.token });
      sockets.push(socket);
      expect(await disconnection(socket, 10_000)).toBe('io server disconnect');
    } finally {
      await short.close();
    }
  }, 30_000);
});
