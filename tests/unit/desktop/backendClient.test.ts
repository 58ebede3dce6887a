// @vitest-environment node
/**
 * The page's side of the backend: each OAuthClient operation is one route, every answer shape
 * Docker Desktop has used is unwrapped, and every failure becomes an AuthError with one of the
 * existing reasons, or `backend_unavailable` when the backend cannot be reached.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  createBackendOAuthClient,
  createBackendSessionStore,
} from '../../../src/desktop/backendClient';
import type { DesktopBackend } from '../../../src/desktop/desktopClient';
import { AuthError } from '../../../src/oauth/errors';
import type { TokenSet } from '../../../src/oauth/types';
import { textFor } from '../../../src/ui/texts';

const pageTokens = {
  accessToken: 'access-token-1',
  tokenType: 'bearer',
  expiresAt: 1_800_000_000_000,
  scope: 'openid',
  idTokenClaims: { iss: 'https://id.example.test', sub: 'user-1', aud: 'c', exp: 1, iat: 0 },
  refreshable: true,
};
const held: TokenSet = { ...pageTokens };
const pending = {
  state: 'state-1',
  redirectUri: 'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
  startedAt: 1,
  authorizationUrl: 'https://id.example.test/authorize?state=state-1',
};

function fakeService() {
  return {
    get: vi.fn<DesktopBackend['get']>(),
    post: vi.fn<DesktopBackend['post']>(),
    delete: vi.fn<DesktopBackend['delete']>(),
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('one route per operation', () => {
  const device = {
    deviceCode: 'handle-1',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://github.com/login/device',
    intervalMs: 5_000,
    startedAt: 1,
    expiresAt: 900_001,
  };

  it('startDeviceAuthorization posts the time and answers the device sign-in (a handle, no code)', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: true, device });
    const client = createBackendOAuthClient(service);
    await expect(client.startDeviceAuthorization({ now: 5 })).resolves.toEqual(device);
    expect(service.post).toHaveBeenCalledWith('/start-device-authorization', { now: 5 });
  });

  it('pollDeviceToken sends the handle; pending and slow_down pass through', async () => {
    const service = fakeService();
    service.post
      .mockResolvedValueOnce({ ok: true, poll: { status: 'pending' } })
      .mockResolvedValueOnce({ ok: true, poll: { status: 'slow_down', intervalMs: 10_000 } });
    const client = createBackendOAuthClient(service);
    await expect(client.pollDeviceToken({ device, now: 7 })).resolves.toEqual({
      status: 'pending',
    });
    await expect(client.pollDeviceToken({ device, now: 8 })).resolves.toEqual({
      status: 'slow_down',
      intervalMs: 10_000,
    });
    expect(service.post).toHaveBeenCalledWith('/poll-device-token', {
      deviceCode: 'handle-1',
      now: 7,
    });
  });

  it('pollDeviceToken answers the page’s token set, checked like a stored one', async () => {
    const service = fakeService();
    service.post
      .mockResolvedValueOnce({ ok: true, poll: { status: 'tokens', tokens: pageTokens } })
      .mockResolvedValueOnce({ ok: true, poll: { status: 'tokens', tokens: { tokenType: 'x' } } });
    const client = createBackendOAuthClient(service);
    await expect(client.pollDeviceToken({ device, now: 7 })).resolves.toEqual({
      status: 'tokens',
      tokens: held,
    });
    expect((await rejectionOf(client.pollDeviceToken({ device, now: 8 }))).reason).toBe(
      'invalid_response',
    );
  });

  it('pollDeviceToken rejects with the device flow’s own reasons', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({
      ok: false,
      error: { reason: 'device_code_expired', message: 'token: error expired_token' },
    });
    const client = createBackendOAuthClient(service);
    const error = await rejectionOf(client.pollDeviceToken({ device, now: 7 }));
    expect(error.reason).toBe('device_code_expired');
    expect(error.message).toBe('token: error expired_token');
    expect(textFor(error, 'Acme ID')).toBe(
      'The code expired before it was entered. Please sign in again.',
    );
  });

  it('prepareAuthorization posts the time and answers the record without a verifier', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: true, pending });
    const client = createBackendOAuthClient(service);
    await expect(client.prepareAuthorization({ now: 5 })).resolves.toEqual(pending);
    expect(service.post).toHaveBeenCalledWith('/prepare-authorization', { now: 5 });
  });

  it('validateRedirect sends the query and the pending state', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: true, redirect: { params: 'code=c&state=state-1' } });
    const client = createBackendOAuthClient(service);
    await expect(
      client.validateRedirect({ search: '?code=c&state=state-1', pending }),
    ).resolves.toEqual({ params: 'code=c&state=state-1' });
    expect(service.post).toHaveBeenCalledWith('/validate-redirect', {
      search: '?code=c&state=state-1',
      state: 'state-1',
    });
  });

  it('exchangeCode answers the page’s token set, refreshable, without a refresh token', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: true, tokens: pageTokens });
    const client = createBackendOAuthClient(service);
    const tokens = await client.exchangeCode({
      redirect: { params: 'code=c&state=state-1' },
      pending,
      now: 7,
    });
    expect(tokens).toEqual(held);
    expect(tokens).not.toHaveProperty('refreshToken');
    expect(service.post).toHaveBeenCalledWith('/exchange-code', {
      params: 'code=c&state=state-1',
      state: 'state-1',
      now: 7,
    });
  });

  it('refresh, fetchUserProfile and revoke send the access token the page holds, no more', async () => {
    const service = fakeService();
    service.post.mockImplementation(async (path) =>
      path === '/refresh' ? { ok: true, tokens: pageTokens } : { ok: true, revoked: true },
    );
    service.get.mockResolvedValue({ ok: true, profile: { subject: 'user-1', claims: {} } });
    const client = createBackendOAuthClient(service);
    await client.refresh({ tokens: held, now: 9 });
    await expect(client.fetchUserProfile({ tokens: held })).resolves.toEqual({
      subject: 'user-1',
      claims: {},
    });
    await expect(client.revoke({ tokens: held })).resolves.toBe(true);
    expect(service.post.mock.calls).toEqual([
      ['/refresh', { accessToken: 'access-token-1', now: 9 }],
      ['/revoke', { accessToken: 'access-token-1' }],
    ]);
    expect(service.get).toHaveBeenCalledWith('/user-profile');
  });
});

describe('answer shapes', () => {
  const shapes: [string, unknown][] = [
    ['the parsed body', { ok: true, tokens: pageTokens }],
    [
      'Desktop 4.42’s { data, status, headers }',
      { data: { ok: true, tokens: pageTokens }, status: 200, headers: {} },
    ],
    ['JSON text', JSON.stringify({ ok: true, tokens: pageTokens })],
    [
      'JSON text inside the wrapper',
      { data: JSON.stringify({ ok: true, tokens: pageTokens }), status: 200, headers: {} },
    ],
  ];
  it.each(shapes)('unwraps %s', async (_shape, answer) => {
    const service = fakeService();
    service.post.mockResolvedValue(answer);
    await expect(
      createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
    ).resolves.toEqual(held);
  });

  it.each([
    ['no envelope', { tokens: pageTokens }],
    ['text that is not JSON', '<html>bad gateway</html>'],
    ['nothing', undefined],
    ['a failure without an error', { ok: false }],
  ])('refuses %s as invalid_response', async (_shape, answer) => {
    const service = fakeService();
    service.post.mockResolvedValue(answer);
    const error = await rejectionOf(
      createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
    );
    expect(error.reason).toBe('invalid_response');
  });

  it('refuses a malformed token set', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: true, tokens: { ...pageTokens, accessToken: 7 } });
    const error = await rejectionOf(
      createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
    );
    expect(error).toMatchObject({
      reason: 'invalid_response',
      detail: expect.stringMatching(/accessToken/),
    });
  });
});

describe('failures', () => {
  const envelope = {
    ok: false,
    error: {
      reason: 'token_error',
      message: 'refresh: error invalid_grant',
      step: 'refresh',
      detail: 'refresh: HTTP 400, error invalid_grant',
      oauthError: 'invalid_grant',
      status: 400,
    },
  };

  it('a protocol failure in a 200 envelope becomes that AuthError', async () => {
    const service = fakeService();
    service.post.mockResolvedValue(envelope);
    const error = await rejectionOf(
      createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
    );
    expect(error).toMatchObject(envelope.error);
    expect(textFor(error, 'Acme ID')).toBe(
      'Your session at Acme ID has ended. Please sign in again.',
    );
  });

  it('keeps the data the page words a failure from: kind, field, revocation page', async () => {
    const service = fakeService();
    const failures = [
      {
        reason: 'no_pending_login',
        message: 'backend: no pending sign-in for this state',
        kind: 'unknown-to-backend',
      },
      {
        reason: 'invalid_configuration',
        message: 'discovery: no PKCE S256',
        kind: 'pkce',
        field: 'issuer',
      },
      {
        reason: 'revocation_unsupported',
        message: 'revocation: only at the provider',
        revocationPage: 'https://github.com/settings/applications',
      },
    ];
    for (const failure of failures) {
      service.post.mockResolvedValueOnce({ ok: false, error: failure });
      const error = await rejectionOf(
        createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
      );
      expect(error).toMatchObject(failure);
    }
  });

  it('also inside the wrapper', async () => {
    const service = fakeService();
    service.get.mockResolvedValue({
      data: { ok: false, error: { reason: 'http_error', message: 'Refused.', status: 401 } },
      status: 200,
      headers: {},
    });
    const error = await rejectionOf(
      createBackendOAuthClient(service).fetchUserProfile({ tokens: held }),
    );
    expect(error).toMatchObject({ reason: 'http_error', status: 401 });
  });

  it.each([
    [
      'the envelope as the message (JSON text)',
      { statusCode: 400, message: JSON.stringify(envelope) },
    ],
    ['the envelope as data', { statusCode: 400, message: 'Bad Request', data: envelope }],
    ['a rejected { data, status, headers }', { data: envelope, status: 400, headers: {} }],
  ])('a rejection carrying %s becomes the backend’s error', async (_what, rejection) => {
    const service = fakeService();
    service.post.mockRejectedValue(rejection);
    const error = await rejectionOf(
      createBackendOAuthClient(service).refresh({ tokens: held, now: 1 }),
    );
    expect(error).toMatchObject({ reason: 'token_error', oauthError: 'invalid_grant' });
  });

  it('the backend refusing the request itself (a 4xx of its own) means a version mismatch', async () => {
    const service = fakeService();
    service.post.mockRejectedValue({
      name: 'ServiceError',
      statusCode: 400,
      message: JSON.stringify({
        ok: false,
        error: { reason: 'bad_request', message: "body must have required property 'state'" },
      }),
    });
    const error = await rejectionOf(
      createBackendOAuthClient(service).validateRedirect({ search: '?code=c', pending }),
    );
    expect(error).toMatchObject({ reason: 'invalid_response', kind: 'backend-version' });
    expect(textFor(error, 'Acme ID')).toMatch(/do not understand each other/);
    expect(error.detail).toContain('bad_request');
  });

  it.each([
    [
      'Desktop 4.8’s opaque error',
      new Error("Error invoking remote method 'acme-backend-request': [object Object]"),
    ],
    [
      'ECONNREFUSED after an update',
      new Error('connect ECONNREFUSED /run/guest-services/backend.sock'),
    ],
    ['a plain object', { message: 'socket hang up' }],
    ['a string', 'failed'],
    ['a status without the backend’s answer', { statusCode: 503, message: 'Service Unavailable' }],
  ])('%s → backend_unavailable, with a sentence', async (_what, rejection) => {
    const service = fakeService();
    service.post.mockRejectedValue(rejection);
    const error = await rejectionOf(
      createBackendOAuthClient(service).prepareAuthorization({ now: 1 }),
    );
    expect(error.reason).toBe('backend_unavailable');
    expect(textFor(error, 'Acme ID')).toBe(
      "The extension's backend is not running or not answering. Docker Desktop starts it with the extension: try again in a moment, or restart Docker Desktop if it persists.",
    );
    expect(error.detail).toMatch(/^backend: /);
  });

  it('an unknown reason in an envelope is not taken at its word', async () => {
    const service = fakeService();
    service.post.mockResolvedValue({ ok: false, error: { reason: 'teapot', message: 'No.' } });
    const error = await rejectionOf(
      createBackendOAuthClient(service).prepareAuthorization({ now: 1 }),
    );
    expect(error.reason).toBe('invalid_response');
  });

  it('stops waiting when the statechart aborts (the backend finishes on its own)', async () => {
    const service = fakeService();
    service.post.mockReturnValue(new Promise(() => {}));
    const controller = new AbortController();
    const exchanging = createBackendOAuthClient(service).exchangeCode({
      redirect: { params: 'code=c' },
      pending,
      now: 1,
      signal: controller.signal,
    });
    controller.abort();
    await expect(exchanging).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('the page’s session store', () => {
  it('hydrates from the backend, then answers from memory', async () => {
    const service = fakeService();
    service.get.mockResolvedValue({
      data: { ok: true, tokens: pageTokens },
      status: 200,
      headers: {},
    });
    const store = createBackendSessionStore(service);
    expect(store.load()).toBeNull();
    await store.hydrate();
    expect(store.load()).toEqual(held);
    expect(store.load()).toEqual(held);
    expect(service.get).toHaveBeenCalledTimes(1);
    expect(service.get).toHaveBeenCalledWith('/session');
  });

  it('hydrating without a session answers null', async () => {
    const service = fakeService();
    service.get.mockResolvedValue({ ok: true, tokens: null });
    const store = createBackendSessionStore(service);
    await store.hydrate();
    expect(store.load()).toBeNull();
  });

  it('hydrating rejects with backend_unavailable when the backend is down', async () => {
    const service = fakeService();
    service.get.mockRejectedValue(new Error('connect ECONNREFUSED'));
    const error = await rejectionOf(createBackendSessionStore(service).hydrate());
    expect(error.reason).toBe('backend_unavailable');
  });

  it('save keeps the set in memory only (the backend stored it already)', () => {
    const service = fakeService();
    const store = createBackendSessionStore(service);
    store.save(held);
    expect(store.load()).toEqual(held);
    expect(service.post).not.toHaveBeenCalled();
    expect(service.delete).not.toHaveBeenCalled();
  });

  it('clear empties memory at once and tells the backend to forget the session', async () => {
    const service = fakeService();
    service.delete.mockResolvedValue({ ok: true });
    const store = createBackendSessionStore(service);
    store.save(held);
    store.clear();
    expect(store.load()).toBeNull();
    expect(service.delete).toHaveBeenCalledWith('/session');
  });

  it('a failed forget is logged without a secret, never thrown', async () => {
    const service = fakeService();
    service.delete.mockRejectedValue(new Error('connect ECONNREFUSED access-token-1'));
    const warnings: string[] = [];
    const store = createBackendSessionStore(service, { warn: (m) => warnings.push(m) });
    store.save(held);
    expect(() => store.clear()).not.toThrow();
    await vi.waitFor(() => expect(warnings).toHaveLength(1));
    expect(warnings[0]).toBe(
      "Could not tell the extension's backend to forget the session (backend_unavailable).",
    );
  });
});
