import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../shared/api/client';
import { localCoordinator } from '../shared/api/refresh-coordinator';
import { RealtimeConnection, type PraxisSocket } from './socket';

type Handler = (...args: unknown[]) => void;

/** A socket that records subscriptions and answers them with the room's current seq. */
class RoomSocket {
  connected = false;
  active = false;
  auth: unknown;
  seq = 4;
  handlers = new Map<string, Handler[]>();
  emitted: { event: string; payload: unknown }[] = [];
  io = { on: () => undefined, removeAllListeners: () => undefined };
  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.set(event, (this.handlers.get(event) ?? []).filter((h) => h !== handler));
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
  }
  emit(event: string, payload: unknown, ack?: (r: unknown) => void) {
    this.emitted.push({ event, payload });
    ack?.(event === 'subscribe' ? { ok: true, seq: this.seq } : { ok: true });
  }
  connect() {
    this.active = true;
  }
  disconnect() {
    this.connected = false;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

function setup() {
  const client = new ApiClient({ fetch: vi.fn() as unknown as typeof fetch, coordinator: localCoordinator() });
  const socket = new RoomSocket();
  const connection = new RealtimeConnection(client, () => socket as unknown as PraxisSocket);
  return { socket, connection };
}

const subscriptions = (socket: RoomSocket) => socket.emitted.filter((e) => e.event === 'subscribe').map((e) => (e.payload as { room: string }).room);

describe('RealtimeConnection rooms', () => {
  it('joins a wanted room once connected and again after every reconnection, reporting the seq', () => {
    const { socket, connection } = setup();
    const joined = vi.fn();
    connection.joinRoom('thread:1', { onJoined: joined }); // before the socket exists
    connection.connect();
    expect(subscriptions(socket)).toEqual([]);
    socket.fire('connect');
    expect(subscriptions(socket)).toEqual(['thread:1']);
    expect(joined).toHaveBeenLastCalledWith(4, { reconnect: false });

    socket.fire('disconnect', 'transport close');
    socket.seq = 7;
    socket.fire('connect');
    expect(subscriptions(socket)).toEqual(['thread:1', 'thread:1']);
    expect(joined).toHaveBeenLastCalledWith(7, { reconnect: true });
  });

  it('leaves the room when the last page leaves it, and stops re-joining it', () => {
    const { socket, connection } = setup();
    connection.connect();
    socket.fire('connect');
    const leaveA = connection.joinRoom('thread:1');
    const leaveB = connection.joinRoom('thread:1');
    leaveA();
    expect(socket.emitted.some((e) => e.event === 'unsubscribe')).toBe(false);
    leaveB();
    expect(socket.emitted.filter((e) => e.event === 'unsubscribe').map((e) => e.payload)).toEqual([{ room: 'thread:1' }]);
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    expect(subscriptions(socket)).toEqual(['thread:1', 'thread:1']); // two joins earlier, none after
  });

  it('reports a refused room', () => {
    const { socket, connection } = setup();
    connection.connect();
    socket.fire('connect');
    socket.emit = (event: string, payload: unknown, ack?: (r: unknown) => void) => {
      socket.emitted.push({ event, payload });
      ack?.({ ok: false, error: 'not allowed' });
    };
    const refused = vi.fn();
    connection.joinRoom('thread:2', { onRefused: refused });
    expect(refused).toHaveBeenCalledWith('not allowed');
  });

  it('keeps page handlers across sockets and removes them on request', () => {
    const { socket, connection } = setup();
    const handler = vi.fn();
    const off = connection.on('post.deleted', handler); // before connect
    connection.connect();
    socket.fire('post.deleted', { room: 'thread:1', seq: 3, postId: 'p' });
    expect(handler).toHaveBeenCalledTimes(1);
    off();
    socket.fire('post.deleted', { room: 'thread:1', seq: 4, postId: 'p' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('tells the pages of a room when the server takes the socket out of it (R2)', () => {
    const { socket, connection } = setup();
    const [thread, other] = [vi.fn(), vi.fn()];
    connection.joinRoom('thread:1', { onRevoked: thread });
    connection.joinRoom('thread:2', { onRevoked: other });
    connection.connect();
    socket.fire('connect');
    socket.fire('room.unsubscribed', { room: 'thread:1', reason: 'access-changed' });
    socket.fire('room.unsubscribed', { room: 'network:9', reason: 'access-changed' });
    expect(thread).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
  });
});
