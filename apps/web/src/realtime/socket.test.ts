import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../shared/api/client';
import { localCoordinator } from '../shared/api/refresh-coordinator';
import { RealtimeConnection, tokenExpiry, type PraxisSocket } from './socket';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket to drive the connection's state machine. */
class FakeSocket {
  connected = false;
  active = false;
  auth: unknown;
  handlers = new Map<string, Handler[]>();
  managerHandlers = new Map<string, Handler[]>();
  emitted: { event: string; payload: unknown }[] = [];
  io = {
    on: (event: string, handler: Handler) => this.managerHandlers.set(event, [...(this.managerHandlers.get(event) ?? []), handler]),
    removeAllListeners: () => this.managerHandlers.clear(),
  };
  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
  }
  emit(event: string, payload: unknown, ack?: (r: unknown) => void) {
    this.emitted.push({ event, payload });
    ack?.({ ok: true });
  }
  connect() {
    this.active = true;
  }
  disconnect() {
    this.connected = false;
    this.active = false;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  handshakeToken(): unknown {
    let token: unknown;
    (this.auth as (cb: (data: { token: unknown }) => void) => void)((data) => (token = data.token));
    return token;
  }
}

function jwt(expSeconds: number) {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256' })}.${encode({ sub: 'u1', exp: expSeconds })}.signature`;
}

function setup() {
  const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ accessToken: jwt(Date.now() / 1000 + 900) }), { status: 200 }));
  const client = new ApiClient({ fetch: fetchImpl as unknown as typeof fetch, coordinator: localCoordinator() });
  const socket = new FakeSocket();
  const connection = new RealtimeConnection(client, () => socket as unknown as PraxisSocket);
  return { client, socket, connection, fetchImpl };
}

describe('RealtimeConnection', () => {
  it('reports connecting, live, reconnecting and catching up', () => {
    const { socket, connection, client } = setup();
    client.acceptToken(jwt(Date.now() / 1000 + 900));
    expect(connection.getState()).toBe('offline');
    connection.connect();
    expect(connection.getState()).toBe('connecting');
    expect(socket.handshakeToken()).toBe(client.getAccessToken());

    const connected = vi.fn();
    connection.onConnected(connected);
    socket.fire('connect');
    expect(connection.getState()).toBe('live');
    expect(connected).toHaveBeenLastCalledWith({ reconnect: false });

    socket.active = true; // socket.io retries a dropped transport by itself
    socket.fire('disconnect', 'transport close');
    expect(connection.getState()).toBe('reconnecting');
    socket.fire('connect');
    expect(connected).toHaveBeenLastCalledWith({ reconnect: true });

    const done = connection.beginCatchUp();
    expect(connection.getState()).toBe('catching-up');
    done();
    done(); // idempotent
    expect(connection.getState()).toBe('live');

    connection.disconnect();
    expect(connection.getState()).toBe('offline');
  });

  it('hands a new access token to the open connection', () => {
    const { socket, connection, client } = setup();
    client.acceptToken(jwt(Date.now() / 1000 + 900));
    connection.connect();
    socket.fire('connect');
    const fresh = jwt(Date.now() / 1000 + 1800);
    client.acceptToken(fresh);
    expect(socket.emitted).toContainEqual({ event: 'auth', payload: { token: fresh } });
    connection.disconnect();
  });

  it('refreshes the token and reconnects when the server refuses the handshake', async () => {
    vi.useFakeTimers();
    try {
      const { socket, connection, fetchImpl } = setup();
      connection.connect();
      socket.active = false; // a middleware refusal is not retried by socket.io
      socket.fire('connect_error', new Error('invalid or expired token'));
      await vi.runAllTimersAsync();
      expect(fetchImpl).toHaveBeenCalledTimes(1);
      expect(socket.active).toBe(true); // connect() was called again, with the new token in the handshake
      connection.disconnect();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the expiry of a JWT', () => {
    expect(tokenExpiry(jwt(1_900_000_000))).toBe(1_900_000_000_000);
    expect(tokenExpiry('not a token')).toBeNull();
    expect(tokenExpiry(null)).toBeNull();
  });
});
