/**
 * The statechart's dependencies when the extension's backend talks to the provider: an
 * `OAuthClient` and a `SessionStore` over `ddClient.extension.vm.service` (the backend's routes,
 * src/oauth/backendApi.ts). The page never sees the refresh token, the verifier or a secret.
 *
 * Docker Desktop's answers have changed shape across releases, so every answer is unwrapped
 * defensively: the parsed body; or, since Desktop 4.42, `{ data, status, headers }` around it;
 * a rejection with `statusCode` whose body may carry the backend's envelope; and rejections
 * without one ("Error invoking remote method … [object Object]", ECONNREFUSED after an update),
 * which mean the backend cannot be reached: `backend_unavailable` (the views offer a retry).
 */
import type { SessionStore } from '../machines/authMachine';
import { AuthError, type AuthErrorKind, type AuthErrorReason } from '../oauth/errors';
import { sanitizeText } from '../oauth/redirect';
import type { OAuthClient, TokenSet } from '../oauth/types';
import {
  type BackendError,
  type BackendResults,
  type PageTokenSet,
  BACKEND_ROUTES as ROUTES,
} from './backendApi';
import type { DesktopBackend } from './desktopClient';
import { parseTokenSet } from './tokenSetRecord';
import { isObject, type StoreLogger } from './versionedRecord';

/** An answer of the backend this page cannot read (the views' `backend-answer` text). */
const cannotUse = (detail: string) =>
  new AuthError('invalid_response', 'backend: unusable answer', { kind: 'backend-answer', detail });

/** Every reason the page knows; an envelope naming another is not taken at its word. */
const KNOWN_REASONS: Record<AuthErrorReason, true> = {
  invalid_configuration: true,
  no_pending_login: true,
  state_mismatch: true,
  issuer_mismatch: true,
  login_expired: true,
  access_denied: true,
  authorization_error: true,
  invalid_redirect: true,
  browser_timeout: true,
  exchange_timeout: true,
  network_error: true,
  token_error: true,
  http_error: true,
  invalid_response: true,
  browser_failed: true,
  device_code_expired: true,
  revocation_unsupported: true,
  backend_unavailable: true,
  account_mismatch: true,
  not_signed_in: true,
  load_failed: true,
};

/** The OAuth operations, each one route of the backend. */
export function createBackendOAuthClient(service: DesktopBackend): OAuthClient {
  const post = <K extends keyof BackendResults>(path: string, body: object, signal?: AbortSignal) =>
    call<BackendResults[K]>(() => service.post(path, body), signal);
  return {
    prepareAuthorization: async ({ now, signal }) =>
      (await post<'prepareAuthorization'>(ROUTES.prepareAuthorization, { now }, signal)).pending,
    validateRedirect: async ({ search, pending, signal }) =>
      (
        await post<'validateRedirect'>(
          ROUTES.validateRedirect,
          { search, state: pending.state },
          signal,
        )
      ).redirect,
    exchangeCode: async ({ redirect, pending, now, signal }) =>
      toTokenSet(
        (
          await post<'exchangeCode'>(
            ROUTES.exchangeCode,
            { params: redirect.params, state: pending.state, now },
            signal,
          )
        ).tokens,
      ),
    refresh: async ({ tokens, now, signal }) =>
      toTokenSet(
        (await post<'refresh'>(ROUTES.refresh, { accessToken: tokens.accessToken, now }, signal))
          .tokens,
      ),
    fetchUserProfile: async ({ signal }) =>
      (await call<BackendResults['userProfile']>(() => service.get(ROUTES.userProfile), signal))
        .profile,
    revoke: async ({ tokens, signal }) =>
      (await post<'revoke'>(ROUTES.revoke, { accessToken: tokens.accessToken }, signal)).revoked,
    startDeviceAuthorization: async ({ now, signal }) =>
      (await post<'startDeviceAuthorization'>(ROUTES.startDeviceAuthorization, { now }, signal))
        .device,
    async pollDeviceToken({ device, now, signal }) {
      const { poll } = await post<'pollDeviceToken'>(
        ROUTES.pollDeviceToken,
        { deviceCode: device.deviceCode, now },
        signal,
      );
      return poll.status === 'tokens'
        ? { status: 'tokens', tokens: toTokenSet(poll.tokens) }
        : poll;
    },
  };
}

export interface BackendSessionStore extends SessionStore {
  /** Reads the session from the backend; call before the actor starts (rejects with an AuthError). */
  hydrate(): Promise<void>;
}

/**
 * The session for the page: hydrated from the backend once, then kept in memory (the backend
 * has already stored the whole set when it answers). `clear` also tells the backend to forget
 * the session, without waiting: the statechart clears the store whenever the view goes back to
 * signed out.
 */
