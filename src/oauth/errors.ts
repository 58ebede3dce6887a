/**
 * Every way a sign-in can fail, as a closed set of reasons. A failure is data: its `reason`, and
 * what a sentence about it needs (`kind`, `oauthError`, `step`, `status`, `field`...), which the
 * views word (src/ui/texts.ts, with the provider's name); `message` is a short technical text
 * for logs and developers, and `detail` the technical detail the UI shows behind a disclosure.
 * None ever contains a code, a verifier, a `state` or a token.
 */
export type AuthErrorReason =
  /** A configuration value is missing or wrong (names the field). */
  | 'invalid_configuration'
  /** A redirect arrived but no sign-in was started here (or it was cancelled). */
  | 'no_pending_login'
  /** The redirect's `state` does not match the pending sign-in. */
  | 'state_mismatch'
  /** The redirect's `iss` does not match the provider (RFC 9207). */
  | 'issuer_mismatch'
  /** The pending sign-in is older than its lifetime (10 minutes by default). */
  | 'login_expired'
  /** The user declined (`error=access_denied` on the redirect). */
  | 'access_denied'
  /** The provider answered the redirect with another `error` (RFC 6749 §4.1.2.1). */
  | 'authorization_error'
  /** The redirect had neither `code` nor `error`, or was otherwise malformed. */
  | 'invalid_redirect'
  /** Nobody came back from the browser in time. */
  | 'browser_timeout'
  /** The token endpoint did not answer in time. */
  | 'exchange_timeout'
  /** The server could not be reached at all. */
  | 'network_error'
  /** The token endpoint answered with an RFC 6749 §5.2 error (`invalid_grant`, ...). */
  | 'token_error'
  /** An HTTP error status without a usable OAuth error body. */
  | 'http_error'
  /** The answer was not JSON, or missing required members, or failed validation. */
  | 'invalid_response'
  /** The server answered for another account than the one signed in (another `sub`). */
  | 'account_mismatch'
  /** The device code expired before the person entered it (RFC 8628 `expired_token`). */
  | 'device_code_expired'
  /** Only the person can revoke the access, at the provider (see `revocationPage`). */
  | 'revocation_unsupported'
  /** Opening the browser failed. */
  | 'browser_failed'
  /** The extension's backend (its container in Docker Desktop's VM) is not running or not answering. */
  | 'backend_unavailable'
  /** An access token was asked for while nobody is signed in (createDesktopAuth). */
  | 'not_signed_in'
  /**
   * The statechart's code, loaded after the first view, could not be loaded (createDesktopAuth):
   * the extension was updated while its tab was open, or its files are damaged.
   */
  | 'load_failed';

/**
 * Where one reason has distinct cases a person is told apart (each has its own text in
 * src/ui/texts.ts): a 200 that is no protocol answer (`not-protocol`: a network login page?), an
 * ID token for another sign-in (`id-token`) or not valid now (`clock`), metadata without usable
 * endpoints (`metadata`), an endpoint or page without https (`https`, `authorization-https`,
 * `verification-https`), a user the extension cannot read (`user`), a failure that is no
 * AuthError (`unexpected`), the backend's unusable answer (`backend-answer`) or another version
 * of it (`backend-version`); the issuer setting differing from the metadata's
 * (`issuer-differs`), no PKCE S256 (`pkce`) or no user information (`no-userinfo`); the
 * statechart's own time limit (`timer`); a pending sign-in record that is incomplete
 * (`incomplete-record`) or unknown to the backend (`unknown-to-backend`); no refresh token
 * (`no-refresh-token`); a session the backend ended (`session-ended`) or the provider no longer
 * accepts (`session-rejected`); no discovery document (`no-discovery`); no sign-out page at the
 * provider for `providerLogout` (`no-end-session`).
 */
export type AuthErrorKind =
  | 'not-protocol'
  | 'id-token'
  | 'clock'
  | 'metadata'
  | 'https'
  | 'authorization-https'
  | 'verification-https'
  | 'user'
  | 'unexpected'
  | 'backend-answer'
  | 'backend-version'
  | 'issuer-differs'
  | 'pkce'
  | 'no-userinfo'
  | 'timer'
  | 'incomplete-record'
  | 'unknown-to-backend'
  | 'no-refresh-token'
  | 'session-ended'
  | 'session-rejected'
  | 'no-discovery'
  | 'no-end-session';

