// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  discoveryDocument,
  expectNoSecrets,
  fakeServer,
  type Handler,
  ISSUER,
  json,
  said,
  testClient,
} from './fakeServer';

const tokens: TokenSet = {
  accessToken: 'access-token-abcdef',
  tokenType: 'bearer',
  refreshToken: 'refresh-token-123456',
};
const ok: Handler = () => new Response(null, { status: 200 });

function revoker(handler: Handler, overrides: Record<string, unknown> = {}) {
  const server = fakeServer({ '/token/revocation': handler });
  return { server, client: testClient(server, overrides) };
}

describe('token revocation (RFC 7009)', () => {
  it('reads each answer to its end, so no request shows as aborted', async () => {
    const answers: Response[] = [];
    const { client } = revoker(() => {
      const answer = new Response('{}', { status: 200 });
      answers.push(answer);
      return answer;
    });
    expect(await client.revoke({ tokens })).toBe(true);
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer.bodyUsed).toBe(true);
  });

  it('revokes the refresh token, then the access token, as a public client', async () => {
    const { server, client } = revoker(ok);
    const signal = new AbortController().signal;
    expect(await client.revoke({ tokens, signal })).toBe(true);
    const requests = server.requestsTo('/token/revocation');
    expect(requests.map((r) => Object.fromEntries(r.body))).toEqual([
      { token: 'refresh-token-123456', token_type_hint: 'refresh_token', client_id: CLIENT_ID },
      { token: 'access-token-abcdef', token_type_hint: 'access_token', client_id: CLIENT_ID },
    ]);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.signal).toBe(signal);
      expect(request.headers.has('authorization')).toBe(false);
    }
  });

  it('revokes only the access token when there is no refresh token', async () => {
    const { server, client } = revoker(ok);
    expect(
      await client.revoke({ tokens: { accessToken: 'access-token-abcdef', tokenType: 'bearer' } }),
    ).toBe(true);
    expect(server.requestsTo('/token/revocation')).toHaveLength(1);
  });

  it('resolves false, sending nothing, when the provider has no revocation endpoint', async () => {
    const server = fakeServer();
    const client = testClient(server, {
      endpoints: { authorization: `${ISSUER}/authorize`, token: `${ISSUER}/token` },
    });
    expect(await client.revoke({ tokens })).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('tells where the person revokes the access when only they can (GitHub), sending nothing', async () => {
    const server = fakeServer();
    const client = testClient(server, {
      endpoints: { authorization: `${ISSUER}/authorize`, token: `${ISSUER}/token` },
      revocationPage: 'https://github.com/settings/applications',
    });
    const error = await authErrorOf(client.revoke({ tokens }));
    expect(error.reason).toBe('revocation_unsupported');
    expect(said(error)).toBe(
      "To end this extension's access at Acme ID too, revoke it at https://github.com/settings/applications.",
    );
    expect(server.requests).toHaveLength(0);
  });

  it('uses the configured revocation endpoint', async () => {
    const server = fakeServer({ '/oauth/revoke': ok });
    const client = testClient(server, {
      endpoints: {
        authorization: `${ISSUER}/authorize`,
        token: `${ISSUER}/token`,
        revocation: `${ISSUER}/oauth/revoke`,
      },
    });
    expect(await client.revoke({ tokens })).toBe(true);
    expect(server.requestsTo('/oauth/revoke')).toHaveLength(2);
  });

  it('accepts a server that cannot revoke access tokens (unsupported_token_type)', async () => {
    const { client } = revoker(({ body }) =>
      body.get('token_type_hint') === 'access_token'
        ? json({ error: 'unsupported_token_type' }, 400)
        : new Response(null, { status: 200 }),
    );
    expect(await client.revoke({ tokens })).toBe(true);
  });

  it('reports a failure after trying both tokens', async () => {
    const { server, client } = revoker(() =>
      json({ error: 'invalid_client', error_description: 'refresh-token-123456 unknown' }, 401),
    );
    const error = await authErrorOf(client.revoke({ tokens }));
    expect(error.reason).toBe('token_error');
    expect(error.oauthError).toBe('invalid_client');
    expect(server.requestsTo('/token/revocation')).toHaveLength(2);
    expectNoSecrets(error, ['refresh-token-123456', 'access-token-abcdef']);
  });

  it('reports an HTTP error and a network failure', async () => {
    const failing = revoker(() => new Response('down', { status: 503 }));
    expect((await authErrorOf(failing.client.revoke({ tokens }))).reason).toBe('http_error');
    const offline = revoker(() => {
      throw new TypeError('Failed to fetch');
    });
    expect((await authErrorOf(offline.client.revoke({ tokens }))).reason).toBe('network_error');
  });

  it('stops at a cancellation', async () => {
    const { server, client } = revoker(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const result = client.revoke({ tokens, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requestsTo('/token/revocation')).toHaveLength(1);
  });
});

describe("the provider's sign-out page (OpenID Connect RP-Initiated Logout 1.0)", () => {
  const withLogout = (extra: Record<string, unknown>) =>
    fakeServer({
      '/.well-known/openid-configuration': () => json(discoveryDocument(ISSUER, extra)),
    });

  it('is not offered unless the settings ask for it (providerLogout)', () => {
    expect(testClient(fakeServer()).endSessionUrl).toBeUndefined();
  });

  it('is the end_session_endpoint with client_id and, while at hand, id_token_hint', async () => {
    const server = withLogout({ end_session_endpoint: `${ISSUER}/session/end?ui=plain` });
    const client = testClient(server, { providerLogout: true });
    const url = new URL(
      await (client.endSessionUrl as NonNullable<typeof client.endSessionUrl>)({
        tokens: { ...tokens, idToken: 'id.token.jwt' },
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/session/end`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ui: 'plain',
      client_id: CLIENT_ID,
      id_token_hint: 'id.token.jwt',
    });
    // Only discovery: the browser goes to the page, not this client.
    expect(server.requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/.well-known/openid-configuration',
    ]);
  });

  it('carries no id_token_hint after a reload (the ID token is not stored)', async () => {
    const server = withLogout({ end_session_endpoint: `${ISSUER}/session/end` });
    const client = testClient(server, { providerLogout: true });
    const url = new URL(await (client.endSessionUrl?.({ tokens }) ?? ''));
    expect([...url.searchParams.keys()]).toEqual(['client_id']);
  });

  it.each([
    ['no end_session_endpoint', {}],
    ['a plain-http one', { end_session_endpoint: 'http://id.example.test/logout' }],
  ])(
    'says the person stays signed in at the provider when discovery lists %s',
    async (_what, extra) => {
      const client = testClient(withLogout(extra), { providerLogout: true });
      const error = await authErrorOf(client.endSessionUrl?.({ tokens }) ?? Promise.resolve());
      expect(error.reason).toBe('revocation_unsupported');
      expect(error.kind).toBe('no-end-session');
      expectNoSecrets(error, [tokens.accessToken, tokens.refreshToken as string]);
    },
  );
});
