// The hostile clients of the socket fuzz (socket-fuzz.test.ts), in a process of their own: an
// attacker's clients run on their machine, not in the server's event loop, so the quiet member's
// delivery time measures what the server does with the attack, not what the attack costs to make.
//
// The test forks this file and sends one message, the plan:
//   { url, until, socketTokens, rawTokens, victim, victimToken, canary, secretRooms, roomNames, realEvents }
// It answers with { type: 'failure', line } for each problem, and { type: 'done', stats } at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

/**
 * @typedef {{ hiddenNetwork: string, hiddenThread: string, hiddenEvent: string, openNetwork: string, openThread: string }} Ids
 * @typedef {{ url: string, until: number, ids: Ids, victim: string, victimToken: string, canary: string, secretRooms: string[],
 *   roomNames: string[], realEvents: string[], socketTokens: string[], rawTokens: string[] }} Plan
 * @typedef {import('socket.io-client').Socket} Socket
 */

/** Names socket.io-client refuses to emit. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** @type {<T>(items: readonly T[]) => T} */
const pick = (items) => items[Math.floor(Math.random() * items.length)];
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const unicodeJunk = () =>
  Array.from({ length: 1 + Math.floor(Math.random() * 40) }, () => String.fromCodePoint(pick([0, 0x202e, 0x200b, 0xfeff, 0xd800, 0xdfff, 0x1f4a9, 0x10ffff, 0x7f, 0x85, 0x2028, Math.floor(Math.random() * 0xffff)]))).join('');

/** @param {number} levels @param {unknown} leaf @returns {unknown} */
function deep(levels, leaf, asObject = false) {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = asObject ? { room: value } : [value];
  return value;
}

/**
 * What the test reads at the end (FuzzerStats there).
 * @type {{ emitted: number, acks: number, ackErrors: Record<string, number>, fuzzerConnects: number, fuzzerDisconnects: Record<string, number>,
 *   raw: { frames: number, connects: number, closes: number }, polling: number, cpuMs: number }}
 */
const stats = { emitted: 0, acks: 0, ackErrors: {}, fuzzerConnects: 0, fuzzerDisconnects: {}, raw: { frames: 0, connects: 0, closes: 0 }, polling: 0, cpuMs: 0 };
/** @param {unknown} message @param {() => void} [sent] */
const send = (message, sent) => process.send?.(message, undefined, undefined, sent);
let failures = 0;
const fail = (/** @type {string} */ line) => {
  failures += 1;
  if (failures <= 200) send({ type: 'failure', line });
};

