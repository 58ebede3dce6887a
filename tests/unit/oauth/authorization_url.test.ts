// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildRedirectUri } from '../../../src/oauth/config';
import { calculateCodeChallenge } from '../../../src/oauth/pkce';
import {
  authErrorOf,
  discoveryDocument,
  EXTENSION_ID,
  fakeServer,
  html,
  ISSUER,
  json,
  REGISTERED_REDIRECT_URI,
  said,
  testClient,
} from './fakeServer';

const NOW = 1_700_000_000_000;

describe('the authorization request', () => {
  it('carries every parameter of the authorization code flow with PKCE', async () => {
    const client = testClient(fakeServer());
    const pending = await client.prepareAuthorization({ now: NOW });
    const url = new URL(pending.authorizationUrl);

    expect(url.origin + url.pathname).toBe(`${ISSUER}/authorize`);
    const query = url.searchParams;
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe('docker-extension');
    expect(query.get('redirect_uri')).toBe(REGISTERED_REDIRECT_URI);
    expect(query.get('scope')).toBe('openid profile email');
    expect(query.get('state')).toBe(pending.state);
    expect(query.get('nonce')).toBe(pending.nonce);
    expect(query.get('code_challenge')).toBe(
      await calculateCodeChallenge(pending.codeVerifier as string),
    );
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.has('client_secret')).toBe(false);
    expect(query.has('code_verifier')).toBe(false);
    for (const name of query.keys()) expect(query.getAll(name)).toHaveLength(1);
  });

  it('records what the redirect needs: state, verifier, nonce, redirect URI, start time and URL', async () => {
    const pending = await testClient(fakeServer()).prepareAuthorization({ now: NOW });
    expect(pending).toEqual({
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      redirectUri: REGISTERED_REDIRECT_URI,
      startedAt: NOW,
      authorizationUrl: expect.stringContaining(`${ISSUER}/authorize?`),
      // The discovery document, kept with the sign-in: the reloaded page does not fetch it again.
      metadata: expect.objectContaining({ issuer: ISSUER, token_endpoint: `${ISSUER}/token` }),
    });
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending);
  });

  it('uses a fresh state, verifier and nonce for every sign-in', async () => {
    const client = testClient(fakeServer());
    const pendings = await Promise.all(
      Array.from({ length: 50 }, () => client.prepareAuthorization({ now: NOW })),
    );
    for (const field of ['state', 'codeVerifier', 'nonce'] as const) {
      expect(new Set(pendings.map((p) => p[field])).size).toBe(50);
    }
    expect(new Set(pendings.map((p) => p.authorizationUrl)).size).toBe(50);
  });

  it('sends a nonce only when asking for an ID token (scope openid)', async () => {
    const client = testClient(fakeServer(), { scopes: ['read:user', 'repo'] });
    const pending = await client.prepareAuthorization({ now: NOW });
    expect(pending.nonce).toBeUndefined();
    expect('nonce' in pending).toBe(false);
    const query = new URL(pending.authorizationUrl).searchParams;
    expect(query.has('nonce')).toBe(false);
    expect(query.get('scope')).toBe('read:user repo');
  });

  it('leaves scope out when none is configured', async () => {
    const pending = await testClient(fakeServer(), { scopes: [] }).prepareAuthorization({
      now: NOW,
    });
    expect(new URL(pending.authorizationUrl).searchParams.has('scope')).toBe(false);
  });

  it('adds the extra authorization parameters', async () => {
    const client = testClient(fakeServer(), {
      extraAuthorizationParams: { prompt: 'consent', ui_locales: 'fr' },
    });
    const query = new URL((await client.prepareAuthorization({ now: NOW })).authorizationUrl)
      .searchParams;
    expect(query.get('prompt')).toBe('consent');
    expect(query.get('ui_locales')).toBe('fr');
  });

  describe('redirect URI', () => {
    it.each([
      [
        'docker-desktop',
        'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
      ],
      [
        'open.docker.com',
        'https://open.docker.com/dashboard/extension-tab?extensionId=acme/oauth-extension',
      ],
    ] as const)(
      'sends the registered %s redirect URI unchanged, its query kept',
      async (redirectStyle, expected) => {
        const pending = await testClient(fakeServer(), { redirectStyle }).prepareAuthorization({
          now: NOW,
        });
        expect(pending.redirectUri).toBe(expected);
        expect(pending.redirectUri).toBe(buildRedirectUri(EXTENSION_ID, redirectStyle));
        const redirectUri = new URL(pending.authorizationUrl).searchParams.get('redirect_uri');
        expect(redirectUri).toBe(expected);
        expect(new URL(redirectUri ?? '').searchParams.get('extensionId')).toBe(EXTENSION_ID);
      },
    );

    it('follows the configured extension id', async () => {
      const pending = await testClient(fakeServer(), {
        extensionId: 'other-org/other.ext',
      }).prepareAuthorization({ now: NOW });
      expect(pending.redirectUri).toBe(
        'docker-desktop://dashboard/extension-tab?extensionId=other-org/other.ext',
      );
    });
  });

  describe('explicit endpoints', () => {
    const endpoints = {
      authorization: 'https://login.example.net/oauth/authorize?tenant=acme',
      token: 'https://login.example.net/oauth/token',
    };

    it("uses them without discovery, keeping the endpoint's own query", async () => {
      const server = fakeServer();
      const pending = await testClient(server, { endpoints }).prepareAuthorization({ now: NOW });
      const url = new URL(pending.authorizationUrl);
      expect(url.origin + url.pathname).toBe('https://login.example.net/oauth/authorize');
      expect(url.searchParams.get('tenant')).toBe('acme');
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('discovery', () => {
    it('fetches the OpenID configuration once and caches it', async () => {
      const server = fakeServer();
      const client = testClient(server);
      await client.prepareAuthorization({ now: NOW });
      await client.prepareAuthorization({ now: NOW });
      const [request, ...others] = server.requests;
      expect(others).toHaveLength(0);
      expect(request?.url).toBe(`${ISSUER}/.well-known/openid-configuration`);
      expect(request?.method).toBe('GET');
      expect(request?.headers.get('accept')).toBe('application/json');
    });

    it('does not cache a failed discovery: the next sign-in tries again', async () => {
      let attempts = 0;
      const server = fakeServer({
        '/.well-known/openid-configuration': () =>
          ++attempts === 1 ? html('<h1>Bad gateway</h1>', 502) : json(discoveryDocument()),
      });
      const client = testClient(server);
      const error = await authErrorOf(client.prepareAuthorization({ now: NOW }));
      expect(error.reason).toBe('http_error');
      expect(error.status).toBe(502);
      await expect(client.prepareAuthorization({ now: NOW })).resolves.toBeDefined();
      await client.prepareAuthorization({ now: NOW });
      expect(attempts).toBe(2);
    });

    it('falls back to RFC 8414 metadata when there is no OpenID configuration', async () => {
      const server = fakeServer({
        '/.well-known/openid-configuration': () => html('Not found', 404),
        '/.well-known/oauth-authorization-server/oauth': () =>
          json(discoveryDocument(`${ISSUER}/oauth`)),
      });
      const client = testClient(server, { issuer: `${ISSUER}/oauth`, scopes: ['repo'] });
      const pending = await client.prepareAuthorization({ now: NOW });
      expect(pending.authorizationUrl.startsWith(`${ISSUER}/oauth/authorize?`)).toBe(true);
    });

    it('explains a missing discovery document', async () => {
      const server = fakeServer({
        '/.well-known/openid-configuration': () => html('Not found', 404),
      });
      const error = await authErrorOf(testClient(server).prepareAuthorization({ now: NOW }));
      expect(error.reason).toBe('http_error');
      expect(error.status).toBe(404);
      expect(said(error)).toContain('issuer setting');
    });

    it('refuses a document announcing another issuer, naming the issuer setting', async () => {
      const server = fakeServer({
        '/.well-known/openid-configuration': () =>
          json(discoveryDocument('https://evil.example.com')),
      });
      const error = await authErrorOf(testClient(server).prepareAuthorization({ now: NOW }));
      expect(error.reason).toBe('invalid_configuration');
      expect(error.field).toBe('issuer');
      expect(error.detail).toContain('https://evil.example.com');
    });

    it('refuses a provider that does not support S256', async () => {
      const server = fakeServer({
        '/.well-known/openid-configuration': () =>
          json(discoveryDocument(ISSUER, { code_challenge_methods_supported: ['plain'] })),
      });
      const error = await authErrorOf(testClient(server).prepareAuthorization({ now: NOW }));
      expect(error.reason).toBe('invalid_configuration');
      expect(said(error)).toContain('S256');
    });

    it('refuses metadata without an authorization endpoint, or with an http one', async () => {
      const missing = fakeServer({
        '/.well-known/openid-configuration': () =>
          json(discoveryDocument(ISSUER, { authorization_endpoint: undefined })),
      });
      expect(
        (await authErrorOf(testClient(missing).prepareAuthorization({ now: NOW }))).reason,
      ).toBe('invalid_response');
      const insecure = fakeServer({
        '/.well-known/openid-configuration': () =>
          json(
            discoveryDocument(ISSUER, {
              authorization_endpoint: 'http://auth.example.com/authorize',
            }),
          ),
      });
      const error = await authErrorOf(testClient(insecure).prepareAuthorization({ now: NOW }));
      expect(error.reason).toBe('invalid_response');
      expect(said(error)).toContain('https');
    });

    it('reaches a loopback http issuer (tests and the demo)', async () => {
      const issuer = 'http://127.0.0.1:4000';
      const server = fakeServer({}, issuer);
      const pending = await testClient(server, { issuer }).prepareAuthorization({ now: NOW });
      expect(pending.authorizationUrl.startsWith(`${issuer}/authorize?`)).toBe(true);
    });

    it('passes the signal to the request', async () => {
      const server = fakeServer();
      const signal = new AbortController().signal;
      await testClient(server).prepareAuthorization({ now: NOW, signal });
      expect(server.requests[0]?.signal).toBe(signal);
    });

    it('does nothing when the signal is already aborted', async () => {
      const server = fakeServer();
      const controller = new AbortController();
      controller.abort();
      await expect(
        testClient(server).prepareAuthorization({ now: NOW, signal: controller.signal }),
      ).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(server.requests).toHaveLength(0);
    });
  });
});
