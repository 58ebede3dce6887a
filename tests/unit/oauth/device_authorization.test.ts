// @vitest-environment node
/**
 * The device authorization grant (RFC 8628): asking for a device code, and polling the token
 * endpoint with it, against the RFC's answers and GitHub's variations of them (errors with
 * HTTP 200, endpoints without discovery, tokens that never expire or expire with a refresh token).
 */
import { describe, expect, it } from 'vitest';
import { endsSession, isTemporary } from '../../../src/oauth/errors';
import type { DeviceAuthorization } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  expectNoSecrets,
  type FakeServer,
  fakeServer,
  form,
  type Handler,
  html,
  ISSUER,
  json,
  PROVIDER,
  said,
  testClient,
  tokenResponse,
} from './fakeServer';

const NOW = 1_700_000_000_000;
const DEVICE_CODE = 'device-code-3584d83530557fdd1f46af8289938c8ef79f9dc5';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** GitHub's endpoints: no discovery document, explicit URLs. */
const GITHUB = 'https://github.example.test';
const githubEndpoints = {
  authorization: `${GITHUB}/login/oauth/authorize`,
  token: `${GITHUB}/login/oauth/access_token`,
  deviceAuthorization: `${GITHUB}/login/device/code`,
};

const deviceAnswer = (extra: Record<string, unknown> = {}) =>
  json({
    device_code: DEVICE_CODE,
    user_code: 'WDJB-MJHT',
    verification_uri: `${ISSUER}/device`,
    verification_uri_complete: `${ISSUER}/device?user_code=WDJB-MJHT`,
    expires_in: 600,
    interval: 5,
    ...extra,
  });

const device: DeviceAuthorization = {
  deviceCode: DEVICE_CODE,
  userCode: 'WDJB-MJHT',
  verificationUri: `${ISSUER}/device`,
  intervalMs: 5_000,
  startedAt: NOW,
  expiresAt: NOW + 600_000,
};

function deviceClient(handlers: Record<string, Handler>, overrides: Record<string, unknown> = {}) {
  const server = fakeServer(handlers);
  const client = testClient(server, { flow: 'device', ...overrides });
  return { server, client };
}

function poller(token: Handler, overrides: Record<string, unknown> = {}) {
  const { server, client } = deviceClient({ '/token': token }, overrides);
  return {
    server,
    poll: (signal?: AbortSignal) =>
      client.pollDeviceToken({ device, now: NOW + 6_000, ...(signal ? { signal } : {}) }),
  };
}

function githubPoller(token: Handler): { server: FakeServer; poll: () => Promise<unknown> } {
  const server = fakeServer({ '/login/oauth/access_token': token }, GITHUB);
  const client = testClient(server, {
    issuer: GITHUB,
    endpoints: githubEndpoints,
    flow: 'device',
    scopes: ['read:user', 'user:email'],
  });
  return { server, poll: () => client.pollDeviceToken({ device, now: NOW }) };
}

