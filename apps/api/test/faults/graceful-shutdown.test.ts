import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { rooms } from '@praxis/contracts';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { createMember, signIn, type SignedIn } from '../support/test-app.js';

/**
 * Issue 10, item 6: SIGTERM to an API process from the build while requests are in flight and
 * sockets are open. Requests whose body was still arriving when the signal came (slow uploads, posts
 * sent in two halves) must be answered, and what they wrote must be whole; every socket gets
 * `server.shutdown` before its connection closes with `transport close` (so socket.io-client
 * reconnects by itself); the process exits 0; with no DATABASE_URL, the embedded PostgreSQL it
 * started is gone too.
 */
const ADMIN = { email: 'shutdown.admin@example.org', password: 'an admin password for fault tests' };
const LIMITS = { RATE_LIMIT_POSTS_PER_USER: '100000/1m', RATE_LIMIT_UPLOADS_PER_USER: '100000/1m', EVENT_REMINDER_INTERVAL_MS: '0' };
/** main.ts gives requests in flight 10 s; the whole shutdown may take that plus closing the app. */
const EXIT_BOUND_MS = 30_000;

interface Outcome {
  label: string;
  status: number | null;
  error: string | null;
  body: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A request on a connection of its own whose body is sent in two parts: `first` at once, the rest
 * when `release` resolves. It is in flight (headers and part of the body received) until then.
 */
function splitRequest(url: string, label: string, options: { method: string; path: string; headers: Record<string, string>; body: Buffer }, release: Promise<void>) {
  const target = new URL(options.path, url);
  let headersSent!: () => void;
  const sentHead = new Promise<void>((resolve) => (headersSent = resolve));
  const outcome = new Promise<Outcome>((resolve) => {
    const req = http.request(target, { method: options.method, agent: false, headers: { ...options.headers, 'Content-Length': String(options.body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ label, status: res.statusCode ?? null, error: null, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ label, status: res.statusCode ?? null, error: error.message, body: '' }));
    });
    req.on('error', (error) => resolve({ label, status: null, error: error.message, body: '' }));
    const half = Math.floor(options.body.length / 2);
    req.on('socket', (socket) =>
      socket.once('connect', () => {
        req.write(options.body.subarray(0, half), () => headersSent());
        void release.then(() => req.end(options.body.subarray(half)));
      }),
    );
    req.flushHeaders();
  });
  return { sentHead, outcome };
}

function multipart(name: string, content: Buffer) {
  const boundary = `----praxis${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Processes whose command line names `dataDir` (the embedded PostgreSQL's postmaster and its workers). */
function processesUsing(dataDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

async function hub(node: ApiProcess) {
  const admin = await signIn(node, ADMIN.email, ADMIN.password);
  const bearer = { Authorization: `Bearer ${admin.token}` };
  const slug = `shutdown-${randomUUID().slice(0, 8)}`;
  const network = await node.http.post('/api/v1/networks').set(bearer).send({ name: `Shutdown ${slug}`, slug, description: 'SIGTERM.', visibility: 'open' }).expect(201);
  const thread = await node.http.post(`/api/v1/networks/${network.body.id}/threads`).set(bearer).send({ title: 'Under SIGTERM', body: 'Opening post', clientId: randomUUID() }).expect(201);
  return { admin, threadId: thread.body.id as string };
}

/** Sockets subscribed to `room`, each recording the events it got and why it was disconnected. */
async function openSockets(node: ApiProcess, member: SignedIn, room: string, count: number) {
  const sockets: { socket: Socket; log: string[] }[] = [];
  for (let i = 0; i < count; i++) {
    const socket = io(node.url, { auth: { token: member.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const log: string[] = [];
    socket.on('server.shutdown', (e: { reconnect?: boolean }) => log.push(`server.shutdown reconnect=${e?.reconnect}`));
    socket.on('disconnect', (reason) => log.push(`disconnect ${reason}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(15_000).emitWithAck('subscribe', { room })) as { ok: boolean };
    expect(ack.ok).toBe(true);
    sockets.push({ socket, log });
  }
  return sockets;
}

