import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@praxis/contracts';
import { api, type ApiClient } from '../shared/api/client';

export type PraxisSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What the sync indicator shows (SPEC R4b): `live` when connected and up to date, `reconnecting`
 * while the connection is down, `catching-up` while live pages fetch what they missed over REST,
 * `offline` when signed out.
 */
export type SyncState = 'offline' | 'connecting' | 'live' | 'reconnecting' | 'catching-up';

type ConnectedListener = (info: { reconnect: boolean }) => void;

type EventName = keyof ServerToClientEvents & string;
type AnyHandler = (...args: unknown[]) => void;

/** What a live page hears about one room it asked for with `joinRoom`. */
export interface RoomHandlers {
  /** The server let us in; `seq` is the room's latest sequence number, `reconnect` true after a reconnection. */
  onJoined?: (seq: number, info: { reconnect: boolean }) => void;
  /** The server refused the room (`not allowed`, `rate limited`, …). */
  onRefused?: (error: string) => void;
  /** The server took the socket out of the room: its user may no longer read it (R2). */
  onRevoked?: () => void;
}

/** Renew the token this long before it expires, so the server never has to close the socket. */
const RENEW_BEFORE_MS = 60_000;

/** The expiry (ms since epoch) written in a JWT, or null when it cannot be read. */
export function tokenExpiry(token: string | null): number | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The one socket of the app. It connects after sign-in with the current access token in the
 * handshake (a function, so every reconnect presents the newest token), refreshes the token when
 * the server refuses it, and tells live pages when they must catch up from their last sequence.
 */
export class RealtimeConnection {
  private socket: PraxisSocket | null = null;
  private state: SyncState = 'offline';
  private catchUps = 0;
  private hasConnectedBefore = false;
  private authRetries = 0;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private stopWatchingToken: (() => void) | null = null;
  private readonly stateListeners = new Set<() => void>();
  private readonly connectedListeners = new Set<ConnectedListener>();
  /** Event handlers of live pages, attached to the current socket and to every later one. */
  private readonly eventHandlers = new Map<EventName, Set<AnyHandler>>();
  /** Rooms live pages want, joined at every (re)connection until they leave. */
  private readonly wantedRooms = new Map<string, Set<RoomHandlers>>();

  constructor(
    private readonly client: ApiClient,
    private readonly createSocket: () => PraxisSocket = () =>
      io({ path: '/socket.io', autoConnect: false, withCredentials: true }) as PraxisSocket,
  ) {}

  getState = (): SyncState => this.state;

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Called after every (re)connection; `reconnect` is true when events may have been missed. */
  onConnected(listener: ConnectedListener): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  /** The socket, for pages that subscribe to rooms; null while signed out. */
  getSocket(): PraxisSocket | null {
    return this.socket;
  }

