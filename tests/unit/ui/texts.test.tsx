/**
 * The texts (src/ui/texts.ts): every failure the statechart and the protocol module report as
 * data reads as a sentence with the provider's name, and an author replaces any entry.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  type AuthErrorKind,
  type AuthErrorReason,
  type AuthFailure,
} from '../../../src/oauth/errors';
import { defaultTexts, type SignInTexts, textFor, textsWith } from '../../../src/ui/texts';
import { describeLinkValidity, formatClockTime } from '../../../src/ui/views/linkValidity';
import { pendingLogin, redirectQuery, renderModes, renderSignIn, textOf, view } from './support';

const PROVIDER = 'Acme ID';

// Typed as complete records: a reason or kind added to src/oauth/errors.ts without a line here
// fails the type check, and one without its text in the table fails the test below.
const REASONS: Record<AuthErrorReason, true> = {
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
  account_mismatch: true,
  device_code_expired: true,
  revocation_unsupported: true,
  browser_failed: true,
  backend_unavailable: true,
  not_signed_in: true,
  load_failed: true,
};
const KINDS: Record<AuthErrorKind, AuthErrorReason> = {
  'not-protocol': 'invalid_response',
  'id-token': 'invalid_response',
  clock: 'invalid_response',
  metadata: 'invalid_response',
  https: 'invalid_response',
  'authorization-https': 'invalid_response',
  'verification-https': 'invalid_response',
  user: 'invalid_response',
  unexpected: 'invalid_response',
  'backend-answer': 'invalid_response',
  'backend-version': 'invalid_response',
  'issuer-differs': 'invalid_configuration',
  pkce: 'invalid_configuration',
  'no-userinfo': 'invalid_configuration',
  timer: 'exchange_timeout',
  'incomplete-record': 'no_pending_login',
  'unknown-to-backend': 'no_pending_login',
  'no-refresh-token': 'token_error',
  'session-ended': 'token_error',
  'session-rejected': 'http_error',
  'no-discovery': 'http_error',
  'no-end-session': 'revocation_unsupported',
};

const failure = (reason: AuthErrorReason, more: Partial<AuthFailure> = {}): AuthFailure => ({
  reason,
  message: 'technical',
  ...more,
});

function expectSentence(text: string) {
  expect(text).toMatch(/^[A-Z].*[.)]$/);
  expect(text).not.toContain('{provider}');
  expect(text).not.toContain('undefined');
  expect(text).not.toContain('technical');
}

describe('the default texts', () => {
  it('word every reason in a sentence of its own', () => {
    const unexpected = defaultTexts.kinds.unexpected;
    for (const reason of Object.keys(REASONS) as AuthErrorReason[]) {
      expect(Object.hasOwn(defaultTexts.reasons, reason), reason).toBe(true);
      const text = textFor(failure(reason, { status: 400 }), PROVIDER);
      expectSentence(text);
      expect(text, reason).not.toBe(unexpected);
    }
    expect(Object.keys(defaultTexts.reasons).sort()).toEqual(Object.keys(REASONS).sort());
  });

  it('word every kind, in place of its reason’s text', () => {
    for (const [kind, reason] of Object.entries(KINDS) as [AuthErrorKind, AuthErrorReason][]) {
      expect(Object.hasOwn(defaultTexts.kinds, kind), kind).toBe(true);
      const text = textFor(failure(reason, { kind, status: 401 }), PROVIDER);
      expectSentence(text);
      if (kind !== 'unexpected') expect(text, kind).not.toBe(textFor(failure(reason), PROVIDER));
    }
    expect(Object.keys(defaultTexts.kinds).sort()).toEqual(Object.keys(KINDS).sort());
  });

  it('name the provider', () => {
    expect(textFor(failure('network_error'), PROVIDER)).toBe(
      'Could not reach Acme ID. Check your internet connection and try again.',
    );
    expect(textFor(failure('invalid_response', { kind: 'clock' }), 'GitHub')).toBe(
      "GitHub sent an ID token that is not valid now. Check your computer's clock.",
    );
    expect(
      textFor(
        failure('revocation_unsupported', { revocationPage: 'https://github.com/settings/apps' }),
        'GitHub',
      ),
    ).toBe(
      "To end this extension's access at GitHub too, revoke it at https://github.com/settings/apps.",
    );
  });

  it('read a kind first, then the code at its step, then the code, then the reason', () => {
    const grant = failure('token_error', { oauthError: 'invalid_grant' });
    expect(textFor({ ...grant, step: 'token' }, PROVIDER)).toBe(
      'The sign-in code was already used or has expired. Please sign in again.',
    );
    expect(textFor({ ...grant, step: 'refresh' }, PROVIDER)).toBe(
      'Your session at Acme ID has ended. Please sign in again.',
    );
    expect(textFor({ ...grant, kind: 'session-ended' }, PROVIDER)).toBe(
      'Your session has ended. Please sign in again.',
    );
    expect(textFor(failure('token_error', { oauthError: 'something_new' }), PROVIDER)).toBe(
      'Acme ID refused the request.',
    );
    expect(textFor(failure('authorization_error', { oauthError: 'something_new' }), PROVIDER)).toBe(
      'Acme ID could not complete the sign-in.',
    );
  });

  it('word an HTTP failure by its status', () => {
    expect(textFor(failure('http_error', { status: 503 }), PROVIDER)).toBe(
      'Acme ID is having problems (HTTP 503). Please try again later.',
    );
    expect(textFor(failure('http_error', { status: 403 }), PROVIDER)).toBe(
      'Acme ID refused the request (HTTP 403).',
    );
  });

  it('read a reason or kind they do not know (a newer copy) as something unexpected', () => {
    const newer = { reason: 'quantum_error', message: 'x' } as unknown as AuthFailure;
    expect(textFor(newer, PROVIDER)).toBe('Something unexpected went wrong while signing in.');
    const newKind = failure('network_error', { kind: 'solar-flare' as AuthErrorKind });
    expect(textFor(newKind, PROVIDER)).toBe(textFor(failure('network_error'), PROVIDER));
  });

  it('never word a failure from its message, which is for logs', () => {
    const error = new AuthError('access_denied', 'redirect: error access_denied', {
      oauthError: 'access_denied',
    });
    expect(textFor(error, PROVIDER)).toBe('You declined the sign-in at Acme ID.');
  });
});

describe('textsWith: an author’s entries', () => {
  const texts: SignInTexts = textsWith({
    reasons: { access_denied: 'No sign-in at {provider}, as you wished.' },
    kinds: { clock: (provider, { step }) => `${provider}: check the clock (${step}).` },
    codes: { invalid_scope: 'Ask {provider} for fewer scopes.' },
    notices: { 'session-ended': 'Signed out: the session ended.' },
    signedIn: (name) => `Hello ${name ?? 'you'}!`,
  });

  it('replace those entries only', () => {
    expect(textFor(failure('access_denied'), PROVIDER, texts)).toBe(
      'No sign-in at Acme ID, as you wished.',
    );
    expect(textFor(failure('invalid_response', { kind: 'clock', step: 'token' }), 'X', texts)).toBe(
      'X: check the clock (token).',
    );
    expect(
      textFor(failure('authorization_error', { oauthError: 'invalid_scope' }), PROVIDER, texts),
    ).toBe('Ask Acme ID for fewer scopes.');
    expect(texts.notices['session-ended']).toBe('Signed out: the session ended.');
    expect(texts.notices['set-aside']).toBe(defaultTexts.notices['set-aside']);
    expect(texts.signedIn('Dana')).toBe('Hello Dana!');
    expect(texts.signedOut).toBe('Signed out.');
    expect(textFor(failure('network_error'), PROVIDER, texts)).toBe(
      textFor(failure('network_error'), PROVIDER),
    );
    // The default table itself is untouched.
    expect(textFor(failure('access_denied'), PROVIDER)).toBe(
      'You declined the sign-in at Acme ID.',
    );
  });
});

describe('textsWith: the views’ entries', () => {
  it('replace an entry of a view, keeping its group’s other entries and the other groups', () => {
    const texts = textsWith({
      views: { idle: { signIn: (provider) => `Se connecter avec ${provider}` } },
      status: { notSignedIn: 'Non connecté' },
    });
    expect(texts.views.idle.signIn('GitHub')).toBe('Se connecter avec GitHub');
    expect(texts.views.idle.title).toBe('Sign in');
    expect(texts.views.idle.intro('GitHub', 'github.com')).toBe(
      defaultTexts.views.idle.intro('GitHub', 'github.com'),
    );
    expect(texts.views.waiting).toBe(defaultTexts.views.waiting);
    expect(texts.status.notSignedIn).toBe('Non connecté');
    expect(texts.status.waiting).toBe('Waiting for the browser');
    expect(defaultTexts.views.idle.signIn('GitHub')).toBe('Sign in with GitHub');
  });

  it('are typed: a table without one of a view’s entries is not a table', () => {
    const { signIn: _dropped, ...withoutSignIn } = defaultTexts.views.idle;
    // @ts-expect-error the idle view's signIn is missing
    const idle: SignInTexts['views']['idle'] = withoutSignIn;
    // @ts-expect-error an override is a function where the sentence names the provider
    textsWith({ views: { idle: { signIn: 'Sign in' } } });
    expect(idle).not.toHaveProperty('signIn');
  });

  it('word the time left as the author says it', () => {
    const validity = {
      validUntil: (time: string, minutes: number) => `Valable jusqu’à ${time} (${minutes} min).`,
      expired: 'Lien expiré.',
    };
    const T = Date.UTC(2026, 10, 25, 14, 22, 0);
    expect(describeLinkValidity(T + 90_000, T, validity)).toBe(
      `Valable jusqu’à ${formatClockTime(T + 90_000)} (2 min).`,
    );
    expect(describeLinkValidity(T + 59_000, T, validity)).toContain('(0 min)');
    expect(describeLinkValidity(T, T, validity)).toBe('Lien expiré.');
  });
});

describe.each(renderModes)('an author’s texts in the views and toasts (%s)', (_mode, wrapper) => {
  it('the error view, its live region and the error toast say the author’s sentence', async () => {
    const { host } = renderSignIn({
      wrapper,
      search: `${redirectQuery()}&error=access_denied`,
      pending: pendingLogin(),
      texts: { reasons: { access_denied: 'You said no to {provider}.' } },
    });
    const region = await view('Sign-in did not complete');
    expect(textOf(region)).toContain('You said no to Acme ID.');
    await waitFor(() =>
      expect(host.toasts).toContainEqual({ level: 'error', message: 'You said no to Acme ID.' }),
    );
    const status = screen.getByRole('status', { name: 'Sign-in status' });
    expect(within(status).getByText('You said no to Acme ID.')).toBeTruthy();
  });

  it('the welcome and sign-out toasts say the author’s sentences', async () => {
    const { host, user } = renderSignIn({
      wrapper,
      search: redirectQuery(),
      pending: pendingLogin(),
      texts: { signedIn: (name) => `Welcome, ${name}.`, signedOut: 'Bye.' },
    });
    await view('Signed in');
    await waitFor(() =>
      expect(host.toasts).toContainEqual({ level: 'success', message: 'Welcome, Dana Demo.' }),
    );
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await view('Sign in');
    expect(host.toasts.at(-1)).toEqual({ level: 'success', message: 'Bye.' });
  });
});
