// @vitest-environment node
/**
 * The backend's routes through Fastify's `inject()`: one per OAuthClient operation plus the
 * session, each answering an envelope; every protocol failure and every kind of bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/oauth/errors';
import type { TokenSet } from '../../../src/oauth/types';
import { deferred, T0, tokens } from '../machines/support';
import { type TestBackend, testBackend } from './support';

const withIdToken: TokenSet = {
  ...tokens,
  idToken: 'header.payload.signature',
  idTokenClaims: { iss: 'https://id.example.test', sub: 'user-1', aud: 'c', exp: 1, iat: 0 },
};

/** Prepares a sign-in and exchanges its code: the backend then holds `issued`. */
async function signedIn(backend: TestBackend, issued: TokenSet = withIdToken) {
  backend.oauth.exchangeCode.mockResolvedValueOnce(issued);
  const prepared = await backend.call('POST', '/prepare-authorization', { now: T0 });
  const { state } = (prepared.body.pending as { state: string }) ?? {};
  const exchanged = await backend.call('POST', '/exchange-code', {
    params: `code=code-1&state=${state}`,
    state,
    now: T0,
  });
  expect(exchanged.body.ok).toBe(true);
  return exchanged;
}

function storedRecord(backend: TestBackend) {
  return JSON.parse(readFileSync(backend.sessionFile, 'utf8'));
}

describe('POST /prepare-authorization', () => {
  it('answers the pending sign-in without its verifier, which the backend keeps', async () => {
    const backend = await testBackend();
    const { status, body } = await backend.call('POST', '/prepare-authorization', { now: T0 });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      pending: {
        state: 'state-1',
        nonce: 'nonce-xyz',
        redirectUri: expect.stringContaining('docker-desktop://'),
        startedAt: T0,
        authorizationUrl: expect.stringContaining('state=state-1'),
      },
    });
    expect(JSON.stringify(body)).not.toContain('verifier-1');
    expect(backend.oauth.prepareAuthorization).toHaveBeenCalledWith(
      expect.objectContaining({ now: T0 }),
    );

    await backend.call('POST', '/exchange-code', {
      params: 'code=c&state=state-1',
      state: 'state-1',
      now: T0,
    });
    expect(backend.oauth.exchangeCode).toHaveBeenCalledWith(
      expect.objectContaining({ pending: expect.objectContaining({ codeVerifier: 'verifier-1' }) }),
    );
  });

  it('answers a protocol failure as an envelope with the AuthError’s fields (HTTP 200)', async () => {
    const backend = await testBackend();
    backend.oauth.prepareAuthorization.mockRejectedValueOnce(
      new AuthError('network_error', 'Could not reach Acme ID.', { detail: 'discovery: refused' }),
    );
    const { status, body } = await backend.call('POST', '/prepare-authorization', { now: T0 });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: false,
      error: {
        reason: 'network_error',
        message: 'Could not reach Acme ID.',
        detail: 'discovery: refused',
      },
    });
  });
});

