/**
 * The sign-in statechart: OAuth 2.0 authorization code with PKCE, for a Docker Desktop extension.
 *
 * Events (AuthEvent):
 *   SIGN_IN          idle → awaiting-browser: prepare a fresh login, save it, open the browser
 *   REOPEN_BROWSER   awaiting-browser: open the browser again with the same URL
 *   BROWSER_OPEN_FAILED  awaiting-browser: opening the browser threw (the UI offers the link)
 *   REDIRECT         the provider's redirect arrived without a page reload ({ search })
 *   ANSWER_PASTED    awaiting-browser: the address the browser ended on, pasted by the person
 *                    when Docker Desktop never received it ({ address }); decided like REDIRECT
 *   CANCEL           awaiting-browser / code-received / exchanging → idle, pending login dropped
 *   RETRY            error → awaiting-browser: a fresh login (a code is never reused)
 *   DISMISS          error → idle
 *   RETRY_PROFILE    authorized.profileFailed → authorized.loadingProfile
 *   REFRESH          authorized (ready, profileFailed) → refreshing, when it can: the extension's
 *                    own API refused the access token (createDesktopAuth's fetchWithToken)
 *   SIGN_OUT         authorized → idle at once (stored session cleared); the tokens are revoked
 *                    in the background, within a time limit, and a failure is reported in idle
 *
 * The session: tokens are saved in `deps.sessionStore` after the exchange and after every
 * refresh. At start, a stored unexpired session goes straight to `authorized` (no sign-in view
 * first); an expired one with a refresh token to `authorized.refreshing`. The access token is
 * refreshed `refreshMarginMs` before it expires (never sooner than `minRefreshDelayMs` after
 * the last time); only `authorized.refreshing` refreshes, so refreshes are single-flight by
 * construction. Only a refusal (`invalid_grant`, `invalid_client`, `unauthorized_client`) ends the
 * session (idle, with a notice); everything that says "not now" keeps it and retries with
 * backoff (`authorized.refreshBackoff`), honouring `Retry-After`. A 401 from the user's data
 * triggers one refresh, then sign-in. The view and the storage agree in every state: signed in
 * (`authorized`) exactly when a session is stored.
 *
 * The machine touches no global: every effect goes through `input.deps` (AuthDependencies),
 * and every effect is a named action, actor or guard below, so a test can swap any of them with
 * `authMachine.provide(...)` or pass fake dependencies as input.
 *
 * A redirect is decided the same way wherever it shows up (at start from the page's URL, as a
 * REDIRECT event, or pasted): while signed in, the session stays and the answer is set aside;
 * with no pending login → error `no_pending_login`; an answer whose `state` is not the pending
 * login's (a forged link, an old tab, a second click) is set aside with a quiet notice and the
 * sign-in in progress goes on, same link, same deadline; a matching answer for a pending login
 * older than its lifetime → error `login_expired`; otherwise code-received, where the pending
 * login is consumed (removed from the store) before anything else, so a reload can never
 * exchange a code twice. A reload while the browser is open (no answer yet) comes back to the
 * waiting view with the same link and the time left.
 */
import { and, assign, type DoneActorEvent, type ErrorActorEvent, fromPromise, setup } from 'xstate';
import {
  type AuthFailure,
  asAuthError,
  endsSession,
  isTemporary,
  toAuthFailure,
} from '../oauth/errors';
import { redirectSearchParams } from '../oauth/redirect';
import type {
  DeviceAuthorization,
  DevicePoll,
  OAuthClient,
  PendingAuthorization,
  SignInFlow,
  TokenSet,
  UserProfile,
  ValidatedRedirect,
} from '../oauth/types';
import { isFreshSession, isRefreshable } from './firstView';
import { type AuthSettings, MAX_TIMER_MS, resolveAuthSettings } from './settings';

export { type AuthSettings, defaultAuthSettings, resolveAuthSettings } from './settings';

/** Where the pending login is kept across Docker Desktop's reload of the extension tab. */
export interface PendingLoginStore {
  load(): PendingAuthorization | null;
  save(pending: PendingAuthorization): void;
  clear(): void;
}

/** Where a device sign-in in progress is kept, so a reload resumes polling until it expires. */
export interface PendingDeviceStore {
  load(): DeviceAuthorization | null;
  save(device: DeviceAuthorization): void;
  clear(): void;
}

