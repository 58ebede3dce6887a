/**
 * What the sign-in says to a person about a failure, a notice or a toast: one table, keyed by
 * the failure's data (its `kind`, its OAuth error code, its `reason`), with the provider's
 * display name as a parameter. The statechart and the protocol module carry no sentences: they
 * report what happened (src/oauth/errors.ts), and the views, the toasts and the sign-out warning
 * word it here (`textFor`). An author replaces any entry (`textsWith`) without editing the rest.
 *
 * A text is a sentence, where `{provider}` stands for the provider's display name, or a function
 * of the provider's name and the failure (for its `status`, `field`, `revocationPage`...).
 */
import type { AnswerNotice, SessionNotice } from '../machines/authMachine';
import type { AuthErrorKind, AuthErrorReason, AuthFailure } from '../oauth/errors';

export type Text = string | ((provider: string, failure: AuthFailure) => string);

export interface SignInTexts {
  /** By reason: what a failure says when neither its kind nor its code has a text. */
  reasons: Record<AuthErrorReason, Text>;
  /** By kind, where one reason has distinct cases (AuthErrorKind): before the code and reason. */
  kinds: Record<AuthErrorKind, Text>;
  /**
   * By the server's OAuth error code (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3, RFC 7009, RFC
   * 8628, GitHub's), or `step:code` where the step changes the meaning (`token:invalid_grant`):
   * before the reason. (`access_denied` and `expired_token` have reasons of their own.)
   */
  codes: Record<string, Text>;
  /** Said quietly beside the sign-in: an answer set aside or refused, the session ended. */
  notices: Record<AnswerNotice | SessionNotice, string>;
  /** The toast after a sign-in; `name`: the person's name or address, when known. */
  signedIn(name: string | undefined): string;
  /** The toast after a sign-out. */
  signedOut: string;
  /** The sign-in view after a sign-out whose revocation failed; `text`: the failure's text. */
  revocationFailed(text: string): string;
}

/** Any entries of the table, to replace those of the default one (`textsWith`). */
export interface TextOverrides {
  reasons?: Partial<SignInTexts['reasons']>;
  kinds?: Partial<SignInTexts['kinds']>;
  codes?: SignInTexts['codes'];
  notices?: Partial<SignInTexts['notices']>;
  signedIn?: SignInTexts['signedIn'];
  signedOut?: string;
  revocationFailed?: SignInTexts['revocationFailed'];
}

const AGAIN = ' Please sign in again.';
const SESSION_ENDED = `Your session has ended.${AGAIN}`;
const CODE_EXPIRED = `The code expired before it was entered.${AGAIN}`;
const UNAVAILABLE = '{provider} is temporarily unavailable. Please try again in a moment.';
const SCOPES = '{provider} did not grant the requested scopes. Check the scopes setting.';
const INTERACTION = '{provider} needs you to sign in again in the browser.';
const NOT_ALLOWED = '{provider} does not allow this application this kind of sign-in.';
const PROVIDER_SESSION_ENDED = `Your session at {provider} has ended.${AGAIN}`;
const BACKEND = "The extension's backend";

