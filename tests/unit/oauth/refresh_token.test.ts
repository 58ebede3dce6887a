// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  expectNoSecrets,
  fakeServer,
  type Handler,
  html,
  ISSUER,
  json,
  PROVIDER,
  said,
  signIdToken,
  testClient,
  tokenResponse,
} from './fakeServer';

const NOW = 1_700_000_000_000;
const LATER = NOW + 50 * 60_000;

const current: TokenSet = {
  accessToken: 'old-access-token',
  tokenType: 'bearer',
  expiresAt: NOW + 3_600_000,
  refreshToken: 'old-refresh-token',
  scope: 'openid profile offline_access',
  idTokenClaims: { iss: ISSUER, sub: 'user-42', aud: CLIENT_ID, exp: 1, iat: 0 },
  idToken: 'old.id.token',
};

function refresher(token: Handler) {
  const server = fakeServer({ '/token': token });
  const client = testClient(server);
  return {
    server,
    refresh: (tokens: TokenSet = current, signal?: AbortSignal) =>
      client.refresh({ tokens, now: LATER, ...(signal ? { signal } : {}) }),
  };
}

describe('the refresh token grant', () => {
  it('posts the refresh token as a public client, without a secret', async () => {
    const { server, refresh } = refresher(() => tokenResponse());
    const signal = new AbortController().signal;
    await refresh(current, signal);
    const [request] = server.requestsTo('/token');
    expect(request?.method).toBe('POST');
    expect(request?.signal).toBe(signal);
    expect(request?.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'old-refresh-token',
      client_id: CLIENT_ID,
    });
  });

  it('keeps the rotated refresh token and computes the new expiry', async () => {
    const { refresh } = refresher(() =>
      tokenResponse({
        access_token: 'new-access-token',
        refresh_token: 'new-refresh-token',
        expires_in: 600,
      }),
    );
    const tokens = await refresh();
    expect(tokens.accessToken).toBe('new-access-token');
    expect(tokens.refreshToken).toBe('new-refresh-token');
    expect(tokens.expiresAt).toBe(LATER + 600_000);
  });

  it('keeps the old refresh token only when the server issued none', async () => {
    const { refresh } = refresher(() =>
      json({ access_token: 'new-access-token', token_type: 'Bearer' }),
    );
    const tokens = await refresh();
    expect(tokens.refreshToken).toBe('old-refresh-token');
    expect(tokens.expiresAt).toBeUndefined();
  });

  it('keeps the granted scope and the ID token when the answer repeats neither', async () => {
    const { refresh } = refresher(() =>
      json({ access_token: 'new-access-token', token_type: 'bearer' }),
    );
    const tokens = await refresh();
    expect(tokens.scope).toBe(current.scope);
    expect(tokens.idTokenClaims).toEqual(current.idTokenClaims);
    expect(tokens.idToken).toBe(current.idToken);
  });

  it('takes a new ID token about the same user', async () => {
    const { refresh } = refresher(async () =>
      tokenResponse({ id_token: await signIdToken({ name: 'Ada' }) }),
    );
    const tokens = await refresh();
    expect(tokens.idTokenClaims).toMatchObject({ sub: 'user-42', name: 'Ada' });
    expect(tokens.idToken).not.toBe(current.idToken);
  });

  it('refuses a new ID token about another user', async () => {
    const { refresh } = refresher(async () =>
      tokenResponse({ id_token: await signIdToken({ sub: 'someone-else' }) }),
    );
    const error = await authErrorOf(refresh());
    expect(error.reason).toBe('account_mismatch');
  });

  it('explains an expired or revoked refresh token (invalid_grant)', async () => {
    const { refresh } = refresher(() =>
      json({ error: 'invalid_grant', error_description: 'grant request is invalid' }, 400),
    );
    const error = await authErrorOf(refresh());
    expect(error.reason).toBe('token_error');
    expect(error.oauthError).toBe('invalid_grant');
    expect(said(error)).toBe(`Your session at ${PROVIDER} has ended. Please sign in again.`);
    expectNoSecrets(error, ['old-refresh-token', 'old-access-token']);
  });

  it('refuses to refresh without a refresh token, sending nothing', async () => {
    const { server, refresh } = refresher(() => tokenResponse());
    const { refreshToken: _, ...withoutRefresh } = current;
    const error = await authErrorOf(refresh(withoutRefresh));
    expect(error.reason).toBe('token_error');
    expect(server.requestsTo('/token')).toHaveLength(0);
  });

  it('maps the same failures as the code grant', async () => {
    const cases: Array<[Handler, string]> = [
      [
        () => new Response('oops', { status: 502, headers: { 'content-type': 'text/plain' } }),
        'http_error',
      ],
      [() => json({ token_type: 'bearer' }), 'invalid_response'],
      [
        () => {
          throw new TypeError('Failed to fetch');
        },
        'network_error',
      ],
    ];
    for (const [handler, reason] of cases) {
      const { refresh } = refresher(handler);
      expect((await authErrorOf(refresh())).reason).toBe(reason);
    }
  });

  it('reports a timeout, and passes a cancellation through', async () => {
    const { refresh } = refresher(() => new Promise<Response>(() => {}));
    expect((await authErrorOf(refresh(current, AbortSignal.timeout(10)))).reason).toBe(
      'exchange_timeout',
    );
    const controller = new AbortController();
    const pending = refresh(current, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('a token answer’s expires_in, whatever the server sends', () => {
  it.each([
    ['a number', 3600, LATER + 3_600_000],
    ['a fraction', 59.5, LATER + 59_500],
    ['a number in a string', '120', LATER + 120_000],
    ['a year and more (cut to a year)', 1e12, LATER + 365 * 24 * 3_600_000],
    ['zero (it says nothing usable)', 0, undefined],
    ['a negative number', -30, undefined],
    ['text', 'soon', undefined],
    ['null', null, undefined],
    ['absent', undefined, undefined],
  ])('%s: the sign-in goes on, with a finite expiry or none', async (_, expiresIn, expected) => {
    const { refresh } = refresher(() =>
      json({ access_token: 'new-access', token_type: 'Bearer', expires_in: expiresIn }),
    );
    const next = await refresh();
    expect(next.accessToken).toBe('new-access');
    expect(next.expiresAt).toBe(expected);
  });
});

describe('a refused refresh carries what the statechart needs to decide', () => {
  it('Retry-After in seconds, on a 503', async () => {
    const { refresh } = refresher(
      () => new Response('busy', { status: 503, headers: { 'retry-after': '120' } }),
    );
    const error = await authErrorOf(refresh());
    expect(error).toMatchObject({ reason: 'http_error', status: 503, retryAfterMs: 120_000 });
  });

  it('Retry-After as a date, on a 429 with an OAuth error', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const { refresh } = refresher(() =>
      json({ error: 'temporarily_unavailable' }, 429, { 'retry-after': at }),
    );
    const error = await authErrorOf(refresh());
    expect(error.oauthError).toBe('temporarily_unavailable');
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('a captive portal’s HTML page with status 200 is not an answer (invalid_response)', async () => {
    const { refresh } = refresher(() => html('<html>Log in to the Wi-Fi</html>', 200));
    const error = await authErrorOf(refresh());
    expect(error.reason).toBe('invalid_response');
    expect(error.retryAfterMs).toBeUndefined();
  });
});