/** Reads and clears the redirect's parameters in the extension tab's address. */
export interface RedirectLocation {
  /** The query (`?code=...&state=...`) when the current address is a redirect, else null. */
  read(): string | null;
  /** Removes the redirect's parameters from the address (history.replaceState). */
  clear(): void;
  /**
   * The query of an address the person pasted (`docker-desktop://…?code=…`, the https forwarder's
   * address, or just its query) when it is a sign-in answer for this extension; else null.
   */
  parse(address: string): string | null;
}

/** Where the session (the token set) is kept between visits to the extension tab. */
export interface SessionStore {
  load(): TokenSet | null;
  save(tokens: TokenSet): void;
  clear(): void;
}

/**
 * What the statechart announces (Docker Desktop's toasts): the events, in data; the views' texts
 * word them (src/ui/texts.ts).
 */
export interface Notifier {
  /** A sign-in completed (not a resumed or refreshed session), once the profile is known. */
  signedIn(profile: UserProfile | null): void;
  signedOut(): void;
  /** A sign-in failed: the failure the error view shows. */
  failed(failure: AuthFailure): void;
}

export interface AuthDependencies {
  oauth: OAuthClient;
  pendingStore: PendingLoginStore;
  deviceStore: PendingDeviceStore;
  sessionStore: SessionStore;
  location: RedirectLocation;
  /** Opens the system browser (ddClient.host.openExternal). */
  openBrowser(url: string): void;
  /** Epoch milliseconds. */
  clock: { now(): number };
  /** Desktop toasts; optional. */
  notifier?: Notifier;
}

const MAX_REFRESH_BACKOFF_MS = 5 * 60_000;

export interface AuthMachineInput {
  deps: AuthDependencies;
  settings?: Partial<AuthSettings>;
  /** 'code' (default) or 'device': how SIGN_IN and RETRY sign in. */
  flow?: SignInFlow | undefined;
}

export interface AuthContext {
  deps: AuthDependencies;
  settings: AuthSettings;
  flow: SignInFlow;
  /** The login in flight: created before the browser opens, or loaded from the store. */
  pending: PendingAuthorization | null;
  /** The device sign-in in flight: the code shown, the interval between polls, the expiry. */
  device: DeviceAuthorization | null;
  /** The redirect's query, as read from the address or a REDIRECT event. */
  redirectSearch: string | null;
  /** The redirect after validation (state, iss, error answers): what the exchange uses. */
  validated: ValidatedRedirect | null;
  /** Set when opening the browser threw: the UI insists on the link to copy. */
  browserOpenFailed: boolean;
  tokens: TokenSet | null;
  profile: UserProfile | null;
  profileError: AuthFailure | null;
  /**
   * Why the last attempt failed: a reason and its data, details without secrets. While a device
   * sign-in polls, the last poll's temporary failure (polling goes on, slower).
   */
  error: AuthFailure | null;
  /**
   * A problem at sign-out worth reporting (the revocation failed, or only the person can
   * revoke); sign-out still happened.
   */
  signOutWarning: AuthFailure | null;
  /** Why the user is back at the sign-in view without asking (the session ended). */
  sessionNotice: SessionNotice | null;
  /**
   * An answer that was set aside (it did not belong to the sign-in in progress), or why a pasted
   * address was not taken: the views say it quietly beside the sign-in in progress.
   */
  answerNotice: AnswerNotice | null;
  /** The `Retry-After` of the last failed refresh, in milliseconds, when the server sent one. */
  retryAfterMs: number | null;
  /** A sign-in just completed: announce it once the user's name is known. */
  welcomePending: boolean;
  /** Consecutive refreshes that failed on the network (for the backoff). */
  refreshAttempts: number;
  /** Set once a 401 from the user's data has led to a refresh: the next 401 ends the session. */
  refreshedAfterUnauthorized: boolean;
}

/**
 * 'set-aside': an answer for another `state` arrived and was ignored; 'not-an-answer': a pasted
 * text is no sign-in answer for this extension; 'other-sign-in': a pasted answer is another
 * sign-in's. (The sentences live with the views.)
 */
export type AnswerNotice = 'set-aside' | 'not-an-answer' | 'other-sign-in';

/** 'session-ended': the session ended without the person asking (a refusal of its refresh). */
export type SessionNotice = 'session-ended';