/** @param {Plan} plan */
async function run(plan) {
  const { url, until, victim, victimToken, canary, secretRooms, roomNames, realEvents } = plan;
  const ids = plan.ids;

  /** Anything a fuzzing client receives that carries the canary word or the name of a room it may not read. */
  /** @param {string} who @param {string} event @param {unknown} payload */
  const leak = (who, event, payload) => {
    let text;
    try {
      text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('latin1') : JSON.stringify(payload);
    } catch {
      text = String(payload);
    }
    const found = [canary, ...secretRooms].find((secret) => text?.includes(secret));
    if (found) fail(`${who} received ${found === canary ? 'the canary' : found} in ${event}: ${text.slice(0, 200)}`);
  };

  const forged = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: victim, sid: randomUUID(), exp: 9e9 })).toString('base64url')}.`;
  const hugeString = 'x'.repeat(1024 * 1024);
  const bigString = 'y'.repeat(60 * 1024);
  const payloads = [
    () => null, () => undefined, () => 0, () => -1, () => 1e308, () => true, () => '', () => 'subscribe', () => unicodeJunk(),
    () => [], () => [1, 2, 3], () => ({}), () => ({ room: null }), () => ({ room: 42 }), () => ({ room: [pick(roomNames)] }), () => ({ room: { room: pick(roomNames) } }),
    () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames) }), () => ({ room: pick(roomNames), extra: unicodeJunk() }),
    () => ({ threadId: pick([ids.hiddenThread, ids.openThread, victim, '../', '*', '', unicodeJunk()]) }), () => ({ threadId: [ids.hiddenThread] }),
    () => ({ token: pick([forged, victimToken, 'x'.repeat(5000), '', unicodeJunk(), null, 1]) }),
    () => JSON.parse(`{"__proto__":{"room":"user:${victim}"},"constructor":{"prototype":{"room":"thread:${ids.hiddenThread}"}}}`),
    () => ({ room: unicodeJunk() }), () => ({ room: bigString }), () => bigString,
    () => deep(100, { room: `user:${victim}` }), () => deep(1000, 'x'), () => deep(500, `thread:${ids.hiddenThread}`, true),
    () => Buffer.from(`thread:${ids.hiddenThread}`), () => ({ room: Buffer.from(`user:${victim}`) }), () => new Uint8Array(randomBytes(64)).buffer, () => randomBytes(2048),
    () => [Buffer.alloc(10), { room: `user:${victim}` }, randomBytes(10)],
  ];
  /** Beyond the 64 KB message limit: socket.io closes the connection, so these are sent now and then only. */
  const oversized = [() => hugeString, () => ({ room: hugeString }), () => Buffer.alloc(70 * 1024), () => [bigString, bigString]];
  const payload = () => (Math.random() < 0.005 ? pick(oversized) : pick(payloads))();
  const eventName = () =>
    Math.random() < 0.7
      ? pick(realEvents)
      : pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'emit', 'join', 'leave', 'rooms', 'post.created', 'notification.created', 'room.unsubscribed', 'error', 'ping', '', ' ', 'x'.repeat(10_000), unicodeJunk(), randomBytes(6).toString('hex')]);

  /** @param {string} event @param {unknown} answer */
  const checkAck = (event, answer) => {
    stats.acks += 1;
    const ack = /** @type {{ ok?: unknown, error?: string } | null} */ (answer);
    if (typeof ack !== 'object' || ack === null || typeof ack.ok !== 'boolean') {
      fail(`${event}: an ack that is not {ok, …}: ${JSON.stringify(answer)?.slice(0, 200)}`);
      return;
    }
    const error = ack.error ?? '?';
    if (!ack.ok) stats.ackErrors[error] = (stats.ackErrors[error] ?? 0) + 1;
    if (error === 'internal error') fail(`${event}: internal error ack`);
  };

  /** @param {string} token @param {('websocket' | 'polling')[]} transports @returns {Promise<Socket>} */
  const connect = (token, transports) =>
    new Promise((resolve, reject) => {
      const socket = io(url, { auth: { token }, transports, reconnection: false, forceNew: true, autoConnect: false });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
      socket.connect();
    });

  /** @param {string} token @param {number} index */
  async function fuzzSocket(token, index) {
    while (Date.now() < until) {
      let socket;
      try {
        socket = await connect(token, Math.random() < 0.2 ? ['polling'] : ['websocket']);
      } catch (error) {
        fail(`fuzzer ${index} could not connect: ${/** @type {Error} */ (error).message}`);
        await sleep(500);
        continue;
      }
      stats.fuzzerConnects += 1;
      socket.onAny((/** @type {string} */ event, /** @type {unknown} */ received) => leak(`fuzzer ${index}`, event, received));
      let closed = false;
      socket.on('disconnect', (reason) => {
        closed = true;
        stats.fuzzerDisconnects[reason] = (stats.fuzzerDisconnects[reason] ?? 0) + 1;
      });
      // A socket lives a few seconds, then a new one (connection churn is part of the attack).
      const closeAt = Math.min(until, Date.now() + 2000 + Math.random() * 4000);
      while (!closed && Date.now() < closeAt) {
        // 30 messages a second: three times what the socket's bucket lets through.
        for (let burst = 0; burst < 3 && !closed; burst += 1) {
          const event = eventName();
          const args = Array.from({ length: Math.random() < 0.15 ? 2 + Math.floor(Math.random() * 6) : 1 }, payload);
          stats.emitted += 1;
          if (RESERVED.has(event)) continue;
          try {
            if (Math.random() < 0.6) {
              socket
                .timeout(10_000)
                .emitWithAck(event, ...args)
                .then((answer) => checkAck(event, answer), () => undefined);
            } else socket.emit(event, ...args);
          } catch (error) {
            fail(`fuzzer ${index}: the client could not send ${event}: ${/** @type {Error} */ (error).message}`);
          }
        }
        await sleep(100);
      }
      socket.close();
    }
  }

  // Built as text: JSON.stringify itself overflows the stack at these depths.
  const deepPlaceholder = `451-["subscribe",${'['.repeat(8000)}{"_placeholder":true,"num":0}${']'.repeat(8000)}]`;
  const deepArray = `42["subscribe",${'['.repeat(20_000)}"x"${']'.repeat(20_000)}]`;
  const rawFrames = (/** @type {string} */ token) => [
    '', '4', '42', '42[', '42[]', '42[null]', '42[1,2]', '42["subscribe"', '42{"a":1}', '4999', '43', '43999[]', '45', '49', '4x', '40/admin,', '41', '42/nope,["x"]',
    '2', '3', '5', '6', '9', '\u0000', '42["__proto__",{}]', '42["constructor"]', '42["hasOwnProperty",{"room":"x"}]', '42["toString"]',
    '42["disconnect"]', '42["disconnecting"]', '42["connect",{}]', '42["error",{}]', '42["newListener","subscribe"]',
    `42["subscribe",{"room":"user:*"}]`, `421["subscribe",{"room":"user:${victim}"}]`, `422["subscribe",{"room":"thread:${ids.hiddenThread}"}]`, `423["subscribe",{"room":"network:${ids.hiddenNetwork}"}]`,
    `424["subscribe",{"room":"event:${ids.hiddenEvent}"}]`, '425["subscribe",{"room":"thread:../"}]', `42["auth",{"token":"${forged}"}]`, `426["auth",{"token":"${token}"},1,2,3]`,
    '451-["subscribe",{"_placeholder":true,"num":0}]', '452-["subscribe",{"_placeholder":true,"num":5}]', '4599999999-["subscribe",{"_placeholder":true,"num":0}]',
    '451-["subscribe",{"room":{"_placeholder":true,"num":"__proto__"}}]', deepPlaceholder, deepArray, `42${'['.repeat(30_000)}`, `4${'x'.repeat(70 * 1024)}`,
    randomBytes(1), randomBytes(100), Buffer.from([0x04]), Buffer.alloc(0),
  ];

  /** @param {string} token @param {number} index */
  async function rawClient(token, index) {
    const base = url.replace(/^http/, 'ws');
    const frames = rawFrames(token);
    while (Date.now() < until) {
      const authenticated = Math.random() < 0.8;
      const ws = new WebSocket(`${base}/socket.io/?EIO=${pick(['4', '4', '4', '3', '5', 'x'])}&transport=websocket`);
      stats.raw.connects += 1;
      const done = new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
        ws.on('close', () => {
          stats.raw.closes += 1;
          resolve();
        });
        ws.on('error', () => resolve());
      });
      ws.on('message', (/** @type {Buffer} */ data) => leak(`raw client ${index}`, 'frame', data));
      ws.on('open', () => ws.send(authenticated ? `40${JSON.stringify({ token })}` : pick(['40', '40{}', '40{"token":1}', `40{"token":"${forged}"}`])));
      const closeAt = Math.min(until, Date.now() + 1000 + Math.random() * 3000);
      await sleep(100);
      while (ws.readyState === WebSocket.OPEN && Date.now() < closeAt) {
        ws.send(pick(frames));
        stats.raw.frames += 1;
        await sleep(20);
      }
      ws.terminate();
      await done;
      // A few long-polling requests with bodies that make no sense.
      for (const [method, path, body] of [
        ['POST', '/socket.io/?EIO=4&transport=polling&sid=doesnotexist', '40'],
        ['GET', '/socket.io/?EIO=4&transport=polling&sid=../../etc/passwd', ''],
        ['POST', '/socket.io/?EIO=4&transport=polling', '4\u001e42["subscribe",{}]'],
        ['GET', '/socket.io/?EIO=4&transport=flash', ''],
        ['POST', `/socket.io/?EIO=4&transport=polling&sid=${'a'.repeat(5000)}`, 'x'.repeat(2000)],
      ]) {
        const response = await fetch(`${url}${path}`, { method, body: method === 'POST' ? body : undefined }).catch((error) => ({ status: 0, statusText: error.message }));
        stats.polling += 1;
        if (response.status >= 500 || response.status === 0) fail(`${method} ${path.slice(0, 60)} answered ${response.status} ${response.statusText}`);
      }
    }
  }

  await Promise.all([...plan.socketTokens.map((token, i) => fuzzSocket(token, i)), ...plan.rawTokens.map((token, i) => rawClient(token, i))]);
  // Late acks and frames of the last connections.
  await sleep(1000);
  const cpu = process.cpuUsage();
  stats.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  send({ type: 'done', stats }, () => process.exit(0));
}

process.once('message', (plan) => {
  run(/** @type {Plan} */ (plan)).catch((/** @type {Error} */ error) => {
    fail(`the fuzzer crashed: ${error.stack ?? error}`);
    send({ type: 'done', stats }, () => process.exit(1));
  });
});