export function createBackendSessionStore(
  service: DesktopBackend,
  logger: StoreLogger = console,
): BackendSessionStore {
  let tokens: TokenSet | null = null;
  return {
    async hydrate() {
      const answer = await call<BackendResults['getSession']>(() => service.get(ROUTES.session));
      tokens = answer.tokens === null ? null : toTokenSet(answer.tokens);
    },
    load: () => tokens,
    save(next) {
      tokens = next;
    },
    clear() {
      tokens = null;
      call(() => service.delete(ROUTES.session)).catch((error: unknown) => {
        const reason = error instanceof AuthError ? error.reason : 'unknown error';
        logger.warn(`Could not tell the extension's backend to forget the session (${reason}).`);
      });
    },
  };
}

/** A token set as the backend sends it, checked like a stored one. */
function toTokenSet(page: PageTokenSet): TokenSet {
  const checked = isObject(page) ? parseTokenSet(page as unknown as Record<string, unknown>) : '';
  if (typeof checked === 'string' || typeof page.refreshable !== 'boolean') {
    throw cannotUse(`The token set is malformed${checked ? `: ${checked}` : ''}.`);
  }
  return { ...checked, refreshable: page.refreshable };
}

/** One request to the backend: the envelope's result, or an AuthError. */
async function call<T>(send: () => Promise<unknown>, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  let answer: unknown;
  try {
    answer = await abortable(send(), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw fromRejection(error);
  }
  const body = unwrap(answer);
  if (!isEnvelope(body)) {
    throw cannotUse('The answer is no envelope.');
  }
  if (body.ok === true) return body as T;
  throw fromEnvelope(body.error);
}

/** vm.service cannot be aborted: the page stops waiting, the backend finishes on its own. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof DOMException
    ? signal.reason
    : new DOMException('The operation was aborted.', 'AbortError');
}

/** The body inside Desktop ≥ 4.42's `{ data, status, headers }`, and JSON text parsed. */
function unwrap(answer: unknown): unknown {
  let body = answer;
  if (isObject(body) && 'data' in body && 'status' in body && 'headers' in body) body = body.data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body;
}

function isEnvelope(body: unknown): body is { ok: true } | { ok: false; error: BackendError } {
  return (
    isObject(body) &&
    (body.ok === true ||
      (body.ok === false &&
        isObject(body.error) &&
        typeof body.error.reason === 'string' &&
        typeof body.error.message === 'string'))
  );
}

/**
 * A rejected call: with `statusCode` (Desktop's ServiceError) and the backend's envelope in it,
 * the backend's own error; anything else means the backend could not be reached.
 */
function fromRejection(error: unknown): AuthError {
  const failure = isObject(error) ? error : {};
  const status =
    typeof failure.statusCode === 'number'
      ? failure.statusCode
      : typeof failure.status === 'number' && 'data' in failure
        ? failure.status
        : undefined;
  if (status !== undefined) {
    for (const candidate of [failure.data, failure.body, failure.message]) {
      const body = unwrap(candidate);
      if (isEnvelope(body) && body.ok === false) return fromEnvelope(body.error);
    }
  }
  const what =
    status === undefined
      ? `no answer (${describe(error)})`
      : `HTTP ${status} without the backend's answer (${describe(error)})`;
  return new AuthError('backend_unavailable', 'backend: no answer', { detail: `backend: ${what}` });
}

/**
 * The backend's AuthError, with the data the views word it from (its text is the page's, not
 * the backend's: a kind this page does not know reads as its reason).
 */
function fromEnvelope(error: BackendError): AuthError {
  const { reason, message, status } = error;
  const text = (value: unknown) => (typeof value === 'string' ? sanitizeText(value) : undefined);
  const options = {
    kind: text(error.kind) as AuthErrorKind | undefined,
    step: text(error.step),
    detail: text(error.detail),
    oauthError: text(error.oauthError),
    status: typeof status === 'number' ? status : undefined,
    field: text(error.field),
    revocationPage: text(error.revocationPage),
  };
  if (Object.hasOwn(KNOWN_REASONS, reason)) {
    return new AuthError(reason as AuthErrorReason, text(message) ?? reason, options);
  }
  // The backend refused the request itself (bad input, no such route): a version mismatch.
  return new AuthError('invalid_response', 'backend: refused the request', {
    kind: 'backend-version',
    detail: `backend: ${text(reason)}: ${text(message)}`,
  });
}

function describe(error: unknown): string {
  const name = isObject(error) && typeof error.name === 'string' ? error.name : typeof error;
  const message = isObject(error) && typeof error.message === 'string' ? error.message : '';
  return sanitizeText(`${name}${message ? `: ${message}` : ''}`)?.slice(0, 200) ?? name;
}
