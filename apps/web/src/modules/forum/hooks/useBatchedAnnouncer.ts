import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Live updates announced to screen readers politely and in batches (SPEC I2): counts added within
 * `delay` ms become one message ("3 new posts") in an aria-live="polite" region.
 */
export function useBatchedAnnouncer(format: (count: number) => string, delay = 2000) {
  const [message, setMessage] = useState('');
  const pending = useRef(0);
  const batches = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const formatRef = useRef(format);
  useEffect(() => {
    formatRef.current = format;
  });
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const add = useCallback(
    (count: number) => {
      pending.current += count;
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const total = pending.current;
        pending.current = 0;
        // A zero-width space on every other batch makes a repeated text ("1 new post") a change
        // that screen readers announce again.
        batches.current += 1;
        if (total > 0) setMessage(formatRef.current(total) + (batches.current % 2 ? '' : '\u200b'));
      }, delay);
    },
    [delay],
  );
  return { message, add };
}
