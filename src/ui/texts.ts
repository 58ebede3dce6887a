/**
 * What the sign-in says to a person: one table with every sentence of the views (their titles,
 * paragraphs, buttons and labels), of the live region that announces each state, and about a
 * failure, a notice or a toast. Failures are keyed by their data (their `kind`, their OAuth error
 * code, their `reason`), with the provider's display name as a parameter. The statechart and the
 * protocol module carry no sentences: they report what happened (src/oauth/errors.ts), and the
 * views, the toasts and the sign-out warning word it here (`textFor`). An author replaces any
 * entry (`textsWith`) without editing the rest: another wording, or another language.
 *
 * A failure's text is a sentence, where `{provider}` stands for the provider's display name, or a
 * function of the provider's name and the failure (for its `status`, `field`, `revocationPage`...).
 * A view's entry is a string, or a function of the values its sentence names (the provider's
 * name, a page's address, a code, a time).
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
  /** What each view says: its title, paragraphs, buttons and labels. */
  views: ViewTexts;
  /** What the live region announces to screen readers about each state. */
  status: StatusTexts;
}

/**
 * How long something stays valid, in a sentence: `time` is the end as the person's clock shows it
 * ("14:32"), `minutes` the whole minutes left, rounded up, or 0 when less than a minute is left.
 */
export type ValidUntil = (time: string, minutes: number) => string;

/**
 * The views' sentences, one group per view. The defaults are `defaultTexts.views`; an author
 * replaces entries through `TextOverrides.views`.
 */
export interface ViewTexts {
  /** Signed out (`idle`): the provider and its Sign in button. */
  idle: IdleTexts;
  /** The browser is at the provider (`awaiting-browser.waiting`, the code flow). */
  waiting: WaitingTexts;
  /** The code to enter at the provider's page (`awaiting-browser.showingUserCode`, RFC 8628). */
  deviceCode: DeviceCodeTexts;
  /** The steps a person waits for, with a spinner and Cancel. */
  progress: ProgressTexts;
  /** The sign-in failed (`error`). */
  error: ErrorTexts;
  /** Signed in (`authorized`): the profile, the author's content and Sign out. */
  authorized: AuthorizedTexts;
  /**
   * Before the sign-in runs: reading the session from the extension's backend, or the sign-in's
   * code that did not load, or the backend that does not answer.
   */
  start: StartTexts;
  /** The provider settings are not usable (the author's to fix). */
  config: ConfigTexts;
  /** The page does not run in Docker Desktop. */
  unavailable: UnavailableTexts;
  /** The last resort when the views crash. */
  crashed: CrashedTexts;
}

/** The sign-in view (`idle`). */
export interface IdleTexts {
  /** The heading: "Sign in". */
  title: string;
  /** What signing in does, in the code flow; `host`: the issuer's host (id.acme.example). */
  intro(provider: string, host: string): string;
  /** The same for the device flow, where the person enters a code at the provider. */
  introDevice(provider: string, host: string): string;
  /** The button: "Sign in with GitHub". */
  signIn(provider: string): string;
}

/** The view while the browser is at the provider (the code flow). */
export interface WaitingTexts {
  /** The heading: "Continue in your browser". */
  title: string;
  /** What to do in the browser, and what to do if no window opened. */
  intro(provider: string): string;
  /** In place of the intro when Docker Desktop could not open the browser. */
  browserFailed(provider: string): string;
  /** The button that opens the same link again. */
  openAgain: string;
  /** The button that cancels the sign-in. */
  cancel: string;
  /** The label of the field that holds the sign-in link. */
  linkLabel: string;
  /** The button that copies the link. */
  copyLink: string;
  /** Said once the link is copied. */
  linkCopied: string;
  /** Said when the clipboard refused. */
  copyFailed: string;
  /** Until when the link is valid. */
  linkValidUntil: ValidUntil;
  /** Said once the link has expired. */
  linkExpired: string;
  /** The label of the field for the address the browser ended on (Desktop did not come back). */
  pasteLabel: string;
  /** Below that label: when and what to paste. */
  pasteHelp: string;
  /** The button that hands the pasted address to the sign-in. */
  pasteSubmit: string;
}

