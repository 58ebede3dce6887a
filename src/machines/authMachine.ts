/**
 * The sign-in statechart: OAuth 2.0 authorization code with PKCE, for a Docker Desktop extension.
 *
 * Events (AuthEvent):
 *   SIGN_IN          idle → awaiting-browser: prepare a fresh login, save it, open the browser
 *   REOPEN_BROWSER   awaiting-browser: open the browser again with the same URL
 *   BROWSER_OPEN_FAILED  awaiting-browser: opening the browser threw (the UI offers the link)
 *   REDIRECT         the provider's redirect arrived without a page reload ({ search })
 *   CANCEL           awaiting-browser / code-received / exchanging → idle, pending login dropped
 *   RETRY            error → awaiting-browser: a fresh login (a code is never reused)
 *   DISMISS          error → idle
 *   RETRY_PROFILE    authorized.profileFailed → authorized.loadingProfile
 *   SIGN_OUT         authorized → signing-out (stored session cleared, tokens revoked) → idle
 *
 * The session: tokens are saved in `deps.sessionStore` after the exchange and after every
 * refresh. At start, a stored unexpired session goes straight to `authorized` (no sign-in view
 * first); an expired one with a refresh token to `authorized.refreshing`. The access token is
 * refreshed `refreshMarginMs` before it expires; only `authorized.refreshing` refreshes, so
 * refreshes are single-flight by construction. `invalid_grant` ends the session (idle, with a
 * notice); a network failure keeps it and retries with backoff (`authorized.refreshBackoff`).
 * A 401 from the user's data triggers one refresh, then sign-in.
 *
 * The machine touches no global: every effect goes through `input.deps` (AuthDependencies),
 * and every effect is a named action, actor or guard below, so a test can swap any of them with
 * `authMachine.provide(...)` or pass fake dependencies as input.
 *
 * A redirect is decided the same way wherever it shows up (at start from the page's URL, or as a
 * REDIRECT event): no pending login → error `no_pending_login`; a pending login older than its
 * lifetime → error `login_expired`; otherwise code-received, where the pending login is consumed
 * (removed from the store) before anything else, so a reload can never exchange a code twice.
 */
import {
  and,
  assertEvent,
  assign,
  type DoneActorEvent,
  type ErrorActorEvent,
  enqueueActions,
  fromPromise,
  setup,
} from 'xstate';
import { AuthError, type AuthFailure, toAuthFailure } from '../oauth/errors';
import type {
  OAuthClient,
  PendingAuthorization,
  TokenSet,
  UserProfile,
  ValidatedRedirect,
} from '../oauth/types';

/** Where the pending login is kept across Docker Desktop's reload of the extension tab. */
export interface PendingLoginStore {
  load(): PendingAuthorization | null;
  save(pending: PendingAuthorization): void;
  clear(): void;
}

/** Reads and clears the redirect's parameters in the extension tab's address. */
export interface RedirectLocation {
  /** The query (`?code=...&state=...`) when the current address is a redirect, else null. */
  read(): string | null;
  /** Removes the redirect's parameters from the address (history.replaceState). */
  clear(): void;
}

/** Where the session (the token set) is kept between visits to the extension tab. */
export interface SessionStore {
  load(): TokenSet | null;
  save(tokens: TokenSet): void;
  clear(): void;
}

export interface Notifier {
  success(message: string): void;
  error(message: string): void;
}

export interface AuthDependencies {
  oauth: OAuthClient;
  pendingStore: PendingLoginStore;
  sessionStore: SessionStore;
  location: RedirectLocation;
  /** Opens the system browser (ddClient.host.openExternal). */
  openBrowser(url: string): void;
  /** Epoch milliseconds. */
  clock: { now(): number };
  /** Desktop toasts; optional. */
  notifier?: Notifier;
}

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
}

export const defaultAuthSettings: AuthSettings = {
  browserTimeoutMs: 10 * 60_000,
  exchangeTimeoutMs: 30_000,
  pendingMaxAgeMs: 10 * 60_000,
  refreshMarginMs: 60_000,
  refreshBackoffMs: 5_000,
};

const MAX_REFRESH_BACKOFF_MS = 5 * 60_000;
/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface AuthMachineInput {
  deps: AuthDependencies;
  settings?: Partial<AuthSettings>;
}

