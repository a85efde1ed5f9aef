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

  connect(): void {
    if (this.socket) return;
    const socket = this.createSocket();
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
    socket.on('connect', () => {
      this.authRetries = 0;
      this.scheduleRenewal(this.client.getAccessToken());
      const reconnect = this.hasConnectedBefore;
      this.hasConnectedBefore = true;
      this.update();
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