describe('graceful shutdown on SIGTERM (issue 10, item 6)', () => {
  const started: ApiProcess[] = [];
  afterAll(async () => {
    for (const node of started) await node.close();
  });

  it('answers the requests in flight, hints sockets to reconnect, writes nothing by halves and exits 0', async () => {
    const node = await startApiProcess({ env: { ...LIMITS, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    started.push(node);
    const { threadId } = await hub(node);
    const member = await createMember(node);
    const network = await node.sql<{ network_id: string }>(`SELECT network_id FROM threads WHERE id = $1`, [threadId]);
    await node.http.post(`/api/v1/networks/${network[0].network_id}/join`).set({ Authorization: `Bearer ${member.token}` }).send({}).expect(201);
    const sockets = await openSockets(node, member, rooms.thread(threadId), 10);

    // Background load: four writers posting one after another on fresh connections until the node is gone.
    let signalledAt = 0;
    const background: { startedAt: number; clientId: string; outcome: Outcome }[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const clientId = randomUUID();
        const startedAt = Date.now();
        const body = Buffer.from(JSON.stringify({ body: `writer ${w} post ${i}`, clientId }));
        const { outcome } = splitRequest(node.url, `writer ${w} post ${i}`, { method: 'POST', path: `/api/v1/threads/${threadId}/posts`, headers: { Authorization: `Bearer ${member.token}`, 'Content-Type': 'application/json' }, body }, Promise.resolve());
        const answer = await outcome;
        background.push({ startedAt, clientId, outcome: answer });
        if (signalledAt && Date.now() - signalledAt > 1000) break;
        if (answer.status === null) await sleep(50);
      }
    });

    // In flight for sure at the signal: 12 posts and 3 uploads whose second half is sent 500 ms after it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const inFlight = [
      ...Array.from({ length: 12 }, (_, i) => {
        const clientId = randomUUID();
        const body = Buffer.from(JSON.stringify({ body: `in flight ${i} ${'x'.repeat(2000)}`, clientId }));
        return { kind: 'post' as const, clientId, ...splitRequest(node.url, `post in flight ${i}`, { method: 'POST', path: `/api/v1/threads/${threadId}/posts`, headers: { Authorization: `Bearer ${member.token}`, 'Content-Type': 'application/json' }, body }, released) };
      }),
      ...Array.from({ length: 3 }, (_, i) => {
        const form = multipart(`in-flight-${i}.txt`, Buffer.from(`An upload cut across a SIGTERM, number ${i}.\n`.repeat(20_000)));
        return { kind: 'upload' as const, clientId: null, ...splitRequest(node.url, `upload in flight ${i}`, { method: 'POST', path: '/api/v1/files', headers: { Authorization: `Bearer ${member.token}`, 'Content-Type': form.contentType }, body: form.body }, released) };
      }),
    ];
    await Promise.all(inFlight.map((r) => r.sentHead));
    await sleep(300);

    const pid = node.pid();
    signalledAt = Date.now();
    process.kill(pid, 'SIGTERM');
    await sleep(500);
    release();
    const outcomes = await Promise.all(inFlight.map((r) => r.outcome));
    const exit = await node.exited();
    const exitMs = Date.now() - signalledAt;
    stop = true;
    await Promise.all(writers);

    const failures: string[] = [];
    if (exit.code !== 0) failures.push(`exit code ${exit.code}, signal ${exit.signal}`);
    if (exitMs > EXIT_BOUND_MS) failures.push(`exited ${exitMs} ms after SIGTERM`);
    for (const o of outcomes) if (o.status !== 201) failures.push(`${o.label}: ${o.status ?? o.error} ${o.body.slice(0, 200)}`);
    // Background requests sent before the signal: answered (a 201) or, for the ones the kernel had queued but Node not yet accepted, refused; never cut mid-answer.
    const early = background.filter((b) => b.startedAt < signalledAt - 200);
    for (const b of early) if (b.outcome.status !== 201) failures.push(`${b.outcome.label} (sent ${signalledAt - b.startedAt} ms before SIGTERM): ${b.outcome.status ?? b.outcome.error}`);
    for (const { socket, log } of sockets) {
      if (log.join(' | ') !== 'server.shutdown reconnect=true | disconnect transport close') failures.push(`socket ${socket.id}: ${log.join(' | ') || 'nothing'}`);
      socket.close();
    }

    // Nothing by halves: every answered post is stored once with its room event, the thread's seq has no gap, every stored file is on disk.
    const answered = [...inFlight.filter((r) => r.kind === 'post').map((r, i) => ({ clientId: r.clientId!, outcome: outcomes[i] })), ...background];
    const posts = await node.sql<{ id: string; client_id: string | null; seq: number; logged: boolean }>(
      `SELECT p.id, p.client_id, p.seq::int AS seq, EXISTS (SELECT 1 FROM room_events e WHERE e.room = 'thread:' || p.thread_id AND e.seq = p.seq) AS logged
         FROM posts p WHERE p.thread_id = $1 ORDER BY p.seq`,
      [threadId],
    );
    const [{ seq: roomSeq }] = await node.sql<{ seq: number }>(`SELECT seq::int AS seq FROM room_sequences WHERE room = $1`, [rooms.thread(threadId)]);
    if (posts.map((p) => p.seq).join(',') !== Array.from({ length: roomSeq }, (_, i) => i + 1).join(',')) failures.push(`thread seqs ${posts.map((p) => p.seq).join(',')} but the room is at ${roomSeq}`);
    for (const p of posts) if (!p.logged) failures.push(`post ${p.id} (seq ${p.seq}) has no room event`);
    const stored = new Set(posts.map((p) => p.client_id));
    for (const a of answered) {
      if (a.outcome.status === 201 && !stored.has(a.clientId)) failures.push(`${a.outcome.label} answered 201 but is not stored`);
      if (a.outcome.status !== 201 && stored.has(a.clientId)) failures.push(`${a.outcome.label} is stored but was answered ${a.outcome.status ?? a.outcome.error}`);
    }
    const files = await node.sql<{ id: string; storage_key: string; size: number }>(`SELECT id, storage_key, size FROM stored_files WHERE uploaded_by = $1`, [member.user.id]);
    if (files.length !== 3) failures.push(`${files.length} stored files for 3 answered uploads`);
    for (const f of files) if (!existsSync(path.join(node.dataDir, 'files', f.storage_key))) failures.push(`file ${f.id} has a row but no file on disk`);

    console.log(
      `graceful-shutdown: SIGTERM with ${inFlight.length} requests in flight, ${early.length} background requests sent before it and ${sockets.length} sockets; ` +
        `exit code ${exit.code} after ${exitMs} ms; ${outcomes.filter((o) => o.status === 201).length}/${outcomes.length} in-flight requests answered 201; ` +
        `${background.filter((b) => b.startedAt >= signalledAt).length} requests after the signal (${background.filter((b) => b.startedAt >= signalledAt && b.outcome.status === null).length} refused)`,
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('stops the embedded PostgreSQL it started when run without DATABASE_URL', async () => {
    const node = await startApiProcess({ databaseUrl: null, env: { ...LIMITS, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, readyTimeoutMs: 180_000 });
    started.push(node);
    const postgres = processesUsing(node.dataDir);
    expect(postgres.length).toBeGreaterThan(0);
    // A socket open and a request in flight at the signal.
    const admin = await signIn(node, ADMIN.email, ADMIN.password);
    const socket = io(node.url, { auth: { token: admin.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const log: string[] = [];
    socket.on('server.shutdown', () => log.push('server.shutdown'));
    socket.on('disconnect', (reason) => log.push(`disconnect ${reason}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slug = `embedded-${randomUUID().slice(0, 8)}`;
    const request = splitRequest(node.url, 'network in flight', {
      method: 'POST',
      path: '/api/v1/networks',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ name: `Embedded ${slug}`, slug, description: 'Created across a SIGTERM.', visibility: 'open' })),
    }, released);
    await request.sentHead;
    await sleep(300);
    const signalledAt = Date.now();
    process.kill(node.pid(), 'SIGTERM');
    await sleep(300);
    release();
    const outcome = await request.outcome;
    const exit = await node.exited();
    const exitMs = Date.now() - signalledAt;
    socket.close();
    const left = processesUsing(node.dataDir);
    console.log(`graceful-shutdown (embedded PostgreSQL): ${postgres.length} postgres processes before, ${left.length} after; exit code ${exit.code} after ${exitMs} ms; request in flight answered ${outcome.status}`);
    expect({ exit, outcome: outcome.status, socket: log, left }).toEqual({ exit: { code: 0, signal: null }, outcome: 201, socket: ['server.shutdown', 'disconnect transport close'], left: [] });
    expect(exitMs).toBeLessThan(EXIT_BOUND_MS);
  }, 300_000);
});
