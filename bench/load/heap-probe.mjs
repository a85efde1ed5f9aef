// Preloaded into a server a bench measures (`node --expose-gc --import <this file> server.js`, started
// with an IPC channel, see bench/connections.mjs): {cmd:'heap'} → a full GC, then {heap:
// process.memoryUsage()}. Other messages are left to the server; without an IPC channel it does
// nothing. The channel is unref'd so that it never keeps the server alive.
if (process.send) {
  process.on('message', (message) => {
    if (message?.cmd !== 'heap') return;
    if (typeof globalThis.gc !== 'function') {
      process.send({ error: 'heap probe: start the process with --expose-gc' });
      return;
    }
    // Twice: objects whose finalizers ran in the first pass are freed in the second.
    for (let i = 0; i < 2; i += 1) globalThis.gc();
    process.send({ heap: process.memoryUsage() });
  });
  process.channel?.unref();
}
