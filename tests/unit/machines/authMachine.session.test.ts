// @vitest-environment node
/**
 * The session's transitions: resuming a stored session, the user's data, refresh ahead of
 * expiry with rotation, backoff, the end of a session, and sign-out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultAuthSettings, resolveAuthSettings } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import type { TokenSet } from '../../../src/oauth/types';
import {
  deferred,
  fakeEnvironment,
  pendingLogin,
  profile,
  redirectQuery,
  startAuth,
  T0,
  tokens,
} from './support';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const rotated: TokenSet = {
  ...tokens,
  accessToken: 'access-token-2',
  refreshToken: 'refresh-token-2',
  expiresAt: T0 + 2 * HOUR,
};

const unauthorized = () =>
  new AuthError('http_error', 'The server refused the access token.', { status: 401 });
const invalidGrant = () =>
  new AuthError('token_error', 'Your session has ended.', { oauthError: 'invalid_grant' });
const offline = () => new AuthError('network_error', 'The sign-in server could not be reached.');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('starting with a stored session', () => {
  it('a stored, unexpired session is authorized at once, with no sign-in view first', async () => {
    const env = fakeEnvironment({ session: tokens });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'loadingProfile' });
    expect(actor.getSnapshot().context.tokens).toEqual(tokens);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    // Resuming is not signing in: no welcome toast.
    expect(env.toasts).toEqual([]);
  });

  it('an expired session with a refresh token refreshes first', async () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 - 1 } });
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshing' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(env.session.value).toEqual(rotated);
    expect(env.oauth.fetchUserProfile).toHaveBeenCalledWith(
      expect.objectContaining({ tokens: rotated }),
    );
  });

  it('a session within the refresh margin counts as expired', () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 + 30_000 } });
    expect(startAuth(env).getSnapshot().value).toEqual({ authorized: 'refreshing' });
  });

  it('an expired session without a refresh token is discarded: idle, saying so', () => {
    const env = fakeEnvironment({
      session: { ...tokens, expiresAt: T0 - 1, refreshToken: undefined },
    });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.sessionNotice).toBe('session-ended');
    expect(env.session.value).toBeNull();
  });

  it('an old link at start never hides the live session: still signed in', () => {
    const env = fakeEnvironment({ session: tokens, search: redirectQuery() });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'loadingProfile' });
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(env.session.value).toEqual(tokens);
    expect(env.address.search).toBe('');
    expect(env.oauth.validateRedirect).not.toHaveBeenCalled();
  });

  it('a stored session wins over a redirect and its pending login, which is dropped', () => {
    const env = fakeEnvironment({
      session: tokens,
      search: redirectQuery(),
      pending: pendingLogin(),
    });
    const actor = startAuth(env);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.store.value).toBeNull();
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });
});

describe('exchanging (session kept)', () => {
  it('saves the new session in one write and welcomes the user once', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(env.session.value).toEqual(tokens);
    expect(env.session.writes).toBe(1);
    expect(env.toasts).toEqual([{ kind: 'signed-in', name: 'Dana Demo' }]);
  });
});

describe('authorized.loadingProfile', () => {
  it('a 401 triggers one refresh, then fetches the user data again', async () => {
    const env = fakeEnvironment({ session: tokens });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(unauthorized());
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(env.oauth.fetchUserProfile).toHaveBeenCalledTimes(2);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(actor.getSnapshot().context.profile).toEqual(profile);
  });

  it('a second 401 after that refresh ends the session', async () => {
    const env = fakeEnvironment({ session: tokens });
    env.oauth.fetchUserProfile.mockRejectedValue(unauthorized());
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.sessionNotice).toBe('session-ended');
    expect(actor.getSnapshot().context.tokens).toBeNull();
    expect(env.session.value).toBeNull();
  });

  it('a 401 without a refresh token goes back to sign-in', async () => {
    const env = fakeEnvironment({ session: { ...tokens, refreshToken: undefined } });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(unauthorized());
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(env.oauth.refresh).not.toHaveBeenCalled();
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('another failure keeps the session (profileFailed)', async () => {
    const env = fakeEnvironment({ session: tokens });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(offline());
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'profileFailed' });
    expect(env.session.value).toEqual(tokens);
  });
});

describe('authorized.ready', () => {
  it('refreshes 60 s before the access token expires and keeps the rotated token', async () => {
    const env = fakeEnvironment({ session: tokens });
    const actor = startAuth(env);
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    await vi.advanceTimersByTimeAsync(0);
    const due = (tokens.expiresAt as number) - 60_000 - T0;
    await vi.advanceTimersByTimeAsync(due - 1);
    expect(env.oauth.refresh).not.toHaveBeenCalled();
    env.clock.time = T0 + due;
    await vi.advanceTimersByTimeAsync(1);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(env.oauth.refresh).toHaveBeenCalledWith(expect.objectContaining({ tokens }));
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(actor.getSnapshot().context.tokens?.refreshToken).toBe('refresh-token-2');
    expect(env.session.value).toEqual(rotated);
    // The profile is kept: the user notices nothing.
    expect(env.oauth.fetchUserProfile).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().context.profile).toEqual(profile);
  });

  it('a token living less than twice the margin is refreshed halfway, not at once', async () => {
    const shortLived = { ...tokens, expiresAt: T0 + 10_000 };
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.exchangeCode.mockResolvedValueOnce(shortLived);
    env.oauth.refresh.mockImplementation(async () => ({
      ...rotated,
      expiresAt: env.clock.time + 10_000,
    }));
    startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(env.oauth.refresh).not.toHaveBeenCalled();
    env.clock.time += 5_000;
    await vi.advanceTimersByTimeAsync(1);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    // The rotated token lives 10 s too: the next refresh is 5 s later, not a loop.
    await vi.advanceTimersByTimeAsync(100);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
  });

  it('a token that never expires is never refreshed', async () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: undefined } });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(30 * 24 * HOUR);
    expect(env.oauth.refresh).not.toHaveBeenCalled();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
  });

  it('without a refresh token, the session ends when the access token does', async () => {
    const env = fakeEnvironment({ session: { ...tokens, refreshToken: undefined } });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.sessionNotice).toBe('session-ended');
    expect(env.session.value).toBeNull();
  });
});

describe('a session whose refresh token the backend keeps (refreshable)', () => {
  const held: TokenSet = { ...tokens, refreshToken: undefined, refreshable: true };

  it('an expired one refreshes first, like one with a refresh token', () => {
    const env = fakeEnvironment({ session: { ...held, expiresAt: T0 - 1 } });
    expect(startAuth(env).getSnapshot().value).toEqual({ authorized: 'refreshing' });
  });

  it('is refreshed ahead of expiry instead of ending', async () => {
    const env = fakeEnvironment({ session: held });
    env.oauth.refresh.mockResolvedValueOnce({ ...held, expiresAt: T0 + 2 * HOUR });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(HOUR - MINUTE);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
  });

  it('a 401 from the user data leads to one refresh', async () => {
    const env = fakeEnvironment({ session: held });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(unauthorized());
    startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
  });
});

describe('authorized.profileFailed', () => {
  it('still refreshes ahead of expiry, then fetches the user data again', async () => {
    const env = fakeEnvironment({ session: tokens });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(offline());
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'profileFailed' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
  });
});

describe('authorized.refreshing', () => {
  function refreshing() {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 - 1 } });
    const answer = deferred<TokenSet>();
    env.oauth.refresh.mockReturnValueOnce(answer.promise);
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshing' });
    return { env, actor, answer };
  }

  it('invalid_grant clears the session and returns to idle saying the session ended', async () => {
    const { env, actor, answer } = refreshing();
    answer.reject(invalidGrant());
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.sessionNotice).toBe('session-ended');
    expect(actor.getSnapshot().context.tokens).toBeNull();
    expect(env.session.value).toBeNull();
  });

  it('a network failure keeps the session and retries with doubling backoff', async () => {
    const { env, actor, answer } = refreshing();
    env.oauth.refresh.mockRejectedValueOnce(offline());
    env.oauth.refresh.mockResolvedValueOnce(rotated);
    answer.reject(offline());
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshBackoff' });
    expect(env.session.value).not.toBeNull();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(2);
    // Second failure: twice the wait.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(3);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(actor.getSnapshot().context.refreshAttempts).toBe(0);
  });

  it('an unreachable extension backend keeps the session and is retried too', async () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 - 1 } });
    env.oauth.refresh.mockRejectedValueOnce(
      new AuthError('backend_unavailable', "The extension's backend is not running."),
    );
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshBackoff' });
    expect(env.session.value).not.toBeNull();
  });

  it('a server error (5xx) is retried too', async () => {
    const { actor, answer } = refreshing();
    answer.reject(new AuthError('http_error', 'The server is having problems.', { status: 503 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshBackoff' });
  });

  it('a refresh that takes longer than 30 s is aborted and retried later', async () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 - 1 } });
    let signal: AbortSignal | undefined;
    env.oauth.refresh.mockImplementationOnce((options: { signal?: AbortSignal }) => {
      signal = options.signal;
      return new Promise(() => {});
    });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshBackoff' });
    expect(signal?.aborted).toBe(true);
  });

  it('SIGN_OUT while refreshing aborts the refresh and signs out', async () => {
    const { env, actor } = refreshing();
    const [options] = env.oauth.refresh.mock.calls[0] as [{ signal: AbortSignal }];
    const signal = options.signal;
    actor.send({ type: 'SIGN_OUT' });
    expect(signal.aborted).toBe(true);
    expect(env.session.value).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
  });
});

describe('sign-out (session)', () => {
  it('clears the stored session before revoking, even when revocation fails', async () => {
    const env = fakeEnvironment({ session: tokens });
    const revocation = deferred<boolean>();
    env.oauth.revoke.mockReturnValueOnce(revocation.promise);
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    expect(env.session.value).toBeNull();
    revocation.reject(offline());
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.signOutWarning?.reason).toBe('network_error');
    expect(env.oauth.revoke).toHaveBeenCalledWith(expect.objectContaining({ tokens }));
  });
});

describe('only a refusal ends a session', () => {
  function refreshFails(error: unknown) {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 - 1 } });
    env.oauth.refresh.mockRejectedValueOnce(error);
    const actor = startAuth(env);
    return { env, actor };
  }

  it.each([
    ['invalid_grant', invalidGrant()],
    ['invalid_client', new AuthError('token_error', 'Refused.', { oauthError: 'invalid_client' })],
    [
      'unauthorized_client',
      new AuthError('token_error', 'Refused.', { oauthError: 'unauthorized_client' }),
    ],
    ['an answer for another account', new AuthError('account_mismatch', 'Another account.')],
  ])('%s ends it: idle, nothing stored', async (_, error) => {
    const { env, actor } = refreshFails(error);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.session.value).toBeNull();
  });

  it.each([
    ['no answer', offline()],
    ['a timeout', new AuthError('exchange_timeout', 'Too slow.')],
    ['a 500', new AuthError('http_error', 'Trouble.', { status: 500 })],
    ['a 503', new AuthError('http_error', 'Trouble.', { status: 503 })],
    ['a 408', new AuthError('http_error', 'Too slow.', { status: 408 })],
    ['a 429', new AuthError('http_error', 'Too many.', { status: 429 })],
    [
      'temporarily_unavailable',
      new AuthError('token_error', 'Not now.', {
        oauthError: 'temporarily_unavailable',
        status: 400,
      }),
    ],
    ['server_error', new AuthError('token_error', 'Not now.', { oauthError: 'server_error' })],
    ['a captive portal’s HTML page', new AuthError('invalid_response', 'Not an answer.')],
    ['something unexpected', new TypeError('x is undefined')],
  ])('%s keeps it, signed in, and tries again later', async (_, error) => {
    const { env, actor } = refreshFails(error);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'refreshBackoff' });
    expect(env.session.value).not.toBeNull();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
  });

  it('a failure from another copy of the module is recognised by its reason', async () => {
    const foreign = Object.assign(new Error('Refused.'), {
      reason: 'token_error',
      oauthError: 'invalid_grant',
    });
    const { actor } = refreshFails(foreign);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('honours Retry-After: waits as long as the server asks', async () => {
    const { env } = refreshFails(
      new AuthError('http_error', 'Busy.', { status: 503, retryAfterMs: 60_000 }),
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(2);
  });

  it('honours Retry-After within the 5-minute cap', async () => {
    const { env } = refreshFails(
      new AuthError('http_error', 'Busy.', { status: 503, retryAfterMs: 60 * MINUTE }),
    );
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(2);
  });
});

describe('refresh timing for every expiry a server may give', () => {
  it.each([
    ['expired at once', T0],
    ['in the past', T0 - HOUR],
    ['in 1 ms', T0 + 1],
    ['in half a second', T0 + 500.5],
  ])('a token %s is never refreshed in a loop (at least 5 s apart)', async (_, expiresAt) => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt } });
    env.oauth.refresh.mockImplementation(async () => ({ ...tokens, expiresAt }));
    startAuth(env);
    await vi.advanceTimersByTimeAsync(MINUTE);
    // One at start, then at most one per 5 s.
    expect(env.oauth.refresh.mock.calls.length).toBeGreaterThan(1);
    expect(env.oauth.refresh.mock.calls.length).toBeLessThanOrEqual(1 + MINUTE / 5_000);
  });

  it('a token living a year is refreshed once, a minute before it expires (no timer overflow)', async () => {
    const YEAR = 365 * 24 * HOUR;
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 + YEAR } });
    env.oauth.refresh.mockResolvedValue({ ...tokens, expiresAt: T0 + 2 * YEAR });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(YEAR - 2 * MINUTE);
    expect(env.oauth.refresh).not.toHaveBeenCalled();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(env.oauth.refresh).toHaveBeenCalledTimes(1);
  });

  it('a token living a year without a refresh token keeps the session until it expires', async () => {
    const YEAR = 365 * 24 * HOUR;
    const env = fakeEnvironment({
      session: { ...tokens, refreshToken: undefined, expiresAt: T0 + YEAR },
    });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(300 * 24 * HOUR);
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    await vi.advanceTimersByTimeAsync(65 * 24 * HOUR);
    expect(actor.getSnapshot().value).toBe('idle');
  });
});

describe('the statechart’s settings', () => {
  it.each([
    ['NaN', Number.NaN],
    ['negative', -1],
    ['fractional', 1.5],
    ['text', '5000'],
    ['beyond a timer', 2 ** 40],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('a %s timing falls back to its default', (_, value) => {
    const settings = resolveAuthSettings({
      browserTimeoutMs: value as number,
      refreshBackoffMs: value as number,
      minRefreshDelayMs: value as number,
    });
    expect(settings).toEqual(defaultAuthSettings);
  });

  it('keeps valid values, zero margins included', () => {
    expect(resolveAuthSettings({ refreshMarginMs: 0, browserTimeoutMs: 1_000 })).toMatchObject({
      refreshMarginMs: 0,
      browserTimeoutMs: 1_000,
    });
  });
});

describe('sign-out never hangs', () => {
  it('a revocation endpoint that never answers is reported after 10 s, not waited for', async () => {
    const env = fakeEnvironment({ session: tokens });
    let signal: AbortSignal | undefined;
    env.oauth.revoke.mockImplementationOnce(
      (options: { signal: AbortSignal }) =>
        new Promise((_, reject) => {
          signal = options.signal;
          options.signal.addEventListener('abort', () => reject(options.signal.reason));
        }),
    );
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    // Signed out here at once.
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.session.value).toBeNull();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(actor.getSnapshot().context.signOutWarning).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    expect(actor.getSnapshot().context.signOutWarning).not.toBeNull();
  });

  it('a new sign-in meanwhile is not disturbed by the revocation’s outcome', async () => {
    const env = fakeEnvironment({ session: tokens });
    const revocation = deferred<boolean>();
    env.oauth.revoke.mockReturnValueOnce(revocation.promise);
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    actor.send({ type: 'SIGN_IN' });
    await vi.advanceTimersByTimeAsync(0);
    revocation.reject(offline());
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
  });
});

describe('sign-out at the provider too (providerLogout: the client offers endSessionUrl)', () => {
  const END = 'https://id.example.test/session/end?client_id=docker-extension-demo';

  it("opens the provider's sign-out page in the browser, beside the revocation", async () => {
    const env = fakeEnvironment({ session: tokens });
    const endSessionUrl = vi.fn(async () => END);
    env.deps.oauth = { ...env.deps.oauth, endSessionUrl };
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    expect(actor.getSnapshot().value).toBe('idle');
    await vi.advanceTimersByTimeAsync(0);
    expect(endSessionUrl).toHaveBeenCalledWith(expect.objectContaining({ tokens }));
    expect(env.oauth.revoke).toHaveBeenCalledTimes(1);
    expect(env.opened).toEqual([END]);
    expect(actor.getSnapshot().context.signOutWarning).toBeNull();
  });

  it('says so in the sign-in view when the provider has no sign-out page', async () => {
    const env = fakeEnvironment({ session: tokens });
    const unsupported = new AuthError('revocation_unsupported', 'logout: none', {
      kind: 'no-end-session',
    });
    env.deps.oauth = {
      ...env.deps.oauth,
      endSessionUrl: vi.fn(async () => Promise.reject(unsupported)),
    };
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    await vi.advanceTimersByTimeAsync(0);
    expect(env.opened).toEqual([]);
    expect(actor.getSnapshot().context.signOutWarning).toMatchObject({
      reason: 'revocation_unsupported',
      kind: 'no-end-session',
    });
  });

  it('without providerLogout opens nothing at sign-out', async () => {
    const env = fakeEnvironment({ session: tokens });
    const actor = startAuth(env);
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'SIGN_OUT' });
    await vi.advanceTimersByTimeAsync(0);
    expect(env.opened).toEqual([]);
  });
});
