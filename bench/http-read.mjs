#!/usr/bin/env node
// Read-path bench: CONCURRENCY clients loop for SECONDS over the two requests a reader makes most,
// the thread list of a network and a page of a thread's posts, as one signed-in member.
//
//   API_URL=http://127.0.0.1:3000 ADMIN_EMAIL=… ADMIN_PASSWORD=… node bench/http-read.mjs
//
// Optional: CONCURRENCY (default 20), SECONDS (default 15), THREADS (default 50), POSTS (per thread, default 20).
import { randomUUID } from 'node:crypto';
import { apiUrl, call, signInAdmin } from './api-client.mjs';

const env = process.env;
const concurrency = Number(env.CONCURRENCY ?? 20);
const seconds = Number(env.SECONDS ?? 15);
const threadCount = Number(env.THREADS ?? 50);
const postsPerThread = Number(env.POSTS ?? 20);

const token = await signInAdmin();
const slug = `read-${randomUUID().slice(0, 8)}`;
const network = await call('POST', '/networks', token, { name: `Read bench ${slug}`, slug, description: 'Read bench', visibility: 'open' });
const threads = [];
for (let i = 0; i < threadCount; i += 1) {
  const thread = await call('POST', `/networks/${network.id}/threads`, token, { title: `Thread ${i}`, body: `Opening post ${i} with **Markdown**.`, clientId: randomUUID() });
  for (let j = 0; j < postsPerThread; j += 1) {
    await call('POST', `/threads/${thread.id}/posts`, token, { body: `Reply ${j} to thread ${i}: see [the guide](https://example.org/guide).`, clientId: randomUUID() });
  }
  threads.push(thread.id);
}

const latencies = { threadList: [], postPage: [] };
let errors = 0;
const stopAt = performance.now() + seconds * 1000;
async function client(n) {
  for (let i = n; performance.now() < stopAt; i += 1) {
    const kind = i % 2 === 0 ? 'threadList' : 'postPage';
    const path = kind === 'threadList' ? `/networks/${network.id}/threads?limit=25` : `/threads/${threads[i % threads.length]}/posts?afterSeq=0&limit=50`;
    const started = performance.now();
    try {
      await call('GET', path, token);
      latencies[kind].push(performance.now() - started);
    } catch {
      errors += 1;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, n) => client(n)));

const summary = (values) => {
  values.sort((a, b) => a - b);
  const pct = (p) => Number(values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))].toFixed(1));
  return { requests: values.length, perSecond: Math.round(values.length / seconds), p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) };
};
console.log(JSON.stringify({
  apiUrl, concurrency, seconds, threads: threadCount, postsPerThread, errors,
  threadListMs: summary(latencies.threadList), postPageMs: summary(latencies.postPage),
}, null, 2));
process.exit(errors === 0 ? 0 : 1);
