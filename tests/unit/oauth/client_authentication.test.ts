// @vitest-environment node
/**
 * A confidential client (the extension's backend): the secret goes to the token and revocation
 * endpoints, never to the authorization URL, and never into an error.
 */
import { describe, expect, it } from 'vitest';
import { clientSecretAuthentication } from '../../../src/oauth/clientAuthentication';
import type { TokenSet } from '../../../src/oauth/types';
import {
  authErrorOf,
  CLIENT_ID,
  expectNoSecrets,
  fakeServer,
  json,
  redirectFor,
  testClient,
  tokenResponse,
} from './fakeServer';

const NOW = 1_700_000_000_000;
const SECRET = 'client-secret-with:colon&amp';

const tokens: TokenSet = {
  accessToken: 'access-token-abcdef',
  tokenType: 'bearer',
  refreshToken: 'refresh-token-123456',
};

/** The client id and secret of a Basic header, each form-urldecoded (RFC 6749 §2.3.1). */
function basicCredentials(header: string | null): string[] {
  expect(header).toMatch(/^Basic /);
  const decoded = Buffer.from((header as string).slice('Basic '.length), 'base64').toString();
  return decoded.split(':').map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
}

describe('client_secret_basic', () => {
  const setup = () => {
    const server = fakeServer({
      '/token': () => tokenResponse(),
      '/token/revocation': () => new Response(null, { status: 200 }),
    });
    const client = testClient(
      server,
      { scopes: ['profile'] },
      { clientAuthentication: clientSecretAuthentication(SECRET) },
    );
    return { server, client };
  };

  it('sends the form-encoded client id and secret in the Authorization header of the code grant', async () => {
    const { server, client } = setup();
    const pending = await client.prepareAuthorization({ now: NOW });
    expect(pending.authorizationUrl).not.toContain(encodeURIComponent(SECRET));
    const redirect = await client.validateRedirect({ search: redirectFor(pending), pending });
    await client.exchangeCode({ redirect, pending, now: NOW });
    const [request] = server.requestsTo('/token');
    // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
    expect(basicCredentials(request?.headers.get('authorization') ?? null)).toEqual([
      CLIENT_ID,
      SECRET,
    ]);
    expect(request?.body.has('client_secret')).toBe(false);
    expect(request?.body.get('code_verifier')).toBe(pending.codeVerifier);
  });

  it('authenticates the refresh and both revocation requests', async () => {
    const { server, client } = setup();
    await client.refresh({ tokens, now: NOW });
    await client.revoke({ tokens });
    const sent = [...server.requestsTo('/token'), ...server.requestsTo('/token/revocation')];
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(basicCredentials(request.headers.get('authorization'))).toEqual([CLIENT_ID, SECRET]);
    }
  });

  it('keeps the secret out of a refused request’s error', async () => {
    const server = fakeServer({
      '/token': () =>
        json({ error: 'invalid_client', error_description: `bad secret ${SECRET}` }, 401),
    });
    const client = testClient(
      server,
      {},
      { clientAuthentication: clientSecretAuthentication(SECRET) },
    );
    const error = await authErrorOf(client.refresh({ tokens, now: NOW }));
    expect(error.oauthError).toBe('invalid_client');
    expectNoSecrets(error, [SECRET, tokens.refreshToken]);
  });
});

describe('client_secret_post', () => {
  it('sends the secret in the body, not in a header', async () => {
    const server = fakeServer({ '/token': () => tokenResponse() });
    const client = testClient(
      server,
      {},
      { clientAuthentication: clientSecretAuthentication(SECRET, 'client_secret_post') },
    );
    await client.refresh({ tokens, now: NOW });
    const [request] = server.requestsTo('/token');
    expect(request?.headers.has('authorization')).toBe(false);
    expect(request?.body.get('client_secret')).toBe(SECRET);
    expect(request?.body.get('client_id')).toBe(CLIENT_ID);
  });
});
