// The fan-out baseline: a bare socket.io server (no auth, no database) that puts every socket in one
// room and, on {cmd:'send', rate, seconds, template} over IPC, broadcasts `post.created` with the same
// payload as Praxis (the template, with seq and body replaced) at scheduled times: open loop, the
// scheduled process.hrtime in the body. Answers {seqs}: firstSeq (default 1) onwards, so that a
// ramp's steps on the same sockets go on from the last. Prints `listening <port>`.
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server, { transports: ['websocket'] });
io.on('connection', (socket) => socket.join('bench'));

async function send({ rate, seconds, template, firstSeq = 1 }) {
  const total = Math.round(rate * seconds);
  const interval = 1e9 / rate;
  const t0 = process.hrtime.bigint() + 100_000_000n;
  const seqs = [];
  for (let i = 0; i < total; i += 1) {
    const sched = t0 + BigInt(Math.round(i * interval));
    const wait = Number(sched - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const seq = firstSeq + i;
    io.to('bench').emit('post.created', { ...template, seq, post: { ...template.post, seq, body: `Fan-out bench post ${i} sched=${sched}` } });
    seqs.push(seq);
  }
  return { seqs };
}

process.on('message', async (message) => {
  if (message.cmd === 'send') process.send(await send(message));
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
