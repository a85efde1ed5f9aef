import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { rooms } from '@praxis/contracts';
import { realtime } from '../../../realtime/socket';
import { eventsApi, type RoomEventItem } from '../api/events-api';
import { RoomSync } from '../lib/room-sync';

export type RoomStatus = 'waiting' | 'joined' | 'refused';

const currentSocket = () => realtime.getSocket();

/**
 * Joins the `event:<id>` room while `enabled` and hands every room event to `apply`, exactly once
 * and in seq order, catching up over REST after a gap or a reconnection (R4). `onBaseline` runs
 * once the room is joined, when the page should reload its REST snapshots.
 */
export function useEventRoom(
  eventId: string,
  enabled: boolean,
  handlers: { apply: (item: RoomEventItem) => void; onBaseline: () => void },
): RoomStatus {
  const socket = useSyncExternalStore(realtime.subscribeState, currentSocket, currentSocket);
  const key = `${eventId}:${enabled}`;
  // The status belongs to one room and socket: another event starts again from 'waiting'.
  const [state, setState] = useState<{ key: string; socket: unknown; status: RoomStatus }>({ key, socket, status: 'waiting' });
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!enabled || !socket) return;
    const setStatus = (status: RoomStatus) => setState({ key, socket, status });
    const sync = new RoomSync(socket, {
      room: rooms.event(eventId),
      fetchSince: async (after) => (await eventsApi.roomEvents(eventId, after)).items,
      apply: (item) => latest.current.apply(item),
      onBaseline: () => {
        setStatus('joined');
        latest.current.onBaseline();
      },
      onRefused: () => setStatus('refused'),
      beginCatchUp: () => realtime.beginCatchUp(),
    });
    sync.start();
    sync.join();
    // Every reconnection: subscribe again (the server forgot the room) and fetch what was missed.
    const off = realtime.onConnected(() => sync.join());
    return () => {
      off();
      sync.stop();
    };
  }, [eventId, enabled, socket, key]);

  return state.key === key && state.socket === socket ? state.status : 'waiting';
}
