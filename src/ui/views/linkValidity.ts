import type { ValidUntil } from '../texts';

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

/** How a view words a validity: the sentence with the end time, and the one once it has passed. */
export interface ValidityTexts {
  validUntil: ValidUntil;
  expired: string;
}

/** "This link stays valid until 14:32 (10 minutes).", in `texts`' words. */
export function describeLinkValidity(expiresAt: number, now: number, texts: ValidityTexts): string {
  const remaining = expiresAt - now;
  if (remaining <= 0) return texts.expired;
  const minutes = remaining < MINUTE ? 0 : Math.ceil(remaining / MINUTE);
  return texts.validUntil(formatClockTime(expiresAt), minutes);
}
