/**
 * `createDesktopAuth(options)`: the sign-in of a Docker Desktop extension as one object around
 * the one statechart actor, for any framework or none. It connects to Docker Desktop, reads the
 * provider, builds the statechart's dependencies (src/auth/dependencies.ts) from Desktop and the
 * extension's storage (or its backend), starts the actor once, and offers what an extension's
 * own code needs: sign in and out, the access token for its API calls (`getAccessToken`,
 * `fetchWithToken`), answers that arrive by other means (`handleRedirect`), and changes
 * (`subscribe`, `getSnapshot`, hooks). The React entry (src/ui) renders the same object.
 *
 * Failures are recognised by their `reason`, never by `instanceof`: two installed copies of the
 * package agree on them.
 */
import type { InspectionEvent } from 'xstate';
import { createBackendOAuthClient, createBackendSessionStore } from '../desktop/backendClient';
import { connectToDesktop, type DesktopConnection } from '../desktop/desktopClient';
import { browserKeyValueStorage, type KeyValueStorage, prefixedStorage } from '../desktop/storage';
import { bindingOf, type StoreLogger } from '../desktop/versionedRecord';
import type {
  AuthDependencies,
  AuthEvent,
  AuthSettings,
  SessionStore,
} from '../machines/authMachine';
import { type FirstView, firstViewOf } from '../machines/firstView';
import { resolveAuthSettings } from '../machines/settings';
import { AuthError, type AuthFailure, asAuthError } from '../oauth/errors';
import type { OAuthClient, ProviderConfig, UserProfile } from '../oauth/types';
import type { OAuthMode, ProviderSettingsConfig } from '../providerMode';
import { type SignInTexts, type TextOverrides, textsWith } from '../ui/texts';
import type { AuthActor, AuthSnapshot } from './actor';
import { createDesktopAdapters, type DesktopAdapters } from './dependencies';
import { builtProvider, type ProviderSource } from './provider';
import { openStartGate, type StartGate } from './startGate';

/** XState, the statechart and the protocol client (src/auth/signInLayer.ts). */
export type SignInLayer = typeof import('./signInLayer');

export const NO_BACKEND =
  'This extension signs in through its backend, but Docker Desktop runs no backend for it: ' +
  'its metadata.json must declare the "vm" service (see the README).';

export const NOT_SIGNED_IN = 'You are not signed in.';

/** The access token as the hooks see it: never the refresh token or the ID token. */
export interface AccessToken {
  accessToken: string;
  /** Epoch milliseconds, when the provider said how long the token lives. */
  expiresAt?: number;
  scope?: string;
}

export interface DesktopAuthOptions {
  /**
   * Where the provider comes from: `presetProvider('github', {...})`, `providerSettings({...})`,
   * or (default) `builtProvider()`, the settings the build embedded in index.html.
   */
  provider?: ProviderSource;
  /**
   * Who talks to the provider and keeps the session: `page` (this page, its storage) or
   * `backend` (the extension's backend, through Docker Desktop). Default: the provider's `mode`.
   */
  store?: OAuthMode;
  /** Where the page keeps the pending sign-in and (page mode) the session; default localStorage. */
  storage?: KeyValueStorage & { readonly fallbackReason?: string | undefined };
  /** Put before every key the sign-in writes to `storage` (default none: `oauth.session`…). */
  storageKeyPrefix?: string;
  /** Timeouts and margins (README "The statechart"); anything invalid falls back to its default. */
  timings?: Partial<AuthSettings>;
  /** Whether the sign-in raises Docker Desktop toasts (signed in, signed out, failures); default true. */
  toasts?: boolean;
  /**
   * An author's sentences in place of the default ones, entry by entry (src/ui/texts.ts:
   * failures by kind, OAuth code and reason; notices; toasts): the toasts use them here, the
   * React views too.
   */
  texts?: TextOverrides;
  /** Called when the person becomes signed in: after a sign-in, or at start with a stored session. */
  onSignIn?(state: DesktopAuthSignedIn): void;
  /** Called when the person is no longer signed in: signed out, or the session ended. */
  onSignOut?(): void;
  /** Called with every new access token: after a sign-in, each refresh, and a stored session at start. */
  onTokens?(token: AccessToken): void;
  /**
   * An inspector for the actor (development only, opt-in): the desktop entry's
   * `devtoolsInspector()` for the state visualizer, or Stately's. Nothing is inspected without it.
   */
  inspect?: (event: InspectionEvent) => void;
  /** Docker Desktop; default `connectToDesktop()` (`createDockerDesktopClient()`). */
  connection?: DesktopConnection;
  /** Replaces the protocol client (tests). */
  createClient?: (config: ProviderConfig) => OAuthClient;
  /**
   * The sign-in layer, already imported (tests: `import * as signInLayer from
   * '…/src/auth/signInLayer'`): the statechart then starts at once. Without it (the default),
   * the page paints its first view before the layer loads (see `DesktopAuthSetup`).
   */
  signInLayer?: SignInLayer;
  /** Replaces `fetch` for `fetchWithToken` (tests). */
  fetch?: typeof fetch;
  clock?: { now(): number };
  logger?: StoreLogger;
}