/**
 * The device sign-in's view (RFC 8628). `page` is the verification page as a person types it
 * (github.com/login/device).
 */
export interface DeviceCodeTexts {
  /** The heading: "Enter this code at GitHub". */
  title(provider: string): string;
  /** Where the browser went and what to do there. */
  intro(page: string, provider: string): string;
  /** In place of the intro when Docker Desktop could not open the browser. */
  browserFailed(page: string, provider: string): string;
  /** The label of the code. */
  codeLabel: string;
  /**
   * What a screen reader says for the code's characters that are not letters or digits, which
   * are read one by one ("W D J B dash M J H T"); other characters are read as they are.
   */
  spokenCharacters: Readonly<Record<string, string>>;
  /** The button that copies the code. */
  copyCode: string;
  /** Said once the code is copied. */
  codeCopied(page: string): string;
  /** Said when the clipboard refused. */
  copyFailed: string;
  /** The extension goes on by itself once the person authorizes it. */
  goesOn(provider: string): string;
  /** Until when the code is valid (after `goesOn`). */
  codeValidUntil: ValidUntil;
  /** Said once the code has expired. */
  codeExpired: string;
  /** A poll failed for now (`failure`: its text, from the failures' entries); polling goes on. */
  pollFailed(failure: string): string;
  /** The button that opens the page again. */
  openAgain(page: string): string;
  /** The button that cancels the sign-in. */
  cancel: string;
}

/** The headings of the steps a person waits for; the spinner's label is the heading without "…". */
export interface ProgressTexts {
  /** Before the browser opens (discovery, PKCE) or the device code arrives. */
  preparing: string;
  /** The answer from the browser is checked. */
  checking: string;
  /** The code is exchanged for tokens. */
  signingIn: string;
  /** The button that cancels the sign-in. */
  cancel: string;
}

/** The view of a failed sign-in; the failure's own sentence comes from the failures' entries. */
export interface ErrorTexts {
  /** The heading: "Sign-in did not complete". */
  title: string;
  /** The button that starts a new sign-in. */
  tryAgain: string;
  /** The button that goes back to the sign-in view. */
  dismiss: string;
  /** The button that shows the failure's details. */
  showDetails: string;
  /** The same button once they are shown. */
  hideDetails: string;
  /** The details' term for the failure's reason (`access_denied`). */
  reason: string;
  /** The details' term for the server's OAuth error code. */
  serverCode: string;
  /** The details' term for the technical detail. */
  detail: string;
}

/** The signed-in view (`authorized`). */
export interface AuthorizedTexts {
  /** The heading: "Signed in". */
  title: string;
  /** The name shown when the profile has neither a name nor an address. */
  unnamed: string;
  /** Read by screen readers while the profile loads. */
  loadingProfile: string;
  /** Renewing the session fails for now; it is tried again, the person stays signed in. */
  refreshBackoff(provider: string): string;
  /** The profile could not be loaded; `failure`: why, when known. */
  profileFailed(failure: string | null): string;
  /** The button that loads the profile again. */
  tryAgain: string;
  /** The button that signs out. */
  signOut: string;
}

/** Before the sign-in runs (the start gate): a failed start's heading, then its failure's sentence. */
export interface StartTexts {
  /** The heading while the page reads the session from the extension's backend (backend mode). */
  connecting: string;
  /** The heading when the sign-in's code could not be loaded (`load_failed`). */
  loadFailed: string;
  /** The heading when the extension's backend does not answer (backend mode). */
  notAnswering: string;
  /** The button that tries again. */
  tryAgain: string;
}

/** The view for unusable provider settings (the check's own message names the setting). */
export interface ConfigTexts {
  /** The heading: "Sign-in is not configured correctly". */
  title: string;
  /**
   * The setting at fault, and the build's environment variable that sets it when there is one:
   * the pieces of a sentence, in order, where `field` and `variable` are shown as code
   * (`(field, variable) => ['Setting at fault: ', field, '.']`).
   */
  settingAtFault<Code>(field: Code, variable: Code | undefined): ReadonlyArray<string | Code>;
  /** What to do about it. */
  fix: string;
}

