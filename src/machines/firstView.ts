/**
 * What the statechart shows first, known before it is loaded: the page paints this view while
 * XState, the statechart and the protocol client load (src/auth/desktopAuth.ts), so the sign-in
 * costs the first view nothing. Without XState, on purpose.
 *
 * It answers only where the statechart's `starting` state (authMachine.ts) certainly goes
 * without doing anything first: a stored session still good → signed in; one to refresh →
 * signed in, refreshing; nothing stored, nothing in progress, no answer in the address →
 * signed out. Anything else (an answer arriving, a sign-in in progress, a session that ended)
 * is `null`: the page waits for the statechart. tests/unit/machines/firstView.test.ts checks
 * that the statechart's first snapshot agrees with every answer.
 */
import type { TokenSet } from '../oauth/types';
import type { AuthSettings } from './settings';

export type FirstView =
  /** `authorized` (loading the profile), or `authorized.refreshing` with `refreshing`. */
  | { view: 'signed-in'; refreshing: boolean }
  /** `idle`, with nothing to say (no notice, no warning). */
  | { view: 'signed-out' };

/** What the first view is decided from: the statechart's own dependencies, read only. */
export interface FirstViewSources {
  location: { read(): string | null };
  sessionStore: { load(): TokenSet | null };
  pendingStore: { load(): unknown };
  deviceStore: { load(): unknown };
  clock: { now(): number };
}

/** A refresh token is here, or kept out of the page by the extension's backend. */
export function isRefreshable(tokens: TokenSet | null | undefined): boolean {
  return Boolean(tokens?.refreshToken) || tokens?.refreshable === true;
}

/** A session whose access token is good for longer than the refresh margin (or has no expiry). */
export function isFreshSession(
  tokens: TokenSet | null,
  settings: Pick<AuthSettings, 'refreshMarginMs'>,
  now: number,
): boolean {
  return (
    tokens !== null &&
    (tokens.expiresAt === undefined || tokens.expiresAt - settings.refreshMarginMs > now)
  );
}

/** The statechart's first view for these sources, or null when only the statechart can tell. */
export function firstViewOf(
  sources: FirstViewSources,
  settings: Pick<AuthSettings, 'refreshMarginMs'>,
): FirstView | null {
  const session = sources.sessionStore.load();
  if (isFreshSession(session, settings, sources.clock.now())) {
    return { view: 'signed-in', refreshing: false };
  }
  if (session !== null)
    return isRefreshable(session) ? { view: 'signed-in', refreshing: true } : null;
  const quiet =
    sources.location.read() === null &&
    sources.pendingStore.load() === null &&
    sources.deviceStore.load() === null;
  return quiet ? { view: 'signed-out' } : null;
}