export interface AuthContext {
  deps: AuthDependencies;
  settings: AuthSettings;
  /** The login in flight: created before the browser opens, or loaded from the store. */
  pending: PendingAuthorization | null;
  /** The redirect's query, as read from the address or a REDIRECT event. */
  redirectSearch: string | null;
  /** The redirect after validation (state, iss, error answers): what the exchange uses. */
  validated: ValidatedRedirect | null;
  /** Set when opening the browser threw: the UI insists on the link to copy. */
  browserOpenFailed: boolean;
  tokens: TokenSet | null;
  profile: UserProfile | null;
  profileError: AuthFailure | null;
  /** Why the last attempt failed: a reason, a sentence, details without secrets. */
  error: AuthFailure | null;
  /** A problem at sign-out worth reporting (revocation failed); sign-out still happened. */
  signOutWarning: string | null;
  /** Why the user is back at the sign-in view without asking (the session ended). */
  sessionNotice: string | null;
  /** A sign-in just completed: announce it once the user's name is known. */
  welcomePending: boolean;
  /** Consecutive refreshes that failed on the network (for the backoff). */
  refreshAttempts: number;
  /** Set once a 401 from the user's data has led to a refresh: the next 401 ends the session. */
  refreshedAfterUnauthorized: boolean;
}

export type AuthEvent =
  | { type: 'SIGN_IN' }
  | { type: 'REOPEN_BROWSER' }
  | { type: 'BROWSER_OPEN_FAILED'; message: string }
  | { type: 'REDIRECT'; search: string }
  | { type: 'CANCEL' }
  | { type: 'RETRY' }
  | { type: 'DISMISS' }
  | { type: 'RETRY_PROFILE' }
  | { type: 'SIGN_OUT' };

/** Reads an invoked actor's result; `params` of the named assign actions below. */
function outputOf<T>({ event }: { event: DoneActorEvent<T> }): T {
  return event.output;
}

/** Reads an invoked actor's failure; `params` of the named failure actions below. */
function errorOf({ event }: { event: ErrorActorEvent }): unknown {
  return event.error;
}

/** The failure an invoked actor rejected with, as the guards below need it. */
function authErrorOf(event: { type: string }): AuthError | null {
  const error = (event as Partial<ErrorActorEvent>).error;
  return error instanceof AuthError ? error : null;
}

/**
 * A session that can be renewed: the page holds its refresh token, or the extension's backend
 * holds it for the page (`refreshable`).
 */
function isRefreshable(tokens: TokenSet | null | undefined): boolean {
  return Boolean(tokens?.refreshToken) || tokens?.refreshable === true;
}

function failure(reason: AuthFailure['reason'], message: string): AuthFailure {
  return { reason, message };
}

// Invocations carry ids equal to their actor's name, so their completion events are
// `xstate.done.actor.<name>` / `xstate.error.actor.<name>` (used by the model-based tests).
/**
 * While signed in (`ready` or `profileFailed`): refresh when due, or end the session when the
 * access token expires and there is nothing to refresh it with. A token without expiry arms the
 * timer at its longest and ignores it when it fires.
 */
const refreshWhenDue = {
  refreshDue: [
    { guard: and(['hasExpiry', 'canRefresh']), target: 'refreshing' },
    {
      guard: 'hasExpiry',
      target: '#auth.idle',
      actions: ['clearStoredSession', 'clearSession', 'noticeSessionEnded'],
    },
  ],
} as const;

