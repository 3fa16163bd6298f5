import { useEffect, useState } from 'react';

/** Re-renders every `intervalMs`, so "12 s ago" labels keep counting between refetches. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