describe('the device authorization request (RFC 8628 §3.1)', () => {
  it('posts the client id and the scopes, as a public client asking for JSON', async () => {
    const { server, client } = deviceClient({ '/device/auth': () => deviceAnswer() });
    const signal = new AbortController().signal;
    await client.startDeviceAuthorization({ now: NOW, signal });
    const [request] = server.requestsTo('/device/auth');
    expect(request?.method).toBe('POST');
    expect(request?.signal).toBe(signal);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      client_id: CLIENT_ID,
      scope: 'openid profile email',
    });
  });

  it('resolves with the codes, the pages, the interval and the expiry', async () => {
    const { client } = deviceClient({ '/device/auth': () => deviceAnswer({ interval: 7 }) });
    expect(await client.startDeviceAuthorization({ now: NOW })).toEqual({
      deviceCode: DEVICE_CODE,
      userCode: 'WDJB-MJHT',
      verificationUri: `${ISSUER}/device`,
      verificationUriComplete: `${ISSUER}/device?user_code=WDJB-MJHT`,
      intervalMs: 7_000,
      startedAt: NOW,
      expiresAt: NOW + 600_000,
      metadata: expect.objectContaining({ issuer: ISSUER }),
    });
  });

  it('polls every 5 seconds when the server names no interval', async () => {
    const { client } = deviceClient({
      '/device/auth': () => deviceAnswer({ interval: undefined }),
    });
    expect((await client.startDeviceAuthorization({ now: NOW })).intervalMs).toBe(5_000);
  });

  it("uses GitHub's explicit endpoints, without discovery, and its answer without a complete URI", async () => {
    const server = fakeServer(
      {
        '/login/device/code': () =>
          json({
            device_code: DEVICE_CODE,
            user_code: 'WDJB-MJHT',
            verification_uri: `${GITHUB}/login/device`,
            expires_in: 900,
            interval: 5,
          }),
      },
      GITHUB,
    );
    const client = testClient(server, {
      issuer: GITHUB,
      endpoints: githubEndpoints,
      flow: 'device',
      scopes: ['read:user', 'user:email'],
    });
    const started = await client.startDeviceAuthorization({ now: NOW });
    expect(started.verificationUri).toBe(`${GITHUB}/login/device`);
    expect(started.verificationUriComplete).toBeUndefined();
    expect(started.expiresAt).toBe(NOW + 900_000);
    expect(server.requests.map((r) => new URL(r.url).pathname)).toEqual(['/login/device/code']);
    expect(server.requests[0]?.body.get('scope')).toBe('read:user user:email');
  });

  it('refuses a verification page that is not https: it would be opened in the browser', async () => {
    const { client } = deviceClient({
      '/device/auth': () => deviceAnswer({ verification_uri: 'javascript:alert(1)' }),
    });
    const error = await authErrorOf(client.startDeviceAuthorization({ now: NOW }));
    expect(error.reason).toBe('invalid_response');
    expect(said(error)).toBe(`${PROVIDER} sent a verification page that is not an https address.`);
  });

  it('drops a complete verification URI that is not https, keeping the plain page', async () => {
    const { client } = deviceClient({
      '/device/auth': () => deviceAnswer({ verification_uri_complete: 'file:///etc/passwd' }),
    });
    const started = await client.startDeviceAuthorization({ now: NOW });
    expect(started.verificationUriComplete).toBeUndefined();
    expect(started.verificationUri).toBe(`${ISSUER}/device`);
  });

  it('says so when the provider offers no device authorization endpoint', async () => {
    const server = fakeServer({
      '/.well-known/openid-configuration': () =>
        json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/authorize`,
          token_endpoint: `${ISSUER}/token`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        }),
    });
    const client = testClient(server, { flow: 'device' });
    const error = await authErrorOf(client.startDeviceAuthorization({ now: NOW }));
    expect(error.reason).toBe('invalid_response');
    expect(said(error)).toBe(`${PROVIDER}'s metadata lists no usable endpoint.`);
  });

  it('reads an error GitHub answers with HTTP 200 (device flow not enabled for the app)', async () => {
    const server = fakeServer(
      { '/login/device/code': () => json({ error: 'device_flow_disabled' }) },
      GITHUB,
    );
    const client = testClient(server, {
      issuer: GITHUB,
      endpoints: githubEndpoints,
      flow: 'device',
    });
    const error = await authErrorOf(client.startDeviceAuthorization({ now: NOW }));
    expect(error.reason).toBe('token_error');
    expect(error.oauthError).toBe('device_flow_disabled');
    expect(said(error)).toBe(`${PROVIDER} has not enabled the device flow for this application.`);
  });

  it('maps a refused client id like any token endpoint refusal', async () => {
    const { client } = deviceClient({
      '/device/auth': () => json({ error: 'invalid_client' }, 401),
    });
    const error = await authErrorOf(client.startDeviceAuthorization({ now: NOW }));
    expect(error.reason).toBe('token_error');
    expect(error.status).toBe(401);
    expect(error.detail).toBe('device: HTTP 401, error invalid_client');
  });
});

