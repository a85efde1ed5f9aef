// The open-loop sender of the fan-out bench (forked by bench/fanout-members.mjs): fires one POST
// every 1/RATE s for SECONDS at its scheduled time, whether or not earlier ones have answered, each
// carrying `sched=<process.hrtime ns>` of its scheduled time, so that latency includes any queueing.
// Message {cmd:'send', url, token, threadId, rate, seconds} → {seqs, errors, lateMs, responseMs}
// (responseMs: p50 and p99 of the POSTs' answers from their scheduled time: the write path alone).
import { randomUUID } from 'node:crypto';

async function send({ url, token, threadId, rate, seconds }) {
  const total = Math.round(rate * seconds);
  const interval = 1e9 / rate;
  const t0 = process.hrtime.bigint() + 100_000_000n;
  const seqs = [];
  let errors = 0;
  let lateMs = 0;
  const responses = [];
  const inflight = [];
  for (let i = 0; i < total; i += 1) {
    const sched = t0 + BigInt(Math.round(i * interval));
    const wait = Number(sched - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lateMs = Math.max(lateMs, -Number(sched - process.hrtime.bigint()) / 1e6);
    inflight.push(
      fetch(`${url}/api/v1/threads/${threadId}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: `Fan-out bench post ${i} sched=${sched}`, clientId: randomUUID() }),
      })
        .then(async (r) => {
          if (!r.ok) return (errors += 1);
          seqs.push((await r.json()).seq);
          responses.push(Number(process.hrtime.bigint() - sched) / 1e6);
        })
        .catch(() => (errors += 1)),
    );
  }
  await Promise.all(inflight);
  responses.sort((a, b) => a - b);
  const pct = (p) => Number((responses[Math.min(responses.length - 1, Math.floor((p / 100) * responses.length))] ?? NaN).toFixed(1));
  return { seqs: seqs.sort((a, b) => a - b), errors, lateMs: Number(lateMs.toFixed(1)), responseMs: { p50: pct(50), p99: pct(99) } };
}

process.on('message', async (message) => {
  if (message.cmd === 'send') process.send(await send(message));
});
