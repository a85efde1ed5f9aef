import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Polite screen-reader announcements in batches (SPEC I2): live updates are counted per kind and
 * spoken together after a quiet moment ("3 new questions"), never one by one, and never by moving
 * focus. Render `message` in a visually hidden role="status" region.
 */
export function useBatchedAnnouncer(format: (counts: Record<string, number>) => string, delayMs = 1500) {
  const [message, setMessage] = useState('');
  const counts = useRef<Record<string, number>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const formatRef = useRef(format);
  useEffect(() => {
    formatRef.current = format;
  });

  const announce = useCallback(
    (kind: string) => {
      counts.current[kind] = (counts.current[kind] ?? 0) + 1;
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const batch = counts.current;
        counts.current = {};
        setMessage(formatRef.current(batch));
      }, delayMs);
    },
    [delayMs],
  );

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return { message, announce };
}
