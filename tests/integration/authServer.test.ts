/**
 * The embedded authorization server (dev/authServer), driven by oauth4webapi as a real public
 * client would, with headless sign-in through its own login and consent pages.
 */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthServer,
  DEMO_SUBJECT,
  openDockerRedirectUri,
  startAuthServer,
  WRONG_CREDENTIALS_MESSAGE,
} from '../../dev/authServer';
import {
  type HtmlPage,
  headlessLogin,
  loginPageAfterWrongPassword,
  textOf,
} from './support/headlessLogin';

const EXTENSION_ID = 'acme/oauth-extension';
const PRODUCTION_REDIRECT_URI = `docker-desktop://dashboard/extension-tab?extensionId=${EXTENSION_ID}`;
const FULL_SCOPE = 'openid profile email offline_access';

// Loopback issuer: plain http is allowed for these requests only.
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const clientAuth = oauth.None();

let server: AuthServer;
let as: oauth.AuthorizationServer;
let client: oauth.Client;

beforeAll(async () => {
  server = await startAuthServer();
  const issuer = new URL(server.issuer);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  client = { client_id: server.clientId };
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.setTokenEndpointMode('normal');
});

interface PendingLogin {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

interface AuthorizationRequestOptions {
  scope?: string;
  /** `null` leaves `prompt` out of the request. */
  prompt?: string | null;
  redirectUri?: string;
}

async function authorizationRequest({
  scope = FULL_SCOPE,
  prompt = 'consent',
  redirectUri = PRODUCTION_REDIRECT_URI,
}: AuthorizationRequestOptions = {}): Promise<PendingLogin> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: server.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(prompt ? { prompt } : {}),
  }).toString();
  return { url, state, nonce, codeVerifier, redirectUri };
}

async function exchange(pending: PendingLogin, redirect: string): Promise<Response> {
  const params = oauth.validateAuthResponse(as, client, new URL(redirect), pending.state);
  return oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuth,
    params,
    pending.redirectUri,
    pending.codeVerifier,
    insecure,
  );
}