/** What the person sees: where the sign-in stands, one of these. */
export type DesktopAuthState =
  /** Not in Docker Desktop (a plain browser), or a Desktop too old: `reason` says which. */
  | { status: 'unavailable'; reason: string }
  /** The provider settings are missing or wrong: `error.field` names the field. */
  | { status: 'invalid-config'; error: AuthError }
  /**
   * The statechart is not running yet: its code is loading (page mode, just after the first
   * view), or the session is being read from the extension's backend (backend mode).
   */
  | { status: 'connecting' }
  /**
   * Backend mode: the extension's backend does not answer (`retry()` tries again);
   * `error` by its `reason` (`backend_unavailable`), worded by the texts (src/ui/texts.ts).
   */
  | { status: 'backend-unavailable'; error: AuthFailure }
  /**
   * The statechart's code could not be loaded (`retry()` tries again; reason `load_failed`):
   * typically the extension was updated while its tab was open.
   */
  | { status: 'load-failed'; error: AuthFailure }
  | DesktopAuthSignedOut
  | DesktopAuthSignedIn;

interface MachineState {
  /** The statechart's snapshot (src/machines/authMachine.ts), for views that need every detail. */
  machine: AuthSnapshot;
  user: UserProfile | null;
  /** Why the last attempt failed (state `error`), by `reason`. */
  error: AuthFailure | null;
}

export interface DesktopAuthSignedOut extends MachineState {
  /** `signing-in`: the browser is open, or the answer is being checked and exchanged. */
  status: 'signed-out' | 'signing-in' | 'error';
}

export interface DesktopAuthSignedIn extends MachineState {
  status: 'signed-in';
}

/**
 * How the sign-in started: what the React views render (see src/ui/bootstrap.tsx).
 *
 * `page`: the statechart starts once its code has loaded, after the first view is painted;
 * meanwhile `firstView` is what it will show first, when that is certain (src/machines/
 * firstView.ts: signed out, or signed in from a stored session), and what the person does is
 * kept for it. `ready`: started at once (the `signInLayer` option). `backend`: it starts once the
 * session is read from the extension's backend.
 */
export type DesktopAuthSetup =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'invalid-config'; error: AuthError }
  | { kind: 'ready'; actor: AuthActor }
  | { kind: 'page'; gate: StartGate; firstView: FirstView | null }
  | { kind: 'backend'; gate: StartGate };