export type AuthEvent =
  | { type: 'SIGN_IN' }
  | { type: 'REOPEN_BROWSER' }
  | { type: 'BROWSER_OPEN_FAILED'; message: string }
  | { type: 'REDIRECT'; search: string }
  | { type: 'ANSWER_PASTED'; address: string }
  | { type: 'CANCEL' }
  | { type: 'RETRY' }
  | { type: 'DISMISS' }
  | { type: 'RETRY_PROFILE' }
  | { type: 'REFRESH' }
  | { type: 'SIGN_OUT' }
  /** From the background revocation started at sign-out. */
  | { type: 'REVOCATION_FAILED'; failure: AuthFailure };

/** Reads an invoked actor's result; `params` of the named assign actions below. */
function outputOf<T>({ event }: { event: DoneActorEvent<T> }): T {
  return event.output;
}

/** Reads an invoked actor's failure; `params` of the named failure actions below. */
function errorOf({ event }: { event: ErrorActorEvent }): unknown {
  return event.error;
}

/** A device poll's outcome. */
function pollOf(event: { type: string }): DevicePoll {
  return (event as DoneActorEvent<DevicePoll>).output;
}

/** The failure an invoked actor rejected with, recognised by its reason (not its class). */
function authErrorOf(event: { type: string }) {
  return asAuthError((event as Partial<ErrorActorEvent>).error);
}

/**
 * The answer an event brings: a REDIRECT's query, a pasted address's query when it is an answer
 * for this extension (else null), or, for any other event, the one read from the address.
 */
function answerOf(context: AuthContext, event: AuthEvent): string | null {
  if (event.type === 'REDIRECT') return event.search;
  if (event.type === 'ANSWER_PASTED') return context.deps.location.parse(event.address);
  return context.redirectSearch;
}

/** Whether the answer carries the pending login's `state`: only then is it this sign-in's. */
function answersPendingLogin(context: AuthContext, event: AuthEvent): boolean {
  const answer = answerOf(context, event);
  const state = answer === null ? null : redirectSearchParams(answer).get('state');
  return state !== null && state === context.pending?.state;
}

/** Milliseconds from now until the access token should be refreshed (see `refreshDue`). */
function refreshDueIn(context: AuthContext): number | undefined {
  const expiresAt = context.tokens?.expiresAt;
  if (expiresAt === undefined) return undefined;
  const remaining = expiresAt - context.deps.clock.now();
  return remaining - Math.min(context.settings.refreshMarginMs, remaining / 2);
}

/** A failure of the statechart's own: its reason, and a technical message for logs. */
function failure(reason: AuthFailure['reason']): AuthFailure {
  return { reason, message: `statechart: ${reason}` };
}

const EXCHANGE_TIMED_OUT: AuthFailure = { ...failure('exchange_timeout'), kind: 'timer' };

/** Twice the device sign-in's interval, after a poll that failed for now. */
function slower(context: AuthContext, error: unknown) {
  return {
    intervalMs: 2 * (context.device as DeviceAuthorization).intervalMs,
    error: toAuthFailure(error),
  };
}

/** Signed in with a token set (from the code exchange or a device poll): the session is saved. */
const signedIn = <E>(tokens: (args: { event: E }) => TokenSet) =>
  [
    'forgetCode',
    'clearSession',
    { type: 'assignTokens', params: tokens },
    'saveSession',
    'expectWelcome',
  ] as const;

// Invocations carry ids equal to their actor's name, so their completion events are
// `xstate.done.actor.<name>` / `xstate.error.actor.<name>` (used by the model-based tests).
/**
 * While signed in (`ready` or `profileFailed`): refresh when due, or end the session when the
 * access token expires and there is nothing to refresh it with. A token without expiry arms the
 * timer at its longest and ignores it when it fires; a timer cut short by setTimeout's limit
 * (a token living longer than 24 days) is armed again.
 */