describe('polling the token endpoint (RFC 8628 §3.4, §3.5)', () => {
  it('posts the device code with the device grant type, as a public client asking for JSON', async () => {
    const { server, poll } = poller(() => json({ error: 'authorization_pending' }, 400));
    const signal = new AbortController().signal;
    await poll(signal);
    const [request] = server.requestsTo('/token');
    expect(request?.signal).toBe(signal);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      grant_type: GRANT_TYPE,
      device_code: DEVICE_CODE,
      client_id: CLIENT_ID,
    });
  });

  it('says pending on authorization_pending (HTTP 400, as RFC 6749 §5.2 has it)', async () => {
    const { poll } = poller(() => json({ error: 'authorization_pending' }, 400));
    expect(await poll()).toEqual({ status: 'pending' });
  });

  it("says pending on GitHub's authorization_pending with HTTP 200", async () => {
    const { poll } = githubPoller(() =>
      json({
        error: 'authorization_pending',
        error_description: 'The authorization request is still pending.',
        error_uri:
          'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow',
      }),
    );
    expect(await poll()).toEqual({ status: 'pending' });
  });

  it('polls 5 seconds slower after slow_down', async () => {
    const { poll } = poller(() => json({ error: 'slow_down' }, 400));
    expect(await poll()).toEqual({ status: 'slow_down', intervalMs: 10_000 });
  });

  it("takes GitHub's new interval from a slow_down with HTTP 200 when it is longer", async () => {
    const { poll } = githubPoller(() => json({ error: 'slow_down', interval: 15 }));
    expect(await poll()).toEqual({ status: 'slow_down', intervalMs: 15_000 });
  });

  it('never polls faster after slow_down, whatever interval the server names', async () => {
    const { poll } = githubPoller(() => json({ error: 'slow_down', interval: 1 }));
    expect(await poll()).toEqual({ status: 'slow_down', intervalMs: 10_000 });
  });

  it('resolves with the tokens once the person has authorized', async () => {
    const { poll } = poller(() => tokenResponse({ expires_in: 600 }));
    expect(await poll()).toEqual({
      status: 'tokens',
      tokens: {
        accessToken: 'access-token-abcdef',
        tokenType: 'bearer',
        expiresAt: NOW + 6_000 + 600_000,
        refreshToken: 'refresh-token-123456',
        scope: 'openid profile email',
      },
    });
  });

  it("takes a GitHub OAuth App's token, which never expires and has no refresh token", async () => {
    const { poll } = githubPoller(() =>
      json({
        access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
        token_type: 'bearer',
        scope: 'read:user,user:email',
      }),
    );
    expect(await poll()).toEqual({
      status: 'tokens',
      tokens: {
        accessToken: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
        tokenType: 'bearer',
        scope: 'read:user,user:email',
      },
    });
  });

  it("takes a GitHub App's token, which expires in 8 hours with a refresh token", async () => {
    const { poll } = githubPoller(() =>
      json({
        access_token: 'ghu_16C7e42F292c6912E7710c838347Ae178B4a',
        expires_in: 28_800,
        refresh_token:
          'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498',
        refresh_token_expires_in: 15_811_200,
        scope: '',
        token_type: 'bearer',
      }),
    );
    const answer = await poll();
    expect(answer).toMatchObject({
      status: 'tokens',
      tokens: {
        expiresAt: NOW + 28_800_000,
        refreshToken:
          'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498',
      },
    });
  });

  it('rejects with device_code_expired on expired_token, naming no code', async () => {
    const { poll } = poller(() => json({ error: 'expired_token' }, 400));
    const error = await authErrorOf(poll());
    expect(error.reason).toBe('device_code_expired');
    expect(said(error)).toBe('The code expired before it was entered. Please sign in again.');
    expect(isTemporary(error)).toBe(false);
    expectNoSecrets(error, [DEVICE_CODE]);
  });

  it("rejects with device_code_expired on GitHub's expired_token with HTTP 200", async () => {
    const { poll } = githubPoller(() => json({ error: 'expired_token' }));
    expect((await authErrorOf(poll())).reason).toBe('device_code_expired');
  });

  it('rejects with access_denied when the person declined', async () => {
    const { poll } = githubPoller(() => json({ error: 'access_denied' }));
    const error = await authErrorOf(poll());
    expect(error.reason).toBe('access_denied');
    expect(said(error)).toBe(`You declined the sign-in at ${PROVIDER}.`);
    expect(isTemporary(error)).toBe(false);
  });

  it('rejects a device code the server no longer knows (already redeemed) for good', async () => {
    const { poll } = poller(() =>
      json(
        { error: 'invalid_grant', error_description: `device code ${DEVICE_CODE} not found` },
        400,
      ),
    );
    const error = await authErrorOf(poll());
    expect(error.reason).toBe('token_error');
    expect(isTemporary(error)).toBe(false);
    expectNoSecrets(error, [DEVICE_CODE]);
  });

  it('reports an unreachable server as temporary: polling goes on, slower', async () => {
    const { poll } = poller(() => Promise.reject(new TypeError('fetch failed')));
    const error = await authErrorOf(poll());
    expect(error.reason).toBe('network_error');
    expect(isTemporary(error)).toBe(true);
  });

  it('reports a server in trouble as temporary', async () => {
    const { poll } = poller(() => html('<h1>Bad gateway</h1>', 502));
    const error = await authErrorOf(poll());
    expect(error.status).toBe(502);
    expect(isTemporary(error)).toBe(true);
  });

  it('refuses a form-encoded answer (what GitHub sends when JSON was not asked for)', async () => {
    const { poll } = githubPoller(() => form({ error: 'authorization_pending' }));
    const error = await authErrorOf(poll());
    expect(error.reason).toBe('invalid_response');
  });

  it('stops at once when its signal aborts, as an abort rather than a failure', async () => {
    const { poll } = poller(() => new Promise(() => {}));
    const controller = new AbortController();
    const polling = poll(controller.signal);
    controller.abort();
    await expect(polling).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe("GitHub's refresh tokens (GitHub Apps)", () => {
  it('ends the session when GitHub refuses a used refresh token with HTTP 200', async () => {
    const server = fakeServer(
      { '/login/oauth/access_token': () => json({ error: 'bad_refresh_token' }) },
      GITHUB,
    );
    const client = testClient(server, { issuer: GITHUB, endpoints: githubEndpoints });
    const error = await authErrorOf(
      client.refresh({
        tokens: { accessToken: 'ghu_old', tokenType: 'bearer', refreshToken: 'ghr_old' },
        now: NOW,
      }),
    );
    expect(error.reason).toBe('token_error');
    expect(error.oauthError).toBe('bad_refresh_token');
    expect(endsSession(error)).toBe(true);
  });
});
