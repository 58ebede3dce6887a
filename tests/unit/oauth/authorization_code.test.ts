// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../../src/oauth/client';
import type { OAuthClient, PendingAuthorization } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  discoveryDocument,
  expectNoSecrets,
  type FakeServer,
  fakeServer,
  type Handler,
  html,
  ISSUER,
  json,
  REGISTERED_REDIRECT_URI,
  redirectFor,
  said,
  signIdToken,
  testClient,
  testConfig,
  tokenResponse,
} from './fakeServer';

const NOW = 1_700_000_000_000;
const CODE = 'authorization-code-1234';

/** A client, a pending sign-in and its validated redirect, against a token endpoint. */
async function signInReady(
  token: Handler,
  overrides: Record<string, unknown> = { scopes: ['profile', 'email'] },
): Promise<{
  server: FakeServer;
  client: OAuthClient;
  pending: PendingAuthorization;
  exchange: (signal?: AbortSignal) => Promise<unknown>;
}> {
  const server = fakeServer({ '/token': token });
  const client = testClient(server, overrides);
  const pending = await client.prepareAuthorization({ now: NOW });
  const redirect = await client.validateRedirect({
    search: redirectFor(pending, { code: CODE }),
    pending,
  });
  const exchange = (signal?: AbortSignal) =>
    client.exchangeCode({
      redirect,
      pending,
      now: NOW,
      ...(signal === undefined ? {} : { signal }),
    });
  return { server, client, pending, exchange };
}

function secretsOf(pending: PendingAuthorization): string[] {
  return [
    CODE,
    pending.codeVerifier ?? '',
    pending.state,
    pending.nonce ?? '',
    'access-token-abcdef',
    'refresh-token-123456',
  ];
}

