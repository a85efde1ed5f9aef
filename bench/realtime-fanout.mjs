#!/usr/bin/env node
// Fan-out bench for the live protocol (docs/realtime.md): how long a post made over REST takes to
// reach every socket subscribed to its thread, and whether every socket saw every seq once, in order.
//
//   API_URL=http://127.0.0.1:3000 ADMIN_EMAIL=… ADMIN_PASSWORD=… node bench/realtime-fanout.mjs
//
// Optional: SUBSCRIBE_URL (a second API node the sockets connect to, to measure the Redis hop),
// SOCKETS (default 200), POSTS (default 100), RATE (posts per second, default 20).
// It signs in as the admin, creates an open network and a thread, and opens SOCKETS sockets with
// the admin's token (one user, many tabs: the fan-out cost is per socket, not per user).
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { apiUrl, call, signInAdmin } from './api-client.mjs';

const env = process.env;
const subscribeUrl = (env.SUBSCRIBE_URL ?? apiUrl).replace(/\/$/, '');
const socketCount = Number(env.SOCKETS ?? 200);
const postCount = Number(env.POSTS ?? 100);
const rate = Number(env.RATE ?? 20);

const token = await signInAdmin();
const slug = `bench-${randomUUID().slice(0, 8)}`;
const network = await call('POST', '/networks', token, { name: `Bench ${slug}`, slug, description: 'Fan-out bench', visibility: 'open' });
const thread = await call('POST', `/networks/${network.id}/threads`, token, { title: 'Bench thread', body: 'Fan-out bench', clientId: randomUUID() });
const room = `thread:${thread.id}`;

const sockets = await Promise.all(
  Array.from({ length: socketCount }, () => new Promise((resolve, reject) => {
    const socket = io(subscribeUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  })),
);
const startSeqs = await Promise.all(sockets.map((s) => s.timeout(10_000).emitWithAck('subscribe', { room })));
if (startSeqs.some((a) => !a.ok)) throw new Error(`a subscription was refused: ${JSON.stringify(startSeqs.find((a) => !a.ok))}`);
const startSeq = startSeqs[0].seq;

const sentAt = new Map(); // seq -> ms when the POST was sent
const latencies = [];
const seenBySocket = sockets.map(() => []);
sockets.forEach((socket, i) => socket.on('post.created', (e) => {
  seenBySocket[i].push(e.seq);
  const at = sentAt.get(e.seq);
  if (at !== undefined) latencies.push(performance.now() - at);
}));

const started = performance.now();
for (let i = 0; i < postCount; i += 1) {
  const before = performance.now();
  // The seq a post will get is known only from its answer; record the send time against the
  // expected seq (posts go one at a time, so it is startSeq + i + 1).
  sentAt.set(startSeq + i + 1, before);
  const created = await call('POST', `/threads/${thread.id}/posts`, token, { body: `Bench post ${i}`, clientId: randomUUID() });
  if (created.seq !== startSeq + i + 1) throw new Error(`post ${i} got seq ${created.seq}, expected ${startSeq + i + 1}`);
  const wait = 1000 / rate - (performance.now() - before);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
const deadline = Date.now() + 10_000;
while (latencies.length < postCount * socketCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const elapsed = (performance.now() - started) / 1000;

const expected = Array.from({ length: postCount }, (_, i) => startSeq + i + 1);
const complete = seenBySocket.filter((seqs) => seqs.length === expected.length && seqs.every((s, i) => s === expected[i])).length;
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1) : 'n/a');
console.log(JSON.stringify({
  apiUrl, subscribeUrl, sockets: socketCount, posts: postCount, postsPerSecond: rate, seconds: Number(elapsed.toFixed(1)),
  deliveries: latencies.length, expectedDeliveries: postCount * socketCount,
  socketsWithEverySeqInOrder: complete,
  latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
}, null, 2));
for (const socket of sockets) socket.close();
process.exit(complete === socketCount ? 0 : 1);
