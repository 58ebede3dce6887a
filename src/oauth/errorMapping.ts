import * as oauth from 'oauth4webapi';
import {
  AuthError,
  type AuthErrorKind,
  type AuthErrorOptions,
  type AuthErrorReason,
} from './errors';
import { sanitizeText } from './redirect';

/** The protocol step that failed: kept with the error (`step`), and starts the `detail`. */
export type OAuthStep =
  | 'discovery'
  | 'authorization'
  /** The device authorization request (RFC 8628 §3.1). */
  | 'device'
  | 'redirect'
  | 'token'
  | 'refresh'
  | 'userinfo'
  | 'revocation';

export interface ErrorContext {
  step: OAuthStep;
  /** The request's signal: decides between a timeout and a cancellation. */
  signal?: AbortSignal;
  /** Values that must never show up in the error: code, verifier, state, tokens. */
  secrets?: ReadonlyArray<string | undefined>;
}

/**
 * A request that never got an answer: `fetch` itself rejected with a TypeError (offline, DNS,
 * refused connection, CORS). The client wraps exactly those, so that any other TypeError (a bug)
 * is not reported to the user as a network problem.
 */
export class NetworkFailure extends Error {
  override readonly name = 'NetworkFailure';

  constructor(cause: unknown) {
    super('fetch failed', { cause });
  }
}

/** The `fetch` to hand to oauth4webapi: rejects with a NetworkFailure when fetch fails. */
export function markNetworkFailures(fetchImpl: () => typeof fetch) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const send = fetchImpl();
    try {
      return await send(url, init);
    } catch (error) {
      throw (error as Error)?.name === 'TypeError' ? new NetworkFailure(error) : error;
    }
  };
}

/** oauth4webapi's OperationProcessingError codes with their own text (src/ui/texts.ts). */
const PROCESSING: Record<string, AuthErrorKind> = {
  [oauth.JWT_CLAIM_COMPARISON]: 'id-token',
  [oauth.JWT_TIMESTAMP_CHECK]: 'clock',
  [oauth.MISSING_SERVER_METADATA]: 'metadata',
  [oauth.INVALID_SERVER_METADATA]: 'metadata',
  [oauth.HTTP_REQUEST_FORBIDDEN]: 'https',
  [oauth.REQUEST_PROTOCOL_FORBIDDEN]: 'https',
};

/**
 * Turns anything a protocol step threw into what the operation rejects with: an `AuthError`
 * with the data a sentence needs (reason, kind, OAuth error code, step, status), a short
 * technical `message` and `detail`, or, for a cancellation (the caller aborted the signal for
 * another reason than a timeout), the abort itself, which the statechart ignores. Never puts a
 * code, verifier, state or token in `message` or `detail`.
 */
