/**
 * The one session of this extension, kept by the backend: in memory, and in the session file
 * before any answer goes back to a page.
 *
 * Changes to the session run one after another (a queue), so a sign-out cannot interleave with
 * a refresh. Refresh is single-flight: a second request while one is under way (two tabs, a
 * reload during a refresh) waits for the same answer, and a page that presents an access token
 * the session has already replaced gets the current one without a new token request.
 */
import { AuthError } from '../src/oauth/errors';
import type { OAuthClient, TokenSet } from '../src/oauth/types';
import type { SessionFile } from './sessionFile';

/** A session whose access token lives longer than this is handed out rather than refreshed. */
export const FRESH_ENOUGH_MS = 60_000;
/** How long the tokens of a forgotten session stay available for the revocation that follows. */
export const RETIRED_TTL_MS = 5 * 60_000;

/**
 * OAuth errors that mean the refresh token is dead (RFC 6749 §5.2, and GitHub's own names for
 * the same): the session is over.
 */
const SESSION_ENDING_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'bad_refresh_token',
  'incorrect_client_credentials',
]);

export interface SessionKeeperOptions {
  file: SessionFile;
  oauth: OAuthClient;
  clock?: { now(): number };
  /** Each provider request is given up after this long (default 30 s). */
  requestTimeoutMs?: number;
  /** Outcomes worth a log line (never a value). */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface SessionKeeper {
  /** Reads the session file; called once at start. */
  load(): Promise<void>;
  current(): TokenSet | null;
  /** A new session (after the code exchange), written before it is returned. */
  replace(tokens: TokenSet): Promise<TokenSet>;
  /** Renews the session for a page that holds `accessToken`. */
  refresh(accessToken: string, now: number): Promise<TokenSet>;
  /** Forgets the session (the file too); its tokens stay available to `revoke` for a while. */
  forget(): Promise<void>;
  /** Forgets the session and revokes its tokens at the provider. */
  revoke(accessToken: string): Promise<boolean>;
  /** Waits for every queued change (shutdown). */
  settled(): Promise<void>;
}

export function sessionEnded(detail: string, status?: number): AuthError {
  return new AuthError('token_error', 'backend: the session has ended', {
    kind: 'session-ended',
    detail,
    // Reported as the provider reports a dead refresh token, so the page ends the session too.
    oauthError: status === 401 ? 'invalid_token' : 'invalid_grant',
    ...(status ? { status } : {}),
  });
}

export function createSessionKeeper({
  file,
  oauth,
  clock = Date,
  requestTimeoutMs = 30_000,
  log = () => {},
}: SessionKeeperOptions): SessionKeeper {
  let session: TokenSet | null = null;
  let retired: { tokens: TokenSet; until: number } | null = null;
  let refreshing: Promise<TokenSet> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `change` after every change queued before it. */
  function serially<T>(change: () => Promise<T>): Promise<T> {
    const result = queue.then(change, change);
    queue = result.catch(() => {});
    return result;
  }

  const signal = () => AbortSignal.timeout(requestTimeoutMs);

  async function store(tokens: TokenSet | null): Promise<void> {
    if (tokens) await file.save(tokens);
    else await file.clear();
    session = tokens;
  }

  function retire(tokens: TokenSet | null): void {
    retired = tokens ? { tokens, until: clock.now() + RETIRED_TTL_MS } : null;
  }

  async function renew(now: number): Promise<TokenSet> {
    const tokens = session;
    if (!tokens) throw sessionEnded('The backend holds no session to refresh.');
    try {
      const next = await oauth.refresh({ tokens, now, signal: signal() });
      // The rotated refresh token is on disk before any page hears of it.
      await store(next);
      log('session refreshed');
      return next;
    } catch (error) {
      if (error instanceof AuthError && SESSION_ENDING_ERRORS.has(error.oauthError ?? '')) {
        log('session ended: the provider refused the refresh token', {
          oauthError: error.oauthError,
        });
        retire(null);
        await store(null);
      }
      throw error;
    }
  }

  return {
    async load() {
      session = await file.load();
    },
    current: () => session,
    replace: (tokens) =>
      serially(async () => {
        await store(tokens);
        retire(null);
        return tokens;
      }),
    refresh(accessToken, now) {
      if (refreshing) {
        log('refresh joined the one under way');
        return refreshing;
      }
      const current = session;
      if (
        current &&
        current.accessToken !== accessToken &&
        (current.expiresAt === undefined || current.expiresAt - FRESH_ENOUGH_MS > now)
      ) {
        log('refresh answered with the session another page already renewed');
        return Promise.resolve(current);
      }
      refreshing = serially(() => renew(now)).finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    forget: () =>
      serially(async () => {
        retire(session);
        await store(null);
      }),
    revoke: (accessToken) =>
      serially(async () => {
        const recent = retired && retired.until > clock.now() ? retired.tokens : null;
        const tokens = session ?? recent ?? { accessToken, tokenType: 'bearer' };
        retire(null);
        await store(null);
        return oauth.revoke({ tokens, signal: signal() });
      }),
    settled: () => queue.then(() => {}),
  };
}
