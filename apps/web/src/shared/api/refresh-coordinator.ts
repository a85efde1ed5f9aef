/**
 * Keeps refreshes of the one shared refresh cookie from overlapping across tabs of the same
 * browser. The server treats a replayed refresh token as theft and revokes the whole session, so
 * two tabs must never send the same cookie at once: a Web Lock serialises them, and a
 * BroadcastChannel hands the fresh access token (or a sign-out) to the other tabs so they rarely
 * need to refresh at all.
 */
export type TabMessage = { type: 'token'; token: string } | { type: 'signed-out' };

export interface RefreshCoordinator {
  /** Runs `work` while no other tab runs its own refresh. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  broadcast(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
}

const LOCK_NAME = 'praxis-auth-refresh';
const CHANNEL_NAME = 'praxis-auth';

export function browserCoordinator(): RefreshCoordinator {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL_NAME) : null;
  return {
    exclusive: <T,>(work: () => Promise<T>): Promise<T> => (locks ? (locks.request(LOCK_NAME, work) as Promise<T>) : work()),
    broadcast: (message) => channel?.postMessage(message),
    subscribe(listener) {
      if (!channel) return () => undefined;
      const handler = (event: MessageEvent<TabMessage>) => listener(event.data);
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}

/** For tests and for browsers without either API: one tab, no coordination needed. */
export function localCoordinator(): RefreshCoordinator {
  return { exclusive: (work) => work(), broadcast: () => undefined, subscribe: () => () => undefined };
}
