/**
 * An OAuth 2.0 / OpenID Connect authorization server for the tests and the demo: oidc-provider,
 * everything in memory, on 127.0.0.1 only, with one public native client registered for the
 * extension's redirect URIs and one demo account.
 *
 * For a refresh token the authorization request must carry scope `offline_access` AND
 * `prompt=consent` (OpenID Connect Core §11; oidc-provider drops `offline_access` otherwise),
 * e.g. `scope=openid profile email offline_access&prompt=consent`.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Configuration, JWK, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { CLAIMS_BY_SCOPE, DEMO_PASSWORD, DEMO_USERNAME, demoAccounts } from './account';
import { handleInteraction, INTERACTION_PATH_PREFIX, sendHtml } from './interactions';
import {
  deviceCodePage,
  deviceConfirmPage,
  deviceSuccessPage,
  errorPage,
  logoutPage,
  type PageSite,
  signedOutPage,
} from './pages';
import { loadOidcProvider, withoutExpectedWarnings } from './quietImport';

export { DEMO_PASSWORD, DEMO_SUBJECT, DEMO_USERNAME } from './account';
export { WRONG_CREDENTIALS_MESSAGE } from './pages';

export const DEFAULT_EXTENSION_ID = 'acme/oauth-extension';
export const DEFAULT_CLIENT_ID = 'docker-extension-demo';
/** The name the server's pages carry, and the demo extension's "Sign in with …" button. */
export const DEMO_PROVIDER_NAME = 'Acme Accounts';
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_SLOW_DELAY_MS = 2000;
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** The redirect URI Docker Desktop registers for an extension (the query is part of it). */
export function dockerDesktopRedirectUri(extensionId: string): string {
  return `docker-desktop://dashboard/extension-tab?extensionId=${extensionId}`;
}

/** The https link that forwards to Docker Desktop, for providers that refuse custom schemes. */
export function openDockerRedirectUri(extensionId: string): string {
  return `https://open.docker.com/dashboard/extension-tab?extensionId=${extensionId}`;
}

export interface AuthServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the server is for tests and the demo. */
  host?: '127.0.0.1';
  /** Default 'acme/oauth-extension'. */
  extensionId?: string;
  /** Default 'docker-extension-demo'. */
  clientId?: string;
  /** Registered besides the two Docker Desktop redirect URIs (exact match). */
  extraRedirectUris?: string[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** How long a device code lives (RFC 8628 `expires_in`); default 600, oidc-provider's. */
  deviceCodeTtlSeconds?: number;
  /** The provider's name on the login, consent and error pages; default 'Acme Accounts'. */
  providerName?: string;
  /**
   * Browser origins allowed to call the token, userinfo and revocation endpoints.
   * 'any' (default) allows every origin, `null` included: the server only listens on loopback.
   * 'none': no CORS header at all, on any endpoint (discovery and preflights included), like
   * GitHub's token endpoint: a page held to CORS cannot use the server, only a backend can.
   */
  corsOrigins?: 'any' | 'none' | string[];
  /**
   * Registers the extension as a confidential client with this secret and
   * `client_secret_basic` (what an extension backend sends), instead of a public client.
   */
  clientSecret?: string;
}

export type Endpoint =
  | 'discovery'
  | 'authorize'
  | 'token'
  | 'userinfo'
  | 'revocation'
  | 'jwks'
  /** The login and consent pages and their forms. */
  | 'interaction'
  /** CORS preflights (OPTIONS) to any endpoint; not counted under the endpoint itself. */
  | 'preflight'
  /** Anything else: authorization resume, unknown paths. */
  | 'other';

export type RequestCounts = Record<Endpoint, number> & {
  /** Token requests by `grant_type`, faulted ones included ('unknown' when it had none). */
  tokenByGrantType: Record<string, number>;
};

/**
 * 'normal'; 'down': 503 with an HTML body (CORS headers kept, so a browser sees the status);
 * 'unavailable': 503 with the OAuth error `temporarily_unavailable` and `Retry-After: 1`;
 * 'slow': answered after `delayMs`; 'reset': the connection is dropped without an answer.
 * Only POST /token is affected.
 */
export type TokenEndpointMode = 'normal' | 'down' | 'unavailable' | 'slow' | 'reset';