describe('POST /validate-redirect', () => {
  it('validates against the pending sign-in the state names', async () => {
    const backend = await testBackend();
    await backend.call('POST', '/prepare-authorization', { now: T0 });
    const { body } = await backend.call('POST', '/validate-redirect', {
      search: '?code=code-1&state=state-1',
      state: 'state-1',
    });
    expect(body).toEqual({ ok: true, redirect: { params: 'code=code-1&state=state-1' } });
  });

  it('an unknown state (never started, or the backend restarted) asks for a new sign-in', async () => {
    const backend = await testBackend();
    const { body } = await backend.call('POST', '/validate-redirect', {
      search: '?code=code-1&state=state-9',
      state: 'state-9',
    });
    expect(body).toMatchObject({
      ok: false,
      // The data the page words it from (src/ui/texts.ts): the backend may have restarted.
      error: { reason: 'no_pending_login', kind: 'unknown-to-backend' },
    });
  });

  it('a refused redirect ends that sign-in: its code cannot be exchanged afterwards', async () => {
    const backend = await testBackend();
    await backend.call('POST', '/prepare-authorization', { now: T0 });
    const refused = await backend.call('POST', '/validate-redirect', {
      search: '?code=code-1&state=forged',
      state: 'state-1',
    });
    expect(refused.body).toMatchObject({ ok: false, error: { reason: 'state_mismatch' } });
    const exchange = await backend.call('POST', '/exchange-code', {
      params: 'code=code-1&state=state-1',
      state: 'state-1',
      now: T0,
    });
    expect(exchange.body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
    expect(backend.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('a sign-in older than ten minutes is forgotten', async () => {
    const backend = await testBackend();
    await backend.call('POST', '/prepare-authorization', { now: T0 });
    backend.clock.time = T0 + 10 * 60_000 + 1;
    const { body } = await backend.call('POST', '/validate-redirect', {
      search: '?code=code-1&state=state-1',
      state: 'state-1',
    });
    expect(body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
  });
});

describe('POST /exchange-code', () => {
  it('stores the whole session, then answers the page’s part only', async () => {
    const backend = await testBackend();
    const { body } = await signedIn(backend);
    expect(body).toEqual({
      ok: true,
      tokens: {
        accessToken: 'access-token-1',
        tokenType: 'bearer',
        expiresAt: tokens.expiresAt,
        scope: tokens.scope,
        idTokenClaims: withIdToken.idTokenClaims,
        refreshable: true,
      },
    });
    const record = storedRecord(backend);
    expect(record).toMatchObject({
      version: 1,
      issuer: 'https://id.example.test',
      clientId: 'docker-extension',
      tokens: { refreshToken: 'refresh-token-1', accessToken: 'access-token-1' },
    });
    // The raw ID token is not kept, here or in the page.
    expect(JSON.stringify(record)).not.toContain('header.payload.signature');
  });

  it('exchanges a code at most once', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    const again = await backend.call('POST', '/exchange-code', {
      params: 'code=code-1&state=state-1',
      state: 'state-1',
      now: T0,
    });
    expect(again.body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
    expect(backend.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });

  it('a refused exchange keeps no session', async () => {
    const backend = await testBackend();
    backend.oauth.exchangeCode.mockRejectedValueOnce(
      new AuthError('token_error', 'The sign-in code was already used.', {
        oauthError: 'invalid_grant',
        status: 400,
      }),
    );
    await backend.call('POST', '/prepare-authorization', { now: T0 });
    const { body } = await backend.call('POST', '/exchange-code', {
      params: 'code=code-1&state=state-1',
      state: 'state-1',
      now: T0,
    });
    expect(body).toMatchObject({
      ok: false,
      error: { reason: 'token_error', oauthError: 'invalid_grant', status: 400 },
    });
    expect(existsSync(backend.sessionFile)).toBe(false);
  });
});

describe('GET /health', () => {
  it('answers ok, signed in or not, and never the session', async () => {
    const backend = await testBackend();
    expect(await backend.call('GET', '/health')).toMatchObject({ status: 200, body: { ok: true } });
    await signedIn(backend);
    const { status, body } = await backend.call('GET', '/health');
    expect({ status, body }).toEqual({ status: 200, body: { ok: true } });
    expect((await backend.call('POST', '/health', {})).status).toBe(405);
  });
});

describe('GET /session', () => {
  it('answers null without a session', async () => {
    const backend = await testBackend();
    expect((await backend.call('GET', '/session')).body).toEqual({ ok: true, tokens: null });
  });

  it('answers the page’s part: refreshable, never the refresh token', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    const { body } = await backend.call('GET', '/session');
    expect(body.tokens).toMatchObject({ accessToken: 'access-token-1', refreshable: true });
    expect(JSON.stringify(body)).not.toContain('refresh-token-1');
  });

  it('a session without a refresh token is not refreshable', async () => {
    const backend = await testBackend();
    await signedIn(backend, { ...tokens, refreshToken: undefined });
    expect((await backend.call('GET', '/session')).body.tokens).toMatchObject({
      refreshable: false,
    });
  });

  it('survives a restart of the backend (the file is read at start)', async () => {
    const first = await testBackend();
    await signedIn(first);
    await first.app.close();
    const second = await testBackend({ sessionFile: first.sessionFile });
    expect((await second.call('GET', '/session')).body.tokens).toMatchObject({
      accessToken: 'access-token-1',
    });
  });
});

describe('POST /refresh', () => {
  const rotated: TokenSet = {
    ...tokens,
    accessToken: 'access-token-2',
    refreshToken: 'refresh-token-2',
  };

  it('refreshes with the stored refresh token and stores the rotated one', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    backend.oauth.refresh.mockResolvedValueOnce(rotated);
    const { body } = await backend.call('POST', '/refresh', {
      accessToken: 'access-token-1',
      now: T0,
    });
    expect(body).toMatchObject({
      ok: true,
      tokens: { accessToken: 'access-token-2', refreshable: true },
    });
    expect(JSON.stringify(body)).not.toContain('refresh-token-2');
    expect(backend.oauth.refresh).toHaveBeenCalledWith(
      expect.objectContaining({
        tokens: expect.objectContaining({ refreshToken: 'refresh-token-1' }),
      }),
    );
    expect(storedRecord(backend).tokens.refreshToken).toBe('refresh-token-2');
  });

  it('two refreshes at once make one token request and get the same answer', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    const answer = deferred<TokenSet>();
    backend.oauth.refresh.mockReturnValueOnce(answer.promise);
    const request = { accessToken: 'access-token-1', now: T0 };
    const both = Promise.all([
      backend.call('POST', '/refresh', request),
      backend.call('POST', '/refresh', request),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer.resolve(rotated);
    const [first, second] = await both;
    expect(backend.oauth.refresh).toHaveBeenCalledTimes(1);
    expect(first.body).toEqual(second.body);
    expect(first.body.tokens).toMatchObject({ accessToken: 'access-token-2' });
  });

  it('a page holding a replaced access token gets the current one without a token request', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    backend.oauth.refresh.mockResolvedValueOnce(rotated);
    await backend.call('POST', '/refresh', { accessToken: 'access-token-1', now: T0 });
    const late = await backend.call('POST', '/refresh', { accessToken: 'access-token-1', now: T0 });
    expect(late.body.tokens).toMatchObject({ accessToken: 'access-token-2' });
    expect(backend.oauth.refresh).toHaveBeenCalledTimes(1);
  });

  it.each([['invalid_grant'], ['invalid_client'], ['unauthorized_client']])(
    '%s ends the session: the file is removed',
    async (oauthError) => {
      const backend = await testBackend();
      await signedIn(backend);
      backend.oauth.refresh.mockRejectedValueOnce(
        new AuthError('token_error', 'Your session at Acme ID has ended.', {
          oauthError,
          status: 400,
        }),
      );
      const { body } = await backend.call('POST', '/refresh', {
        accessToken: 'access-token-1',
        now: T0,
      });
      expect(body).toMatchObject({ ok: false, error: { reason: 'token_error', oauthError } });
      expect(existsSync(backend.sessionFile)).toBe(false);
      expect((await backend.call('GET', '/session')).body.tokens).toBeNull();
    },
  );

  it('a transient failure keeps the session for the next try', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    backend.oauth.refresh.mockRejectedValueOnce(
      new AuthError('network_error', 'Could not reach Acme ID.'),
    );
    const { body } = await backend.call('POST', '/refresh', {
      accessToken: 'access-token-1',
      now: T0,
    });
    expect(body).toMatchObject({ ok: false, error: { reason: 'network_error' } });
    expect(storedRecord(backend).tokens.refreshToken).toBe('refresh-token-1');
  });

  it('without a session, answers as the provider does for a dead refresh token', async () => {
    const backend = await testBackend();
    const { body } = await backend.call('POST', '/refresh', { accessToken: 'gone', now: T0 });
    expect(body).toMatchObject({
      ok: false,
      error: { reason: 'token_error', oauthError: 'invalid_grant' },
    });
    expect(backend.oauth.refresh).not.toHaveBeenCalled();
  });
});

describe('GET /user-profile', () => {
  it('fetches the user’s data with the stored access token', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    const { body } = await backend.call('GET', '/user-profile');
    expect(body).toMatchObject({ ok: true, profile: { subject: 'user-1', name: 'Dana Demo' } });
    expect(backend.oauth.fetchUserProfile).toHaveBeenCalledWith(
      expect.objectContaining({
        tokens: expect.objectContaining({ accessToken: 'access-token-1' }),
      }),
    );
  });

  it('passes the provider’s 401 on, so the page refreshes once', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    backend.oauth.fetchUserProfile.mockRejectedValueOnce(
      new AuthError('http_error', 'Acme ID refused the request (HTTP 401).', { status: 401 }),
    );
    const { status, body } = await backend.call('GET', '/user-profile');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, error: { reason: 'http_error', status: 401 } });
  });

  it('without a session, answers 401 in the envelope', async () => {
    const backend = await testBackend();
    const { body } = await backend.call('GET', '/user-profile');
    expect(body).toMatchObject({ ok: false, error: { reason: 'token_error', status: 401 } });
  });
});

