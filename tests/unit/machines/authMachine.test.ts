// @vitest-environment node
/**
 * Every transition of the sign-in statechart, one `describe` per state, with fake dependencies
 * passed as input (and, where a test needs it, implementations swapped with `provide`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromPromise } from 'xstate';
import { authMachine } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import type { TokenSet } from '../../../src/oauth/types';
import {
  deferred,
  fakeEnvironment,
  flush,
  pendingLogin,
  profile,
  redirectQuery,
  startAuth,
  T0,
  tokens,
} from './support';

const MINUTE = 60_000;

describe('starting', () => {
  it('goes to idle when the address carries no redirect', () => {
    const env = fakeEnvironment({ search: '?extensionId=acme%2Foauth-extension' });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.address.search).toBe('?extensionId=acme%2Foauth-extension');
  });

  it('comes back to the waiting view, same link, when reloaded while the browser is open', () => {
    const env = fakeEnvironment({ pending: pendingLogin({ startedAt: T0 - 3 * MINUTE }) });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.pending?.authorizationUrl).toBe(
      pendingLogin().authorizationUrl,
    );
    expect(env.store.value).not.toBeNull();
    // Not opened again: the browser is still at the provider.
    expect(env.opened).toEqual([]);
    expect(env.oauth.prepareAuthorization).not.toHaveBeenCalled();
  });

  it('goes to idle and drops a pending login that has expired meanwhile', () => {
    const env = fakeEnvironment({ pending: pendingLogin({ startedAt: T0 - 11 * MINUTE }) });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.store.value).toBeNull();
  });

  it('refuses a redirect with no pending login, without any request', () => {
    const env = fakeEnvironment({ search: redirectQuery() });
    const actor = startAuth(env);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('error');
    expect(snapshot.context.error?.reason).toBe('no_pending_login');
    expect(env.oauth.validateRedirect).not.toHaveBeenCalled();
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('removes the redirect from the address as soon as it is read', () => {
    const env = fakeEnvironment({ search: redirectQuery() });
    startAuth(env);
    expect(env.address.search).toBe('');
  });

  it('refuses a redirect whose pending login is older than 10 minutes', () => {
    const env = fakeEnvironment({
      search: redirectQuery(),
      pending: pendingLogin({ startedAt: T0 - 10 * MINUTE - 1 }),
    });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe('login_expired');
    expect(env.store.value).toBeNull();
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('accepts a pending login exactly 10 minutes old', () => {
    const env = fakeEnvironment({
      search: redirectQuery(),
      pending: pendingLogin({ startedAt: T0 - 10 * MINUTE }),
    });
    expect(startAuth(env).getSnapshot().value).toBe('code-received');
  });

  it('goes to code-received with a redirect and its pending login, consuming the record', () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('code-received');
    expect(env.store.value).toBeNull();
    expect(actor.getSnapshot().context.pending?.state).toBe('state-123');
  });

  it('treats an error redirect (error=access_denied) as a redirect too', async () => {
    const env = fakeEnvironment({
      search: '?extensionId=acme%2Foauth-extension&error=access_denied&state=state-123',
      pending: pendingLogin(),
    });
    const actor = startAuth(env);
    await flush();
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe('access_denied');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });
});

describe('idle', () => {
  it('SIGN_IN prepares a login, saves it, then opens the browser with its URL', async () => {
    const env = fakeEnvironment();
    const storeAtOpen: unknown[] = [];
    env.deps.openBrowser = (url) => {
      storeAtOpen.push(env.store.value?.authorizationUrl);
      env.opened.push(url);
    };
    const actor = startAuth(env);
    actor.send({ type: 'SIGN_IN' });
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'preparing' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(env.opened).toEqual(['https://id.example.test/authorize?state=state-1']);
    // The record was in the store before the browser opened.
    expect(storeAtOpen).toEqual(['https://id.example.test/authorize?state=state-1']);
    expect(env.oauth.prepareAuthorization).toHaveBeenCalledWith(
      expect.objectContaining({ now: T0 }),
    );
  });

  it('REDIRECT with no pending login ends in error no_pending_login', () => {
    const env = fakeEnvironment();
    const actor = startAuth(env);
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe('no_pending_login');
  });

  it('REDIRECT for the login pending since before a reload completes it', async () => {
    const env = fakeEnvironment({ pending: pendingLogin() });
    const actor = startAuth(env);
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().value).toBe('code-received');
    await flush();
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
  });

  it('REDIRECT for an expired pending login ends in error login_expired', () => {
    const env = fakeEnvironment({ pending: pendingLogin() });
    const actor = startAuth(env, { browserTimeoutMs: 60 * MINUTE });
    env.clock.time += 11 * MINUTE;
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().context.error?.reason).toBe('login_expired');
    expect(env.store.value).toBeNull();
  });
});

describe('awaiting-browser', () => {
  async function waiting(settings = {}) {
    const env = fakeEnvironment();
    const actor = startAuth(env, settings);
    actor.send({ type: 'SIGN_IN' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    return { env, actor };
  }

  it('a failure while preparing (discovery) ends in error with its reason', async () => {
    const env = fakeEnvironment();
    env.oauth.prepareAuthorization.mockRejectedValueOnce(
      new AuthError('network_error', 'The sign-in server could not be reached.'),
    );
    const actor = startAuth(env);
    actor.send({ type: 'SIGN_IN' });
    await flush();
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe('network_error');
    expect(env.opened).toEqual([]);
  });

  it('CANCEL while preparing returns to idle and opens nothing', async () => {
    const env = fakeEnvironment();
    const actor = startAuth(env);
    actor.send({ type: 'SIGN_IN' });
    actor.send({ type: 'CANCEL' });
    await flush();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.opened).toEqual([]);
    expect(env.store.value).toBeNull();
  });

  it('REOPEN_BROWSER opens the same URL again', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'REOPEN_BROWSER' });
    expect(env.opened).toHaveLength(2);
    expect(env.opened[1]).toBe(env.opened[0]);
    expect(env.oauth.prepareAuthorization).toHaveBeenCalledTimes(1);
  });

  it('remembers that opening the browser failed, so the link is offered', async () => {
    const env = fakeEnvironment();
    env.deps.openBrowser = () => {
      throw new Error('openExternal is not available');
    };
    const actor = startAuth(env);
    actor.send({ type: 'SIGN_IN' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.browserOpenFailed).toBe(true);
    expect(actor.getSnapshot().context.pending?.authorizationUrl).toContain('https://');
  });

  it('CANCEL returns to idle and drops the pending login', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.store.value).toBeNull();
    expect(actor.getSnapshot().context.pending).toBeNull();
  });

  it('a late redirect from a cancelled login is refused', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'CANCEL' });
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    expect(actor.getSnapshot().context.error?.reason).toBe('no_pending_login');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('REDIRECT with the pending state goes through code-received to authorized', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    expect(actor.getSnapshot().value).toBe('code-received');
    await flush();
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });

  it('REDIRECT with another state is set aside: never exchanged, the sign-in goes on', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-forged') });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.answerNotice).toBe('set-aside');
    expect(env.store.value?.state).toBe('state-1');
    expect(env.oauth.validateRedirect).not.toHaveBeenCalled();
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('REDIRECT after the pending login expired is refused', async () => {
    const { env, actor } = await waiting({ browserTimeoutMs: 60 * MINUTE });
    env.clock.time += 11 * MINUTE;
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    expect(actor.getSnapshot().context.error?.reason).toBe('login_expired');
    expect(env.oauth.validateRedirect).not.toHaveBeenCalled();
  });

  describe('timeout', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('ends in error browser_timeout after 10 minutes by default, dropping the login', async () => {
      const env = fakeEnvironment();
      const actor = startAuth(env);
      actor.send({ type: 'SIGN_IN' });
      await vi.advanceTimersByTimeAsync(0);
      await vi.advanceTimersByTimeAsync(10 * MINUTE - 1);
      expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
      await vi.advanceTimersByTimeAsync(1);
      expect(actor.getSnapshot().value).toBe('error');
      expect(actor.getSnapshot().context.error?.reason).toBe('browser_timeout');
      expect(env.store.value).toBeNull();
    });
  });
});

describe('code-received', () => {
  it('consumes the pending login before validating, so a reload cannot replay it', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const gate = deferred<{ params: string }>();
    env.oauth.validateRedirect.mockReturnValueOnce(gate.promise);
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('code-received');
    expect(env.store.value).toBeNull();
    // A reload now finds neither the redirect nor the record.
    const reloaded = startAuth({ ...env, deps: { ...env.deps } });
    expect(reloaded.getSnapshot().value).toBe('idle');
    gate.resolve({ params: 'code=code-1&state=state-123' });
    await flush();
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });

  it('a declined sign-in (access_denied) ends in error without a token request', async () => {
    const env = fakeEnvironment({
      search: '?error=access_denied&state=state-123',
      pending: pendingLogin(),
    });
    const actor = startAuth(env);
    await flush();
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('error');
    expect(snapshot.context.error).toMatchObject({
      reason: 'access_denied',
      oauthError: 'access_denied',
    });
    expect(snapshot.context.pending).toBeNull();
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('an iss mismatch ends in error issuer_mismatch', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.validateRedirect.mockRejectedValueOnce(
      new AuthError('issuer_mismatch', 'The answer came from another server.'),
    );
    const actor = startAuth(env);
    await flush();
    expect(actor.getSnapshot().context.error?.reason).toBe('issuer_mismatch');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('CANCEL returns to idle without exchanging', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.validateRedirect.mockReturnValueOnce(new Promise(() => {}));
    const actor = startAuth(env);
    actor.send({ type: 'CANCEL' });
    await flush();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });
});

describe('exchanging', () => {
  function exchanging(settings = {}) {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const answer = deferred<TokenSet>();
    let signal: AbortSignal | undefined;
    env.oauth.exchangeCode.mockImplementationOnce(
      (options: { signal?: AbortSignal }): Promise<TokenSet> => {
        signal = options.signal;
        return answer.promise;
      },
    );
    const actor = startAuth(env, settings);
    return { env, actor, answer, signal: () => signal };
  }

  it('sends the validated redirect and the pending login to the token request', async () => {
    const { env, actor, answer } = exchanging();
    await flush();
    expect(actor.getSnapshot().value).toBe('exchanging');
    expect(env.oauth.exchangeCode).toHaveBeenCalledWith(
      expect.objectContaining({
        redirect: { params: 'extensionId=acme%2Foauth-extension&code=code-1&state=state-123' },
        pending: expect.objectContaining({ codeVerifier: 'verifier-abc' }),
        now: T0,
      }),
    );
    answer.resolve(tokens);
    await flush();
    const snapshot = actor.getSnapshot();
    expect(snapshot.matches('authorized')).toBe(true);
    expect(snapshot.context.tokens).toEqual(tokens);
    // The code and verifier are forgotten once used.
    expect(snapshot.context.pending).toBeNull();
    expect(snapshot.context.validated).toBeNull();
    expect(snapshot.context.redirectSearch).toBeNull();
  });

  it('an RFC 6749 §5.2 error (invalid_grant) ends in error token_error', async () => {
    const { env, actor, answer } = exchanging();
    await flush();
    answer.reject(
      new AuthError('token_error', 'The sign-in code was already used or has expired.', {
        oauthError: 'invalid_grant',
      }),
    );
    await flush();
    expect(actor.getSnapshot().context.error).toMatchObject({
      reason: 'token_error',
      oauthError: 'invalid_grant',
    });
    expect(env.toasts).toEqual([
      {
        kind: 'failed',
        failure: expect.objectContaining({ reason: 'token_error', oauthError: 'invalid_grant' }),
      },
    ]);
  });

  it('an unexpected exception still ends in error with a readable sentence', async () => {
    const { actor, answer } = exchanging();
    await flush();
    answer.reject(new TypeError('boom'));
    await flush();
    expect(actor.getSnapshot().context.error?.reason).toBe('invalid_response');
    expect(actor.getSnapshot().context.error?.message).toMatch(/unexpected/);
  });

  it('CANCEL aborts the token request and returns to idle', async () => {
    const { actor, signal } = exchanging();
    await flush();
    expect(signal()?.aborted).toBe(false);
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(signal()?.aborted).toBe(true);
  });

  describe('timeout', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('aborts the request after 30 s by default and ends in error exchange_timeout', async () => {
      const { actor, signal } = exchanging();
      await vi.advanceTimersByTimeAsync(0);
      expect(actor.getSnapshot().value).toBe('exchanging');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(actor.getSnapshot().value).toBe('error');
      expect(actor.getSnapshot().context.error?.reason).toBe('exchange_timeout');
      expect(signal()?.aborted).toBe(true);
    });
  });
});

describe('authorized', () => {
  async function authorized() {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const actor = startAuth(env);
    await flush();
    return { env, actor };
  }

  it('fetches the user profile with the access token, then is ready', async () => {
    const { env, actor } = await authorized();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(actor.getSnapshot().context.profile).toEqual(profile);
    expect(env.oauth.fetchUserProfile).toHaveBeenCalledWith(expect.objectContaining({ tokens }));
    expect(env.toasts).toEqual([{ kind: 'signed-in', name: 'Dana Demo' }]);
  });

  it('keeps the session when the profile fails, and RETRY_PROFILE fetches it again', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.fetchUserProfile.mockRejectedValueOnce(
      new AuthError('http_error', 'The server refused the request.', { status: 500 }),
    );
    const actor = startAuth(env);
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'profileFailed' });
    expect(actor.getSnapshot().context.tokens).toEqual(tokens);
    expect(actor.getSnapshot().context.profileError?.reason).toBe('http_error');
    actor.send({ type: 'RETRY_PROFILE' });
    expect(actor.getSnapshot().value).toEqual({ authorized: 'loadingProfile' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
  });

  it('SIGN_OUT signs out here at once, says so, and revokes the tokens in the background', async () => {
    const { env, actor } = await authorized();
    const revocation = deferred<boolean>();
    env.oauth.revoke.mockReturnValueOnce(revocation.promise);
    actor.send({ type: 'SIGN_OUT' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.tokens).toBeNull();
    expect(actor.getSnapshot().context.profile).toBeNull();
    expect(env.toasts.at(-1)).toEqual({ kind: 'signed-out' });
    expect(env.oauth.revoke).toHaveBeenCalledWith(expect.objectContaining({ tokens }));
    revocation.resolve(true);
    await flush();
    expect(actor.getSnapshot().context.signOutWarning).toBeNull();
  });
});

describe('sign-out', () => {
  it('returns to idle even when revocation fails, and says so', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.revoke.mockRejectedValueOnce(
      new AuthError('network_error', 'The sign-in server could not be reached.'),
    );
    const actor = startAuth(env);
    await flush();
    actor.send({ type: 'SIGN_OUT' });
    await flush();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.tokens).toBeNull();
    expect(actor.getSnapshot().context.signOutWarning?.message).toMatch(/could not be reached/);
    actor.send({ type: 'SIGN_IN' });
    expect(actor.getSnapshot().context.signOutWarning).toBeNull();
  });
});

describe('error', () => {
  function failed() {
    const env = fakeEnvironment({ search: redirectQuery() });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toBe('error');
    return { env, actor };
  }

  it('raises an error toast on entry', () => {
    const { env } = failed();
    expect(env.toasts).toHaveLength(1);
    expect(env.toasts[0]?.kind).toBe('failed');
  });

  it('RETRY starts a fresh login with a new state', async () => {
    const { env, actor } = failed();
    actor.send({ type: 'RETRY' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(env.store.value?.state).toBe('state-1');
  });

  it('RETRY after a used code never exchanges that code again', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    env.oauth.exchangeCode.mockRejectedValueOnce(
      new AuthError('token_error', 'The sign-in code was already used or has expired.', {
        oauthError: 'invalid_grant',
      }),
    );
    const actor = startAuth(env);
    await flush();
    actor.send({ type: 'RETRY' });
    await flush();
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1').replace('code-1', 'code-2') });
    await flush();
    const codes = env.oauth.exchangeCode.mock.calls.map(
      ([options]) => new URLSearchParams(options.redirect.params).get('code') as string,
    );
    expect(codes).toEqual(['code-1', 'code-2']);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
  });

  it('DISMISS returns to idle', () => {
    const { actor } = failed();
    actor.send({ type: 'DISMISS' });
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('a further REDIRECT is refused again and reported again', () => {
    const { env, actor } = failed();
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().context.error?.reason).toBe('no_pending_login');
    expect(env.toasts).toHaveLength(2);
  });
});

describe('provide', () => {
  it('lets a test replace a named actor', async () => {
    const env = fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() });
    const machine = authMachine.provide({
      actors: {
        exchangeCode: fromPromise(async () => ({ ...tokens, accessToken: 'from-provide' })),
      },
    });
    const actor = startAuth(env, {}, machine);
    await flush();
    expect(actor.getSnapshot().context.tokens?.accessToken).toBe('from-provide');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });
});
