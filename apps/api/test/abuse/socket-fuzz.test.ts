import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import type { Socket } from 'socket.io-client';
import { rooms, type ClientToServerEvents } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, request, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * Issue 10 item 8: hostile traffic on the socket door. Signed-in fuzzing sockets send, for a bounded
 * time, random event names and every real client event with malformed payloads (wrong types, null,
 * huge strings, 1 MB messages, deep nesting, binary, too many arguments, with and without acks) and
 * room names aimed at rooms they may not read; raw WebSocket clients send broken engine.io and
 * socket.io packets. Meanwhile a quiet member subscribed to a thread receives posts made at a steady
 * rate, and canary posts, notifications and event changes are made in rooms the fuzzers may not read.
 *
 * Holds when: the quiet socket never disconnects and receives every post once, in order; /api/health
 * always answers; no ack is ever an internal error; no canary reaches any fuzzing client (while the
 * insider's own socket receives all of them, so the canaries are really sent); RSS grows by less than
 * 300 MB. The quiet socket's delivery time (REST send to socket arrival) is measured in a quiet phase and
 * during the fuzz and logged. FUZZ_SECONDS sets the fuzz length (default 30; 600 for the bench).
 */
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
const QUIET_SECONDS = Math.min(20, Math.max(8, FUZZ_SECONDS / 4));
const FUZZ_SOCKETS = Number(process.env.FUZZ_SOCKETS ?? 4);
const RAW_SOCKETS = 2;
const POST_EVERY_MS = 200;
const RSS_BOUND_MB = 300;

/** The heap in use after a full collection (gc exposed at run time, so the test needs no node flag). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** Every event a client may send, checked against the contracts: a new one fails typecheck until listed. */
const REAL_EVENTS = Object.keys({ subscribe: 1, unsubscribe: 1, typing: 1, presence: 1, auth: 1 } satisfies Record<keyof ClientToServerEvents, 1>);
/** Names socket.io-client refuses to emit; they go out as raw packets instead. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const unicodeJunk = () =>
  Array.from({ length: 1 + Math.floor(Math.random() * 40) }, () => String.fromCodePoint(pick([0, 0x202e, 0x200b, 0xfeff, 0xd800, 0xdfff, 0x1f4a9, 0x10ffff, 0x7f, 0x85, 0x2028, Math.floor(Math.random() * 0xffff)]))).join('');

function deep(levels: number, leaf: unknown, asObject = false): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = asObject ? { room: value } : [value];
  return value;
}

describe('socket fuzzing (issue 10, item 8)', () => {
  jest.setTimeout((FUZZ_SECONDS + QUIET_SECONDS + 120) * 1000);
  let t: TestApp;
  let admin: SignedIn;
  let insider: SignedIn;
  let friend: SignedIn;
  let quiet: SignedIn;
  let poster: SignedIn;
  const fuzzers: SignedIn[] = [];
  const canary = `canary${randomBytes(8).toString('hex')}`;
  const ids = { openNetwork: '', openThread: '', hiddenNetwork: '', hiddenThread: '', hiddenEvent: '', openEvent: '' };
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  /** What is still open, for afterAll; a fuzzing connection leaves it when it closes (else the test itself would hold every one). */
  const opened = new Set<{ close(): void }>();
  /** Set when the test ends (or fails), so that no loop outlives it. */
  let over = false;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_POSTS_PER_USER: '100000/1m', RATE_LIMIT_THREADS_PER_USER: '1000/1m' });
    admin = await signInAdmin(t);
    [insider, friend, quiet, poster] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
    for (let i = 0; i < FUZZ_SOCKETS + RAW_SOCKETS; i += 1) fuzzers.push(await createMember(t));
    const join = (networkId: string, who: SignedIn, role = 'member') =>
      t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now() - interval '400 days')`, [networkId, who.user.id, role]);

    ids.openNetwork = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: 'Fuzz open', description: 'Open to all', visibility: 'open' }).expect(201)).body.id;
    for (const who of [quiet, poster, ...fuzzers]) await join(ids.openNetwork, who);
    ids.openThread = (await t.http.post(`/api/v1/networks/${ids.openNetwork}/threads`).set(bearer(poster)).send({ title: 'Steady thread', body: 'Posts arrive here', clientId: randomUUID() }).expect(201)).body.id;

    ids.hiddenNetwork = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: `Fuzz hidden ${canary}`, description: `Hidden ${canary}`, visibility: 'hidden' }).expect(201)).body.id;
    await join(ids.hiddenNetwork, insider, 'owner');
    await join(ids.hiddenNetwork, friend);
    ids.hiddenThread = (await t.http.post(`/api/v1/networks/${ids.hiddenNetwork}/threads`).set(bearer(insider)).send({ title: `The ${canary} thread`, body: `A ${canary} body`, clientId: randomUUID() }).expect(201)).body.id;
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const event = (visibility: string, networkId?: string) =>
      t.http.post('/api/v1/events').set(bearer(insider)).send({
        title: `${canary} briefing`, description: `On ${canary}`, kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'UTC', registrationMode: 'open', visibility, ...(networkId ? { networkId } : {}),
      });
    ids.hiddenEvent = (await event('network', ids.hiddenNetwork).expect(201)).body.id;
  });
  afterAll(async () => {
    over = true;
    await sleep(500);
    for (const o of opened) o.close();
    opened.clear();
    await t?.close();
  });

  it('stays up, leaks nothing and keeps serving a quiet member while sockets are fuzzed', async () => {
    const failures: string[] = [];
    const fail = (line: string) => {
      if (failures.length < 200) failures.push(line);
    };
    const stats = { emitted: 0, acks: 0, ackErrors: {} as Record<string, number>, fuzzerConnects: 0, fuzzerDisconnects: {} as Record<string, number>, raw: { frames: 0, connects: 0, closes: 0 }, polling: 0, canaries: 0 };
    // Events about the hidden rooms carry their room name (event changes carry no text): those count as a leak too.
    const secretRooms = () => [rooms.thread(ids.hiddenThread), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent), rooms.user(insider.user.id)];
    const leak = (who: string, event: string, payload: unknown) => {
      let text: string;
      try {
        text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('latin1') : JSON.stringify(payload);
      } catch {
        text = String(payload);
      }
      const found = [canary, ...secretRooms()].find((secret) => text?.includes(secret));
      if (found) fail(`${who} received ${found === canary ? 'the canary' : found} in ${event}: ${text.slice(0, 200)}`);
    };

    // The insider watches every canary room: the control that the canaries are really published.
    const insiderSocket = await connectSocket(t.url, { token: insider.token });
    opened.add(insiderSocket);
    for (const room of [rooms.thread(ids.hiddenThread), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent)]) {
      const ack = await subscribe(insiderSocket, room);
      if (!ack.ok) throw new Error(`the insider could not join ${room}: ${JSON.stringify(ack)}`);
    }
    const insiderSaw = { post: 0, notification: 0, event: 0 };
    (insiderSocket as unknown as Socket).onAny((event: string, payload: unknown) => {
      const text = JSON.stringify(payload) ?? '';
      if (event === 'event.updated' && text.includes(rooms.event(ids.hiddenEvent))) insiderSaw.event += 1;
      if (!text.includes(canary)) return;
      if (event === 'post.created') insiderSaw.post += 1;
      if (event === 'notification.created') insiderSaw.notification += 1;
    });

    // The quiet member: subscribed to the steady thread, never expected to disconnect.
    const quietSocket = await connectSocket(t.url, { token: quiet.token });
    opened.add(quietSocket);
    const quietDisconnects: string[] = [];
    quietSocket.on('disconnect', (reason) => quietDisconnects.push(reason));
    const firstAck = await subscribe(quietSocket, rooms.thread(ids.openThread));
    if (!firstAck.ok) throw new Error(`the quiet member could not subscribe: ${JSON.stringify(firstAck)}`);
    const startSeq = firstAck.seq;
    const arrivals = collect(quietSocket, 'post.created');
    const sentAt = new Map<string, number>();
    const arrivedAt = new Map<string, number>();
    quietSocket.on('post.created', (e) => arrivedAt.set(e.post.id, Date.now()));
    const phaseOf = new Map<string, 'quiet' | 'fuzz'>();
    let phase: 'quiet' | 'fuzz' = 'quiet';
    let posting = true;
    const restMs: number[] = [];
    const postLoop = (async () => {
      let n = 0;
      while (posting && !over) {
        const started = Date.now();
        n += 1;
        const response = await t.http.post(`/api/v1/threads/${ids.openThread}/posts`).set(bearer(poster)).send({ body: `Steady post ${n}`, clientId: randomUUID() });
        restMs.push(Date.now() - started);
        if (response.status !== 201) fail(`steady post ${n} answered ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        else {
          sentAt.set(response.body.id, started);
          phaseOf.set(response.body.id, phase);
        }
        await sleep(Math.max(0, POST_EVERY_MS - (Date.now() - started)));
      }
    })();

    // The health door, asked once a second throughout; the process's RSS read beside it during the fuzz.
    let healthy = true;
    let healthChecks = 0;
    const rssDuringFuzz: number[] = [];
    const fuzzing = () => phase === 'fuzz';
    const healthLoop = (async () => {
      while (healthy && !over) {
        const response = await t.http.get('/api/health').timeout(10_000).catch((error: Error) => ({ status: 0, body: error.message }));
        healthChecks += 1;
        if (fuzzing()) rssDuringFuzz.push(process.memoryUsage().rss);
        if (response.status !== 200) fail(`/api/health answered ${response.status} ${JSON.stringify(response.body).slice(0, 100)}`);
        await sleep(1000);
      }
    })();

    await sleep(QUIET_SECONDS * 1000);
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = heapAfterGc();
    phase = 'fuzz';
    const fuzzUntil = Date.now() + FUZZ_SECONDS * 1000;

    // Canaries, once a second: a post in the hidden thread, a mention of the insider (their user room), an event change.
    const canaryLoop = (async () => {
      let n = 0;
      while (Date.now() < fuzzUntil && !over) {
        n += 1;
        const a = await t.http.post(`/api/v1/threads/${ids.hiddenThread}/posts`).set(bearer(insider)).send({ body: `Hidden ${canary} ${n}`, clientId: randomUUID() });
        const b = await t.http.post(`/api/v1/threads/${ids.hiddenThread}/posts`).set(bearer(friend)).send({ body: `@${insider.user.handle} about ${canary} ${n}`, clientId: randomUUID() });
        const c = await t.http.patch(`/api/v1/events/${ids.hiddenEvent}`).set(bearer(insider)).send({ description: `On ${canary}, version ${n}` });
        for (const [what, r] of [['hidden post', a], ['mention', b], ['event change', c]] as const) {
          if (r.status >= 300) fail(`canary ${what} ${n} answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        }
        stats.canaries += 1;
        await sleep(1000);
      }
    })();

    const victim = insider.user.id;
    const roomNames = [
      'thread:', 'thread:../', '../', 'user:*', 'user:', '*', '', ' ', 'thread:*', 'network:*', '#', '/', '\\', 'thread:%2e%2e%2f',
      `user:${victim}`, `USER:${victim}`, `User:${victim.toUpperCase()}`, `user:${victim} `, ` user:${victim}`, `user:${victim}\n`, `user:${victim}\u0000`,
      `network:${ids.hiddenNetwork}`, `Network:${ids.hiddenNetwork}`, `thread:${ids.hiddenThread}`, `THREAD:${ids.hiddenThread.toUpperCase()}`, `event:${ids.hiddenEvent}`, `Event:${ids.hiddenEvent}`,
      `thread:${ids.openThread}/../${ids.hiddenThread}`, `thread:${ids.hiddenThread}#x`, `thread:../user:${victim}`, `thread:${randomUUID()}`, `network:${randomUUID()}`,
      `thread:${ids.openThread}`, `network:${ids.openNetwork}`, `sess:${randomUUID()}`, `session:${randomUUID()}`, 'x'.repeat(101), `thread:${'a'.repeat(5000)}`,
    ];
    const forged = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: victim, sid: randomUUID(), exp: 9e9 })).toString('base64url')}.`;
    const hugeString = 'x'.repeat(1024 * 1024);
    const bigString = 'y'.repeat(60 * 1024);
    const payloads: (() => unknown)[] = [
      () => null, () => undefined, () => 0, () => -1, () => 1e308, () => true, () => '', () => 'subscribe', () => unicodeJunk(),
      () => [], () => [1, 2, 3], () => ({}), () => ({ room: null }), () => ({ room: 42 }), () => ({ room: [pick(roomNames)] }), () => ({ room: { room: pick(roomNames) } }),
      () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames), extra: unicodeJunk() }),
      () => ({ threadId: pick([ids.hiddenThread, ids.openThread, victim, '../', '*', '', unicodeJunk()]) }), () => ({ threadId: [ids.hiddenThread] }),
      () => ({ token: pick([forged, insider.token, 'x'.repeat(5000), '', unicodeJunk(), null, 1]) }),
      () => JSON.parse(`{"__proto__":{"room":"user:${victim}"},"constructor":{"prototype":{"room":"thread:${ids.hiddenThread}"}}}`) as unknown,
      () => ({ room: unicodeJunk() }), () => ({ room: bigString }), () => bigString,
      () => deep(100, { room: `user:${victim}` }), () => deep(1000, 'x'), () => deep(500, `thread:${ids.hiddenThread}`, true),
      () => Buffer.from(`thread:${ids.hiddenThread}`), () => ({ room: Buffer.from(`user:${victim}`) }), () => new Uint8Array(randomBytes(64)).buffer, () => randomBytes(2048),
      () => [Buffer.alloc(10), { room: `user:${victim}` }, randomBytes(10)],
    ];
    /** Beyond the 64 KB message limit: socket.io closes the connection, so these are sent now and then only. */
    const oversized: (() => unknown)[] = [() => hugeString, () => ({ room: hugeString }), () => Buffer.alloc(70 * 1024), () => [bigString, bigString]];
    const payload = () => (Math.random() < 0.005 ? pick(oversized) : pick(payloads))();
    const eventNames = () =>
      Math.random() < 0.7
        ? pick(REAL_EVENTS)
        : pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'emit', 'join', 'leave', 'rooms', 'post.created', 'notification.created', 'room.unsubscribed', 'error', 'ping', '', ' ', 'x'.repeat(10_000), unicodeJunk(), randomBytes(6).toString('hex')]);

    const checkAck = (event: string, answer: unknown) => {
      stats.acks += 1;
      if (typeof answer !== 'object' || answer === null || typeof (answer as { ok?: unknown }).ok !== 'boolean') {
        fail(`${event}: an ack that is not {ok, …}: ${JSON.stringify(answer)?.slice(0, 200)}`);
        return;
      }
      const { ok, error } = answer as { ok: boolean; error?: string };
      if (!ok) stats.ackErrors[error ?? '?'] = (stats.ackErrors[error ?? '?'] ?? 0) + 1;
      if (error === 'internal error') fail(`${event}: internal error ack`);
    };

    async function fuzzSocket(who: SignedIn, index: number) {
      while (Date.now() < fuzzUntil && !over) {
        let socket: TestSocket;
        try {
          socket = await connectSocket(t.url, { token: who.token, transports: Math.random() < 0.2 ? ['polling'] : ['websocket'] });
        } catch (error) {
          fail(`fuzzer ${index} could not connect: ${(error as Error).message}`);
          await sleep(500);
          continue;
        }
        stats.fuzzerConnects += 1;
        opened.add(socket);
        const raw = socket as unknown as Socket;
        raw.onAny((event: string, payload: unknown) => leak(`fuzzer ${index}`, event, payload));
        let closed = false;
        socket.on('disconnect', (reason) => {
          closed = true;
          stats.fuzzerDisconnects[reason] = (stats.fuzzerDisconnects[reason] ?? 0) + 1;
        });
        // A socket lives a few seconds, then a new one (connection churn is part of the attack).
        const until = Math.min(fuzzUntil, Date.now() + 2000 + Math.random() * 4000);
        while (!closed && Date.now() < until) {
          // 30 messages a second: three times what the socket's bucket lets through.
          for (let burst = 0; burst < 3 && !closed; burst += 1) {
            const event = eventNames();
            const args = Array.from({ length: Math.random() < 0.15 ? 2 + Math.floor(Math.random() * 6) : 1 }, payload);
            stats.emitted += 1;
            if (RESERVED.has(event)) continue;
            try {
              if (Math.random() < 0.6) {
                void (raw.timeout(10_000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> })
                  .emitWithAck(event, ...args)
                  .then((answer) => checkAck(event, answer), () => undefined);
              } else raw.emit(event, ...args);
            } catch (error) {
              fail(`fuzzer ${index}: the client could not send ${event}: ${(error as Error).message}`);
            }
          }
          await sleep(100);
        }
        socket.close();
        opened.delete(socket);
      }
    }

    // Built as text: JSON.stringify itself overflows the stack at these depths.
    const deepPlaceholder = `451-["subscribe",${'['.repeat(8000)}{"_placeholder":true,"num":0}${']'.repeat(8000)}]`;
    const deepArray = `42["subscribe",${'['.repeat(20_000)}"x"${']'.repeat(20_000)}]`;
    const rawFrames = (token: string): (string | Buffer)[] => [
      '', '4', '42', '42[', '42[]', '42[null]', '42[1,2]', '42["subscribe"', '42{"a":1}', '4999', '43', '43999[]', '45', '49', '4x', '40/admin,', '41', '42/nope,["x"]',
      '2', '3', '5', '6', '9', '\u0000', '42["__proto__",{}]', '42["constructor"]', '42["hasOwnProperty",{"room":"x"}]', '42["toString"]',
      '42["disconnect"]', '42["disconnecting"]', '42["connect",{}]', '42["error",{}]', '42["newListener","subscribe"]',
      `42["subscribe",{"room":"user:*"}]`, `421["subscribe",{"room":"user:${victim}"}]`, `422["subscribe",{"room":"thread:${ids.hiddenThread}"}]`, `423["subscribe",{"room":"network:${ids.hiddenNetwork}"}]`,
      `424["subscribe",{"room":"event:${ids.hiddenEvent}"}]`, '425["subscribe",{"room":"thread:../"}]', `42["auth",{"token":"${forged}"}]`, `426["auth",{"token":"${token}"},1,2,3]`,
      '451-["subscribe",{"_placeholder":true,"num":0}]', '452-["subscribe",{"_placeholder":true,"num":5}]', '4599999999-["subscribe",{"_placeholder":true,"num":0}]',
      '451-["subscribe",{"room":{"_placeholder":true,"num":"__proto__"}}]', deepPlaceholder, deepArray, `42${'['.repeat(30_000)}`, `4${'x'.repeat(70 * 1024)}`,
      randomBytes(1), randomBytes(100), Buffer.from([0x04]), Buffer.alloc(0),
    ];

    async function rawClient(who: SignedIn, index: number) {
      const base = t.url.replace(/^http/, 'ws');
      while (Date.now() < fuzzUntil && !over) {
        const authenticated = Math.random() < 0.8;
        const ws = new WebSocket(`${base}/socket.io/?EIO=${pick(['4', '4', '4', '3', '5', 'x'])}&transport=websocket`);
        const closer = { close: () => ws.terminate() };
        opened.add(closer);
        stats.raw.connects += 1;
        const done = new Promise<void>((resolve) => {
          ws.on('close', () => {
            stats.raw.closes += 1;
            resolve();
          });
          ws.on('error', () => resolve());
        });
        ws.on('message', (data: Buffer) => leak(`raw client ${index}`, 'frame', data));
        ws.on('open', () => ws.send(authenticated ? `40${JSON.stringify({ token: who.token })}` : pick(['40', '40{}', '40{"token":1}', `40{"token":"${forged}"}`])));
        const until = Math.min(fuzzUntil, Date.now() + 1000 + Math.random() * 3000);
        await sleep(100);
        const frames = rawFrames(who.token);
        while (ws.readyState === WebSocket.OPEN && Date.now() < until) {
          ws.send(pick(frames));
          stats.raw.frames += 1;
          await sleep(20);
        }
        ws.terminate();
        await done;
        opened.delete(closer);
        // A few long-polling requests with bodies that make no sense.
        for (const [method, path, body] of [
          ['POST', '/socket.io/?EIO=4&transport=polling&sid=doesnotexist', '40'],
          ['GET', '/socket.io/?EIO=4&transport=polling&sid=../../etc/passwd', ''],
          ['POST', '/socket.io/?EIO=4&transport=polling', '4\u001e42["subscribe",{}]'],
          ['GET', '/socket.io/?EIO=4&transport=flash', ''],
          ['POST', `/socket.io/?EIO=4&transport=polling&sid=${'a'.repeat(5000)}`, 'x'.repeat(2000)],
        ] as const) {
          const response = await fetch(`${t.url}${path}`, { method, body: method === 'POST' ? body : undefined }).catch((error: Error) => ({ status: 0, statusText: error.message }));
          stats.polling += 1;
          if (response.status >= 500 || response.status === 0) fail(`${method} ${path.slice(0, 60)} answered ${response.status} ${response.statusText}`);
        }
      }
    }

    await Promise.all([
      ...fuzzers.slice(0, FUZZ_SOCKETS).map((who, i) => fuzzSocket(who, i)),
      ...fuzzers.slice(FUZZ_SOCKETS).map((who, i) => rawClient(who, i)),
      canaryLoop,
    ]);
    const rssAfter = process.memoryUsage().rss;
    phase = 'quiet';
    await sleep(2000);
    posting = false;
    await postLoop;
    healthy = false;
    await healthLoop;
    await sleep(1000);
    // Every fuzzing connection is closed by now: what the server (and the clients, same process) still holds.
    const heapAfter = heapAfterGc();

    // Every steady post reached the quiet socket exactly once, in seq order.
    const received = arrivals.payloads();
    const seqs = received.map((p) => p.seq);
    const expected = Array.from({ length: sentAt.size }, (_, i) => startSeq + i + 1);
    if (JSON.stringify(seqs) !== JSON.stringify(expected)) {
      fail(`the quiet socket saw seqs ${seqs.slice(0, 5).join(',')}…${seqs.slice(-3).join(',')} (${seqs.length}), expected ${sentAt.size} from ${startSeq + 1}`);
    }
    if (new Set(received.map((p) => p.post.id)).size !== received.length) fail('the quiet socket received a post twice');
    for (const id of sentAt.keys()) if (!arrivedAt.has(id)) fail(`steady post ${id} never reached the quiet socket`);
    if (quietDisconnects.length) fail(`the quiet socket was disconnected: ${quietDisconnects.join(', ')}`);
    if (quietSocket.disconnected) fail('the quiet socket is not connected at the end');

    // The canaries were published, and reached their rightful reader.
    if (!stats.canaries) fail('no canary round ran');
    if (insiderSaw.post < stats.canaries * 2) fail(`the insider saw ${insiderSaw.post} canary posts of ${stats.canaries * 2}`);
    if (insiderSaw.notification < 1) fail('the insider saw no canary notification in their user room');
    if (insiderSaw.event < 1) fail('the insider saw no canary event change');

    // After the fuzz, the door still works for an ordinary socket of a fuzzer, and still refuses the hidden rooms.
    const after = await connectSocket(t.url, { token: fuzzers[0].token });
    opened.add(after);
    const okAck = await subscribe(after, rooms.thread(ids.openThread));
    if (!okAck.ok) fail(`after the fuzz a fuzzer could not subscribe to the open thread: ${JSON.stringify(okAck)}`);
    for (const room of [rooms.thread(ids.hiddenThread), rooms.user(victim), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent)]) {
      const ack = await subscribe(after, room);
      if (ack.ok) fail(`after the fuzz a fuzzer joined ${room}`);
    }
    const presence = await request(after, 'presence', { room: `Thread:${ids.openThread}` });
    if (!presence.ok && presence.error === 'internal error') fail('presence with a capitalised room kind answered internal error');

    const latency = (which: 'quiet' | 'fuzz') =>
      [...sentAt.entries()].filter(([id]) => phaseOf.get(id) === which && arrivedAt.has(id)).map(([id, at]) => (arrivedAt.get(id) ?? at) - at);
    const quietMs = latency('quiet');
    const fuzzMs = latency('fuzz');
    const growthMb = (rssAfter - rssBefore) / 1024 / 1024;
    if (growthMb > RSS_BOUND_MB) fail(`RSS grew by ${growthMb.toFixed(0)} MB during the fuzz (bound ${RSS_BOUND_MB} MB)`);

    console.log(
      [
        `socket fuzz: ${FUZZ_SECONDS} s with ${FUZZ_SOCKETS} socket.io fuzzers and ${RAW_SOCKETS} raw WebSocket clients`,
        `  messages sent ${stats.emitted}, acks ${stats.acks}, refusals ${JSON.stringify(stats.ackErrors)}`,
        `  fuzzer connections ${stats.fuzzerConnects}, their disconnects ${JSON.stringify(stats.fuzzerDisconnects)}`,
        `  raw: ${stats.raw.connects} connections, ${stats.raw.frames} frames, ${stats.raw.closes} closed; ${stats.polling} polling requests`,
        `  canary rounds ${stats.canaries}; insider saw ${insiderSaw.post} posts, ${insiderSaw.notification} notifications, ${insiderSaw.event} event changes`,
        `  steady posts ${sentAt.size}, delivered ${arrivedAt.size}; REST p50 ${percentile(restMs, 50)} ms p99 ${percentile(restMs, 99)} ms`,
        `  live delivery quiet: n=${quietMs.length} p50 ${percentile(quietMs, 50)} ms p99 ${percentile(quietMs, 99)} ms max ${Math.max(...quietMs)} ms`,
        `  live delivery fuzz:  n=${fuzzMs.length} p50 ${percentile(fuzzMs, 50)} ms p99 ${percentile(fuzzMs, 99)} ms max ${Math.max(...fuzzMs)} ms`,
        `  health checks ${healthChecks}; RSS ${(rssBefore / 1048576).toFixed(0)} → ${(rssAfter / 1048576).toFixed(0)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(0)} MB)`,
        `  heap after a full GC: ${(heapBefore / 1048576).toFixed(0)} MB before the fuzz, ${(heapAfter / 1048576).toFixed(0)} MB once every fuzzing connection had closed`,
        `  RSS at each tenth of the fuzz (MB): ${Array.from({ length: 10 }, (_, i) => rssDuringFuzz[Math.floor(((i + 1) * rssDuringFuzz.length) / 10) - 1]).filter((v) => v !== undefined).map((v) => (v / 1048576).toFixed(0)).join(', ')}`,
        `  failures: ${failures.length}`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
  });
});
