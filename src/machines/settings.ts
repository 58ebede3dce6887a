/**
 * The statechart's timings (AuthSettings) and their checking. A module of its own, without
 * XState, so the page can read them before the statechart is loaded (see firstView.ts).
 */
export interface AuthSettings {
  /** How long to wait for the browser to come back (default 10 minutes). */
  browserTimeoutMs: number;
  /** How long the token request may take (default 30 s). */
  exchangeTimeoutMs: number;
  /** How old a pending login may be when its redirect arrives (default 10 minutes). */
  pendingMaxAgeMs: number;
  /**
   * Refresh this long before the access token expires (default 60 s). Expiry is computed from
   * `expires_in` with the local clock when the token arrives, so a skewed server clock does not
   * matter; the margin absorbs the request's own latency.
   */
  refreshMarginMs: number;
  /** First wait before retrying a refresh that failed on the network; doubles, up to 5 minutes. */
  refreshBackoffMs: number;
  /**
   * The shortest time between two refreshes (default 5 s), however short a token's life: a
   * server that issues tokens living a second cannot make the extension refresh in a loop.
   */
  minRefreshDelayMs: number;
  /** How long sign-out waits for the revocation before reporting it failed (default 10 s). */
  revocationTimeoutMs: number;
}

export const defaultAuthSettings: AuthSettings = {
  browserTimeoutMs: 10 * 60_000,
  exchangeTimeoutMs: 30_000,
  pendingMaxAgeMs: 10 * 60_000,
  refreshMarginMs: 60_000,
  refreshBackoffMs: 5_000,
  minRefreshDelayMs: 5_000,
  revocationTimeoutMs: 10_000,
};

/** setTimeout's largest delay; a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The settings with every value checked: a whole number of milliseconds from 0 (margins) or 1
 * (durations) up to setTimeout's limit. Anything else — negative, fractional, NaN, a string, too
 * large to be a timer — falls back to its default.
 */
export function resolveAuthSettings(given: Partial<AuthSettings> = {}): AuthSettings {
  const settings = { ...defaultAuthSettings };
  for (const key of Object.keys(defaultAuthSettings) as (keyof AuthSettings)[]) {
    const value: unknown = given[key];
    const least = key === 'refreshMarginMs' || key === 'minRefreshDelayMs' ? 0 : 1;
    if (typeof value === 'number' && Number.isInteger(value) && value >= least) {
      if (value <= MAX_TIMER_MS) settings[key] = value;
    }
  }
  return settings;
}
