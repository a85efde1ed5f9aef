import { useEffect, useState, useSyncExternalStore } from 'react';
import { DraftSender, type DraftState } from '../lib/live';

/** A composer bound to a DraftSender: the text survives a failed send and is retried with the same clientId. */
export function useDraft<R>(send: (body: string, clientId: string) => Promise<R>): { state: DraftState; sender: DraftSender<R> } {
  const [sender] = useState(() => new DraftSender<R>(send));
  useEffect(() => {
    sender.setSend(send);
  });
  const state = useSyncExternalStore(sender.subscribe, sender.getState, sender.getState);
  return { state, sender };
}