export const authMachine = setup({
  types: {
    context: {} as AuthContext,
    events: {} as AuthEvent,
    input: {} as AuthMachineInput,
  },
  actors: {
    prepareAuthorization: fromPromise<PendingAuthorization, { deps: AuthDependencies }>(
      ({ input, signal }) =>
        input.deps.oauth.prepareAuthorization({ now: input.deps.clock.now(), signal }),
    ),
    validateRedirect: fromPromise<
      ValidatedRedirect,
      { deps: AuthDependencies; search: string; pending: PendingAuthorization }
    >(({ input, signal }) =>
      input.deps.oauth.validateRedirect({ search: input.search, pending: input.pending, signal }),
    ),
    exchangeCode: fromPromise<
      TokenSet,
      { deps: AuthDependencies; redirect: ValidatedRedirect; pending: PendingAuthorization }
    >(({ input, signal }) =>
      input.deps.oauth.exchangeCode({
        redirect: input.redirect,
        pending: input.pending,
        now: input.deps.clock.now(),
        signal,
      }),
    ),
    fetchUserProfile: fromPromise<UserProfile, { deps: AuthDependencies; tokens: TokenSet }>(
      ({ input, signal }) => input.deps.oauth.fetchUserProfile({ tokens: input.tokens, signal }),
    ),
    refreshTokens: fromPromise<TokenSet, { deps: AuthDependencies; tokens: TokenSet }>(
      ({ input, signal }) =>
        input.deps.oauth.refresh({ tokens: input.tokens, now: input.deps.clock.now(), signal }),
    ),
    revokeTokens: fromPromise<boolean, { deps: AuthDependencies; tokens: TokenSet | null }>(
      async ({ input, signal }) =>
        input.tokens ? input.deps.oauth.revoke({ tokens: input.tokens, signal }) : false,
    ),
  },
  actions: {
    /** Reads the redirect's query from the address, at start. */
    readRedirect: assign({ redirectSearch: ({ context }) => context.deps.location.read() }),
    /** Removes the redirect's parameters from the address as soon as they are read. */
    clearRedirectFromAddress: ({ context }) => {
      if (context.redirectSearch !== null) context.deps.location.clear();
    },
    loadPendingLogin: assign({ pending: ({ context }) => context.deps.pendingStore.load() }),
    assignRedirectFromEvent: assign({
      redirectSearch: ({ event }) => {
        assertEvent(event, 'REDIRECT');
        return event.search;
      },
    }),
    assignPendingLogin: assign((_, pending: PendingAuthorization) => ({
      pending,
      browserOpenFailed: false,
      error: null,
    })),
    /** Saved before the browser opens: Docker Desktop may reload the page meanwhile. */
    savePendingLogin: ({ context }) => {
      if (context.pending) context.deps.pendingStore.save(context.pending);
    },
    openBrowser: ({ context, self }) => {
      if (!context.pending) return;
      try {
        context.deps.openBrowser(context.pending.authorizationUrl);
      } catch (error) {
        self.send({
          type: 'BROWSER_OPEN_FAILED',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    },
    markBrowserOpenFailed: assign({ browserOpenFailed: true }),
    /** Removes the pending login from the store before the token request: single use. */
    consumePendingLogin: ({ context }) => context.deps.pendingStore.clear(),
    /** Forgets the login in flight, in the store and in memory. */
    dropPendingLogin: enqueueActions(({ context, enqueue }) => {
      enqueue(() => context.deps.pendingStore.clear());
      enqueue.assign({ pending: null, redirectSearch: null, validated: null });
    }),
    /** The code and verifier are done with once the exchange has run, whatever its outcome. */
    forgetCode: assign({ pending: null, redirectSearch: null, validated: null }),
    assignValidatedRedirect: assign((_, validated: ValidatedRedirect) => ({ validated })),
    assignTokens: assign((_, tokens: TokenSet) => ({ tokens, error: null })),
    assignProfile: assign((_, profile: UserProfile) => ({ profile, profileError: null })),
    assignProfileError: assign((_, error: unknown) => ({ profileError: toAuthFailure(error) })),
    assignFailure: assign((_, error: unknown) => ({ error: toAuthFailure(error) })),
    failNoPendingLogin: assign({
      error: failure(
        'no_pending_login',
        'A sign-in answer arrived, but no sign-in was started here (or it was cancelled). Please sign in again.',
      ),
    }),
    failLoginExpired: assign({
      error: failure(
        'login_expired',
        'The sign-in took too long and has expired. Please sign in again.',
      ),
    }),
    failBrowserTimeout: assign({
      error: failure(
        'browser_timeout',
        'No answer came back from the browser in time. Please sign in again.',
      ),
    }),
    failExchangeTimeout: assign({
      error: failure(
        'exchange_timeout',
        'The sign-in server did not answer in time. Please try again.',
      ),
    }),
    /** Keeps the session for the next visit: one write, the rotated refresh token included. */
    saveSession: ({ context }) => {
      if (context.tokens) context.deps.sessionStore.save(context.tokens);
    },
    restoreSession: assign({
      tokens: ({ context }) => context.deps.sessionStore.load(),
      refreshAttempts: 0,
      refreshedAfterUnauthorized: false,
    }),
    clearStoredSession: ({ context }) => context.deps.sessionStore.clear(),
    clearSession: assign({
      tokens: null,
      profile: null,
      profileError: null,
      refreshAttempts: 0,
      refreshedAfterUnauthorized: false,
    }),
    noticeSessionEnded: assign({
      sessionNotice: 'Your session has ended. Please sign in again.',
    }),
    clearSessionNotice: assign({ sessionNotice: null }),
    countRefreshFailure: assign({ refreshAttempts: ({ context }) => context.refreshAttempts + 1 }),
    resetRefreshState: assign({ refreshAttempts: 0 }),
    markRefreshedAfterUnauthorized: assign({ refreshedAfterUnauthorized: true }),
    clearRefreshedAfterUnauthorized: assign({ refreshedAfterUnauthorized: false }),
    assignSignOutWarning: assign((_, error: unknown) => ({
      signOutWarning: `You are signed out here, but the server could not revoke the session: ${toAuthFailure(error).message}`,
    })),
    clearSignOutWarning: assign({ signOutWarning: null }),
    /** Toasts once after a sign-in; not when a stored session is resumed or refreshed. */
    notifySignedIn: enqueueActions(({ context, enqueue }) => {
      if (!context.welcomePending) return;
      const who = context.profile?.name ?? context.profile?.email;
      enqueue(() => context.deps.notifier?.success(who ? `Signed in as ${who}.` : 'Signed in.'));
      enqueue.assign({ welcomePending: false });
    }),
    expectWelcome: assign({ welcomePending: true }),
    notifyFailure: ({ context }) => {
      if (context.error) context.deps.notifier?.error(context.error.message);
    },
  },
  guards: {
    hasNoRedirect: ({ context }) => context.redirectSearch === null,
    /** A stored session whose access token is still good for longer than the margin. */
    hasFreshStoredSession: ({ context }) => {
      const stored = context.deps.sessionStore.load();
      return (
        stored !== null &&
        (stored.expiresAt === undefined ||
          stored.expiresAt - context.settings.refreshMarginMs > context.deps.clock.now())
      );
    },
    hasRefreshableStoredSession: ({ context }) => isRefreshable(context.deps.sessionStore.load()),
    hasStoredSession: ({ context }) => context.deps.sessionStore.load() !== null,
    canRefresh: ({ context }) => isRefreshable(context.tokens),
    hasExpiry: ({ context }) => context.tokens?.expiresAt !== undefined,
    hasProfile: ({ context }) => context.profile !== null,
    isUnauthorizedOnce: ({ context, event }) =>
      authErrorOf(event)?.status === 401 && !context.refreshedAfterUnauthorized,
    isUnauthorized: ({ event }) => authErrorOf(event)?.status === 401,
    /** The refresh token was refused (used, revoked, expired): the session is over. */
    isRefreshRefused: ({ event }) => {
      const error = authErrorOf(event);
      return error?.reason === 'token_error' || error?.reason === 'invalid_response';
    },
    /** Worth trying again later: no answer, or the server's own trouble (5xx). */
    isTransientFailure: ({ event }) => {
      const error = authErrorOf(event);
      return (
        error === null ||
        error.reason === 'network_error' ||
        error.reason === 'backend_unavailable' ||
        error.reason === 'exchange_timeout' ||
        (error.reason === 'http_error' && (error.status ?? 500) >= 500)
      );
    },
    hasNoPendingLogin: ({ context }) => context.pending === null,
    isPendingLoginExpired: ({ context }) =>
      context.pending !== null &&
      context.deps.clock.now() - context.pending.startedAt > context.settings.pendingMaxAgeMs,
  },
  delays: {
    browserTimeout: ({ context }) => context.settings.browserTimeoutMs,
    exchangeTimeout: ({ context }) => context.settings.exchangeTimeoutMs,
    /**
     * Until `refreshMarginMs` before the access token expires, or halfway through its remaining
     * life when that is shorter (a token living less than twice the margin would otherwise be
     * refreshed again at once, forever); never when it does not expire.
     */
    refreshDue: ({ context }) => {
      const expiresAt = context.tokens?.expiresAt;
      if (expiresAt === undefined) return MAX_TIMER_MS;
      const remaining = expiresAt - context.deps.clock.now();
      const due = remaining - Math.min(context.settings.refreshMarginMs, remaining / 2);
      return Math.min(Math.max(0, due), MAX_TIMER_MS);
    },
    refreshBackoff: ({ context }) =>
      Math.min(
        context.settings.refreshBackoffMs * 2 ** Math.max(0, context.refreshAttempts - 1),
        MAX_REFRESH_BACKOFF_MS,
      ),
  },
}).createMachine({
  id: 'auth',
  context: ({ input }) => ({
    deps: input.deps,
    settings: { ...defaultAuthSettings, ...input.settings },
    pending: null,
    redirectSearch: null,
    validated: null,
    browserOpenFailed: false,
    tokens: null,
    profile: null,
    profileError: null,
    error: null,
    signOutWarning: null,
    sessionNotice: null,
    welcomePending: false,
    refreshAttempts: 0,
    refreshedAfterUnauthorized: false,
  }),
  initial: 'starting',
  states: {
    /** Decides where to begin from the address and the pending-login record. */
    starting: {
      entry: ['readRedirect', 'clearRedirectFromAddress', 'loadPendingLogin'],
      always: [
        {
          guard: and(['hasNoRedirect', 'hasFreshStoredSession']),
          target: 'authorized',
          actions: 'restoreSession',
        },
        {
          guard: and(['hasNoRedirect', 'hasRefreshableStoredSession']),
          target: 'authorized.refreshing',
          actions: 'restoreSession',
        },
        {
          // Expired and not refreshable: nothing worth keeping.
          guard: and(['hasNoRedirect', 'hasStoredSession']),
          target: 'idle',
          actions: ['clearStoredSession', 'noticeSessionEnded'],
        },
        { guard: 'hasNoRedirect', target: 'idle' },
        { guard: 'hasNoPendingLogin', target: 'error', actions: 'failNoPendingLogin' },
        {
          guard: 'isPendingLoginExpired',
          target: 'error',
          actions: ['dropPendingLogin', 'failLoginExpired'],
        },
        { target: 'code-received' },
      ],
    },
    idle: {
      on: {
        SIGN_IN: {
          target: 'awaiting-browser',
          actions: ['clearSignOutWarning', 'clearSessionNotice'],
        },
        REDIRECT: [
          { guard: 'hasNoPendingLogin', target: 'error', actions: 'failNoPendingLogin' },
          {
            guard: 'isPendingLoginExpired',
            target: 'error',
            actions: ['dropPendingLogin', 'failLoginExpired'],
          },
          { target: 'code-received', actions: 'assignRedirectFromEvent' },
        ],
      },
    },
    'awaiting-browser': {
      initial: 'preparing',
      on: {
        CANCEL: { target: 'idle', actions: 'dropPendingLogin' },
      },
      states: {
        /** Discovery, PKCE, state and nonce, the authorization URL. */
        preparing: {
          invoke: {
            src: 'prepareAuthorization',
            id: 'prepareAuthorization',
            input: ({ context }) => ({ deps: context.deps }),
            onDone: {
              target: 'waiting',
              actions: [
                { type: 'assignPendingLogin', params: outputOf<PendingAuthorization> },
                'savePendingLogin',
                'openBrowser',
              ],
            },
            onError: {
              target: '#auth.error',
              actions: { type: 'assignFailure', params: errorOf },
            },
          },
        },
        /** The browser is open at the provider; the redirect will come back to the tab. */
        waiting: {
          on: {
            REOPEN_BROWSER: { actions: 'openBrowser' },
            BROWSER_OPEN_FAILED: { actions: 'markBrowserOpenFailed' },
            REDIRECT: [
              {
                guard: 'isPendingLoginExpired',
                target: '#auth.error',
                actions: ['dropPendingLogin', 'failLoginExpired'],
              },
              { target: '#auth.code-received', actions: 'assignRedirectFromEvent' },
            ],
          },
          after: {
            browserTimeout: {
              target: '#auth.error',
              actions: ['dropPendingLogin', 'failBrowserTimeout'],
            },
          },
        },
      },
    },
    /** The redirect is here: the pending login is consumed, then the redirect is validated. */
    'code-received': {
      entry: 'consumePendingLogin',
      invoke: {
        src: 'validateRedirect',
        id: 'validateRedirect',
        input: ({ context }) => ({
          deps: context.deps,
          search: context.redirectSearch ?? '',
          // Entered only with a pending login (see the guards above).
          pending: context.pending as PendingAuthorization,
        }),
        onDone: {
          target: 'exchanging',
          actions: { type: 'assignValidatedRedirect', params: outputOf<ValidatedRedirect> },
        },
        onError: {
          target: 'error',
          actions: ['forgetCode', { type: 'assignFailure', params: errorOf }],
        },
      },
      on: { CANCEL: { target: 'idle', actions: 'dropPendingLogin' } },
    },
    /** The token request. Leaving this state aborts it (the actor's signal). */
    exchanging: {
      invoke: {
        src: 'exchangeCode',
        id: 'exchangeCode',
        input: ({ context }) => ({
          deps: context.deps,
          redirect: context.validated as ValidatedRedirect,
          pending: context.pending as PendingAuthorization,
        }),
        onDone: {
          target: 'authorized',
          actions: [
            'forgetCode',
            'clearSession',
            { type: 'assignTokens', params: outputOf<TokenSet> },
            'saveSession',
            'expectWelcome',
          ],
        },
        onError: {
          target: 'error',
          actions: ['forgetCode', { type: 'assignFailure', params: errorOf }],
        },
      },
      after: {
        exchangeTimeout: { target: 'error', actions: ['forgetCode', 'failExchangeTimeout'] },
      },
      on: { CANCEL: { target: 'idle', actions: 'dropPendingLogin' } },
    },
    authorized: {
      initial: 'loadingProfile',
      on: {
        SIGN_OUT: { target: 'signing-out' },
      },
      states: {
        /** "Use the access token to request the user data." */
        loadingProfile: {
          invoke: {
            src: 'fetchUserProfile',
            id: 'fetchUserProfile',
            input: ({ context }) => ({ deps: context.deps, tokens: context.tokens as TokenSet }),
            onDone: {
              target: 'ready',
              actions: [
                { type: 'assignProfile', params: outputOf<UserProfile> },
                'clearRefreshedAfterUnauthorized',
                'notifySignedIn',
              ],
            },
            onError: [
              {
                // The access token was refused: one refresh, then the user's data again.
                guard: and(['isUnauthorizedOnce', 'canRefresh']),
                target: 'refreshing',
                actions: 'markRefreshedAfterUnauthorized',
              },
              {
                guard: 'isUnauthorized',
                target: '#auth.idle',
                actions: ['clearStoredSession', 'clearSession', 'noticeSessionEnded'],
              },
              {
                target: 'profileFailed',
                actions: { type: 'assignProfileError', params: errorOf },
              },
            ],
          },
        },
        ready: {
          after: refreshWhenDue,
        },
        /** The session is kept; the profile can be fetched again. */
        profileFailed: {
          on: { RETRY_PROFILE: { target: 'loadingProfile' } },
          after: refreshWhenDue,
        },
        /** The refresh-token grant; the only state that refreshes, so never two at once. */
        refreshing: {
          invoke: {
            src: 'refreshTokens',
            id: 'refreshTokens',
            input: ({ context }) => ({ deps: context.deps, tokens: context.tokens as TokenSet }),
            onDone: [
              {
                guard: 'hasProfile',
                target: 'ready',
                actions: [
                  { type: 'assignTokens', params: outputOf<TokenSet> },
                  'saveSession',
                  'resetRefreshState',
                ],
              },
              {
                target: 'loadingProfile',
                actions: [
                  { type: 'assignTokens', params: outputOf<TokenSet> },
                  'saveSession',
                  'resetRefreshState',
                ],
              },
            ],
            onError: [
              {
                guard: 'isTransientFailure',
                target: 'refreshBackoff',
                actions: 'countRefreshFailure',
              },
              {
                // invalid_grant and its kin: the refresh token is no longer any good.
                target: '#auth.idle',
                actions: ['clearStoredSession', 'clearSession', 'noticeSessionEnded'],
              },
            ],
          },
          after: {
            exchangeTimeout: { target: 'refreshBackoff', actions: 'countRefreshFailure' },
          },
        },
        /** The server could not be reached: the session is kept and the refresh tried again. */
        refreshBackoff: {
          after: { refreshBackoff: { target: 'refreshing' } },
        },
      },
    },
    /** Clears the stored session, then revokes the tokens where the server supports it. */
    'signing-out': {
      entry: 'clearStoredSession',
      invoke: {
        src: 'revokeTokens',
        id: 'revokeTokens',
        input: ({ context }) => ({ deps: context.deps, tokens: context.tokens }),
        onDone: { target: 'idle', actions: 'clearSession' },
        onError: {
          target: 'idle',
          actions: ['clearSession', { type: 'assignSignOutWarning', params: errorOf }],
        },
      },
    },
    error: {
      entry: 'notifyFailure',
      on: {
        RETRY: { target: 'awaiting-browser', actions: 'forgetCode' },
        DISMISS: { target: 'idle' },
        // In error no login is pending (every failure forgets it): a late answer is refused again.
        REDIRECT: { target: 'error', reenter: true, actions: 'failNoPendingLogin' },
      },
    },
  },
});

export type AuthMachine = typeof authMachine;
