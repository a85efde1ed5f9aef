import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@praxis/contracts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  token?: string;
  origin?: string;
  transports?: ('websocket' | 'polling')[];
}

/** A socket that is not yet connected, with reconnection off so a refusal stays visible. */
export function socketFor(url: string, options: ConnectOptions = {}): TestSocket {
  return io(url, {
    auth: options.token === undefined ? {} : { token: options.token },
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    autoConnect: false,
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
  });
}

/** Connects and resolves once the server accepted the handshake; rejects with its connect_error. */
export function connectSocket(url: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const socket = socketFor(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.connect();
  });
}

/** The connect_error a refused handshake produces (fails if the connection is accepted). */
export function refusedConnection(url: string, options: ConnectOptions = {}): Promise<Error & { data?: { code?: string } }> {
  return connectSocket(url, options).then(
    (socket) => {
      socket.close();
      throw new Error('the connection was accepted');
    },
    (error: Error & { data?: { code?: string } }) => error,
  );
}

type AckedEvent = 'subscribe' | 'unsubscribe' | 'presence' | 'auth' | 'typing';

/**
 * Emits a message and waits for its acknowledgement, with a timeout so a missing ack fails the test.
 * 15 s, not 5: under CI load (two jest workers and PostgreSQL on two cores) a subscribe ack once took
 * over 5 s in events-live; the tests assert that an answer comes, not how fast.
 */
export async function request<T extends object = object>(socket: TestSocket, event: AckedEvent, payload: unknown, timeoutMs = 15_000): Promise<Ack<T>> {
  const answer: unknown = await (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
  return answer as Ack<T>;
}

export async function subscribe(socket: TestSocket, room: string): Promise<Ack<{ seq: number }>> {
  return request<{ seq: number }>(socket, 'subscribe', { room });
}

/** Collects every event of the given names that reaches the socket, in arrival order. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, ...events: E[]) {
  const received: { event: E; payload: Parameters<ServerToClientEvents[E]>[0] }[] = [];
  for (const event of events) {
    (socket as unknown as Socket).on(event as string, (payload: Parameters<ServerToClientEvents[E]>[0]) => received.push({ event, payload }));
  }
  return {
    received,
    payloads: () => received.map((r) => r.payload),
    /** Resolves when at least `count` events arrived; rejects after timeoutMs with what did arrive. */
    async waitFor(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events (${events.join(', ')}), got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
  };
}

/** Resolves when the socket is disconnected, with the reason; rejects after timeoutMs. */
export function disconnection(socket: TestSocket, timeoutMs = 5000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket was not disconnected')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Lets in-flight broadcasts arrive before asserting that something did NOT arrive. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