export interface DesktopAuth {
  /** The provider, once read (undefined when it could not be). */
  readonly provider: ProviderSettingsConfig | undefined;
  readonly setup: DesktopAuthSetup;
  /** Why saved sign-in data lives in memory only, when localStorage is unavailable. */
  readonly storageWarning: string | undefined;
  /** The sentences in use: the default table with the author's `texts` over it. */
  readonly texts: SignInTexts;
  getSnapshot(): DesktopAuthState;
  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: (state: DesktopAuthState) => void): () => void;
  /** Starts a sign-in (from the signed-out view, or again after a failure). */
  signIn(): void;
  /** Signs out here at once; the tokens are revoked in the background. */
  signOut(): void;
  /**
   * The access token, waiting while the session is read or a refresh runs. Rejects with an
   * AuthError of reason `not_signed_in` when nobody is signed in.
   */
  getAccessToken(): Promise<string>;
  /**
   * `fetch` with `Authorization: Bearer <access token>`. On a 401, the tokens are refreshed
   * once and the request sent again; a second 401 (or nothing to refresh with) signs out. The
   * request is cloned for the retry, so its body must be one `fetch` can send twice (not a
   * stream).
   */
  fetchWithToken(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Hands the statechart a sign-in answer that arrived by other means (pasted, or the author's
   * own routing): the redirect's address or its query. False when it is no answer for this
   * extension (nothing was done).
   */
  handleRedirect(url: string): boolean;
  /**
   * After `backend-unavailable` or `load-failed`: reads the session from the backend, or loads
   * the statechart, again.
   */
  retry(): void;
  /**
   * Stops the actor (timers, requests in flight), or makes sure it never starts when its code
   * is still loading; the object is no use afterwards.
   */
  stop(): void;
}

