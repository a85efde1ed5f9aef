// A fan-out load process (forked by bench/fanout-members.mjs): opens one socket per token to URL,
// subscribes each to ROOM (Praxis) or lets the bare server place it, and records every post.created:
// its seq, and its latency from the time the post was scheduled (process.hrtime, the same clock in
// every process of this machine), carried in the post's body as `sched=<ns>`.
// Messages from the parent: {cmd:'start', url, tokens, room, praxis} → {ready, startSeq};
// {cmd:'report'} → {latencies, seqs} (seqs: one array per socket).
import { io } from 'socket.io-client';

let sockets = [];
let seqs = [];
let latencies = [];

async function start({ url, tokens, room, praxis }) {
  seqs = tokens.map(() => []);
  latencies = [];
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
        if (sched) latencies.push(Number(at - BigInt(sched)) / 1e6);
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

process.on('message', async (message) => {
  try {
    if (message.cmd === 'start') process.send(await start(message));
    if (message.cmd === 'report') {
      process.send({ latencies, seqs });
      for (const s of sockets) s.disconnect();
      sockets = [];
    }
  } catch (error) {
    process.send({ error: String(error) });
  }
});