export interface AuthErrorOptions {
  /** Which case of the reason, where its cases are told apart (see AuthErrorKind). */
  kind?: AuthErrorKind;
  /** The protocol step that failed (`token`, `refresh`, `discovery`...: errorMapping's OAuthStep). */
  step?: string;
  /** Technical detail for the disclosure: never a secret. */
  detail?: string;
  /** The OAuth `error` code from the server, when there was one. */
  oauthError?: string;
  /** The server's `error_description`, when there was one. */
  description?: string;
  /** HTTP status, for HTTP failures. */
  status?: number;
  /** The configuration field at fault, for `invalid_configuration`. */
  field?: string;
  /** How long the server asked to wait before trying again (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** Where the person revokes the access themselves, for `revocation_unsupported`. */
  revocationPage?: string;
  cause?: unknown;
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
  declare readonly reason: AuthErrorReason;
  declare readonly kind: AuthErrorKind | undefined;
  declare readonly step: string | undefined;
  declare readonly detail: string | undefined;
  declare readonly oauthError: string | undefined;
  declare readonly description: string | undefined;
  declare readonly status: number | undefined;
  declare readonly field: string | undefined;
  declare readonly retryAfterMs: number | undefined;
  declare readonly revocationPage: string | undefined;

  /** `message`: a short technical text for logs (the views word the failure from its data). */
  constructor(reason: AuthErrorReason, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    ({
      kind: this.kind,
      step: this.step,
      detail: this.detail,
      oauthError: this.oauthError,
      description: this.description,
      status: this.status,
      field: this.field,
      retryAfterMs: this.retryAfterMs,
      revocationPage: this.revocationPage,
    } = options);
  }
}

/** The data of an AuthError a text needs (and the disclosure shows). */
const FAILURE_FIELDS = [
  'reason',
  'message',
  'kind',
  'step',
  'detail',
  'oauthError',
  'status',
  'field',
  'revocationPage',
] as const;

/**
 * A plain, serialisable view of an AuthError: what the statechart keeps in its context, and what
 * the views word (src/ui/texts.ts).
 */
export type AuthFailure = Pick<AuthError, 'reason' | 'message'> &
  Partial<{ -readonly [K in (typeof FAILURE_FIELDS)[number]]: NonNullable<AuthError[K]> }>;

/** What the statechart reads of a failure: the fields, not the class. */
export type AuthErrorLike = AuthFailure & { retryAfterMs?: number | undefined };

/**
 * `error` as an AuthError-shaped value, recognised by its `reason` rather than `instanceof`, so
 * failures from another copy of this module (a second installed copy of the package, or the
 * extension's backend answering in JSON) are understood the same way. Null for anything else.
 */
export function asAuthError(error: unknown): AuthErrorLike | null {
  const candidate = error as Partial<AuthErrorLike> | null;
  return typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.reason === 'string' &&
    typeof candidate.message === 'string'
    ? (candidate as AuthErrorLike)
    : null;
}

/**
 * OAuth error codes with which a server refuses a refresh token for good (RFC 6749 §5.2), and
 * GitHub's own for the same (`bad_refresh_token`, `incorrect_client_credentials`).
 */
const REFUSALS: ReadonlySet<string> = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'bad_refresh_token',
  'incorrect_client_credentials',
]);

/**
 * Whether a failed refresh ends the session. Only a refusal does: the server said the refresh
 * token or the client is no longer good (`invalid_grant`, `invalid_client`,
 * `unauthorized_client`), there is no refresh token, or the answer was for another account.
 * Everything that says "not now" — no answer, a timeout, any 5xx, 408, 429,
 * `temporarily_unavailable`, `server_error`, a captive portal's HTML page, anything unknown —
 * keeps the session, to be tried again later.
 */
export function endsSession(error: unknown): boolean {
  const failure = asAuthError(error);
  if (failure === null) return false;
  if (failure.reason === 'account_mismatch') return true;
  if (failure.reason !== 'token_error') return false;
  return failure.oauthError === undefined || REFUSALS.has(failure.oauthError);
}

/**
 * Whether a failure only says "not now": no answer, a timeout, the backend not running, a 5xx,
 * 408 or 429, `temporarily_unavailable`, `server_error`. A device sign-in keeps polling (slower)
 * after these (RFC 8628 §3.5) and stops on anything else.
 */
export function isTemporary(error: unknown): boolean {
  const { reason, status = 0, oauthError = '' } = asAuthError(error) ?? {};
  return (
    /^(network_error|exchange_timeout|backend_unavailable)$/.test(`${reason}`) ||
    status > 499 ||
    status === 408 ||
    status === 429 ||
    /^(temporarily_unavailable|server_error)$/.test(oauthError)
  );
}

export function toAuthFailure(error: unknown): AuthFailure {
  const failure = asAuthError(error);
  if (failure === null) {
    return {
      reason: 'invalid_response',
      kind: 'unexpected',
      message: 'unexpected failure',
      detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  // Through JSON: the absent fields are left out rather than kept as undefined.
  return JSON.parse(JSON.stringify(failure, FAILURE_FIELDS as unknown as string[]));
}
