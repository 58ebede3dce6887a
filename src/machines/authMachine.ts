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
 *   SIGN_OUT         authorized → signing-out → idle
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
  assertEvent,
  assign,
  type DoneActorEvent,
  type ErrorActorEvent,
  enqueueActions,
  fromPromise,
  setup,
} from 'xstate';
import { type AuthFailure, toAuthFailure } from '../oauth/errors';
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

export interface Notifier {
  success(message: string): void;
  error(message: string): void;
}

export interface AuthDependencies {
  oauth: OAuthClient;
  pendingStore: PendingLoginStore;
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
}

export const defaultAuthSettings: AuthSettings = {
  browserTimeoutMs: 10 * 60_000,
  exchangeTimeoutMs: 30_000,
  pendingMaxAgeMs: 10 * 60_000,
};

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

function failure(reason: AuthFailure['reason'], message: string): AuthFailure {
  return { reason, message };
}

// Invocations carry ids equal to their actor's name, so their completion events are
// `xstate.done.actor.<name>` / `xstate.error.actor.<name>` (used by the model-based tests).
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
    clearSession: assign({ tokens: null, profile: null, profileError: null }),
    assignSignOutWarning: assign((_, error: unknown) => ({
      signOutWarning: `You are signed out here, but the server could not revoke the session: ${toAuthFailure(error).message}`,
    })),
    clearSignOutWarning: assign({ signOutWarning: null }),
    notifySignedIn: ({ context }) => {
      const who = context.profile?.name ?? context.profile?.email;
      context.deps.notifier?.success(who ? `Signed in as ${who}.` : 'Signed in.');
    },
    notifyFailure: ({ context }) => {
      if (context.error) context.deps.notifier?.error(context.error.message);
    },
  },
  guards: {
    hasNoRedirect: ({ context }) => context.redirectSearch === null,
    hasNoPendingLogin: ({ context }) => context.pending === null,
    isPendingLoginExpired: ({ context }) =>
      context.pending !== null &&
      context.deps.clock.now() - context.pending.startedAt > context.settings.pendingMaxAgeMs,
  },
  delays: {
    browserTimeout: ({ context }) => context.settings.browserTimeoutMs,
    exchangeTimeout: ({ context }) => context.settings.exchangeTimeoutMs,
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
  }),
  initial: 'starting',
  states: {
    /** Decides where to begin from the address and the pending-login record. */
    starting: {
      entry: ['readRedirect', 'clearRedirectFromAddress', 'loadPendingLogin'],
      always: [
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
        SIGN_IN: { target: 'awaiting-browser', actions: 'clearSignOutWarning' },
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
          actions: ['forgetCode', { type: 'assignTokens', params: outputOf<TokenSet> }],
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
              actions: [{ type: 'assignProfile', params: outputOf<UserProfile> }, 'notifySignedIn'],
            },
            onError: {
              target: 'profileFailed',
              actions: { type: 'assignProfileError', params: errorOf },
            },
          },
        },
        ready: {},
        /** The session is kept; the profile can be fetched again. */
        profileFailed: {
          on: { RETRY_PROFILE: { target: 'loadingProfile' } },
        },
      },
    },
    /** Revokes the tokens where the server supports it; idle whatever the outcome. */
    'signing-out': {
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