describe('the authorization code grant', () => {
  it('exchanges the code and parses the token answer', async () => {
    const { exchange } = await signInReady(() => tokenResponse());
    expect(await exchange()).toEqual({
      accessToken: 'access-token-abcdef',
      tokenType: 'bearer',
      expiresAt: NOW + 3_600_000,
      refreshToken: 'refresh-token-123456',
      scope: 'openid profile email',
    });
  });

  it('leaves out what the server did not send', async () => {
    const { exchange } = await signInReady(() =>
      json({ access_token: 'access-token-abcdef', token_type: 'bearer' }),
    );
    expect(await exchange()).toEqual({ accessToken: 'access-token-abcdef', tokenType: 'bearer' });
  });

  it('posts the code, the PKCE verifier and the exact registered redirect URI, and no secret', async () => {
    const { server, pending, exchange } = await signInReady(() => tokenResponse());
    await exchange();
    const [request, ...others] = server.requestsTo('/token');
    expect(others).toHaveLength(0);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${ISSUER}/token`);
    expect(request?.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.has('authorization')).toBe(false);
    const body = request?.body;
    expect(body?.get('grant_type')).toBe('authorization_code');
    expect(body?.get('code')).toBe(CODE);
    expect(body?.get('code_verifier')).toBe(pending.codeVerifier);
    expect(body?.get('redirect_uri')).toBe(REGISTERED_REDIRECT_URI);
    expect(body?.get('redirect_uri')).toBe(pending.redirectUri);
    expect(body?.get('client_id')).toBe(CLIENT_ID);
    expect([...(body?.keys() ?? [])].sort()).toEqual([
      'client_id',
      'code',
      'code_verifier',
      'grant_type',
      'redirect_uri',
    ]);
    expect(body?.toString()).not.toMatch(/secret/i);
  });

  it('exchanges the code from a server-re-encoded redirect, sending the registered URI unchanged', async () => {
    const server = fakeServer({ '/token': () => tokenResponse() });
    const client = testClient(server, { scopes: ['profile'] });
    const pending = await client.prepareAuthorization({ now: NOW });
    const search = `?extensionId=acme%2Foauth-extension&code=abc%2Fdef&state=${pending.state}&iss=${encodeURIComponent(ISSUER)}`;
    const redirect = await client.validateRedirect({ search, pending });
    await client.exchangeCode({ redirect, pending, now: NOW });
    const body = server.requestsTo('/token')[0]?.body;
    expect(body?.get('code')).toBe('abc/def');
    expect(body?.get('redirect_uri')).toBe(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
  });

  it('passes the signal to the token request', async () => {
    const { server, exchange } = await signInReady(() => tokenResponse());
    const signal = new AbortController().signal;
    await exchange(signal);
    expect(server.requestsTo('/token')[0]?.signal).toBe(signal);
  });

  it('refuses a redirect validated for another sign-in, without a token request', async () => {
    const { server, client } = await signInReady(() => tokenResponse());
    const first = await client.prepareAuthorization({ now: NOW });
    const second = await client.prepareAuthorization({ now: NOW });
    const redirect = await client.validateRedirect({ search: redirectFor(first), pending: first });
    const error = await authErrorOf(client.exchangeCode({ redirect, pending: second, now: NOW }));
    expect(error.reason).toBe('state_mismatch');
    expect(server.requestsTo('/token')).toHaveLength(0);
  });

  describe('ID token', () => {
    const openid = { scopes: ['openid', 'profile'] };

    it('validates the nonce and keeps the ID token claims', async () => {
      let nonce: string | undefined;
      const { exchange, pending } = await signInReady(
        async () => tokenResponse({ id_token: await signIdToken({ nonce }) }),
        openid,
      );
      nonce = pending.nonce;
      expect(nonce).toBeTruthy();
      const tokens = (await exchange()) as {
        idTokenClaims?: Record<string, unknown>;
        idToken?: string;
      };
      expect(tokens.idTokenClaims).toMatchObject({
        iss: ISSUER,
        sub: 'user-42',
        aud: CLIENT_ID,
        nonce,
      });
      expect(tokens.idToken?.split('.')).toHaveLength(3);
    });

    it('rejects an ID token with another nonce', async () => {
      const { exchange, pending } = await signInReady(
        async () => tokenResponse({ id_token: await signIdToken({ nonce: 'replayed-nonce' }) }),
        openid,
      );
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('invalid_response');
      expect(said(error)).toContain('does not belong to this sign-in');
      expect(error.detail).toContain('nonce');
      expectNoSecrets(error, [...secretsOf(pending), 'replayed-nonce']);
    });

    it('rejects an ID token without nonce, for another audience, or from another issuer', async () => {
      for (const claims of [
        { nonce: undefined },
        { aud: 'someone-else' },
        { iss: 'https://evil.example.com' },
      ]) {
        let nonce: string | undefined;
        const { exchange, pending } = await signInReady(
          async () => tokenResponse({ id_token: await signIdToken({ nonce, ...claims }) }),
          openid,
        );
        nonce = pending.nonce;
        expect((await authErrorOf(exchange())).reason).toBe('invalid_response');
      }
    });

    it('rejects an expired ID token, pointing at the clock', async () => {
      let nonce: string | undefined;
      const { exchange, pending } = await signInReady(
        async () =>
          tokenResponse({
            id_token: await signIdToken({ nonce, exp: Math.floor(Date.now() / 1000) - 3600 }),
          }),
        openid,
      );
      nonce = pending.nonce;
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('invalid_response');
      expect(said(error)).toContain('clock');
    });

    it('requires an ID token when it asked for one (scope openid)', async () => {
      const { exchange } = await signInReady(() => tokenResponse(), openid);
      expect((await authErrorOf(exchange())).reason).toBe('invalid_response');
    });
  });

  describe('failures', () => {
    it('explains a used or expired code (invalid_grant)', async () => {
      const { exchange, pending } = await signInReady(() =>
        json(
          {
            error: 'invalid_grant',
            error_description: `grant request is invalid: ${CODE} was already used`,
          },
          400,
        ),
      );
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('token_error');
      expect(error.oauthError).toBe('invalid_grant');
      expect(error.status).toBe(400);
      expect(said(error)).toBe(
        'The sign-in code was already used or has expired. Please sign in again.',
      );
      expect(error.detail).toContain('invalid_grant');
      expect(error.detail).toContain('[redacted] was already used');
      expectNoSecrets(error, secretsOf(pending));
    });

    it('explains a client the provider does not accept (invalid_client)', async () => {
      const { exchange } = await signInReady(() => json({ error: 'invalid_client' }, 401));
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('token_error');
      expect(error.oauthError).toBe('invalid_client');
      expect(said(error)).toContain('client ID');
    });

    it('reports an HTML error page as an HTTP error with its status', async () => {
      const { exchange, pending } = await signInReady(() =>
        html('<html><body>Internal Server Error</body></html>', 500),
      );
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('http_error');
      expect(error.status).toBe(500);
      expect(said(error)).toMatch(/HTTP 500/);
      expect(error.detail).toContain('text/html');
      expectNoSecrets(error, secretsOf(pending));
    });

    it('reports a 4xx answer without an OAuth body as an HTTP error', async () => {
      for (const answer of [() => html('Forbidden', 403), () => json({ message: 'nope' }, 400)]) {
        const { exchange } = await signInReady(answer);
        const error = await authErrorOf(exchange());
        expect(error.reason).toBe('http_error');
        expect([400, 403]).toContain(error.status);
      }
    });

    it('reports a non-JSON success answer as invalid', async () => {
      for (const answer of [
        () => html('<html>Signed in!</html>', 200),
        () =>
          new Response('{"access_token": ', {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        () => json(['access-token-abcdef']),
      ]) {
        const { exchange } = await signInReady(answer);
        const error = await authErrorOf(exchange());
        expect(error.reason).toBe('invalid_response');
        expect(said(error)).toMatch(/^[A-Z].*\.$/);
      }
    });

    it('reports an answer without access_token as invalid', async () => {
      const { exchange } = await signInReady(() =>
        json({ token_type: 'bearer', refresh_token: 'refresh-token-123456' }),
      );
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('invalid_response');
      expect(error.detail).toContain('access_token');
      expect(error.detail).not.toContain('refresh-token-123456');
    });

    it.each(['mac', 'DPoP', ''])('reports token_type %j as invalid', async (tokenType) => {
      const { exchange, pending } = await signInReady(() =>
        tokenResponse({ token_type: tokenType }),
      );
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('invalid_response');
      expectNoSecrets(error, secretsOf(pending));
    });

    it('reports a network failure (fetch rejects with a TypeError)', async () => {
      const { exchange } = await signInReady(() => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      });
      const error = await authErrorOf(exchange());
      expect(error.reason).toBe('network_error');
      expect(said(error)).toContain('Could not reach');
      expect(error.detail).toContain('ECONNREFUSED');
    });

    it('rejects with the AbortError itself when the caller cancels', async () => {
      const { server, exchange } = await signInReady(() => new Promise<Response>(() => {}));
      const controller = new AbortController();
      const result = exchange(controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await expect(result).rejects.toSatisfy(
        (e: unknown) => e instanceof DOMException && e.name === 'AbortError',
      );
      expect(server.requestsTo('/token')).toHaveLength(1);
    });

    it('reports a timeout of the signal as exchange_timeout', async () => {
      const { exchange } = await signInReady(() => new Promise<Response>(() => {}));
      const error = await authErrorOf(exchange(AbortSignal.timeout(20)));
      expect(error.reason).toBe('exchange_timeout');
      expect(said(error)).toMatch(/did not answer in time/);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const { server, exchange } = await signInReady(() => tokenResponse());
      const controller = new AbortController();
      controller.abort();
      await expect(exchange(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
      expect(server.requestsTo('/token')).toHaveLength(0);
    });
  });

  describe('plain http', () => {
    it('is allowed for a loopback issuer', async () => {
      const issuer = 'http://127.0.0.1:4000';
      const server = fakeServer({ '/token': () => tokenResponse() }, issuer);
      const client = testClient(server, { issuer, scopes: ['profile'] });
      const pending = await client.prepareAuthorization({ now: NOW });
      const redirect = await client.validateRedirect({
        search: redirectFor(pending, {}, issuer),
        pending,
      });
      await expect(client.exchangeCode({ redirect, pending, now: NOW })).resolves.toMatchObject({
        accessToken: 'access-token-abcdef',
      });
      expect(server.requestsTo('/token')[0]?.url).toBe(`${issuer}/token`);
    });

    it('is refused for a production issuer whose metadata lists an http token endpoint', async () => {
      const server = fakeServer({
        '/.well-known/openid-configuration': () =>
          json(discoveryDocument(ISSUER, { token_endpoint: 'http://auth.example.com/token' })),
        '/token': () => tokenResponse(),
      });
      const client = createOAuthClient(testConfig({ scopes: ['profile'] }), {
        fetch: server.fetch,
      });
      const pending = await client.prepareAuthorization({ now: NOW });
      const redirect = await client.validateRedirect({ search: redirectFor(pending), pending });
      const error = await authErrorOf(client.exchangeCode({ redirect, pending, now: NOW }));
      expect(error.reason).toBe('invalid_response');
      expect(said(error)).toContain('https');
      expect(server.requestsTo('/token')).toHaveLength(0);
    });
  });
});

describe('discovery once per sign-in (the page Docker Desktop reloads)', () => {
  const DISCOVERY = '/.well-known/openid-configuration';

  it('the reloaded page validates and exchanges with the metadata kept with the sign-in', async () => {
    const server = fakeServer({ '/token': () => tokenResponse() });
    const before = testClient(server, { scopes: ['profile'] });
    // Through storage, as the pending store keeps it.
    const pending = JSON.parse(
      JSON.stringify(await before.prepareAuthorization({ now: NOW })),
    ) as PendingAuthorization;
    const after = testClient(server, { scopes: ['profile'] });
    const redirect = await after.validateRedirect({
      search: redirectFor(pending, { code: CODE }),
      pending,
    });
    await after.exchangeCode({ redirect, pending, now: NOW });
    expect(server.requestsTo(DISCOVERY)).toHaveLength(1);
    expect(server.requestsTo('/token')).toHaveLength(1);
  });

  it("discovers again when the kept metadata is another issuer's", async () => {
    const server = fakeServer({ '/token': () => tokenResponse() });
    const before = testClient(server, { scopes: ['profile'] });
    const pending = await before.prepareAuthorization({ now: NOW });
    const forged = {
      ...pending,
      metadata: {
        ...discoveryDocument('https://evil.example'),
        token_endpoint: 'https://evil.example/t',
      },
    };
    const after = testClient(server, { scopes: ['profile'] });
    const redirect = await after.validateRedirect({
      search: redirectFor(forged, { code: CODE }),
      pending: forged,
    });
    await after.exchangeCode({ redirect, pending: forged, now: NOW });
    expect(server.requestsTo(DISCOVERY)).toHaveLength(2);
    expect(server.requestsTo('/token')).toHaveLength(1);
  });
});
