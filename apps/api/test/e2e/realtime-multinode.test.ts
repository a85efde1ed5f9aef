import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { rooms } from '@praxis/contracts';
import { DomainEvents } from '../../src/common/domain-events.js';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';
import { findRedis } from '../support/redis.js';
import { collect, connectSocket, disconnection, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * R5: two API processes on one database and one Redis. Redis is TEST_REDIS_URL when set (and must
 * then answer), otherwise the machine's Redis at 127.0.0.1:6379 when one answers; without any, the
 * file checks instead that two processes without Redis do not share rooms (single-process mode).
 */
const redisUrl = await findRedis();
if (!redisUrl) console.warn('realtime-multinode: no Redis at TEST_REDIS_URL or 127.0.0.1:6379; checking single-process mode only');

const notificationFor = (title: string) => ({
  id: randomUUID(),
  kind: 'mention',
  title,
  body: null,
  link: null,
  createdAt: new Date().toISOString(),
  readAt: null,
});

/** Node A with its own database, and node B on the same database, secret and (when given) Redis. */
async function startTwoNodes(redis: string | null): Promise<[TestApp, TestApp]> {
  const shared: Record<string, string> = redis ? { REDIS_URL: redis, REDIS_PREFIX: `praxis-test-mn-${randomBytes(6).toString('hex')}` } : {};
  const a = await startTestApp(shared);
  const b = await startTestApp({ ...shared, JWT_SECRET: a.config.jwtSecret, REDIS_URL: redis ?? '' }, {}, { databaseUrl: a.databaseUrl });
  return [a, b];
}

describe(redisUrl ? 'realtime across two API nodes sharing Redis' : 'realtime on two API nodes without Redis', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets: TestSocket[] = [];
  const open = async (node: TestApp, token: string) => {
    const socket = await connectSocket(node.url, { token });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    [a, b] = await startTwoNodes(redisUrl);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  if (!redisUrl) {
    it('keeps each process to its own sockets', async () => {
      const member = await createMember(a);
      const onB = collect(await open(b, member.token), 'notification.created');
      const onA = collect(await open(a, member.token), 'notification.created');
      a.app.get(DomainEvents).publish('notification.created', { userId: member.user.id, notification: notificationFor('local') });
      await onA.waitFor(1);
      await settle();
      expect(onB.received).toHaveLength(0);
    });
    return;
  }

  it('delivers to a socket on node B what node A publishes', async () => {
    const member = await createMember(a);
    const onB = collect(await open(b, member.token), 'notification.created');
    const notification = notificationFor('across nodes');
    a.app.get(DomainEvents).publish('notification.created', { userId: member.user.id, notification });
    await onB.waitFor(1);
    expect(onB.payloads()).toEqual([{ room: rooms.user(member.user.id), notification }]);
  });

  it('loses nothing published while the nodes’ adapter connections to Redis are cut', async () => {
    const member = await createMember(a);
    const onB = collect(await open(b, member.token), 'notification.created');
    const redis = new Redis(redisUrl);
    try {
      // Cut every socket.io connection of both nodes (publisher, stream readers, pub/sub), then
      // publish at once, before they are back: the entries wait in the publisher's queue and the
      // readers resume the stream from their last offset.
      const clients = (await redis.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(` name=${a.config.redisPrefix}:socket.io `))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => Boolean(id));
      expect(ids.length).toBeGreaterThanOrEqual(6);
      for (const id of ids) await redis.client('KILL', 'ID', id);
      const sent = [notificationFor('during the cut 1'), notificationFor('during the cut 2'), notificationFor('during the cut 3')];
      for (const notification of sent) a.app.get(DomainEvents).publish('notification.created', { userId: member.user.id, notification });
      await onB.waitFor(3, 15_000);
      expect(onB.payloads().map((p) => p.notification.title)).toEqual(sent.map((n) => n.title));
    } finally {
      redis.disconnect();
    }
  }, 30_000);

  it('delivers a post made through node A to a subscriber connected to node B', async () => {
    const admin = await signInAdmin(a);
    const member = await createMember(a);
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const slug = `mn-${randomUUID().slice(0, 8)}`;
    const network = await a.http.post('/api/v1/networks').set(bearer(admin.token)).send({ name: `Network ${slug}`, slug, description: 'Two nodes.', visibility: 'open' }).expect(201);
    await a.http.post(`/api/v1/networks/${network.body.id}/join`).set(bearer(member.token)).send({}).expect(201);
    const thread = await a.http
      .post(`/api/v1/networks/${network.body.id}/threads`)
      .set(bearer(member.token))
      .send({ title: 'Across nodes', body: 'Does this reach the other node?', clientId: randomUUID() })
      .expect(201);
    const room = rooms.thread(thread.body.id);
    const onB = await open(b, member.token);
    const ack = await subscribe(onB, room);
    expect(ack).toMatchObject({ ok: true });
    const seen = collect(onB, 'post.created');
    const made = await a.http.post(`/api/v1/threads/${thread.body.id}/posts`).set(bearer(admin.token)).send({ body: 'Hello from node A', clientId: randomUUID() }).expect(201);
    await seen.waitFor(1);
    expect(seen.payloads().map((p) => [p.room, p.seq, p.post.id])).toEqual([[room, (ack as { seq: number }).seq + 1, made.body.id]]);
  });

  it('closes a suspended user’s sockets on every node', async () => {
    const member = await createMember(a);
    const [onA, onB] = [await open(a, member.token), await open(b, member.token)];
    const closed = [disconnection(onA), disconnection(onB)];
    a.app.get(DomainEvents).publish('user.access-ended', { userId: member.user.id });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
  });
});