export interface AuthServer {
  issuer: string;
  /** Base URL of the server (equal to the issuer). */
  url: string;
  port: number;
  clientId: string;
  /** 'none' for the public client, else how the confidential client authenticates. */
  clientAuthMethod: 'none' | 'client_secret_basic';
  /** The production redirect URI: docker-desktop://dashboard/extension-tab?extensionId=... */
  redirectUri: string;
  /** Every registered redirect URI. */
  redirectUris: readonly string[];
  /** A snapshot of the request counts since start or the last `resetStats()`. */
  readonly stats: RequestCounts;
  resetStats(): void;
  setTokenEndpointMode(mode: TokenEndpointMode, delayMs?: number): void;
  close(): Promise<void>;
  provider: Provider;
}

const ROUTES = {
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  revocation: '/token/revocation',
  jwks: '/jwks',
} as const;

function emptyCounts(): RequestCounts {
  return {
    discovery: 0,
    authorize: 0,
    token: 0,
    userinfo: 0,
    revocation: 0,
    jwks: 0,
    interaction: 0,
    preflight: 0,
    other: 0,
    tokenByGrantType: {},
  };
}

function endpointOf(method: string, pathname: string): Endpoint {
  if (method === 'OPTIONS') return 'preflight';
  if (pathname.startsWith(INTERACTION_PATH_PREFIX)) return 'interaction';
  switch (pathname) {
    case '/.well-known/openid-configuration':
    case '/.well-known/oauth-authorization-server':
      return 'discovery';
    case ROUTES.authorization:
      return 'authorize';
    case ROUTES.token:
      return 'token';
    case ROUTES.userinfo:
      return 'userinfo';
    case ROUTES.revocation:
      return 'revocation';
    case ROUTES.jwks:
      return 'jwks';
    default:
      return 'other';
  }
}

async function signingKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' } as JWK;
}