describe('sign-out: DELETE /session, then POST /revoke', () => {
  it('revokes the forgotten session’s tokens, the refresh token included', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    expect((await backend.call('DELETE', '/session')).body).toEqual({ ok: true });
    expect(existsSync(backend.sessionFile)).toBe(false);
    const { body } = await backend.call('POST', '/revoke', { accessToken: 'access-token-1' });
    expect(body).toEqual({ ok: true, revoked: true });
    expect(backend.oauth.revoke).toHaveBeenCalledWith(
      expect.objectContaining({
        tokens: expect.objectContaining({ refreshToken: 'refresh-token-1' }),
      }),
    );
  });

  it('revoke alone also forgets the session', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    await backend.call('POST', '/revoke', { accessToken: 'access-token-1' });
    expect(existsSync(backend.sessionFile)).toBe(false);
    expect((await backend.call('GET', '/session')).body.tokens).toBeNull();
  });

  it('a sign-out during a refresh waits for it and revokes the rotated tokens', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    const answer = deferred<TokenSet>();
    backend.oauth.refresh.mockReturnValueOnce(answer.promise);
    const refreshing = backend.call('POST', '/refresh', { accessToken: 'access-token-1', now: T0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const forgetting = backend.call('DELETE', '/session');
    const revoking = backend.call('POST', '/revoke', { accessToken: 'access-token-1' });
    answer.resolve({ ...tokens, accessToken: 'access-token-2', refreshToken: 'refresh-token-2' });
    await Promise.all([refreshing, forgetting, revoking]);
    expect(backend.oauth.revoke).toHaveBeenCalledWith(
      expect.objectContaining({
        tokens: expect.objectContaining({ refreshToken: 'refresh-token-2' }),
      }),
    );
    expect(existsSync(backend.sessionFile)).toBe(false);
  });

  it('a failed revocation is reported; the session is gone all the same', async () => {
    const backend = await testBackend();
    await signedIn(backend);
    backend.oauth.revoke.mockRejectedValueOnce(
      new AuthError('network_error', 'Could not reach Acme ID.'),
    );
    const { body } = await backend.call('POST', '/revoke', { accessToken: 'access-token-1' });
    expect(body).toMatchObject({ ok: false, error: { reason: 'network_error' } });
    expect(existsSync(backend.sessionFile)).toBe(false);
  });
});