/** A complete sign-in: authorization request, headless login and consent, code exchange. */
async function signIn(options?: AuthorizationRequestOptions) {
  const pending = await authorizationRequest(options);
  const redirect = await headlessLogin(pending.url);
  return oauth.processAuthorizationCodeResponse(as, client, await exchange(pending, redirect), {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
}

function refresh(refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  return oauth
    .refreshTokenGrantRequest(as, client, clientAuth, refreshToken, insecure)
    .then((response) => oauth.processRefreshTokenResponse(as, client, response));
}

async function oauthErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  return (error as oauth.ResponseBodyError).error;
}

describe('discovery', () => {
  it('advertises RFC 9207 iss, S256 PKCE, the code flow, userinfo and revocation', () => {
    expect(as.issuer).toBe(server.issuer);
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.response_types_supported).toEqual(['code']);
    expect(as.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(as.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
    expect(as.userinfo_endpoint).toBe(`${server.issuer}/me`);
    expect(as.revocation_endpoint).toBe(`${server.issuer}/token/revocation`);
  });
});

describe('authorization endpoint', () => {
  it('redirects to the exact docker-desktop:// redirect URI with code, state and iss', async () => {
    const pending = await authorizationRequest();
    const redirect = new URL(await headlessLogin(pending.url));

    expect(redirect.protocol).toBe('docker-desktop:');
    expect(redirect.host).toBe('dashboard');
    expect(redirect.pathname).toBe('/extension-tab');
    expect(redirect.searchParams.get('extensionId')).toBe(EXTENSION_ID);
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
    expect(redirect.searchParams.get('state')).toBe(pending.state);
    expect(redirect.searchParams.get('iss')).toBe(server.issuer);
    expect(() => oauth.validateAuthResponse(as, client, redirect, pending.state)).not.toThrow();
  });

  it('also accepts the https://open.docker.com redirect URI', async () => {
    const redirectUri = openDockerRedirectUri(EXTENSION_ID);
    const redirect = new URL(
      await headlessLogin((await authorizationRequest({ redirectUri })).url),
    );

    expect(`${redirect.origin}${redirect.pathname}`).toBe(
      'https://open.docker.com/dashboard/extension-tab',
    );
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('refuses an unregistered redirect URI without redirecting', async () => {
    const { url } = await authorizationRequest({
      redirectUri: 'docker-desktop://dashboard/extension-tab?extensionId=someone/else',
    });
    const response = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('requires PKCE: a request without code_challenge comes back with invalid_request', async () => {
    const { url, state } = await authorizationRequest();
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await fetch(url, { redirect: 'manual' });
    const redirect = new URL(response.headers.get('location') ?? '');

    expect(redirect.protocol).toBe('docker-desktop:');
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('state')).toBe(state);
  });

  it('answers error=access_denied, with state and iss, when the user denies consent', async () => {
    const pending = await authorizationRequest();
    const redirect = new URL(await headlessLogin(pending.url, { decision: 'deny' }));

    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(pending.state);
    expect(redirect.searchParams.get('iss')).toBe(server.issuer);
    expect(redirect.searchParams.has('code')).toBe(false);
    expect(() => oauth.validateAuthResponse(as, client, redirect, pending.state)).toThrow(
      oauth.AuthorizationResponseError,
    );
  });

  it('answers error=access_denied when the user cancels the login', async () => {
    const pending = await authorizationRequest();
    const redirect = new URL(await headlessLogin(pending.url, { decision: 'cancel-login' }));

    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(pending.state);
  });

  it('shows a labelled login form, then a consent page that names the client and the access', async () => {
    const pages: HtmlPage[] = [];
    await headlessLogin((await authorizationRequest()).url, { onPage: (page) => pages.push(page) });
    const [login, consent] = pages.map((page) => page.html);

    expect(pages).toHaveLength(2);
    expect(login).toMatch(/<label for="username">Username<\/label>\s*<input id="username"/);
    expect(login).toMatch(/<label for="password">Password<\/label>\s*<input id="password"/);
    expect(login).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(login).toMatch(/<button [^>]*>Cancel<\/button>/);
    expect(textOf(consent ?? '')).toContain(
      'Docker Desktop extension (demo) wants to access your profile, email and offline access.',
    );
    expect(consent).toMatch(/<button [^>]*value="allow">Allow<\/button>/);
    expect(consent).toMatch(/<button [^>]*value="deny">Deny<\/button>/);
    for (const html of [login, consent]) {
      expect(html).not.toMatch(/(?:src|href)="?https?:|@import|<script/i);
    }
  });

  it('names the provider on its pages and shows the demo account on the login page', async () => {
    const pages: HtmlPage[] = [];
    await headlessLogin((await authorizationRequest()).url, { onPage: (page) => pages.push(page) });
    const [login = '', consent = ''] = pages.map((page) => page.html);

    expect(login).toContain('<title>Sign in · Acme Accounts</title>');
    expect(textOf(login)).toMatch(
      /A demo: sign in as demo with the password docker-desktop-demo ?\./,
    );
    expect(consent).toContain('<title>Authorize access · Acme Accounts</title>');
    expect(textOf(consent)).not.toContain('docker-desktop-demo');
    // An icon of its own, so the browser does not ask for /favicon.ico (a 404 in the console).
    for (const html of [login, consent]) expect(html).toContain('<link rel="icon" href="data:,">');
  });

  it('keeps a wrong password on the login page with a visible message', async () => {
    const { url } = await authorizationRequest();
    const page = await loginPageAfterWrongPassword(url, { password: 'guess' });

    expect(page.status).toBe(200);
    expect(page.html).toContain(WRONG_CREDENTIALS_MESSAGE);
    expect(page.html).toMatch(/<label for="password">Password<\/label>/);
    expect(page.html).toContain('value="demo"');
  });

  it('refuses a wrong password in a full sign-in', async () => {
    const { url } = await authorizationRequest();
    await expect(headlessLogin(url, { password: 'guess' })).rejects.toThrow(
      WRONG_CREDENTIALS_MESSAGE,
    );
  });
});

describe('authorization code grant', () => {
  it('gives access, refresh and ID tokens for offline_access with prompt=consent', async () => {
    const tokens = await signIn();

    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope?.split(' ').sort()).toEqual(FULL_SCOPE.split(' ').sort());
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(DEMO_SUBJECT);
  });

  it('gives no refresh token when prompt=consent is missing (offline_access is dropped)', async () => {
    const tokens = await signIn({ prompt: null });

    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope?.split(' ')).not.toContain('offline_access');
  });

  it('refuses the same code exchanged twice with invalid_grant', async () => {
    const pending = await authorizationRequest();
    const redirect = await headlessLogin(pending.url);
    await oauth.processAuthorizationCodeResponse(as, client, await exchange(pending, redirect), {
      expectedNonce: pending.nonce,
    });

    const second = exchange(pending, redirect).then((response) =>
      oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: pending.nonce,
      }),
    );
    expect(await oauthErrorOf(second)).toBe('invalid_grant');
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const pending = await authorizationRequest();
    const redirect = await headlessLogin(pending.url);
    const wrong = { ...pending, codeVerifier: oauth.generateRandomCodeVerifier() };

    const answer = exchange(wrong, redirect).then((response) =>
      oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: pending.nonce,
      }),
    );
    expect(await oauthErrorOf(answer)).toBe('invalid_grant');
  });
});