export const defaultTexts: SignInTexts = {
  reasons: {
    invalid_configuration: (_, { field }) =>
      `This extension's sign-in settings are not usable${field ? ` (${field})` : ''}.`,
    no_pending_login: `A sign-in answer arrived, but no sign-in was started here (or it was cancelled).${AGAIN}`,
    state_mismatch: `This sign-in answer does not belong to the sign-in started here.${AGAIN}`,
    issuer_mismatch: `The sign-in answer did not come from {provider}.${AGAIN}`,
    login_expired: `The sign-in took too long and has expired.${AGAIN}`,
    access_denied: 'You declined the sign-in at {provider}.',
    authorization_error: '{provider} could not complete the sign-in.',
    invalid_redirect: '{provider} sent an invalid sign-in answer.',
    browser_timeout: `No answer came back from the browser in time.${AGAIN}`,
    exchange_timeout: '{provider} did not answer in time. Please try again.',
    network_error: 'Could not reach {provider}. Check your internet connection and try again.',
    token_error: '{provider} refused the request.',
    http_error: (provider, { status = 0 }) =>
      status > 499
        ? `${provider} is having problems (HTTP ${status}). Please try again later.`
        : `${provider} refused the request (HTTP ${status}).`,
    invalid_response: '{provider} sent an answer this extension cannot use.',
    account_mismatch: `{provider} answered for another account.${AGAIN}`,
    device_code_expired: CODE_EXPIRED,
    revocation_unsupported: (provider, { revocationPage }) =>
      `To end this extension's access at ${provider} too, revoke it ${revocationPage ? `at ${revocationPage}` : 'there'}.`,
    browser_failed: 'The browser could not be opened. Please try again.',
    backend_unavailable: `${BACKEND} is not running or not answering. Docker Desktop starts it with the extension: try again in a moment, or restart Docker Desktop if it persists.`,
    not_signed_in: 'You are not signed in.',
    load_failed:
      'The sign-in could not be loaded: the extension was probably updated while this tab was open. Try again, or close the extension tab and open it again.',
  },
  kinds: {
    'not-protocol':
      '{provider} answered with something that is not a sign-in server answer (a network login page?).',
    'id-token': `{provider} sent an ID token that does not belong to this sign-in.${AGAIN}`,
    clock: "{provider} sent an ID token that is not valid now. Check your computer's clock.",
    metadata: "{provider}'s metadata lists no usable endpoint.",
    https: '{provider} lists an endpoint that does not use https.',
    'authorization-https': '{provider} lists no https authorization endpoint.',
    'verification-https': '{provider} sent a verification page that is not an https address.',
    user: '{provider} sent a user this extension cannot read.',
    unexpected: 'Something unexpected went wrong while signing in.',
    'backend-answer': `${BACKEND} sent an answer this extension cannot use.`,
    'backend-version':
      "The extension's page and its backend do not understand each other. Update or reinstall the extension.",
    'issuer-differs':
      'The issuer setting differs from the issuer {provider} announces (mind a trailing slash).',
    pkce: '{provider} does not support PKCE with S256, which this extension requires.',
    'no-userinfo':
      '{provider} offers no user information: set endpoints.userinfo, or ask for the openid scope.',
    timer: 'The sign-in server did not answer in time. Please try again.',
    'incomplete-record': `No sign-in was started here, or it was cancelled.${AGAIN}`,
    'unknown-to-backend': `This sign-in is not known to the extension (it was cancelled, has expired, or the extension's backend restarted meanwhile).${AGAIN}`,
    'no-refresh-token': `This session cannot be renewed.${AGAIN}`,
    'session-ended': SESSION_ENDED,
    'session-rejected': `{provider} no longer accepts this session.${AGAIN}`,
    'no-discovery':
      '{provider} has no discovery document at the issuer. Check the issuer setting, or set the endpoints.',
    'no-end-session':
      '{provider} offers no sign-out page: you are still signed in there, in your browser.',
  },
  codes: {
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
    invalid_request: '{provider} rejected the request as malformed.',
    invalid_client: '{provider} refused the client ID. Register a public client (no secret).',
    incorrect_client_credentials: '{provider} refused the client ID.',
    device_flow_disabled: '{provider} has not enabled the device flow for this application.',
    bad_refresh_token: PROVIDER_SESSION_ENDED,
    invalid_token: PROVIDER_SESSION_ENDED,
    invalid_grant: PROVIDER_SESSION_ENDED,
    'token:invalid_grant': `The sign-in code was already used or has expired.${AGAIN}`,
    unsupported_token_type: '{provider} cannot revoke this kind of token.',
  },
  notices: {
    'set-aside':
      'An answer from the browser that did not belong to this sign-in was set aside. The sign-in goes on.',
    'not-an-answer':
      'That is not a sign-in answer for this extension. Paste the whole address your browser shows ' +
      'after you signed in (it contains "code=" or "error=").',
    'other-sign-in':
      'That address answers another sign-in (an older tab?), not this one. Paste the address of the ' +
      'latest attempt, or open the browser again.',
    'session-ended': SESSION_ENDED,
  },
  signedIn: (name) => (name ? `Signed in as ${name}.` : 'Signed in.'),
  signedOut: 'Signed out.',
  revocationFailed: (text) =>
    `You are signed out here, but the server could not revoke the session: ${text}`,
};

/** The default table with `overrides`' entries in place of its own. */
export function textsWith(overrides: TextOverrides = {}, base = defaultTexts): SignInTexts {
  return {
    ...base,
    ...overrides,
    reasons: { ...base.reasons, ...overrides.reasons },
    kinds: { ...base.kinds, ...overrides.kinds },
    codes: { ...base.codes, ...overrides.codes },
    notices: { ...base.notices, ...overrides.notices },
  } as SignInTexts;
}

/**
 * What a person reads about `failure`: the text of its kind, else of its OAuth error code (by
 * step first), else of its reason; a reason this table does not know (a failure from a newer
 * copy of the package) reads as something unexpected.
 */
export function textFor(
  failure: AuthFailure,
  provider: string,
  texts: SignInTexts = defaultTexts,
): string {
  const { kind, step, oauthError, reason } = failure;
  const text =
    entry(texts.kinds, kind) ??
    entry(texts.codes, oauthError && `${step}:${oauthError}`) ??
    entry(texts.codes, oauthError) ??
    entry(texts.reasons, reason) ??
    texts.kinds.unexpected;
  return typeof text === 'function'
    ? text(provider, failure)
    : text.replaceAll('{provider}', provider);
}

function entry(table: Readonly<Record<string, Text>>, key: string | undefined): Text | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** What the sign-in view says about the last sign-out, when something is worth saying. */
export function signOutWarningText(
  failure: AuthFailure | null,
  provider: string,
  texts: SignInTexts = defaultTexts,
): string | null {
  if (failure === null) return null;
  const text = textFor(failure, provider, texts);
  // Only the person can revoke (GitHub): the text says where.
  return failure.reason === 'revocation_unsupported' ? text : texts.revocationFailed(text);
}
