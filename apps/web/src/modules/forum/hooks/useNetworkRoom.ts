import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { rooms } from '@praxis/contracts';
import { realtime } from '../../../realtime/socket';

/**
 * Keeps a network's thread lists fresh (SPEC R3): joins `network:<id>` and refetches the lists when
 * a thread is created or changes, and after a reconnection (anything may have changed meanwhile).
 */
export function useNetworkRoom(networkId: string | undefined, enabled: boolean, also: readonly unknown[][] = []) {
  const queryClient = useQueryClient();
  // Other queries to refresh (the network home); compared by content, not identity.
  const alsoKey = JSON.stringify(also);
  useEffect(() => {
    const keys = JSON.parse(alsoKey) as unknown[][];
    if (!networkId || !enabled) return;
    const room = rooms.network(networkId);
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: ['forum', 'threads', networkId] });
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    const offCreated = realtime.on('thread.created', (event) => {
      if (event.room === room) refresh();
    });
    const offUpdated = realtime.on('thread.updated', (event) => {
      if (event.room === room) refresh();
    });
    const leave = realtime.joinRoom(room, {
      onJoined: (_seq, { reconnect }) => {
        if (reconnect) refresh();
      },
    });
    return () => {
      offCreated();
      offUpdated();
      leave();
    };
  }, [networkId, enabled, queryClient, alsoKey]);
}