describe('the device flow: POST /start-device-authorization, POST /poll-device-token', () => {
  async function started(backend: TestBackend) {
    const { status, body } = await backend.call('POST', '/start-device-authorization', {
      now: T0,
    });
    expect(status).toBe(200);
    return body.device as { deviceCode: string; userCode: string; intervalMs: number };
  }

  it('answers the device sign-in with a handle in place of the device code, which it keeps', async () => {
    const backend = await testBackend();
    const device = await started(backend);
    expect(device).toMatchObject({
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://id.example.test/device',
      verificationUriComplete: 'https://id.example.test/device?user_code=WDJB-MJHT',
      intervalMs: 5_000,
      startedAt: T0,
    });
    expect(device.deviceCode).toMatch(/^[\w-]{32}$/);
    expect(device.deviceCode).not.toBe('device-code-1');
    await backend.call('POST', '/poll-device-token', { deviceCode: device.deviceCode, now: T0 });
    expect(backend.oauth.pollDeviceToken).toHaveBeenCalledWith(
      expect.objectContaining({ device: expect.objectContaining({ deviceCode: 'device-code-1' }) }),
    );
  });

  it('answers pending, and slow_down with the new interval, which it keeps', async () => {
    const backend = await testBackend();
    const { deviceCode } = await started(backend);
    const pending = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(pending.body).toEqual({ ok: true, poll: { status: 'pending' } });
    backend.oauth.pollDeviceToken.mockResolvedValueOnce({
      status: 'slow_down',
      intervalMs: 10_000,
    });
    const slower = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(slower.body).toEqual({ ok: true, poll: { status: 'slow_down', intervalMs: 10_000 } });
    await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(backend.oauth.pollDeviceToken).toHaveBeenLastCalledWith(
      expect.objectContaining({ device: expect.objectContaining({ intervalMs: 10_000 }) }),
    );
  });

  it('stores the session when the tokens come, answers the page its part, and is redeemed once', async () => {
    const backend = await testBackend();
    const { deviceCode } = await started(backend);
    backend.oauth.pollDeviceToken.mockResolvedValueOnce({ status: 'tokens', tokens: withIdToken });
    const { body } = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(body).toEqual({
      ok: true,
      poll: {
        status: 'tokens',
        tokens: {
          accessToken: tokens.accessToken,
          tokenType: 'bearer',
          expiresAt: tokens.expiresAt,
          scope: tokens.scope,
          idTokenClaims: withIdToken.idTokenClaims,
          refreshable: true,
        },
      },
    });
    expect(JSON.stringify(body)).not.toContain(tokens.refreshToken);
    expect(storedRecord(backend).tokens.refreshToken).toBe(tokens.refreshToken);
    const again = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(again.body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
    expect(backend.oauth.pollDeviceToken).toHaveBeenCalledTimes(1);
  });

  it('forgets a declined or expired sign-in, but keeps one that failed for now', async () => {
    const backend = await testBackend();
    const { deviceCode } = await started(backend);
    backend.oauth.pollDeviceToken.mockRejectedValueOnce(
      new AuthError('network_error', 'Could not reach Acme ID.'),
    );
    const offline = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(offline.body).toMatchObject({ ok: false, error: { reason: 'network_error' } });
    backend.oauth.pollDeviceToken.mockRejectedValueOnce(
      new AuthError('access_denied', 'You declined the sign-in at Acme ID.', {
        oauthError: 'access_denied',
        status: 400,
      }),
    );
    const declined = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(declined.body).toMatchObject({ ok: false, error: { reason: 'access_denied' } });
    const after = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(after.body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
  });

  it('forgets a device sign-in once its code has expired', async () => {
    const backend = await testBackend();
    const { deviceCode } = await started(backend);
    backend.clock.time = T0 + 10 * 60_000;
    const { body } = await backend.call('POST', '/poll-device-token', { deviceCode, now: T0 });
    expect(body).toMatchObject({ ok: false, error: { reason: 'no_pending_login' } });
    expect(backend.oauth.pollDeviceToken).not.toHaveBeenCalled();
  });

  it('refuses a poll without a handle, before any handler runs', async () => {
    const backend = await testBackend();
    const { status, body } = await backend.call('POST', '/poll-device-token', { now: T0 });
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error: { reason: 'bad_request' } });
  });
});

