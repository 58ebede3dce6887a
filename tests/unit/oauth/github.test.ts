// @vitest-environment node
/**
 * GitHub's user API and revocation (src/oauth/github.ts), against answers shaped like GitHub's
 * documented ones (REST API 2022-11-28).
 */
import { describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../../src/oauth/client';
import { withGitHubApi } from '../../../src/oauth/github';
import type { TokenSet } from '../../../src/oauth/types';
import {
  authErrorOf,
  expectNoSecrets,
  fakeServer,
  type Handler,
  json,
  said,
  testConfig,
} from './fakeServer';

const GITHUB = 'https://github.example.test';
const API = 'https://api.github.example.test';
const CLIENT_ID = 'Iv1.8a61f9b3a7aba766';
const SECRET = 'github-client-secret-1234567890';

const tokens: TokenSet = {
  accessToken: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
  tokenType: 'bearer',
  scope: 'read:user,user:email',
};

const octocat = {
  login: 'octocat',
  id: 583231,
  avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4',
  name: 'The Octocat',
  email: null,
};

function github(handlers: Record<string, Handler>, clientSecret?: string) {
  const server = fakeServer(handlers, GITHUB);
  const config = testConfig({
    issuer: GITHUB,
    clientId: CLIENT_ID,
    displayName: 'GitHub',
    flow: 'device',
    endpoints: {
      authorization: `${GITHUB}/login/oauth/authorize`,
      token: `${GITHUB}/login/oauth/access_token`,
      deviceAuthorization: `${GITHUB}/login/device/code`,
      userinfo: `${API}/user`,
    },
    revocationPage: `${GITHUB}/settings/applications`,
  });
  const client = withGitHubApi(createOAuthClient(config, { fetch: server.fetch }), config, {
    fetch: server.fetch,
    ...(clientSecret ? { clientSecret } : {}),
  });
  return { server, client };
}

describe("the user, from GitHub's REST API", () => {
  it('reads /user with the token as a Bearer, asking for the versioned GitHub JSON', async () => {
    const { server, client } = github({
      '/user': () => json({ ...octocat, email: 'octocat@github.com' }),
    });
    const signal = new AbortController().signal;
    const profile = await client.fetchUserProfile({ tokens, signal });
    expect(profile).toEqual({
      subject: '583231',
      name: 'The Octocat',
      username: 'octocat',
      email: 'octocat@github.com',
      picture: 'https://avatars.githubusercontent.com/u/583231?v=4',
      claims: { ...octocat, email: 'octocat@github.com' },
    });
    const [request] = server.requests;
    expect(request?.url).toBe(`${API}/user`);
    expect(request?.method).toBe('GET');
    expect(request?.signal).toBe(signal);
    expect(request?.headers.get('authorization')).toBe(`Bearer ${tokens.accessToken}`);
    expect(request?.headers.get('accept')).toBe('application/vnd.github+json');
    expect(request?.headers.get('x-github-api-version')).toBe('2022-11-28');
  });

  it('reads the primary verified address from /user/emails when the address is private', async () => {
    const { server, client } = github({
      '/user': () => json(octocat),
      '/user/emails': () =>
        json([
          { email: 'old@example.test', primary: false, verified: true, visibility: null },
          { email: 'unverified@example.test', primary: true, verified: false, visibility: null },
          { email: 'octocat@github.com', primary: true, verified: true, visibility: 'private' },
        ]),
    });
    expect((await client.fetchUserProfile({ tokens })).email).toBe('octocat@github.com');
    expect(server.requests.map((r) => r.url)).toEqual([`${API}/user`, `${API}/user/emails`]);
  });

  it('does not ask for the addresses without the user:email scope', async () => {
    const { server, client } = github({ '/user': () => json(octocat) });
    const profile = await client.fetchUserProfile({ tokens: { ...tokens, scope: 'read:user' } });
    expect(profile.email).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to the login when the account has no name', async () => {
    const { client } = github({ '/user': () => json({ ...octocat, name: null, email: 'a@b.c' }) });
    const profile = await client.fetchUserProfile({ tokens });
    expect(profile.name).toBe('octocat');
    expect(profile.username).toBe('octocat');
  });

  it('answers a refused token with HTTP 401, so the session ends', async () => {
    const { client } = github({
      '/user': () => json({ message: 'Bad credentials', status: '401' }, 401),
    });
    const error = await authErrorOf(client.fetchUserProfile({ tokens }));
    expect(error.reason).toBe('http_error');
    expect(error.status).toBe(401);
    expect(said(error, 'GitHub')).toBe(
      'GitHub no longer accepts this session. Please sign in again.',
    );
    expectNoSecrets(error, [tokens.accessToken]);
  });

  it('refuses an answer without a login', async () => {
    const { client } = github({ '/user': () => json({ message: 'hello' }) });
    expect((await authErrorOf(client.fetchUserProfile({ tokens }))).reason).toBe(
      'invalid_response',
    );
  });

  it('reports an unreachable API as a network failure', async () => {
    const { client } = github({ '/user': () => Promise.reject(new TypeError('fetch failed')) });
    expect((await authErrorOf(client.fetchUserProfile({ tokens }))).reason).toBe('network_error');
  });
});

describe('revocation at GitHub', () => {
  it('deletes the app token with the client secret (HTTP Basic) when the backend has it', async () => {
    const { server, client } = github(
      { [`/applications/${CLIENT_ID}/token`]: () => new Response(null, { status: 204 }) },
      SECRET,
    );
    expect(await client.revoke({ tokens })).toBe(true);
    const [request] = server.requests;
    expect(request?.method).toBe('DELETE');
    expect(request?.url).toBe(`${API}/applications/${CLIENT_ID}/token`);
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`,
    );
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request?.text ?? '')).toEqual({ access_token: tokens.accessToken });
  });

  it('reports a refusal without the secret or the token in it', async () => {
    const { client } = github(
      { [`/applications/${CLIENT_ID}/token`]: () => json({ message: 'Not Found' }, 404) },
      SECRET,
    );
    const error = await authErrorOf(client.revoke({ tokens }));
    expect(error.status).toBe(404);
    expectNoSecrets(error, [SECRET, tokens.accessToken]);
  });

  it('without the secret, says where the person revokes the access, sending nothing', async () => {
    const { server, client } = github({});
    const error = await authErrorOf(client.revoke({ tokens }));
    expect(error.reason).toBe('revocation_unsupported');
    expect(said(error, 'GitHub')).toContain(`${GITHUB}/settings/applications`);
    expect(server.requests).toHaveLength(0);
  });
});
