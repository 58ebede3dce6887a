const MINUTE = 60_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export function formatClockTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

/** "This link stays valid until 14:32 (10 minutes)." */
export function describeLinkValidity(expiresAt: number, now: number): string {
  const remaining = expiresAt - now;
  if (remaining <= 0) return 'This link has expired: cancel and sign in again.';
  const minutes = Math.ceil(remaining / MINUTE);
  const span =
    remaining < MINUTE ? 'less than a minute' : minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `This link stays valid until ${formatClockTime(expiresAt)} (${span}).`;
}