  /**
   * Listens to a server event on the app's socket, now and after sign-in or a new connection;
   * returns the function that stops listening.
   */
  on<E extends EventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const handlers = this.eventHandlers.get(event) ?? new Set<AnyHandler>();
    this.eventHandlers.set(event, handlers);
    const h = handler as unknown as AnyHandler;
    handlers.add(h);
    (this.socket as unknown as { on(e: string, f: AnyHandler): void } | null)?.on(event, h);
    return () => {
      handlers.delete(h);
      (this.socket as unknown as { off(e: string, f: AnyHandler): void } | null)?.off(event, h);
    };
  }

  /**
   * Joins a room (SPEC R2) now if connected, and again after every reconnection, until the returned
   * function is called; the server checks read permission every time. Several pages may want the
   * same room: it is left when the last one leaves.
   */
  joinRoom(room: string, handlers: RoomHandlers = {}): () => void {
    const set = this.wantedRooms.get(room) ?? new Set<RoomHandlers>();
    const first = set.size === 0;
    this.wantedRooms.set(room, set);
    set.add(handlers);
    const socket = this.socket;
    if (socket?.connected) {
      if (first) this.subscribe(socket, room, false);
      else this.subscribe(socket, room, false, handlers);
    }
    return () => {
      set.delete(handlers);
      if (set.size > 0 || this.wantedRooms.get(room) !== set) return;
      this.wantedRooms.delete(room);
      if (this.socket?.connected) this.socket.emit('unsubscribe', { room }, () => undefined);
    };
  }

  private subscribe(socket: PraxisSocket, room: string, reconnect: boolean, only?: RoomHandlers) {
    socket.emit('subscribe', { room }, (ack) => {
      const targets = only ? [only] : [...(this.wantedRooms.get(room) ?? [])];
      for (const target of targets) {
        if (ack?.ok) target.onJoined?.(ack.seq, { reconnect });
        else target.onRefused?.(ack?.error ?? 'internal error');
      }
    });
  }

  connect(): void {
    if (this.socket) return;
    const socket = this.createSocket();
    for (const [event, handlers] of this.eventHandlers) {
      for (const handler of handlers) (socket as unknown as { on(e: string, f: AnyHandler): void }).on(event, handler);
    }
    socket.auth = (cb: (data: object) => void) => cb({ token: this.client.getAccessToken() });
    // A new access token (refreshed by a REST call, another tab or the renewal timer) is handed
    // to the open connection (SPEC R1), so it is not closed when the old token expires.
    this.stopWatchingToken = this.client.onTokenChange((token) => {
      if (!token) return;
      this.scheduleRenewal(token);
      if (socket.connected) {
        socket.emit('auth', { token }, (result) => {
          // Refused (another user's token, a revoked session): start over with a fresh handshake.
          if (result && !result.ok && this.socket === socket) {
            socket.disconnect();
            socket.connect();
          }
        });
      }
    });
    socket.on('room.unsubscribed', ({ room }) => {
      for (const target of this.wantedRooms.get(room) ?? []) target.onRevoked?.();
    });
    socket.on('connect', () => {
      this.authRetries = 0;
      this.scheduleRenewal(this.client.getAccessToken());
      const reconnect = this.hasConnectedBefore;
      this.hasConnectedBefore = true;
      this.update();
      // The server forgets a socket's rooms when it disconnects: join the wanted ones again.
      for (const room of this.wantedRooms.keys()) this.subscribe(socket, room, reconnect);
      for (const listener of this.connectedListeners) listener({ reconnect });
    });
    socket.on('disconnect', (reason) => {
      this.update();
      // The server closed us (token expired, session ended): socket.io will not retry by itself.
      if (reason === 'io server disconnect') void this.reauthenticate();
    });
    socket.on('connect_error', () => {
      this.update();
      // A refused handshake (middleware error) is not retried automatically; a transport error is.
      if (!socket.active) void this.reauthenticate();
    });
    socket.io.on('reconnect_attempt', () => this.update());
    this.socket = socket;
    this.update();
    socket.connect();
  }

  disconnect(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.stopWatchingToken?.();
    this.stopWatchingToken = null;
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
    this.hasConnectedBefore = false;
    this.catchUps = 0;
    this.update();
  }

  /**
   * Marks a catch-up (a REST fetch of missed events) as running; call the returned function when
   * it finishes. The indicator shows "catching up" while any is running.
   */
  beginCatchUp(): () => void {
    this.catchUps += 1;
    this.update();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.catchUps -= 1;
      this.update();
    };
  }

  /** Refreshes the access token shortly before it expires while the socket is open. */
  private scheduleRenewal(token: string | null) {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    const expiry = tokenExpiry(token);
    if (!expiry) return;
    const delay = Math.max(5_000, expiry - Date.now() - RENEW_BEFORE_MS);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      if (this.socket?.connected) void this.client.refresh();
    }, delay);
  }

  private async reauthenticate() {
    const socket = this.socket;
    if (!socket || this.authRetries >= 5) return;
    this.authRetries += 1;
    const token = await this.client.refresh();
    if (this.socket !== socket) return;
    if (!token) {
      this.disconnect();
      return;
    }
    // Back off a little so a server that keeps refusing us is not hammered.
    setTimeout(() => {
      if (this.socket === socket && !socket.connected) socket.connect();
    }, 500 * this.authRetries);
  }

  private update() {
    const socket = this.socket;
    let next: SyncState;
    if (!socket) next = 'offline';
    else if (socket.connected) next = this.catchUps > 0 ? 'catching-up' : 'live';
    else next = this.hasConnectedBefore ? 'reconnecting' : 'connecting';
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.stateListeners) listener();
  }
}

export const realtime = new RealtimeConnection(api);

export function useSyncState(): SyncState {
  return useSyncExternalStore(realtime.subscribeState, realtime.getState, realtime.getState);
}
