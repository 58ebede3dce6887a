import {
  AuthorizationResponseError,
  HTTP_REQUEST_FORBIDDEN,
  INVALID_SERVER_METADATA,
  JSON_ATTRIBUTE_COMPARISON,
  JWT_CLAIM_COMPARISON,
  JWT_TIMESTAMP_CHECK,
  MISSING_SERVER_METADATA,
  OperationProcessingError,
  PARSE_ERROR,
  REQUEST_PROTOCOL_FORBIDDEN,
  RESPONSE_IS_NOT_CONFORM,
  RESPONSE_IS_NOT_JSON,
  ResponseBodyError,
  UnsupportedOperationError,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi';
import { AuthError, type AuthErrorOptions, type AuthErrorReason } from './errors';
import { sanitizeText } from './redirect';

/** The protocol step that failed: it shapes the message and names the endpoint in `detail`. */
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

const STEP_LABELS: Record<OAuthStep, string> = {
  discovery: 'The discovery document request',
  authorization: 'The authorization request',
  redirect: 'The authorization response (redirect)',
  token: 'The token endpoint (authorization code grant)',
  refresh: 'The token endpoint (refresh token grant)',
  userinfo: 'The userinfo endpoint',
  revocation: 'The revocation endpoint',
};

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
      const isTypeError =
        error instanceof TypeError || (error instanceof Error && error.name === 'TypeError');
      throw isTypeError ? new NetworkFailure(error) : error;
    }
  };
}

const GENERIC_MESSAGE = 'Something unexpected went wrong while signing in.';

/**
 * Turns anything a protocol step threw into what the operation rejects with: an `AuthError`
 * with a sentence for the user and technical `detail`, or, for a cancellation (the caller
 * aborted the signal for another reason than a timeout), the abort itself, which the
 * statechart ignores. Never puts a code, verifier, state or token in `message` or `detail`.
 */
export function mapOAuthError(error: unknown, context: ErrorContext): AuthError | DOMException {
  if (error instanceof AuthError) return error;

  const { signal } = context;
  if (signal?.aborted) {
    if (isTimeout(signal.reason)) return timeoutError(context);
    if (isDomException(error, 'AbortError')) return error;
    if (isDomException(signal.reason, 'AbortError')) return signal.reason;
    return new DOMException('The operation was aborted.', 'AbortError');
  }
  if (isTimeout(error)) return timeoutError(context);
  if (isDomException(error, 'AbortError')) return error;

  return new MappedError(error, context).toAuthError();
}

function isDomException(value: unknown, name: string): value is DOMException {
  return value instanceof DOMException && value.name === name;
}

function isTimeout(value: unknown): boolean {
  return isDomException(value, 'TimeoutError');
}

function timeoutError(context: ErrorContext): AuthError {
  return new AuthError(
    'exchange_timeout',
    `${context.provider} did not answer in time. Please try again.`,
    { detail: `${STEP_LABELS[context.step]} timed out.` },
  );
}

/** One mapping, with the context at hand; every field that leaves it goes through `redact`. */
class MappedError {
  constructor(
    private readonly error: unknown,
    private readonly context: ErrorContext,
  ) {}

  toAuthError(): AuthError {
    const { error } = this;
    if (error instanceof AuthorizationResponseError) return this.authorizationResponse(error);
    if (error instanceof ResponseBodyError) {
      return this.oauthError(error.error, error.error_description, error.status);
    }
    if (error instanceof WWWAuthenticateChallengeError) return this.challenge(error);
    if (
      this.context.step === 'redirect' &&
      (error instanceof OperationProcessingError || error instanceof UnsupportedOperationError)
    ) {
      return this.make(
        'invalid_redirect',
        `The answer from ${this.provider} was not a valid sign-in response.`,
        { detail: `${this.label}: ${error.message}.` },
      );
    }
    if (error instanceof OperationProcessingError) return this.processing(error);
    if (error instanceof UnsupportedOperationError) {
      return this.make(
        'invalid_response',
        `${this.provider} answered in a form this extension does not support.`,
        { detail: `${this.label}: ${error.message}.` },
      );
    }
    if (error instanceof NetworkFailure) return this.network(error.cause);
    return this.make('invalid_response', GENERIC_MESSAGE, {
      detail: `${this.label} failed: ${describe(error)}`,
      ...(isArgumentError(error) ? {} : { cause: error }),
    });
  }

  private get provider(): string {
    return this.context.provider;
  }

  private get label(): string {
    return STEP_LABELS[this.context.step];
  }

