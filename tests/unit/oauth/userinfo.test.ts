// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  expectNoSecrets,
  fakeServer,
  type Handler,
  ISSUER,
  json,
  PROVIDER,
  said,
  testClient,
} from './fakeServer';

const claims = {
  iss: ISSUER,
  sub: 'user-42',
  aud: CLIENT_ID,
  exp: 1,
  iat: 0,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
};
const withIdToken: TokenSet = {
  accessToken: 'access-token-abcdef',
  tokenType: 'bearer',
  idTokenClaims: claims,
};
const withoutIdToken: TokenSet = { accessToken: 'access-token-abcdef', tokenType: 'bearer' };

const userinfo = {
  sub: 'user-42',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  picture: 'https://example.com/ada.png',
  locale: 'en',
};

function profileClient(handler: Handler, overrides: Record<string, unknown> = {}) {
  const server = fakeServer({ '/me': handler });
  return { server, client: testClient(server, overrides) };
}

describe('the userinfo request', () => {
  it('asks with the access token as a Bearer token and returns the profile', async () => {
    const { server, client } = profileClient(() => json(userinfo));
    const signal = new AbortController().signal;
    const profile = await client.fetchUserProfile({ tokens: withIdToken, signal });
    expect(profile).toEqual({
      subject: 'user-42',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      picture: 'https://example.com/ada.png',
      claims: userinfo,
    });
    const [request] = server.requestsTo('/me');
    expect(request?.method).toBe('GET');
    expect(request?.headers.get('authorization')).toBe('Bearer access-token-abcdef');
    expect(request?.signal).toBe(signal);
  });

  it('falls back to preferred_username for the name', async () => {
    const { client } = profileClient(() => json({ sub: 'user-42', preferred_username: 'ada' }));
    const profile = await client.fetchUserProfile({ tokens: withoutIdToken });
    expect(profile).toEqual({
      subject: 'user-42',
      name: 'ada',
      claims: { sub: 'user-42', preferred_username: 'ada' },
    });
  });

  it("refuses information about another user than the ID token's", async () => {
    const { client } = profileClient(() => json({ ...userinfo, sub: 'someone-else' }));
    const error = await authErrorOf(client.fetchUserProfile({ tokens: withIdToken }));
    expect(error.reason).toBe('account_mismatch');
    expect(said(error)).toContain('another account');
  });

  it('skips the subject check when there is no ID token', async () => {
    const { client } = profileClient(() => json({ ...userinfo, sub: 'github-123' }));
    expect((await client.fetchUserProfile({ tokens: withoutIdToken })).subject).toBe('github-123');
  });

  it('uses the configured userinfo endpoint', async () => {
    const server = fakeServer({ '/api/user': () => json(userinfo) });
    const client = testClient(server, {
      endpoints: {
        authorization: `${ISSUER}/authorize`,
        token: `${ISSUER}/token`,
        userinfo: `${ISSUER}/api/user`,
      },
    });
    expect((await client.fetchUserProfile({ tokens: withoutIdToken })).subject).toBe('user-42');
    expect(server.requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/user']);
  });

  it('falls back to the ID token claims when the provider has no userinfo endpoint', async () => {
    const server = fakeServer();
    const client = testClient(server, {
      endpoints: { authorization: `${ISSUER}/authorize`, token: `${ISSUER}/token` },
    });
    expect(await client.fetchUserProfile({ tokens: withIdToken })).toEqual({
      subject: 'user-42',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      claims,
    });
    expect(server.requests).toHaveLength(0);
  });

  it('names endpoints.userinfo when there is neither an endpoint nor an ID token', async () => {
    const client = testClient(fakeServer(), {
      endpoints: { authorization: `${ISSUER}/authorize`, token: `${ISSUER}/token` },
    });
    const error = await authErrorOf(client.fetchUserProfile({ tokens: withoutIdToken }));
    expect(error.reason).toBe('invalid_configuration');
    expect(error.field).toBe('endpoints.userinfo');
  });

  it('explains an access token the provider no longer accepts (WWW-Authenticate invalid_token)', async () => {
    const { client } = profileClient(
      () =>
        new Response(null, {
          status: 401,
          headers: {
            'www-authenticate':
              'Bearer error="invalid_token", error_description="access-token-abcdef expired"',
          },
        }),
    );
    const error = await authErrorOf(client.fetchUserProfile({ tokens: withIdToken }));
    expect(error.reason).toBe('token_error');
    expect(error.oauthError).toBe('invalid_token');
    expect(error.status).toBe(401);
    expect(said(error)).toBe(`Your session at ${PROVIDER} has ended. Please sign in again.`);
    expectNoSecrets(error, ['access-token-abcdef']);
  });

  it('reports an error page, a non-JSON answer and an answer without sub', async () => {
    const cases: Array<[Handler, string]> = [
      [
        () => new Response('<html>', { status: 503, headers: { 'content-type': 'text/html' } }),
        'http_error',
      ],
      [
        () => new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }),
        'invalid_response',
      ],
      [() => json({ name: 'Ada' }), 'invalid_response'],
    ];
    for (const [handler, reason] of cases) {
      const { client } = profileClient(handler);
      expect((await authErrorOf(client.fetchUserProfile({ tokens: withoutIdToken }))).reason).toBe(
        reason,
      );
    }
  });
});