const refreshWhenDue = (self: 'ready' | 'profileFailed') =>
  ({
    refreshDue: [
      { guard: 'isRefreshNotDueYet', target: self, reenter: true },
      { guard: and(['hasExpiry', 'canRefresh']), target: 'refreshing' },
      {
        guard: 'hasExpiry',
        target: '#auth.idle',
        actions: ['clearStoredSession', 'clearSession', 'noticeSessionEnded'],
      },
    ],
  }) as const;

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
    startDeviceAuthorization: fromPromise<DeviceAuthorization, { deps: AuthDependencies }>(
      ({ input, signal }) =>
        input.deps.oauth.startDeviceAuthorization({ now: input.deps.clock.now(), signal }),
    ),
    pollDeviceToken: fromPromise<
      DevicePoll,
      { deps: AuthDependencies; device: DeviceAuthorization }
    >(({ input, signal }) =>
      input.deps.oauth.pollDeviceToken({
        device: input.device,
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
  },
  actions: {
    /** Reads the redirect's query from the address, at start. */
    readRedirect: assign({ redirectSearch: ({ context }) => context.deps.location.read() }),
    /** Removes the redirect's parameters from the address as soon as they are read. */
    clearRedirectFromAddress: ({ context }) => {
      if (context.redirectSearch !== null) context.deps.location.clear();
    },
    /** The sign-in in progress when the tab was reloaded: a login, or a device sign-in. */
    loadPendingLogin: assign({
      pending: ({ context }) => context.deps.pendingStore.load(),
      device: ({ context }) => context.deps.deviceStore.load(),
    }),
    /** The answer a REDIRECT brings, or the query of a pasted address. */
    assignRedirectFromEvent: assign({
      redirectSearch: ({ context, event }) => answerOf(context, event),
    }),
    /** A sign-in starts: its pending login, or its device sign-in. */
    assignSignIn: assign(
      (_, started: Pick<AuthContext, 'pending'> | Pick<AuthContext, 'device'>) => ({
        ...started,
        browserOpenFailed: false,
        error: null,
        answerNotice: null,
      }),
    ),

    /** The answer did not belong to the sign-in in progress: it goes on, told quietly. */
    setAnswerAside: assign({ answerNotice: 'set-aside' as const, redirectSearch: null }),
    refusePastedAddress: assign({ answerNotice: 'not-an-answer' as const }),
    refusePastedOtherSignIn: assign({ answerNotice: 'other-sign-in' as const }),
    clearAnswerNotice: assign({ answerNotice: null }),
    /** Saved before the browser opens: Docker Desktop may reload the page meanwhile. */
    savePendingLogin: ({ context: { deps, pending, device } }) => {
      if (pending) deps.pendingStore.save(pending);
      if (device) deps.deviceStore.save(device);
    },
    /** The authorization URL, or the device sign-in's verification page. */
    openBrowser: ({ context, self }) => {
      const { pending, device } = context;
      const url =
        pending?.authorizationUrl ?? device?.verificationUriComplete ?? device?.verificationUri;
      if (!url) return;
      try {
        context.deps.openBrowser(url);
      } catch (error) {
        self.send({
          type: 'BROWSER_OPEN_FAILED',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    },
    markBrowserOpenFailed: assign({ browserOpenFailed: true }),
    /**
     * Forgets the sign-in in flight (a login or a device sign-in) in the store; `forgetCode`
     * forgets it in memory.
     */
    dropPendingLogin: ({ context: { deps } }) => {
      deps.pendingStore.clear();
      deps.deviceStore.clear();
    },
    /** The code and verifier are done with once the exchange has run, whatever its outcome. */
    forgetCode: assign({ pending: null, device: null, redirectSearch: null, validated: null }),

    /**
     * The least time between two polls from now on (slow_down: RFC 8628 §3.5), kept with the
     * device sign-in so that a reload does not poll faster; `error`: a temporary failure.
     */
    setPollInterval: assign(
      ({ context }, { intervalMs, error }: { intervalMs: number; error: AuthFailure | null }) => {
        const device = context.device && { ...context.device, intervalMs };
        if (device) context.deps.deviceStore.save(device);
        return { device, error };
      },
    ),
    assignValidatedRedirect: assign((_, validated: ValidatedRedirect) => ({ validated })),
    assignTokens: assign((_, tokens: TokenSet) => ({ tokens, error: null })),
    assignProfile: assign((_, profile: UserProfile) => ({ profile, profileError: null })),
    assignProfileError: assign((_, error: unknown) => ({ profileError: toAuthFailure(error) })),
    assignFailure: assign((_, error: unknown) => ({ error: toAuthFailure(error) })),
    failNoPendingLogin: assign({
      error: failure('no_pending_login'),
    }),
    failLoginExpired: assign({
      error: failure('login_expired'),
    }),
    failBrowserTimeout: assign({
      error: failure('browser_timeout'),
    }),
    failDeviceExpired: assign({
      error: failure('device_code_expired'),
    }),
    failExchangeTimeout: assign({ error: EXCHANGE_TIMED_OUT }),
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
    noticeSessionEnded: assign({ sessionNotice: 'session-ended' as const }),
    clearSessionNotice: assign({ sessionNotice: null }),
    countRefreshFailure: assign({
      refreshAttempts: ({ context }) => context.refreshAttempts + 1,
      retryAfterMs: ({ event }) => authErrorOf(event)?.retryAfterMs ?? null,
    }),
    resetRefreshState: assign({ refreshAttempts: 0, retryAfterMs: null }),
    markRefreshedAfterUnauthorized: assign({ refreshedAfterUnauthorized: true }),
    clearRefreshedAfterUnauthorized: assign({ refreshedAfterUnauthorized: false }),
    assignSignOutWarning: assign({
      signOutWarning: ({ event }) => (event as { failure: AuthFailure }).failure,
    }),
    clearSignOutWarning: assign({ signOutWarning: null }),
    /**
     * Revokes the tokens in the background: the person is signed out here at once, and the
     * outcome comes back as the child's done or error event (handled at the root).
     */
    revokeInBackground: ({ context, self }) => {
      const { deps, tokens, settings } = context;
      if (!tokens) return;
      const limit = new AbortController();
      const timer = setTimeout(
        () => limit.abort(new DOMException('The revocation timed out.', 'TimeoutError')),
        settings.revocationTimeoutMs,
      );
      const report = (error: unknown) =>
        self.send({ type: 'REVOCATION_FAILED', failure: toAuthFailure(error) });
      deps.oauth
        .revoke({ tokens, signal: limit.signal })
        .catch(report)
        .finally(() => clearTimeout(timer));
      // The provider's own sign-out page, when the settings ask for it (providerLogout).
      deps.oauth
        .endSessionUrl?.({ tokens, signal: limit.signal })
        .then((url) => deps.openBrowser(url))
        .catch(report);
    },
    notifySignedOut: ({ context }) => context.deps.notifier?.signedOut(),
    /** Toasts once after a sign-in; not when a stored session is resumed or refreshed. */
    notifySignedIn: ({ context }) => {
      if (context.welcomePending) context.deps.notifier?.signedIn(context.profile);
    },
    clearWelcome: assign({ welcomePending: false }),
    expectWelcome: assign({ welcomePending: true }),
    notifyFailure: ({ context }) => {
      if (context.error) context.deps.notifier?.failed(context.error);
    },
  },
  guards: {
    hasNoRedirect: ({ context }) => context.redirectSearch === null,
    /** The answer (read at start, delivered, or pasted) is not the pending login's: set aside. */
    isForeignAnswer: ({ context, event }) => !answersPendingLogin(context, event),
    /** A pasted address that is not a sign-in answer for this extension at all. */
    isNotAnAnswer: ({ context, event }) => answerOf(context, event) === null,
    /** A stored session whose access token is still good for longer than the margin. */
    hasFreshStoredSession: ({ context }) =>
      isFreshSession(context.deps.sessionStore.load(), context.settings, context.deps.clock.now()),
    hasRefreshableStoredSession: ({ context }) => isRefreshable(context.deps.sessionStore.load()),
    hasStoredSession: ({ context }) => context.deps.sessionStore.load() !== null,
    canRefresh: ({ context }) => isRefreshable(context.tokens),
    hasExpiry: ({ context }) => context.tokens?.expiresAt !== undefined,
    hasProfile: ({ context }) => context.profile !== null,
    isUnauthorizedOnce: ({ context, event }) =>
      authErrorOf(event)?.status === 401 && !context.refreshedAfterUnauthorized,
    isUnauthorized: ({ event }) => authErrorOf(event)?.status === 401,
    /**
     * The refresh token was refused (used, revoked, expired, or the client is no longer
     * allowed): the session is over. Anything else is "not now" (src/oauth/errors.ts).
     */
    isRefreshRefused: ({ event }) => endsSession((event as { error?: unknown }).error),
    /** The refresh timer fired early (setTimeout's limit): the token is far from due. */
    isRefreshNotDueYet: ({ context }) => {
      const due = refreshDueIn(context);
      return due !== undefined && due > context.settings.refreshMarginMs + 1_000;
    },
    hasNoPendingLogin: ({ context }) => context.pending === null,
    usesDeviceFlow: ({ context }) => context.flow === 'device',
    hasPendingDevice: ({ context }) => context.device !== null,
    isDeviceExpired: ({ context }) =>
      context.device !== null && context.deps.clock.now() >= context.device.expiresAt,
    hasDeviceTokens: ({ event }) => pollOf(event).status === 'tokens',
    /** A poll that failed for now (no answer, 5xx...): polling goes on, slower (RFC 8628 §3.5). */
    isTemporaryFailure: ({ event }) => isTemporary((event as { error?: unknown }).error),
    isPendingLoginExpired: ({ context }) =>
      context.pending !== null &&
      context.deps.clock.now() - context.pending.startedAt > context.settings.pendingMaxAgeMs,
  },
  delays: {
    /** Until the pending login's own deadline: a reload or a set-aside answer does not extend it. */
    browserTimeout: ({ context }) =>
      Math.max(
        0,
        (context.pending?.startedAt ?? context.deps.clock.now()) +
          context.settings.browserTimeoutMs -
          context.deps.clock.now(),
      ),
    /** The device sign-in's interval between polls, as the server set it (and slowed it). */
    pollInterval: ({ context }) => Math.min(context.device?.intervalMs ?? 5_000, MAX_TIMER_MS),
    /** Until the device code expires. */
    deviceExpiry: ({ context }) =>
      Math.min(
        Math.max(0, (context.device?.expiresAt ?? 0) - context.deps.clock.now()),
        MAX_TIMER_MS,
      ),
    exchangeTimeout: ({ context }) => context.settings.exchangeTimeoutMs,
    /**
     * Until `refreshMarginMs` before the access token expires, or halfway through its remaining
     * life when that is shorter (a token living less than twice the margin would otherwise be
     * refreshed again at once, forever), but never sooner than `minRefreshDelayMs`; never when
     * it does not expire. Capped at setTimeout's limit (isRefreshNotDueYet arms it again).
     */
    refreshDue: ({ context }) => {
      const due = refreshDueIn(context);
      if (due === undefined || Number.isNaN(due)) return MAX_TIMER_MS;
      return Math.min(Math.max(context.settings.minRefreshDelayMs, due), MAX_TIMER_MS);
    },
    /** Doubling from `refreshBackoffMs`, at least the server's `Retry-After`, at most 5 minutes. */
    refreshBackoff: ({ context }) =>
      Math.min(
        Math.max(
          context.settings.refreshBackoffMs * 2 ** Math.max(0, context.refreshAttempts - 1),
          context.retryAfterMs ?? 0,
        ),
        MAX_REFRESH_BACKOFF_MS,
      ),
  },
}).createMachine({
  id: 'auth',
  context: ({ input }) => ({
    deps: input.deps,
    settings: resolveAuthSettings(input.settings),
    flow: input.flow ?? 'code',
    pending: null,
    device: null,
    redirectSearch: null,
    validated: null,
    browserOpenFailed: false,
    tokens: null,
    profile: null,
    profileError: null,
    error: null,
    signOutWarning: null,
    sessionNotice: null,
    answerNotice: null,
    retryAfterMs: null,
    welcomePending: false,
    refreshAttempts: 0,
    refreshedAfterUnauthorized: false,
  }),
  initial: 'starting',
  // The background revocation started at sign-out reports here, whatever state follows.
  on: {
    REVOCATION_FAILED: { actions: 'assignSignOutWarning' },
  },
  states: {
    /** Decides where to begin from the address, the stored session and the pending login. */
    starting: {
      entry: ['readRedirect', 'clearRedirectFromAddress', 'loadPendingLogin'],
      always: [
        // A live session always wins: an answer arriving meanwhile (an old link) is set aside.
        {
          guard: 'hasFreshStoredSession',
          target: 'authorized',
          actions: ['dropPendingLogin', 'forgetCode', 'restoreSession'],
        },
        {
          guard: 'hasRefreshableStoredSession',
          target: 'authorized.refreshing',
          actions: ['dropPendingLogin', 'forgetCode', 'restoreSession'],
        },
        {
          // Expired and not refreshable: nothing worth keeping.
          guard: 'hasStoredSession',
          target: 'idle',
          actions: ['dropPendingLogin', 'forgetCode', 'clearStoredSession', 'noticeSessionEnded'],
        },
        // A device sign-in in progress: polling resumes until the code expires.
        { guard: 'isDeviceExpired', target: 'idle', actions: ['dropPendingLogin', 'forgetCode'] },
        {
          guard: and(['hasPendingDevice', 'hasNoRedirect']),
          target: 'awaiting-browser.showingUserCode',
        },
        {
          guard: 'hasPendingDevice',
          target: 'awaiting-browser.showingUserCode',
          actions: 'setAnswerAside',
        },
        { guard: and(['hasNoRedirect', 'hasNoPendingLogin']), target: 'idle' },
        {
          // The pending login is over: nothing to wait for any more.
          guard: and(['hasNoRedirect', 'isPendingLoginExpired']),
          target: 'idle',
          actions: ['dropPendingLogin', 'forgetCode'],
        },
        // Desktop reloaded the tab while the browser is open: the same link, the time left.
        { guard: 'hasNoRedirect', target: 'awaiting-browser.waiting' },
        { guard: 'hasNoPendingLogin', target: 'error', actions: 'failNoPendingLogin' },
        {
          guard: and(['isForeignAnswer', 'isPendingLoginExpired']),
          target: 'idle',
          actions: ['dropPendingLogin', 'forgetCode'],
        },
        {
          guard: 'isForeignAnswer',
          target: 'awaiting-browser.waiting',
          actions: 'setAnswerAside',
        },
        {
          guard: 'isPendingLoginExpired',
          target: 'error',
          actions: ['dropPendingLogin', 'forgetCode', 'failLoginExpired'],
        },
        { target: 'code-received' },
      ],
    },
    idle: {
      on: {
        SIGN_IN: {
          target: 'awaiting-browser',
          actions: ['clearSignOutWarning', 'clearSessionNotice', 'clearAnswerNotice'],
        },
        // Idle has no pending login: a late answer is refused (it cannot start a sign-in).
        REDIRECT: { target: 'error', actions: 'failNoPendingLogin' },
      },
    },
    /**
     * The person is (about to be) in the browser, at the provider: signing in with the code
     * flow (`preparing`, `waiting`) or entering the device flow's code there
     * (`requestingDeviceCode`, `showingUserCode`).
     */
    'awaiting-browser': {
      initial: 'choosing',
      on: {
        CANCEL: {
          target: 'idle',
          actions: ['dropPendingLogin', 'forgetCode', 'clearAnswerNotice'],
        },
        REOPEN_BROWSER: { actions: 'openBrowser' },
        BROWSER_OPEN_FAILED: { actions: 'markBrowserOpenFailed' },
        // No login is pending here (`waiting` decides for itself): no answer is this sign-in's.
        REDIRECT: { actions: 'setAnswerAside' },
      },
      states: {
        /** The configured flow. */
        choosing: {
          always: [
            { guard: 'usesDeviceFlow', target: 'requestingDeviceCode' },
            { target: 'preparing' },
          ],
        },
        /** Discovery, PKCE, state and nonce, the authorization URL. */
        preparing: {
          invoke: {
            src: 'prepareAuthorization',
            id: 'prepareAuthorization',
            input: ({ context }) => ({ deps: context.deps }),
            onDone: {
              target: 'waiting',
              actions: [
                {
                  type: 'assignSignIn',
                  params: ({ event }) => ({ pending: event.output }),
                },
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
            REDIRECT: [
              // Not this sign-in's answer (forged, old tab, second click): it goes on.
              { guard: 'isForeignAnswer', actions: 'setAnswerAside' },
              {
                guard: 'isPendingLoginExpired',
                target: '#auth.error',
                actions: ['dropPendingLogin', 'forgetCode', 'failLoginExpired'],
              },
              { target: '#auth.code-received', actions: 'assignRedirectFromEvent' },
            ],
            // Docker Desktop never got the answer: the person pastes the browser's address.
            ANSWER_PASTED: [
              { guard: 'isNotAnAnswer', actions: 'refusePastedAddress' },
              { guard: 'isForeignAnswer', actions: 'refusePastedOtherSignIn' },
              {
                guard: 'isPendingLoginExpired',
                target: '#auth.error',
                actions: ['dropPendingLogin', 'forgetCode', 'failLoginExpired'],
              },
              {
                target: '#auth.code-received',
                actions: ['assignRedirectFromEvent', 'clearAnswerNotice'],
              },
            ],
          },
          after: {
            browserTimeout: {
              target: '#auth.error',
              actions: ['dropPendingLogin', 'forgetCode', 'failBrowserTimeout'],
            },
          },
        },
        /** RFC 8628 §3.1: the device code and the code the person enters. */
        requestingDeviceCode: {
          invoke: {
            src: 'startDeviceAuthorization',
            id: 'startDeviceAuthorization',
            input: ({ context }) => ({ deps: context.deps }),
            onDone: {
              target: 'showingUserCode',
              actions: [
                { type: 'assignSignIn', params: ({ event }) => ({ device: event.output }) },
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
        /**
         * The code is shown; the token endpoint is polled no sooner than the interval after the
         * last answer, until the person authorizes or declines, or the code expires.
         */
        showingUserCode: {
          initial: 'betweenPolls',
          after: {
            deviceExpiry: {
              target: '#auth.error',
              actions: ['dropPendingLogin', 'forgetCode', 'failDeviceExpired'],
            },
          },
          states: {
            betweenPolls: { after: { pollInterval: { target: 'polling' } } },
            /** One poll; leaving (CANCEL, expiry) aborts it, and its answer is then ignored. */
            polling: {
              invoke: {
                src: 'pollDeviceToken',
                id: 'pollDeviceToken',
                input: ({ context }) => ({
                  deps: context.deps,
                  device: context.device as DeviceAuthorization,
                }),
                onDone: [
                  {
                    // Redeemed: the device sign-in is consumed, so it is never polled again.
                    guard: 'hasDeviceTokens',
                    target: '#auth.authorized',
                    actions: [
                      'dropPendingLogin',
                      ...signedIn(
                        ({ event }: { event: DoneActorEvent<DevicePoll> }) =>
                          (event.output as { tokens: TokenSet }).tokens,
                      ),
                    ],
                  },
                  {
                    // authorization_pending, or slow_down with the longer interval.
                    target: 'betweenPolls',
                    actions: {
                      type: 'setPollInterval',
                      params: ({ context, event }) => ({
                        intervalMs:
                          (pollOf(event) as { intervalMs?: number }).intervalMs ??
                          (context.device as DeviceAuthorization).intervalMs,
                        error: null,
                      }),
                    },
                  },
                ],
                onError: [
                  {
                    // No answer, a 5xx...: twice the interval (RFC 8628 §3.5), and on.
                    guard: 'isTemporaryFailure',
                    target: 'betweenPolls',
                    actions: {
                      type: 'setPollInterval',
                      params: ({ context, event }) => slower(context, event.error),
                    },
                  },
                  {
                    // Declined, expired, refused: this sign-in is over.
                    target: '#auth.error',
                    actions: [
                      'dropPendingLogin',
                      'forgetCode',
                      { type: 'assignFailure', params: errorOf },
                    ],
                  },
                ],
              },
              after: {
                exchangeTimeout: {
                  target: 'betweenPolls',
                  actions: {
                    type: 'setPollInterval',
                    params: ({ context }) => slower(context, EXCHANGE_TIMED_OUT),
                  },
                },
              },
            },
          },
        },
      },
    },
    /** The redirect is here: the pending login is consumed, then the redirect is validated. */
    'code-received': {
      // Consumed: removed from the store before anything else, so a reload never exchanges a
      // code twice.
      entry: ['dropPendingLogin', 'clearAnswerNotice'],
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
      on: { CANCEL: { target: 'idle', actions: ['dropPendingLogin', 'forgetCode'] } },
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
        onDone: { target: 'authorized', actions: signedIn(outputOf<TokenSet>) },
        onError: {
          target: 'error',
          actions: ['forgetCode', { type: 'assignFailure', params: errorOf }],
        },
      },
      after: {
        exchangeTimeout: { target: 'error', actions: ['forgetCode', 'failExchangeTimeout'] },
      },
      on: { CANCEL: { target: 'idle', actions: ['dropPendingLogin', 'forgetCode'] } },
    },
    authorized: {
      initial: 'loadingProfile',
      on: {
        // Signed out here at once; the revocation runs in the background, within a time limit.
        SIGN_OUT: {
          target: 'idle',
          actions: [
            'clearStoredSession',
            'clearSignOutWarning',
            'revokeInBackground',
            'clearSession',
            'notifySignedOut',
          ],
        },
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
                'clearWelcome',
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
          on: { REFRESH: { guard: 'canRefresh', target: 'refreshing' } },
          after: refreshWhenDue('ready'),
        },
        /** The session is kept; the profile can be fetched again. */
        profileFailed: {
          on: {
            RETRY_PROFILE: { target: 'loadingProfile' },
            REFRESH: { guard: 'canRefresh', target: 'refreshing' },
          },
          after: refreshWhenDue('profileFailed'),
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
                // invalid_grant and its kin: the refresh token is no longer any good.
                guard: 'isRefreshRefused',
                target: '#auth.idle',
                actions: ['clearStoredSession', 'clearSession', 'noticeSessionEnded'],
              },
              // Anything else says "not now": the session is kept and the refresh tried again.
              { target: 'refreshBackoff', actions: 'countRefreshFailure' },
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
