import { useMemo, useRef, useSyncExternalStore } from 'react';
import { DraftSender, type DraftState } from '../lib/live';

/** A composer bound to a DraftSender: the text survives a failed send and is retried with the same clientId. */
export function useDraft<R>(send: (body: string, clientId: string) => Promise<R>): { state: DraftState; sender: DraftSender<R> } {
  const sendRef = useRef(send);
  sendRef.current = send;
  const sender = useMemo(() => new DraftSender<R>((body, clientId) => sendRef.current(body, clientId)), []);
  const state = useSyncExternalStore(sender.subscribe, sender.getState, sender.getState);
  return { state, sender };
}
