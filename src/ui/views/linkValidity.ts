const MINUTE = 60_000;

let timeFormat: Intl.DateTimeFormat | undefined;

/**
 * "14:32" in the person's locale. The formatter is made on first use, not when the page loads:
 * a page's first Intl formatter loads the locale's data, which cost the first view 50-130 ms in
 * Chromium on the development machine (`npm run bench -- --profile`), and the first view shows
 * no time.
 */
export function formatClockTime(epochMs: number): string {
  timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
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
