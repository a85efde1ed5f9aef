import { useEffect, useRef, useState, useCallback } from 'react';
import { rooms, type UserRef } from '@praxis/contracts';
import { realtime } from '../../../realtime/socket';

const TYPING_SHOWN_MS = 4000;
const TYPING_EMIT_EVERY_MS = 2000;

/**
 * Who is viewing the thread and who is typing (SPEC R3). `typing()` is throttled to one emit every
 * two seconds, which is also what the server lets through.
 */
export function usePresence(threadId: string | undefined, selfId: string, joins: number) {
  // The server names up to 50 viewers and counts them all.
  const [viewers, setViewers] = useState<{ users: UserRef[]; count: number }>({ users: [], count: 0 });
  const [typing, setTyping] = useState<{ user: UserRef; until: number }[]>([]);
  const lastEmit = useRef(0);

  useEffect(() => {
    if (!threadId) return;
    const room = rooms.thread(threadId);
    const offPresence = realtime.on('presence', (event) => {
      if (event.room === room) setViewers({ users: event.users, count: event.count });
    });
    const offTyping = realtime.on('typing', (event) => {
      if (event.room !== room || event.user.id === selfId) return;
      setTyping((list) => [...list.filter((t) => t.user.id !== event.user.id), { user: event.user, until: Date.now() + TYPING_SHOWN_MS }]);
    });
    return () => {
      offPresence();
      offTyping();
    };
  }, [threadId, selfId]);

  // Ask who is here each time the room is joined (by the live hook), reconnections included.
  useEffect(() => {
    if (!threadId || joins === 0) return;
    realtime.getSocket()?.emit('presence', { room: rooms.thread(threadId) }, (ack) => {
      if (ack?.ok) setViewers({ users: ack.users, count: ack.count });
    });
  }, [threadId, joins]);

  useEffect(() => {
    if (!typing.length) return;
    const next = Math.min(...typing.map((t) => t.until)) - Date.now();
    const timer = setTimeout(() => setTyping((list) => list.filter((t) => t.until > Date.now())), Math.max(next, 50));
    return () => clearTimeout(timer);
  }, [typing]);

  const emitTyping = useCallback(() => {
    if (!threadId) return;
    const now = Date.now();
    if (now - lastEmit.current < TYPING_EMIT_EVERY_MS) return;
    lastEmit.current = now;
    realtime.getSocket()?.emit('typing', { threadId });
  }, [threadId]);

  return { viewers: viewers.users, viewerCount: viewers.count, typing: typing.map((t) => t.user), emitTyping };
}