export function createDesktopAuth(options: DesktopAuthOptions = {}): DesktopAuth {
  const connection = options.connection ?? connectToDesktop();
  const baseStorage = options.storage ?? browserKeyValueStorage();
  const storage = options.storageKeyPrefix
    ? prefixedStorage(baseStorage, options.storageKeyPrefix)
    : baseStorage;

  const texts = textsWith(options.texts);
  const listeners = new Set<(state: DesktopAuthState) => void>();
  let lastToken: string | undefined;
  let signedIn = false;
  let provider: ProviderSettingsConfig | undefined;
  let adapters: DesktopAdapters | undefined;
  const adaptersFor = (config: ProviderSettingsConfig, sessionStore?: SessionStore) => {
    adapters = createDesktopAdapters({
      host: (connection as Extract<DesktopConnection, { kind: 'desktop' }>).host,
      storage,
      extensionId: config.extensionId,
      binding: bindingOf(config),
      toasts: options.toasts ?? true,
      providerName: config.displayName,
      texts,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(sessionStore ? { sessionStore } : {}),
    });
    return adapters;
  };
  const start = (
    layer: SignInLayer,
    config: ProviderSettingsConfig,
    found: DesktopAdapters,
    oauth: OAuthClient = options.createClient?.(config) ?? layer.createOAuthClient(config),
  ) => {
    const deps: AuthDependencies = { ...found, oauth };
    const actor = layer.startAuthActor(deps, options.timings, options.inspect, config.flow);
    watch(actor);
    return actor;
  };

  const setup = open();
  function open(): DesktopAuthSetup {
    if (connection.kind === 'unavailable')
      return { kind: 'unavailable', reason: connection.reason };
    try {
      provider = (options.provider ?? builtProvider())();
    } catch (error) {
      return { kind: 'invalid-config', error: configError(error) };
    }
    const config = provider;
    const given = options.signInLayer;
    if ((options.store ?? config.mode) === 'page') {
      const found = adaptersFor(config);
      if (given) return { kind: 'ready', actor: start(given, config, found) };
      const firstView = firstViewOf(found, resolveAuthSettings(options.timings));
      // Nothing to paint without the statechart: load it at once; else after the first view.
      const gate = openStartGate(
        () => (firstView ? afterFirstPaint() : Promise.resolve()).then(loadSignInLayer),
        (layer) => start(layer, config, found),
      );
      gate.subscribe(changed);
      return { kind: 'page', gate, firstView };
    }
    const service = connection.host.backend;
    if (!service) {
      const error = new AuthError('invalid_configuration', NO_BACKEND, { field: 'mode' });
      return { kind: 'invalid-config', error };
    }
    // The session lives in the backend: read (as the statechart's code loads) before it starts.
    const sessionStore = createBackendSessionStore(service, options.logger);
    const found = adaptersFor(config, sessionStore);
    const oauth = options.createClient?.(config) ?? createBackendOAuthClient(service);
    const gate = openStartGate(
      () => Promise.all([given ?? loadSignInLayer(), sessionStore.hydrate()]),
      ([layer]) => start(layer, config, found, oauth),
    );
    gate.subscribe(changed);
    return { kind: 'backend', gate };
  }

  /** Where the statechart starts (page and backend modes), or none (started, or never will). */
  const gate = setup.kind === 'page' || setup.kind === 'backend' ? setup.gate : undefined;
  let state: DesktopAuthState = compute();

  function actorOf(): AuthActor | undefined {
    if (setup.kind === 'ready') return setup.actor;
    const gateState = gate?.getState();
    return gateState?.status === 'ready' ? gateState.actor : undefined;
  }

  /** To the actor, or kept until it has started. */
  function send(event: AuthEvent) {
    if (setup.kind === 'ready') setup.actor.send(event);
    else gate?.send(event);
  }

  function compute(): DesktopAuthState {
    switch (setup.kind) {
      case 'unavailable':
        return { status: 'unavailable', reason: setup.reason };
      case 'invalid-config':
        return { status: 'invalid-config', error: setup.error };
      case 'backend':
      case 'page': {
        const gateState = setup.gate.getState();
        if (gateState.status === 'connecting') return { status: 'connecting' };
        if (gateState.status === 'unavailable') {
          const { failure } = gateState;
          return failure.reason === 'load_failed'
            ? { status: 'load-failed', error: failure }
            : { status: 'backend-unavailable', error: failure };
        }
        return fromMachine(gateState.actor.getSnapshot());
      }
      case 'ready':
        return fromMachine(setup.actor.getSnapshot());
    }
  }

  function changed() {
    const next = compute();
    if (sameState(state, next)) return;
    state = next;
    fireHooks(next);
    for (const listener of listeners) listener(next);
  }

  function watch(actor: AuthActor) {
    actor.subscribe({ next: changed, error: changed });
  }

  function fireHooks(next: DesktopAuthState) {
    if (next.status === 'signed-in') {
      const tokens = next.machine.context.tokens;
      if (!signedIn) {
        signedIn = true;
        options.onSignIn?.(next);
      }
      if (tokens && tokens.accessToken !== lastToken) {
        lastToken = tokens.accessToken;
        const { accessToken, expiresAt, scope } = tokens;
        options.onTokens?.({
          accessToken,
          ...(expiresAt === undefined ? {} : { expiresAt }),
          ...(scope === undefined ? {} : { scope }),
        });
      }
    } else if (signedIn && 'machine' in next) {
      signedIn = false;
      lastToken = undefined;
      options.onSignOut?.();
    }
  }
  fireHooks(state);

  /** Resolves with the first state `done` accepts (now or later). */
  function when(done: (state: DesktopAuthState) => boolean): Promise<DesktopAuthState> {
    if (done(state)) return Promise.resolve(state);
    return new Promise((resolve) => {
      const listener = (next: DesktopAuthState) => {
        if (!done(next)) return;
        listeners.delete(listener);
        resolve(next);
      };
      listeners.add(listener);
    });
  }

  const settled = (s: DesktopAuthState) =>
    s.status !== 'connecting' &&
    !('machine' in s && (s.machine.matches('starting') || refreshing(s.machine)));

  async function getAccessToken(): Promise<string> {
    const now = await when(settled);
    const tokens = now.status === 'signed-in' ? now.machine.context.tokens : null;
    if (!tokens) throw new AuthError('not_signed_in', NOT_SIGNED_IN);
    return tokens.accessToken;
  }

  async function fetchWithToken(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const fetchOnce = options.fetch ?? globalThis.fetch;
    const request = new Request(input, init);
    const attempt = (token: string) => {
      const each = request.clone();
      each.headers.set('Authorization', `Bearer ${token}`);
      return fetchOnce(each);
    };
    const token = await getAccessToken();
    const response = await attempt(token);
    if (response.status !== 401) return response;
    // One refresh, then the request again; the statechart refreshes only when it can.
    send({ type: 'REFRESH' });
    const after = await when(settled);
    const fresh =
      after.status === 'signed-in' ? after.machine.context.tokens?.accessToken : undefined;
    if (fresh === undefined || fresh === token) {
      if (after.status === 'signed-in' && !refreshing(after.machine, true)) signOut();
      return response;
    }
    const retried = await attempt(fresh);
    if (retried.status === 401) signOut();
    return retried;
  }

  function signOut() {
    send({ type: 'SIGN_OUT' });
  }

  return {
    provider,
    setup,
    texts,
    get storageWarning() {
      return storage.fallbackReason;
    },
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn() {
      send({ type: actorOf()?.getSnapshot().matches('error') ? 'RETRY' : 'SIGN_IN' });
    },
    signOut,
    getAccessToken,
    fetchWithToken,
    handleRedirect(url) {
      const search = adapters?.location.parse(url);
      if (!search) return false;
      send({ type: 'REDIRECT', search });
      return true;
    },
    retry() {
      gate?.retry();
    },
    stop() {
      listeners.clear();
      if (setup.kind === 'ready') setup.actor.stop();
      else gate?.stop();
    },
  };
}