export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    extensionId = DEFAULT_EXTENSION_ID,
    clientId = DEFAULT_CLIENT_ID,
    extraRedirectUris = [],
    accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    deviceCodeTtlSeconds = 600,
    corsOrigins = 'any',
    clientSecret,
    providerName = DEMO_PROVIDER_NAME,
  } = options;
  if (clientSecret !== undefined && clientSecret.length < 8) {
    throw new Error('clientSecret must be at least 8 characters');
  }
  const clientAuthMethod = clientSecret === undefined ? 'none' : 'client_secret_basic';
  const site: PageSite = {
    providerName,
    demoAccount: { username: DEMO_USERNAME, password: DEMO_PASSWORD },
  };
  if (host !== '127.0.0.1') {
    throw new Error('The demo authorization server listens on 127.0.0.1 only');
  }
  if (!Number.isSafeInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds <= 0) {
    throw new Error(
      `accessTokenTtlSeconds must be a positive whole number: ${accessTokenTtlSeconds}`,
    );
  }

  const [{ Provider }, key] = await Promise.all([loadOidcProvider(), signingKey()]);

  let counts = emptyCounts();
  let tokenMode: TokenEndpointMode = 'normal';
  let slowDelayMs = DEFAULT_SLOW_DELAY_MS;
  const countGrantType = (grantType: unknown) => {
    const name = typeof grantType === 'string' && grantType !== '' ? grantType : 'unknown';
    counts.tokenByGrantType[name] = (counts.tokenByGrantType[name] ?? 0) + 1;
  };
  // Timers of 'slow' token requests; cleared by close() so nothing outlives the server.
  const pending = new Set<() => void>();
  let closing: Promise<void> | undefined;

  // The issuer needs the port, so the server listens before the provider exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('authServer: request failed', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const issuer = `http://${host}:${actualPort}`;

  const redirectUri = dockerDesktopRedirectUri(extensionId);
  const redirectUris = [redirectUri, openDockerRedirectUri(extensionId), ...extraRedirectUris];

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_name: 'Docker Desktop extension (demo)',
        application_type: 'native',
        token_endpoint_auth_method: clientAuthMethod,
        ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
        // The device flow too (RFC 8628), for extensions configured with flow 'device'.
        grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
    ],
    findAccount: demoAccounts(),
    claims: Object.fromEntries(
      Object.entries(CLAIMS_BY_SCOPE).map(([scope, claims]) => [scope, [...claims]]),
    ),
    scopes: ['openid', 'offline_access', ...Object.keys(CLAIMS_BY_SCOPE)],
    responseTypes: ['code'],
    routes: ROUTES,
    // Public clients need PKCE anyway; only S256 is implemented by oidc-provider 9.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(site, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage(site);
        },
      },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource: async (ctx, form, _out, error) => {
          ctx.type = 'html';
          const message =
            error === undefined
              ? undefined
              : error.name === 'AbortedError'
                ? 'Sign-in cancelled: the extension is not signed in.'
                : error.name === 'NoCodeError' || 'userCode' in error
                  ? 'That code is not right, or it has expired. Check the code the extension shows.'
                  : 'The sign-in was interrupted. Start again from the extension.';
          ctx.body = deviceCodePage(site, form, message);
        },
        userCodeConfirmSource: async (ctx, form, client, _info, userCode) => {
          ctx.type = 'html';
          ctx.body = deviceConfirmPage(site, form, client.clientName ?? client.clientId, userCode);
        },
        successSource: async (ctx) => {
          ctx.type = 'html';
          const client = ctx.oidc.client;
          ctx.body = deviceSuccessPage(site, client?.clientName ?? client?.clientId ?? '');
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${INTERACTION_PATH_PREFIX}${interaction.uid}`,
    },
    // Same rule as oidc-provider's default, stated here so nobody has to look it up.
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    // Public client: every refresh rotates; reusing a rotated token revokes the whole grant.
    rotateRefreshToken: true,
    clientBasedCORS: (_ctx, origin) =>
      corsOrigins === 'any' || (corsOrigins !== 'none' && corsOrigins.includes(origin)),
    ttl: {
      AccessToken: accessTokenTtlSeconds,
      AuthorizationCode: 60,
      DeviceCode: deviceCodeTtlSeconds,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 10 * 60,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    jwks: { keys: [key] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(
        'Sign-in failed',
        [out.error, out.error_description].filter(Boolean).join(': '),
        site,
      );
    },
  };

  let provider: Provider;
  try {
    provider = await withoutExpectedWarnings(() => new Provider(issuer, configuration));
  } catch (error) {
    server.close();
    throw error;
  }
  const grantTypeOf = (ctx: KoaContextWithOIDC) => ctx.oidc.params?.grant_type;
  provider.on('grant.success', (ctx) => countGrantType(grantTypeOf(ctx)));
  provider.on('grant.error', (ctx) => countGrantType(grantTypeOf(ctx)));
  const callback = provider.callback();

  /** Fault injection for POST /token; answers true when it answered the request itself. */
  const faultTokenRequest = async (req: IncomingMessage, res: ServerResponse) => {
    if (tokenMode === 'normal') return false;
    if (tokenMode === 'slow') {
      const proceed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(true), slowDelayMs);
        const finish = (value: boolean) => {
          clearTimeout(timer);
          pending.delete(cancel);
          resolve(value);
        };
        const cancel = () => finish(false);
        pending.add(cancel);
      });
      if (!proceed) res.destroy();
      return !proceed;
    }
    countGrantType(new URLSearchParams(await readText(req)).get('grant_type'));
    if (tokenMode === 'reset') {
      req.socket.destroy();
      return true;
    }
    const origin = req.headers.origin;
    if (origin) res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (tokenMode === 'unavailable') {
      res.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '1',
        'access-control-expose-headers': 'Retry-After',
      });
      res.end(JSON.stringify({ error: 'temporarily_unavailable' }));
      return true;
    }
    sendHtml(
      res,
      503,
      errorPage('503 Service Unavailable', 'The token endpoint is down (test switch).', site),
    );
    return true;
  };

  handle = async (req, res) => {
    const method = req.method ?? 'GET';
    // Origin-form targets only ("/path?query"); `new URL('//x', base)` would change the host.
    const { pathname } = new URL(`${issuer}${req.url?.startsWith('/') ? req.url : '/'}`);
    const endpoint = endpointOf(method, pathname);
    counts[endpoint] += 1;
    if (corsOrigins === 'none') withoutCorsHeaders(res);

    if (endpoint === 'interaction') {
      return handleInteraction(provider, req, res, pathname, site);
    }
    if (endpoint === 'token' && method === 'POST' && (await faultTokenRequest(req, res))) return;
    await callback(req, res);
  };

  return {
    issuer,
    url: issuer,
    port: actualPort,
    clientId,
    clientAuthMethod,
    redirectUri,
    redirectUris,
    get stats() {
      return structuredClone(counts);
    },
    resetStats() {
      counts = emptyCounts();
    },
    setTokenEndpointMode(mode, delayMs = DEFAULT_SLOW_DELAY_MS) {
      tokenMode = mode;
      slowDelayMs = delayMs;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const cancel of [...pending]) cancel();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    provider,
  };
}

/** Drops every Access-Control-* header this answer would carry (oidc-provider sets some always). */
function withoutCorsHeaders(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => (/^access-control-/i.test(name) ? res : setHeader(name, value));
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