describe('bad input: a 4xx envelope, and the backend keeps serving', () => {
  it.each([
    ['a missing field', '/validate-redirect', { search: '?code=1' }, /required property 'state'/],
    [
      'an extra field',
      '/refresh',
      { accessToken: 'a', now: 1, refreshToken: 'r' },
      /additional properties/,
    ],
    ['a wrong type', '/prepare-authorization', { now: '2026-11-25' }, /must be integer/],
    [
      'an empty text',
      '/exchange-code',
      { params: '', state: 's', now: 1 },
      /must NOT have fewer than 1/,
    ],
    ['a negative time', '/prepare-authorization', { now: -1 }, /must be >= 0/],
    ['an array', '/revoke', ['access-token'], /must be object/],
  ])('%s → 400 bad_request', async (_what, url, payload, message) => {
    const backend = await testBackend();
    const { status, body } = await backend.call('POST', url, payload);
    expect(status).toBe(400);
    expect(body).toEqual({
      ok: false,
      error: { reason: 'bad_request', message: expect.stringMatching(message) },
    });
  });

  it('malformed JSON → 400', async () => {
    const backend = await testBackend();
    const response = await backend.app.inject({
      method: 'POST',
      url: '/refresh',
      headers: { 'content-type': 'application/json' },
      payload: '{"accessToken": "a",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      ok: false,
      error: { reason: 'bad_request', message: 'The request body is not valid JSON.' },
    });
  });

  it('a body that is not JSON → 415', async () => {
    const backend = await testBackend();
    const response = await backend.app.inject({
      method: 'POST',
      url: '/refresh',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'accessToken=a&now=1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({
      ok: false,
      error: { reason: 'unsupported_media_type' },
    });
  });

  it('an oversized body → 413', async () => {
    const backend = await testBackend();
    const { status, body } = await backend.call('POST', '/refresh', {
      accessToken: 'a'.repeat(70_000),
      now: 1,
    });
    expect(status).toBe(413);
    expect(body).toMatchObject({ ok: false, error: { reason: 'payload_too_large' } });
  });

  it('an unknown route → 404', async () => {
    const backend = await testBackend();
    const { status, body } = await backend.call('GET', '/tokens');
    expect(status).toBe(404);
    expect(body).toEqual({
      ok: false,
      error: { reason: 'not_found', message: 'The backend has no route /tokens.' },
    });
  });

  it('a wrong method → 405 with Allow', async () => {
    const backend = await testBackend();
    const put = await backend.call('PUT', '/session', { tokens: {} });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, DELETE');
    expect(put.body).toMatchObject({ ok: false, error: { reason: 'method_not_allowed' } });
    const get = await backend.call('GET', '/refresh');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('an unexpected failure → 500, logged by name only', async () => {
    const backend = await testBackend();
    backend.oauth.prepareAuthorization.mockRejectedValueOnce(
      new TypeError('cannot read secret-value-in-message'),
    );
    const { status, body } = await backend.call('POST', '/prepare-authorization', { now: T0 });
    expect(status).toBe(500);
    expect(body).toEqual({
      ok: false,
      error: { reason: 'internal_error', message: "The extension's backend failed to answer." },
    });
    expect(backend.logs.join('\n')).toContain('"name":"TypeError"');
    expect(backend.logs.join('\n')).not.toContain('secret-value-in-message');
  });

  it('still answers after all of that', async () => {
    const backend = await testBackend();
    await backend.call('POST', '/refresh', 'not json');
    await backend.call('GET', '/nowhere');
    await backend.call('POST', '/refresh', { accessToken: 'a'.repeat(70_000), now: 1 });
    expect((await backend.call('GET', '/session')).body).toEqual({ ok: true, tokens: null });
  });
});
