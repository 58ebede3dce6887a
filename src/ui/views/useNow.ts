import { useEffect, useState } from 'react';

/** The time now, refreshed every 15 seconds so the remaining minutes stay right. */
export function useNow(clock: { now(): number }): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), 15_000);
    return () => clearInterval(timer);
  }, [clock]);
  return now;
}
