// A connections load process (forked by bench/connections.mjs): opens one socket per token to URL
// (WebSocket transport only, no reconnection) in batches of `batch`, each subscribed to its room
// (`rooms[i]`, Praxis; the ack awaited) or just connected (`rooms` null, the bare server), then holds
// them idle, counting the events that arrive and any disconnection. A socket that fails is counted
// (with the first error), never retried.
// Messages from the parent: {cmd:'connect', url, tokens, rooms, batch} → {connected, subscribed,
// failed, firstError}; {cmd:'report'} → {open, events, disconnects, reasons}; {cmd:'close'} → {closed}.
import { io } from 'socket.io-client';

const ACK_TIMEOUT_MS = 60_000;
let sockets = [];
let events = 0;
let disconnects = 0;
let reasons = {};
let closing = false;

/** One socket: answers {socket?, subscribed?, error?}; never rejects. */
function open(url, token, room) {
  return new Promise((resolve) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: ACK_TIMEOUT_MS });
    const refused = (error) => {
      socket.close();
      resolve({ error: `connect: ${error?.message ?? error}` });
    };
    socket.once('connect_error', refused);
    socket.once('connect', async () => {
      socket.off('connect_error', refused);
      socket.onAny(() => {
        events += 1;
      });
      socket.once('disconnect', (reason) => {
        if (closing) return;
        disconnects += 1;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      });
      if (!room) return resolve({ socket });
      try {
        const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', { room });
        resolve(ack.ok ? { socket, subscribed: true } : { socket, error: `subscribe: ${ack.error}` });
      } catch (error) {
        resolve({ socket, error: `subscribe: ${error?.message ?? error}` });
      }
    });
  });
}

async function connect({ url, tokens, rooms, batch }) {
  closing = false;
  let subscribed = 0;
  let failed = 0;
  let firstError = null;
  // In batches: thousands of handshakes at once would only measure the accept queue and time out.
  for (let i = 0; i < tokens.length; i += batch) {
    const results = await Promise.all(tokens.slice(i, i + batch).map((token, j) => open(url, token, rooms?.[i + j])));
    for (const r of results) {
      if (r.socket) sockets.push(r.socket);
      if (r.subscribed) subscribed += 1;
      if (r.error) {
        failed += 1;
        firstError ??= r.error;
      }
    }
  }
  return { connected: sockets.filter((s) => s.connected).length, subscribed, failed, firstError };
}

process.on('message', async (message) => {
  try {
    if (message.cmd === 'connect') process.send(await connect(message));
    if (message.cmd === 'report') process.send({ open: sockets.filter((s) => s.connected).length, events, disconnects, reasons });
    if (message.cmd === 'close') {
      closing = true;
      const closed = sockets.length;
      for (const s of sockets) s.close();
      sockets = [];
      events = 0;
      disconnects = 0;
      reasons = {};
      process.send({ closed });
    }
  } catch (error) {
    process.send({ error: String(error) });
  }
});