  private make(reason: AuthErrorReason, message: string, options: AuthErrorOptions): AuthError {
    const safe: AuthErrorOptions = { ...options };
    if (options.detail !== undefined) safe.detail = this.redact(options.detail);
    if (options.description !== undefined) safe.description = this.redact(options.description);
    if (options.oauthError !== undefined) safe.oauthError = this.redact(options.oauthError);
    return new AuthError(reason, this.redact(message), safe);
  }

  private redact(text: string): string {
    let result = text;
    for (const secret of this.context.secrets ?? []) {
      if (secret === undefined || secret.length < 3) continue;
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        result = result.split(form).join('[redacted]');
      }
    }
    return result;
  }

  /** `error=...` on the redirect (RFC 6749 §4.1.2.1). */
  private authorizationResponse(error: AuthorizationResponseError): AuthError {
    const code = sanitizeText(error.error) ?? 'unknown_error';
    const description = sanitizeText(error.error_description);
    const options: AuthErrorOptions = {
      oauthError: code,
      detail: `The provider answered the sign-in with error "${code}"${description ? `: ${description}` : '.'}`,
      ...(description === undefined ? {} : { description }),
    };
    const p = this.provider;
    switch (code) {
      case 'access_denied':
        return this.make('access_denied', `You declined the sign-in at ${p}.`, options);
      case 'login_required':
      case 'consent_required':
      case 'interaction_required':
      case 'account_selection_required':
        return this.make(
          'authorization_error',
          `${p} needs you to sign in again in the browser.`,
          options,
        );
      case 'invalid_scope':
        return this.make(
          'authorization_error',
          `${p} refused the requested scopes. Check the scopes setting.`,
          options,
        );
      case 'unauthorized_client':
      case 'unsupported_response_type':
        return this.make(
          'authorization_error',
          `This application is not allowed to sign in with an authorization code at ${p}. Check its registration.`,
          options,
        );
      case 'server_error':
      case 'temporarily_unavailable':
        return this.make(
          'authorization_error',
          `${p} is temporarily unavailable. Please try again in a moment.`,
          options,
        );
      case 'invalid_request':
        return this.make(
          'authorization_error',
          `${p} rejected the sign-in request. Check the client ID and the registered redirect URI.`,
          options,
        );
      default:
        return this.make('authorization_error', `${p} could not complete the sign-in.`, options);
    }
  }

  /** An RFC 6749 §5.2 (or RFC 6750 §3) error from an endpoint. */
  private oauthError(
    rawCode: string,
    rawDescription: string | undefined,
    status: number,
  ): AuthError {
    const code = sanitizeText(rawCode) ?? 'unknown_error';
    const description = sanitizeText(rawDescription);
    const options: AuthErrorOptions = {
      oauthError: code,
      status,
      detail: `${this.label} answered HTTP ${status} with error "${code}"${description ? `: ${description}` : '.'}`,
      ...(description === undefined ? {} : { description }),
    };
    return this.make('token_error', this.oauthErrorMessage(code), options);
  }

  private oauthErrorMessage(code: string): string {
    const p = this.provider;
    const { step } = this.context;
    switch (code) {
      case 'invalid_grant':
        if (step === 'token')
          return 'The sign-in code was already used or has expired. Please sign in again.';
        if (step === 'refresh')
          return 'Your session has expired or was ended. Please sign in again.';
        return `${p} no longer accepts this sign-in. Please sign in again.`;
      case 'invalid_client':
        return `${p} did not accept this extension's client ID, or expects a client secret. Check clientId, and that the application is registered as a public client.`;
      case 'unauthorized_client':
        return `This application is not allowed to sign in this way at ${p}. Check the grant types allowed in its registration.`;
      case 'invalid_scope':
        return `${p} refused the requested scopes. Check the scopes setting.`;
      case 'unsupported_grant_type':
        return `${p} does not support this kind of sign-in for this application.`;
      case 'invalid_request':
        return `${p} rejected the request as incomplete or malformed.`;
      case 'invalid_token':
        return 'Your session is no longer valid. Please sign in again.';
      case 'insufficient_scope':
        return `The sign-in does not allow reading your profile at ${p}. Check the scopes setting.`;
      case 'unsupported_token_type':
        return `${p} cannot revoke this kind of token.`;
      case 'server_error':
      case 'temporarily_unavailable':
        return `${p} is temporarily unavailable. Please try again in a moment.`;
      default:
        return `${p} refused the request.`;
    }
  }

  /** A `WWW-Authenticate` challenge (RFC 6750 §3, e.g. an expired access token at userinfo). */
  private challenge(error: WWWAuthenticateChallengeError): AuthError {
    const withError = error.cause.find((challenge) => challenge.parameters.error);
    if (withError?.parameters.error) {
      return this.oauthError(
        withError.parameters.error,
        withError.parameters.error_description,
        error.status,
      );
    }
    return this.httpError(
      error.status,
      `a ${error.cause[0]?.scheme ?? 'WWW-Authenticate'} challenge`,
    );
  }

  private httpError(status: number, what: string): AuthError {
    const p = this.provider;
    let message: string;
    if (this.context.step === 'discovery' && status === 404) {
      message = `${p}'s discovery document was not found. Check the issuer setting, or configure the endpoints.`;
    } else if (status >= 500) {
      message = `${p} is having problems (HTTP ${status}). Please try again later.`;
    } else {
      message = `${p} refused the request (HTTP ${status}).`;
    }
    return this.make('http_error', message, {
      status,
      detail: `${this.label} answered HTTP ${status} with ${what}, not an OAuth answer.`,
    });
  }

  private processing(error: OperationProcessingError): AuthError {
    const p = this.provider;
    const cause: unknown = error.cause;
    const response = isResponse(cause) ? cause : undefined;
    const detail = `${this.label}: ${error.message}.`;
    switch (error.code) {
      case RESPONSE_IS_NOT_CONFORM:
      case RESPONSE_IS_NOT_JSON:
        if (response !== undefined && (response.status < 200 || response.status > 299)) {
          const type = response.headers.get('content-type') ?? 'no content type';
          return this.httpError(response.status, `a body of type ${type}`);
        }
        return this.make('invalid_response', `${p} sent an answer this extension could not read.`, {
          detail,
        });
      case PARSE_ERROR:
        return this.make('invalid_response', `${p} sent an answer this extension could not read.`, {
          detail,
        });
      case JWT_CLAIM_COMPARISON:
        return this.make(
          'invalid_response',
          `${p} sent an ID token that does not belong to this sign-in. Please sign in again.`,
          { detail: `${detail} Claim: ${claimOf(cause) ?? 'unknown'}.` },
        );
      case JWT_TIMESTAMP_CHECK:
        return this.make(
          'invalid_response',
          `${p} sent an ID token that has expired or is not valid yet. Check that your computer's clock is right.`,
          { detail },
        );
      case JSON_ATTRIBUTE_COMPARISON:
        if (attributeOf(cause) === 'issuer') {
          return this.make(
            'invalid_configuration',
            `The issuer setting does not match the issuer that ${p} announces. Check it, including any trailing slash.`,
            {
              field: 'issuer',
              detail: `${detail} Announced: ${announcedIssuer(cause) ?? 'unknown'}.`,
            },
          );
        }
        if (attributeOf(cause) === 'sub') {
          return this.make(
            'invalid_response',
            `The user information from ${p} belongs to another account. Please sign in again.`,
            { detail },
          );
        }
        return this.make('invalid_response', `${p} sent an answer that failed validation.`, {
          detail,
        });
      case MISSING_SERVER_METADATA:
      case INVALID_SERVER_METADATA:
        return this.make(
          'invalid_response',
          `${p}'s metadata does not list a usable ${attributeOf(cause) ?? 'endpoint'}.`,
          { detail },
        );
      case HTTP_REQUEST_FORBIDDEN:
      case REQUEST_PROTOCOL_FORBIDDEN:
        return this.make('invalid_response', `${p} lists an endpoint that does not use https.`, {
          detail,
        });
      default:
        return this.make('invalid_response', `${p} sent an incomplete or invalid answer.`, {
          detail,
        });
    }
  }

  private network(error: unknown): AuthError {
    return this.make(
      'network_error',
      `Could not reach ${this.provider}. Check your internet connection and try again.`,
      {
        detail:
          `${this.label} failed: ${describe(error)}. If the connection works, the provider may ` +
          'not accept requests from the extension (CORS); the backend route avoids that.',
        cause: error,
      },
    );
  }
}

/** oauth4webapi's own argument checks throw TypeErrors with a `code`: not network failures. */
function isArgumentError(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_INVALID_ARG');
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    typeof (value as Response).headers?.get === 'function'
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let text = `${error.name}: ${error.message}`;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    text += ` (${typeof code === 'string' ? code : cause.message})`;
  }
  return text;
}

function field(cause: unknown, name: string): unknown {
  return typeof cause === 'object' && cause !== null
    ? (cause as Record<string, unknown>)[name]
    : undefined;
}

function claimOf(cause: unknown): string | undefined {
  const claim = field(cause, 'claim');
  return typeof claim === 'string' ? claim : undefined;
}

function attributeOf(cause: unknown): string | undefined {
  const attribute = field(cause, 'attribute');
  return typeof attribute === 'string' ? attribute : undefined;
}

function announcedIssuer(cause: unknown): string | undefined {
  const issuer = field(field(cause, 'body'), 'issuer');
  return typeof issuer === 'string' ? sanitizeText(issuer) : undefined;
}
