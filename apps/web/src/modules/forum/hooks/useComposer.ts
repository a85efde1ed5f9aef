import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { newClientId } from '../client-id';

export type ComposerStatus = 'idle' | 'sending' | 'failed';

/**
 * The text being written and its clientId (SPEC R4, R4b). The id is made when composing starts and
 * kept across failed sends, so a retry after a timeout (when the first request may have reached the
 * server) never posts twice; a new id is made only after a success. A failure never empties the text.
 */
export function useComposer<T>(send: (body: string, clientId: string) => Promise<T>, options: { onSent?: (result: T) => void } = {}) {
  const [body, setBodyState] = useState('');
  const [status, setStatus] = useState<ComposerStatus>('idle');
  const [error, setError] = useState<unknown>(null);
  const clientId = useRef<string | null>(null);
  const sendRef = useRef(send);
  const onSentRef = useRef(options.onSent);
  // A layout effect, so the latest send (with the files just uploaded) is in place before the
  // browser can deliver a click on the Send button that the same render enabled.
  useLayoutEffect(() => {
    sendRef.current = send;
    onSentRef.current = options.onSent;
  });

  const setBody = useCallback((next: string) => {
    if (!clientId.current && next.trim()) clientId.current = newClientId();
    setBodyState(next);
  }, []);

  const submit = useCallback(async (): Promise<T | null> => {
    const text = body;
    if (!text.trim() || status === 'sending') return null;
    clientId.current ??= newClientId();
    const id = clientId.current;
    setStatus('sending');
    setError(null);
    try {
      const result = await sendRef.current(text, id);
      clientId.current = null;
      setBodyState('');
      setStatus('idle');
      onSentRef.current?.(result);
      return result;
    } catch (err) {
      setError(err);
      setStatus('failed');
      return null;
    }
  }, [body, status]);

  const reset = useCallback(() => {
    clientId.current = null;
    setBodyState('');
    setStatus('idle');
    setError(null);
  }, []);

  return { body, setBody, submit, reset, status, error };
}