/** The view outside Docker Desktop; the Desktop module's reason follows in a sentence of its own. */
export interface UnavailableTexts {
  /** The heading: "Open this extension in Docker Desktop". */
  title: string;
  /** Why the sign-in needs Docker Desktop. */
  needsDesktop: string;
}

/** The view when the sign-in's views crash (the error itself goes to the console only). */
export interface CrashedTexts {
  /** The heading: "Something went wrong". */
  title: string;
  /** What to do. */
  text: string;
}

/** What the polite live region announces about each state (read by screen readers). */
export interface StatusTexts {
  /** The live region's own name: "Sign-in status". */
  label: string;
  /** The browser is at the provider. */
  waiting: string;
  /** Docker Desktop could not open the browser (the code flow). */
  browserFailed: string;
  /** The device flow: `code` spelled out (`spokenCharacters`), `page` the verification page. */
  enterCode(code: string, page: string): string;
  /** The same, when Docker Desktop could not open the browser. */
  enterCodeBrowserFailed(code: string, page: string): string;
  /** Before the browser opens. */
  preparing: string;
  /** The answer from the browser is checked. */
  checking: string;
  /** The code is exchanged for tokens. */
  signingIn: string;
  /** Signed in; `name`: the person's name or address. */
  signedInAs(name: string): string;
  /** Signed in, the profile has neither a name nor an address. */
  signedIn: string;
  /** Signed in, the profile is loading. */
  loadingProfile: string;
  /** Signed in, the profile could not be loaded; `failure`: why, or an empty string. */
  profileFailed(failure: string): string;
  /** Signed out, nothing to add. */
  notSignedIn: string;
  /** Signed out, with the sign-out warning (`warning`: the revocation failed...). */
  signedOutWarning(warning: string): string;
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
  /** Any entries of any view's group: `{ idle: { signIn: (provider) => ... } }`. */
  views?: { [View in keyof ViewTexts]?: Partial<ViewTexts[View]> };
  /** Any entries of what the live region announces. */
  status?: Partial<StatusTexts>;
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
const CANCEL = 'Cancel';
const TRY_AGAIN = 'Try again';
const NO_BROWSER = 'Docker Desktop could not open your browser.';
const timeLeft = (minutes: number) =>
  minutes < 1 ? 'less than a minute' : minutes === 1 ? '1 minute' : `${minutes} minutes`;
const idleIntro = (provider: string, host: string, then: string) =>
  `This extension uses your ${provider} account. Signing in opens ${provider} (${host}) in your browser; ${then}`;

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
  views: {
    idle: {
      title: 'Sign in',
      intro: (provider, host) =>
        idleIntro(provider, host, 'Docker Desktop brings you back here afterwards.'),
      introDevice: (provider, host) =>
        idleIntro(
          provider,
          host,
          'you enter there the code this extension shows, and it goes on by itself.',
        ),
      signIn: (provider) => `Sign in with ${provider}`,
    },
    waiting: {
      title: 'Continue in your browser',
      intro: (provider) =>
        `Sign in with ${provider} in the browser window that just opened. When you are done, Docker Desktop brings you back here. If no window opened, open the browser again or copy the link below.`,
      browserFailed: (provider) =>
        `${NO_BROWSER} Copy the link below and open it in your browser to sign in with ${provider}.`,
      openAgain: 'Open the browser again',
      cancel: CANCEL,
      linkLabel: 'Sign-in link',
      copyLink: 'Copy link',
      linkCopied: 'Link copied. Paste it into your browser.',
      copyFailed: 'Could not copy the link: select it and copy it yourself.',
      linkValidUntil: (time, minutes) =>
        `This link stays valid until ${time} (${timeLeft(minutes)}).`,
      linkExpired: 'This link has expired: cancel and sign in again.',
      pasteLabel: 'Address from your browser',
      pasteHelp:
        'Signed in, but Docker Desktop did not come back? Copy the whole address your browser ended on and paste it here.',
      pasteSubmit: 'Continue',
    },
    deviceCode: {
      title: (provider) => `Enter this code at ${provider}`,
      intro: (page, provider) =>
        `Your browser opened ${page}. Sign in to ${provider} there and enter the code below. If no window opened, open the page again or type its address yourself.`,
      browserFailed: (page, provider) =>
        `${NO_BROWSER} Open ${page} in your browser, sign in to ${provider} and enter the code below.`,
      codeLabel: 'Your code',
      spokenCharacters: { '-': 'dash', ' ': 'space' },
      copyCode: 'Copy code',
      codeCopied: (page) => `Code copied. Paste it at ${page}.`,
      copyFailed: 'Could not copy the code: type it in yourself.',
      goesOn: (provider) =>
        `This extension signs you in by itself once you authorize it at ${provider}.`,
      codeValidUntil: (time, minutes) =>
        `The code stays valid until ${time} (${timeLeft(minutes)}).`,
      codeExpired: 'The code has expired: cancel and sign in again.',
      pollFailed: (failure) => `${failure} Trying again shortly.`,
      openAgain: (page) => `Open ${page} again`,
      cancel: CANCEL,
    },
    progress: {
      preparing: 'Preparing sign-in…',
      checking: 'Checking the answer…',
      signingIn: 'Signing you in…',
      cancel: CANCEL,
    },
    error: {
      title: 'Sign-in did not complete',
      tryAgain: TRY_AGAIN,
      dismiss: 'Dismiss',
      showDetails: 'Show details',
      hideDetails: 'Hide details',
      reason: 'Reason',
      serverCode: 'Server error code',
      detail: 'Detail',
    },
    authorized: {
      title: 'Signed in',
      unnamed: 'Your account',
      loadingProfile: 'Loading your profile…',
      refreshBackoff: (provider) =>
        `${provider} cannot be reached to renew your session right now. Trying again shortly; you stay signed in meanwhile.`,
      profileFailed: (failure) =>
        `You are signed in, but your profile could not be loaded.${failure ? ` ${failure}` : ''}`,
      tryAgain: TRY_AGAIN,
      signOut: 'Sign out',
    },
    start: {
      connecting: 'Connecting to the extension’s backend…',
      loadFailed: 'The sign-in could not be loaded',
      notAnswering: 'The extension’s backend is not answering',
      tryAgain: TRY_AGAIN,
    },
    config: {
      title: 'Sign-in is not configured correctly',
      settingAtFault: (field, variable) => [
        'Setting at fault: ',
        field,
        ...(variable === undefined
          ? []
          : [' (environment variable ', variable, ' at build time, see src/config.ts)']),
        '.',
      ],
      fix: 'Fix the setting, rebuild the extension and install it again.',
    },
    unavailable: {
      title: 'Open this extension in Docker Desktop',
      needsDesktop: 'Signing in needs Docker Desktop to open your browser.',
    },
    crashed: {
      title: 'Something went wrong',
      text: 'The sign-in stopped unexpectedly. Close the extension tab and open it again.',
    },
  },
  status: {
    label: 'Sign-in status',
    waiting: 'Waiting for the browser',
    browserFailed: 'The browser did not open. Copy the sign-in link and open it in your browser.',
    enterCode: (code, page) => `Enter the code ${code} at ${page}`,
    enterCodeBrowserFailed: (code, page) =>
      `The browser did not open. Enter the code ${code} at ${page}`,
    preparing: 'Preparing sign-in',
    checking: 'Checking the answer',
    signingIn: 'Signing you in',
    signedInAs: (name) => `Signed in as ${name}`,
    signedIn: 'Signed in',
    loadingProfile: 'Signed in. Loading your profile',
    profileFailed: (failure) =>
      `Signed in, but your profile could not be loaded. ${failure}`.trim(),
    notSignedIn: 'Not signed in',
    signedOutWarning: (warning) => `Signed out. ${warning}`,
  },
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
    views: viewsWith(base.views, overrides.views),
    status: { ...base.status, ...overrides.status },
  } as SignInTexts;
}

function viewsWith(base: ViewTexts, overrides: TextOverrides['views'] = {}): ViewTexts {
  const views: Record<string, object> = { ...base };
  for (const [view, entries] of Object.entries(overrides)) {
    views[view] = { ...views[view], ...entries };
  }
  return views as unknown as ViewTexts;
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