export function mapOAuthError(
  error: unknown,
  { step, signal, secrets = [] }: ErrorContext,
): AuthError | DOMException {
  if (error instanceof AuthError) return error;
  const aborted = signal?.aborted;
  const timedOut = isDom(aborted ? signal?.reason : error, 'TimeoutError');
  if (!timedOut && (aborted || isDom(error, 'AbortError'))) {
    if (isDom(error, 'AbortError')) return error;
    return isDom(signal?.reason, 'AbortError')
      ? signal.reason
      : new DOMException('The operation was aborted.', 'AbortError');
  }

  let reason: AuthErrorReason = 'invalid_response';
  let detail = `${step}: ${describe(error)}`;
  const options: AuthErrorOptions = { step };
  const { cause } = (error ?? {}) as { cause?: unknown };
  let code: string | undefined;
  let description: string | undefined;
  let status: number | undefined;
  let response: Response | undefined;
  let what: string | undefined;

  if (timedOut) {
    reason = 'exchange_timeout';
    detail = `${step}: timed out.`;
  } else if (
    error instanceof oauth.AuthorizationResponseError ||
    error instanceof oauth.ResponseBodyError
  ) {
    ({ error: code, error_description: description, status } = error as oauth.ResponseBodyError);
    response = (error as Partial<oauth.ResponseBodyError>).response;
  } else if (error instanceof oauth.WWWAuthenticateChallengeError) {
    status = error.status;
    response = error.response;
    const challenge = error.cause.find((c) => c.parameters.error) ?? error.cause[0];
    ({ error: code, error_description: description } = challenge?.parameters ?? {});
    what = `a ${challenge?.scheme} challenge`;
  } else if (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError
  ) {
    detail = `${step}: ${error.message}`;
    response = (cause as Response | undefined)?.headers?.get ? (cause as Response) : undefined;
    const attribute = (cause as { attribute?: unknown } | undefined)?.attribute;
    const params = (cause as { parameters?: URLSearchParams } | undefined)?.parameters;
    if (response && !response.ok && /_IS_NOT_(CONFORM|JSON)/.test(`${error.code}`)) {
      status = response.status;
      what = `content-type ${response.headers.get('content-type')}`;
    } else if (response && /_IS_NOT_(CONFORM|JSON)/.test(`${error.code}`)) {
      // A 200 that is not the protocol's JSON: a captive portal's or a proxy's page.
      options.kind = 'not-protocol';
    } else if (step === 'redirect') {
      // validateAuthResponse throws one code for all of these: its message names the parameter.
      reason = 'invalid_redirect';
      if (params && /"iss"/.test(error.message)) {
        reason = 'issuer_mismatch';
        detail += ` (iss: ${sanitizeText(params.get('iss')) ?? 'none'})`;
      } else if (params && /"state"/.test(error.message)) {
        reason = 'state_mismatch';
      }
    } else if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON && attribute === 'issuer') {
      reason = 'invalid_configuration';
      options.kind = 'issuer-differs';
      options.field = 'issuer';
      const body = (cause as { body?: { issuer?: string } }).body;
      detail += `: ${sanitizeText(body?.issuer) ?? 'none'}`;
    } else if (attribute === 'sub') {
      reason = 'account_mismatch';
    } else if (Object.hasOwn(PROCESSING, `${error.code}`)) {
      options.kind = PROCESSING[`${error.code}`] as AuthErrorKind;
    }
  } else if (error instanceof NetworkFailure) {
    reason = 'network_error';
    detail = `${step}: ${describe(error.cause)}; if online, the provider may refuse CORS requests (use the backend route).`;
    options.cause = error.cause;
  } else {
    options.kind = 'unexpected';
    const argumentError = /^ERR_INVALID_ARG/.test(`${(error as { code?: unknown })?.code}`);
    if (!argumentError) options.cause = error;
  }

  if (code !== undefined) {
    // An OAuth error answer: from the redirect, or from an endpoint (with a status).
    code = sanitizeText(code) ?? 'unknown_error';
    description = sanitizeText(description);
    reason =
      code === 'access_denied'
        ? code
        : code === 'expired_token'
          ? 'device_code_expired'
          : status
            ? 'token_error'
            : 'authorization_error';
    detail = `${step}: ${status ? `HTTP ${status}, ` : ''}error ${code}${description ? `: ${description}` : ''}`;
    options.oauthError = redact(code);
    if (description) options.description = redact(description);
  } else if (status) {
    // An HTTP error without an OAuth error in it.
    reason = 'http_error';
    if (step === 'discovery' && status === 404) options.kind = 'no-discovery';
    detail = `${step}: HTTP ${status} with ${what}, not an OAuth answer.`;
  }
  if (status) options.status = status;
  const retryAfterMs = retryAfter(response?.headers?.get?.('retry-after'));
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  options.detail = redact(detail);
  // The message, for logs: the step and what went wrong, in a few technical words.
  const words = code
    ? `error ${code}`
    : status
      ? `HTTP ${status}`
      : (options.kind ?? reason).replace(/[_-]/g, ' ');
  return new AuthError(reason, redact(`${step}: ${words}`), options);

  function redact(text: string): string {
    let result = text;
    for (const secret of secrets) {
      if (secret && secret.length > 2) {
        result = result.split(secret).join('[redacted]');
        result = result.split(encodeURIComponent(secret)).join('[redacted]');
      }
    }
    return result;
  }
}

/**
 * RFC 9110 §10.2.3 `Retry-After`: a number of seconds, or an HTTP date. Undefined when absent or
 * unreadable; never negative.
 */
export function retryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isDom(value: unknown, name: string): value is DOMException {
  return value instanceof DOMException && value.name === name;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { cause } = error;
  const more =
    cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.message})` : '';
  return `${error.name}: ${error.message}${more}`;
}
