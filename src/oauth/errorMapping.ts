import * as oauth from 'oauth4webapi';
import { AuthError, type AuthErrorOptions, type AuthErrorReason } from './errors';
import { sanitizeText } from './redirect';

/** The protocol step that failed: it shapes the message and starts the `detail`. */
export type OAuthStep =
  | 'discovery'
  | 'authorization'
  | 'redirect'
  | 'token'
  | 'refresh'
  | 'userinfo'
  | 'revocation';

export interface ErrorContext {
  step: OAuthStep;
  /** The provider's display name, for messages ("You declined the sign-in at Acme."). */
  provider: string;
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

// Messages are templates: `$` stands for the provider's display name.
const AGAIN = ' Please sign in again.';
export const NO_HTTPS = '$ lists an endpoint that does not use https.';
export const INVALID_REDIRECT = '$ sent an invalid sign-in answer.';
export const OTHER_ACCOUNT = `$ answered for another account.${AGAIN}`;
const UNAVAILABLE = '$ is temporarily unavailable. Please try again in a moment.';
const SCOPES = '$ did not grant the requested scopes. Check the scopes setting.';
const INTERACTION = '$ needs you to sign in again in the browser.';
const NOT_ALLOWED = '$ does not allow this application this kind of sign-in.';
const SESSION_ENDED = `Your session at $ has ended.${AGAIN}`;
const METADATA = "$'s metadata lists no usable endpoint.";

/**
 * OAuth `error` codes (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3, RFC 7009), by `step:code` where
 * the step changes the meaning, else by code.
 */
const OAUTH_ERRORS: Record<string, string> = {
  access_denied: 'You declined the sign-in at $.',
  login_required: INTERACTION,
  consent_required: INTERACTION,
  interaction_required: INTERACTION,
  account_selection_required: INTERACTION,
  invalid_scope: SCOPES,
  insufficient_scope: SCOPES,
  server_error: UNAVAILABLE,
  temporarily_unavailable: UNAVAILABLE,
  unauthorized_client: NOT_ALLOWED,
  unsupported_response_type: NOT_ALLOWED,
  unsupported_grant_type: NOT_ALLOWED,
  invalid_request: '$ rejected the request as malformed.',
  invalid_client: '$ refused the client ID. Register a public client (no secret).',
  invalid_token: SESSION_ENDED,
  invalid_grant: SESSION_ENDED,
  'token:invalid_grant': `The sign-in code was already used or has expired.${AGAIN}`,
  unsupported_token_type: '$ cannot revoke this kind of token.',
};

/** oauth4webapi's OperationProcessingError codes with their own text. */
const PROCESSING: Record<string, string> = {
  [oauth.JWT_CLAIM_COMPARISON]: `$ sent an ID token that does not belong to this sign-in.${AGAIN}`,
  [oauth.JWT_TIMESTAMP_CHECK]:
    "$ sent an ID token that is not valid now. Check your computer's clock.",
  [oauth.MISSING_SERVER_METADATA]: METADATA,
  [oauth.INVALID_SERVER_METADATA]: METADATA,
  [oauth.HTTP_REQUEST_FORBIDDEN]: NO_HTTPS,
  [oauth.REQUEST_PROTOCOL_FORBIDDEN]: NO_HTTPS,
};

function own(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Turns anything a protocol step threw into what the operation rejects with: an `AuthError`
 * with a sentence for the user and technical `detail`, or, for a cancellation (the caller
 * aborted the signal for another reason than a timeout), the abort itself, which the
 * statechart ignores. Never puts a code, verifier, state or token in `message` or `detail`.
 */
export function mapOAuthError(
  error: unknown,
  { step, provider, signal, secrets = [] }: ErrorContext,
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
  let message = '$ sent an answer this extension cannot use.';
  let detail = `${step}: ${describe(error)}`;
  const options: AuthErrorOptions = {};
  const { cause } = (error ?? {}) as { cause?: unknown };
  let code: string | undefined;
  let description: string | undefined;
  let status: number | undefined;
  let response: Response | undefined;
  let what: string | undefined;

  if (timedOut) {
    reason = 'exchange_timeout';
    message = '$ did not answer in time. Please try again.';
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
      message =
        '$ answered with something that is not a sign-in server answer (a network login page?).';
    } else if (step === 'redirect') {
      // validateAuthResponse throws one code for all of these: its message names the parameter.
      reason = 'invalid_redirect';
      message = INVALID_REDIRECT;
      if (params && /"iss"/.test(error.message)) {
        reason = 'issuer_mismatch';
        message = `The sign-in answer did not come from $.${AGAIN}`;
        detail += ` (iss: ${sanitizeText(params.get('iss')) ?? 'none'})`;
      } else if (params && /"state"/.test(error.message)) {
        reason = 'state_mismatch';
        message = `This sign-in answer does not belong to the sign-in started here.${AGAIN}`;
      }
    } else if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON && attribute === 'issuer') {
      reason = 'invalid_configuration';
      message = 'The issuer setting differs from the issuer $ announces (mind a trailing slash).';
      options.field = 'issuer';
      const body = (cause as { body?: { issuer?: string } }).body;
      detail += `: ${sanitizeText(body?.issuer) ?? 'none'}`;
    } else if (attribute === 'sub') {
      reason = 'account_mismatch';
      message = OTHER_ACCOUNT;
    } else {
      message = own(PROCESSING, `${error.code}`) ?? message;
    }
  } else if (error instanceof NetworkFailure) {
    reason = 'network_error';
    message = 'Could not reach $. Check your internet connection and try again.';
    detail = `${step}: ${describe(error.cause)}; if online, the provider may refuse CORS requests (use the backend route).`;
    options.cause = error.cause;
  } else {
    message = 'Something unexpected went wrong while signing in.';
    const argumentError = /^ERR_INVALID_ARG/.test(`${(error as { code?: unknown })?.code}`);
    if (!argumentError) options.cause = error;
  }

  if (code !== undefined) {
    // An OAuth error answer: from the redirect, or from an endpoint (with a status).
    code = sanitizeText(code) ?? 'unknown_error';
    description = sanitizeText(description);
    reason = status ? 'token_error' : code === 'access_denied' ? code : 'authorization_error';
    message =
      own(OAUTH_ERRORS, `${step}:${code}`) ??
      own(OAUTH_ERRORS, code) ??
      (status ? '$ refused the request.' : '$ could not complete the sign-in.');
    detail = `${step}: ${status ? `HTTP ${status}, ` : ''}error ${code}${description ? `: ${description}` : ''}`;
    options.oauthError = redact(code);
    if (description) options.description = redact(description);
  } else if (status) {
    // An HTTP error without an OAuth error in it.
    reason = 'http_error';
    message =
      step === 'discovery' && status === 404
        ? '$ has no discovery document at the issuer. Check the issuer setting, or set the endpoints.'
        : status > 499
          ? `$ is having problems (HTTP ${status}). Please try again later.`
          : `$ refused the request (HTTP ${status}).`;
    detail = `${step}: HTTP ${status} with ${what}, not an OAuth answer.`;
  }
  if (status) options.status = status;
  const retryAfterMs = retryAfter(response?.headers?.get?.('retry-after'));
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  options.detail = redact(detail);
  return new AuthError(reason, redact(message.split('$').join(provider)), options);

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