/** In backoff, a refresh is still to come: with `backoffToo`, that counts as refreshing. */
function refreshing(snapshot: AuthSnapshot, backoffToo = false): boolean {
  return (
    snapshot.matches({ authorized: 'refreshing' }) ||
    (backoffToo && snapshot.matches({ authorized: 'refreshBackoff' }))
  );
}

function fromMachine(machine: AuthSnapshot): DesktopAuthSignedIn | DesktopAuthSignedOut {
  const { profile, error } = machine.context;
  const common = { machine, user: profile, error: machine.matches('error') ? error : null };
  if (machine.matches('authorized')) return { status: 'signed-in', ...common };
  if (machine.matches('error')) return { status: 'error', ...common };
  if (machine.matches('idle') || machine.matches('starting')) {
    return { status: 'signed-out', ...common };
  }
  return { status: 'signing-in', ...common };
}

function sameState(a: DesktopAuthState, b: DesktopAuthState): boolean {
  if ('machine' in a && 'machine' in b) return a.machine === b.machine;
  return JSON.stringify(a) === JSON.stringify(b);
}

function configError(error: unknown): AuthError {
  const failure = asAuthError(error);
  if (failure?.reason === 'invalid_configuration') {
    return error instanceof AuthError
      ? error
      : new AuthError('invalid_configuration', failure.message, {
          ...(failure.detail ? { detail: failure.detail } : {}),
        });
  }
  return new AuthError('invalid_configuration', 'The provider configuration could not be read.');
}

/** The sign-in layer's chunk; a failure to load it (an extension updated under an open tab) by reason. */
function loadSignInLayer(): Promise<SignInLayer> {
  return import('./signInLayer').catch((error: unknown) => {
    throw new AuthError('load_failed', 'the sign-in could not be loaded', {
      detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  });
}

/**
 * Resolves once the page has painted the frame after this one (two animation frames, then a
 * task), so the first view is on screen before the sign-in layer's code is fetched and run;
 * at the latest after 200 ms (a hidden tab paints no frames).
 */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 200);
    const frame = globalThis.requestAnimationFrame;
    if (typeof frame !== 'function') return;
    frame(() =>
      frame(() =>
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 0),
      ),
    );
  });
}
