import net from 'node:net';

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule of faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FlakyProxyOptions {
  /** Where connections are forwarded (the app). */
  target: { host: string; port: number };
  seed: number;
  /** Each chunk is held back a random time in this range (ms) before it is written on. */
  delayMs?: [number, number];
  /** Chance per chunk that the direction stalls (no bytes move) for a random time in `stallMs`. */
  stallChance?: number;
  stallMs?: [number, number];
  /** Chance per chunk that the connection is cut, both sides, and the chunk and everything queued lost. */
  dropChance?: number;
}

export interface FlakyProxyStats {
  connections: number;
  chunks: number;
  bytes: number;
  stalls: number;
  /** Connections cut by the schedule (a chunk's dice roll) or by `dropAll`. */
  drops: number;
  /** Chunks (with what was queued behind them) thrown away by those cuts. */
  chunksLost: number;
}

export interface FlakyProxy {
  url: string;
  port: number;
  stats: FlakyProxyStats;
  /** Turns the delays, stalls and cuts on or off (off: a plain pipe, for setup and the final check). */
  setFaults(on: boolean): void;
  /** Cuts every open connection now; answers how many. */
  dropAll(): number;
  close(): Promise<void>;
}

interface Direction {
  from: net.Socket;
  to: net.Socket;
  queue: { chunk: Buffer; at: number }[];
  /** The earliest time the next chunk may go: chunks never overtake one another (TCP keeps order). */
  readyAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * A TCP proxy for fault tests (node:net only). It listens on a free local port and forwards every
 * connection to the target. With faults on, on a seeded random schedule, it delays each chunk,
 * sometimes stalls a direction for a while, and sometimes destroys the connection on both sides:
 * TCP never loses bytes silently, so a dropped packet in the real world ends as a stalled or cut
 * connection, which is what a client has to survive.
 */
export async function startFlakyProxy(options: FlakyProxyOptions): Promise<FlakyProxy> {
  const random = seededRandom(options.seed);
  const between = ([low, high]: [number, number]) => low + random() * (high - low);
  const delayMs = options.delayMs ?? [0, 300];
  const stallMs = options.stallMs ?? [500, 3000];
  const stallChance = options.stallChance ?? 0.01;
  const dropChance = options.dropChance ?? 0.005;
  let faults = false;
  const stats: FlakyProxyStats = { connections: 0, chunks: 0, bytes: 0, stalls: 0, drops: 0, chunksLost: 0 };
  const open = new Set<{ cut: () => void }>();

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    stats.connections += 1;
    const upstream = net.connect({ port: options.target.port, host: options.target.host, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let closed = false;
    const directions: Direction[] = [
      { from: client, to: upstream, queue: [], readyAt: 0, timer: null },
      { from: upstream, to: client, queue: [], readyAt: 0, timer: null },
    ];
    /** Destroys both sides at once (a cut, or an error on one side passed on like a reset). */
    const end = (cut: boolean) => {
      if (closed) return;
      closed = true;
      open.delete(connection);
      for (const d of directions) {
        if (d.timer) clearTimeout(d.timer);
        if (cut) stats.chunksLost += d.queue.length;
        d.queue = [];
      }
      client.destroy();
      upstream.destroy();
    };
    const connection = {
      cut: () => {
        stats.drops += 1;
        end(true);
      },
    };
    open.add(connection);

    const pump = (d: Direction) => {
      d.timer = null;
      if (closed) return;
      const now = Date.now();
      while (d.queue.length && d.queue[0].at <= now) d.to.write(d.queue.shift()!.chunk);
      if (d.queue.length) d.timer = setTimeout(() => pump(d), Math.max(0, d.queue[0].at - now));
      // A side that finished sending passes its end on once everything before it was delivered.
      else if (d.from.readableEnded) d.to.end();
    };

    for (const d of directions) {
      d.from.on('data', (chunk: Buffer) => {
        if (closed) return;
        stats.chunks += 1;
        stats.bytes += chunk.length;
        if (faults && random() < dropChance) {
          stats.chunksLost += 1;
          connection.cut();
          return;
        }
        const now = Date.now();
        let wait = faults ? between(delayMs) : 0;
        if (faults && random() < stallChance) {
          stats.stalls += 1;
          wait += between(stallMs);
        }
        d.readyAt = Math.max(d.readyAt, now + wait);
        d.queue.push({ chunk, at: d.readyAt });
        if (!d.timer) d.timer = setTimeout(() => pump(d), Math.max(0, d.readyAt - now));
      });
      d.from.on('end', () => {
        if (!d.queue.length && !d.timer) d.to.end();
      });
      d.from.on('error', () => end(false));
    }
    // Both sides closed cleanly (each end passed on): nothing left to forward.
    let sidesClosed = 0;
    const onClose = () => {
      sidesClosed += 1;
      if (sidesClosed === 2) end(false);
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    setFaults(on) {
      faults = on;
    },
    dropAll() {
      const all = [...open];
      all.forEach((c) => c.cut());
      return all.length;
    },
    async close() {
      [...open].forEach((c) => c.cut());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