describe('userinfo', () => {
  it('returns the demo account with an inline picture (the extension shows no http image)', async () => {
    const tokens = await signIn();
    const response = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
    const userinfo = await oauth.processUserInfoResponse(as, client, DEMO_SUBJECT, response);

    expect(userinfo).toMatchObject({
      sub: DEMO_SUBJECT,
      name: 'Dana Demo',
      preferred_username: 'demo',
      email: 'dana@example.test',
      email_verified: true,
      picture: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    });
    const svg = Buffer.from(String(userinfo.picture).split(',')[1] ?? '', 'base64').toString();
    expect(svg).toContain('<svg');
  });
});

describe('refresh token grant', () => {
  it('rotates the refresh token', async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token ?? '');

    expect(second.access_token).toEqual(expect.any(String));
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });

  it('refuses a rotated refresh token with invalid_grant and revokes its successor', async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token ?? '');

    expect(await oauthErrorOf(refresh(first.refresh_token ?? ''))).toBe('invalid_grant');
    // Reuse of a rotated token is treated as theft: the whole grant is revoked.
    expect(await oauthErrorOf(refresh(second.refresh_token ?? ''))).toBe('invalid_grant');
  });
});

describe('revocation', () => {
  it('makes a revoked refresh token unusable', async () => {
    const tokens = await signIn();
    const refreshToken = tokens.refresh_token ?? '';
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, refreshToken, insecure),
    );

    expect(await oauthErrorOf(refresh(refreshToken))).toBe('invalid_grant');
  });
});

describe('CORS for the extension UI', () => {
  it('lets any browser origin call the token endpoint by default', async () => {
    const origin = 'http://127.0.0.1:3000';
    const preflight = await fetch(as.token_endpoint ?? '', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);

    const tokens = await signIn();
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refresh_token ?? '',
      { ...insecure, headers: { origin } },
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    await oauth.processRefreshTokenResponse(as, client, response);
  });

  it('refuses origins outside a configured list', async () => {
    const allowed = 'http://127.0.0.1:3000';
    const strict = await startAuthServer({ corsOrigins: [allowed] });
    try {
      const token = (origin: string) =>
        fetch(`${strict.issuer}/token`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: 'unknown',
            client_id: strict.clientId,
          }),
        });
      const refused = await token('http://evil.test');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(await refused.json()).toMatchObject({ error: 'invalid_request' });

      const accepted = await token(allowed);
      expect(accepted.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(await accepted.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await strict.close();
    }
  });
});

