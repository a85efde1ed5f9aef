// A fan-out load process (forked by bench/fanout-members.mjs): opens one socket per token to URL,
// subscribes each to ROOM (Praxis) or lets the bare server place it, and records every post.created:
// its seq, and its latency from the time the post was scheduled (process.hrtime, the same clock in
// every process of this machine), carried in the post's body as `sched=<ns>`.
// Messages from the parent: {cmd:'start', url, tokens, room, praxis} → {ready, startSeq};
// {cmd:'count'} → {deliveries} (so far); {cmd:'collect', after} → {latencies, seqs, firstSchedMs,
// lastArrivalMs} of the deliveries with a seq above `after` (all without it) since the last collect,
// which starts afresh with the sockets still open (a ramp's next step); {cmd:'report'} → the same,
// then the sockets are closed. seqs: one array per socket; times in ms of process.hrtime.
import { io } from 'socket.io-client';

let sockets = [];
let seqs = [];
let latencies = [];
let latencySeqs = [];
let arrivals = [];

async function start({ url, tokens, room, praxis }) {
  seqs = tokens.map(() => []);
  latencies = [];
  latencySeqs = [];
  arrivals = [];
  const startSeqs = [];
  // Connect in batches: a thousand handshakes at once only measures the accept queue.
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens.slice(i, i + 50).map((token, j) => new Promise((resolve, reject) => {
      const index = i + j;
      const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('post.created', (event) => {
        const at = process.hrtime.bigint();
        seqs[index].push(event.seq);
        const sched = /sched=(\d+)/.exec(event.post?.body ?? '')?.[1];
        if (!sched) return;
        latencies.push(Number(at - BigInt(sched)) / 1e6);
        latencySeqs.push(event.seq);
        arrivals.push(Number(at) / 1e6);
      });
      socket.once('connect', async () => {
        if (praxis) {
          const ack = await socket.timeout(30_000).emitWithAck('subscribe', { room });
          if (!ack.ok) return reject(new Error(`subscription refused: ${JSON.stringify(ack)}`));
          startSeqs.push(ack.seq);
        }
        resolve(socket);
      });
      socket.once('connect_error', reject);
    }));
    sockets.push(...(await Promise.all(batch)));
  }
  return { ready: sockets.length, startSeq: startSeqs.length ? Math.min(...startSeqs) : 0 };
}

/** What arrived since the last collect (seq above `after`), and a fresh start for the next one. */
function collect(after = -Infinity) {
  const kept = latencies.map((_, i) => i).filter((i) => latencySeqs[i] > after);
  let firstSchedMs = Infinity;
  let lastArrivalMs = -Infinity;
  for (const i of kept) {
    firstSchedMs = Math.min(firstSchedMs, arrivals[i] - latencies[i]);
    lastArrivalMs = Math.max(lastArrivalMs, arrivals[i]);
  }
  const answer = { latencies: kept.map((i) => latencies[i]), seqs: seqs.map((seen) => seen.filter((s) => s > after)), firstSchedMs, lastArrivalMs };
  seqs = seqs.map(() => []);
  latencies = [];
  latencySeqs = [];
  arrivals = [];
  return answer;
}

process.on('message', async (message) => {
  try {
    if (message.cmd === 'start') process.send(await start(message));
    if (message.cmd === 'count') process.send({ deliveries: latencies.length });
    if (message.cmd === 'collect') process.send(collect(message.after));
    if (message.cmd === 'report') {
      process.send(collect(message.after));
      for (const s of sockets) s.disconnect();
      sockets = [];
    }
  } catch (error) {
    process.send({ error: String(error) });
  }
});