describe('token endpoint test switch', () => {
  it("'down' answers 503 with a body that is not JSON", async () => {
    const tokens = await signIn();
    server.setTokenEndpointMode('down');

    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refresh_token ?? '',
      insecure,
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    await expect(
      oauth.processRefreshTokenResponse(as, client, response.clone()),
    ).rejects.toBeInstanceOf(oauth.OperationProcessingError);
    await expect(response.json()).rejects.toThrow();

    // The request never reached the provider: the refresh token still works afterwards.
    server.setTokenEndpointMode('normal');
    await expect(refresh(tokens.refresh_token ?? '')).resolves.toHaveProperty('access_token');
  });

  it("'slow' answers only after the delay", async () => {
    const tokens = await signIn();
    server.setTokenEndpointMode('slow', 300);

    const started = performance.now();
    await refresh(tokens.refresh_token ?? '');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("'reset' drops the connection", async () => {
    server.setTokenEndpointMode('reset');
    await expect(
      fetch(`${server.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&refresh_token=x',
      }),
    ).rejects.toThrow(TypeError);
  });

  it('leaves the other endpoints alone', async () => {
    server.setTokenEndpointMode('down');
    const pending = await authorizationRequest();
    const redirect = new URL(await headlessLogin(pending.url));
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
  });
});

describe('request counts', () => {
  it('counts requests per endpoint and token requests per grant type', async () => {
    server.resetStats();
    await oauth.discoveryRequest(new URL(server.issuer), insecure);
    const tokens = await signIn();
    await refresh(tokens.refresh_token ?? '');
    server.setTokenEndpointMode('down');
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, 'x', insecure);
    server.setTokenEndpointMode('normal');
    await oauth.revocationRequest(as, client, clientAuth, tokens.access_token, insecure);
    await oauth.userInfoRequest(as, client, tokens.access_token, insecure);

    expect(server.stats).toMatchObject({
      discovery: 1,
      authorize: 1,
      token: 3,
      userinfo: 1,
      revocation: 1,
      jwks: 0,
      tokenByGrantType: { authorization_code: 1, refresh_token: 2 },
    });
    expect(server.stats.interaction).toBeGreaterThan(0);

    server.resetStats();
    expect(server.stats).toMatchObject({ discovery: 0, token: 0, tokenByGrantType: {} });
  });
});

describe('close', () => {
  it('stops listening, even with a slow token request in flight', async () => {
    const other = await startAuthServer();
    other.setTokenEndpointMode('slow', 60_000);
    const inFlight = fetch(`${other.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x',
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));

    await other.close();
    expect(await inFlight).toBeInstanceOf(TypeError);
    await expect(fetch(`${other.issuer}/.well-known/openid-configuration`)).rejects.toThrow(
      TypeError,
    );
  });
});

describe('the confidential, no-CORS variant (what only an extension backend can use)', () => {
  const secret = 'demo-client-secret-1234';
  const origin = 'http://127.0.0.1:8080';

  it('sends no CORS header on any endpoint, preflights included', async () => {
    const closed = await startAuthServer({ corsOrigins: 'none', clientSecret: secret });
    try {
      const answers = await Promise.all([
        fetch(`${closed.issuer}/.well-known/openid-configuration`, { headers: { origin } }),
        fetch(`${closed.issuer}/jwks`, { headers: { origin } }),
        fetch(`${closed.issuer}/token`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        }),
        fetch(`${closed.issuer}/token`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }),
        }),
      ]);
      for (const answer of answers) {
        expect(
          [...answer.headers.keys()].filter((name) => name.startsWith('access-control-')),
        ).toEqual([]);
        await answer.body?.cancel();
      }
    } finally {
      await closed.close();
    }
  });

  it('registers the extension as a confidential client: no secret, no token', async () => {
    const closed = await startAuthServer({ corsOrigins: 'none', clientSecret: secret });
    try {
      expect(closed.clientAuthMethod).toBe('client_secret_basic');
      const refresh = (auth: oauth.ClientAuth) =>
        oauth.refreshTokenGrantRequest(
          { issuer: closed.issuer, token_endpoint: `${closed.issuer}/token` },
          { client_id: closed.clientId },
          auth,
          'not-a-refresh-token',
          insecure,
        );
      const withoutSecret = await refresh(oauth.None());
      expect(await withoutSecret.json()).toMatchObject({ error: 'invalid_client' });
      const withSecret = await refresh(oauth.ClientSecretBasic(secret));
      expect(await withSecret.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await closed.close();
    }
  });
});
