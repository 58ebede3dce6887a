/**
 * An emulated GitHub for the tests and the demo, built from GitHub's documented behaviour
 * (docs.github.com: "Authorizing OAuth apps" — device flow, error codes for the device flow —,
 * "Refreshing user access tokens", REST "Get the authenticated user", "List email addresses for
 * the authenticated user", "Delete an app token"), on 127.0.0.1 only, everything in memory:
 *
 * - `POST /login/device/code`: a device code and a user code (`XXXX-XXXX`), `verification_uri`
 *   and no `verification_uri_complete`, `expires_in` 900, `interval` 5;
 * - `GET /login/device`: sign in (the demo account), enter the code, Authorize or Cancel;
 * - `POST /login/oauth/access_token`: the device grant and the refresh grant; every error with
 *   HTTP 200 (`authorization_pending`, `slow_down` with the new `interval`, `expired_token`,
 *   `access_denied`, `incorrect_device_code`, `incorrect_client_credentials`,
 *   `unsupported_grant_type`, `device_flow_disabled`, `bad_refresh_token`);
 * - answers form-encoded unless the request sends `Accept: application/json`;
 * - no CORS headers anywhere (a page held to CORS cannot call it, as with github.com);
 * - the REST API under `/api/v3` (as GitHub Enterprise Server serves it): `GET /user`,
 *   `GET /user/emails` (with the `user:email` or `user` scope), and
 *   `DELETE /applications/{client_id}/token` with the app's client secret (HTTP Basic);
 * - `/settings/applications`, where the person revokes the app themselves;
 * - OAuth App tokens that never expire, or (`appType: 'github-app'`) GitHub App tokens that expire
 *   after 8 hours with single-use refresh tokens;
 * - every poll recorded with its time, so a test can prove none came sooner than the interval
 *   allowed, and switches for failures.
 *
 * Where GitHub's documentation is silent, the choice is named in dev/github/README.md.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AVATAR_SVG, DEMO_PASSWORD, DEMO_USERNAME } from '../authServer/account';
import {
  activationPage,
  applicationsPage,
  authorizedPage,
  authorizePage,
  cancelledPage,
  INCORRECT_CODE_MESSAGE,
  notFoundPage,
  servicePage,
  signInPage,
  WRONG_PASSWORD_MESSAGE,
} from './pages';

export const DEFAULT_GITHUB_CLIENT_ID = 'Ov23liDockerDemo0001';
export const DEFAULT_APP_NAME = 'Acme OAuth extension';
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The demo account as GitHub's API describes it. */
export const DEMO_GITHUB_USER = { login: DEMO_USERNAME, id: 5_830_001, name: 'Dana Demo' };
export const DEMO_EMAIL = 'dana@example.test';

const BODY_LIMIT = 16 * 1024;
/** The demo account's picture as an inline image (see `avatar_url` below). */
export const AVATAR_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(AVATAR_SVG).toString('base64')}`;
/** The user code alphabet: no vowels or look-alikes, as GitHub's codes (e.g. WDJB-MJHT). */
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

export interface GitHubEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  clientId?: string;
  /** The app's client secret: only with it does `DELETE /applications/{id}/token` answer. */
  clientSecret?: string;
  appName?: string;
  /** 'oauth-app' (default): tokens that never expire; 'github-app': 8 h, single-use refresh. */
  appType?: 'oauth-app' | 'github-app';
  /** The least time between polls, in seconds (GitHub: 5). */
  intervalSeconds?: number;
  /** How long a device code lives, in seconds (GitHub: 900). */
  deviceCodeLifetimeSeconds?: number;
  /** GitHub App access tokens' life, in seconds (GitHub: 28800). */
  accessTokenTtlSeconds?: number;
}

/** One poll of the token endpoint with a device code, as the emulator saw it. */
export interface PollRecord {
  /** Epoch milliseconds at which the request arrived. */
  at: number;
  /** Milliseconds since the previous poll with the same device code (or since it was issued). */
  sinceLast: number;
  /** The least interval that applied to this poll, in milliseconds. */
  intervalMs: number;
  /** What it was answered: the error code, or `access_token`. */
  answer: string;
}

/**
 * 'none'; 'down': the token endpoint answers 503 with an HTML page; 'reset': it drops the
 * connection without an answer.
 */
export type GitHubFault = 'none' | 'down' | 'reset';

export interface GitHubEmulatorStats {
  deviceCodes: number;
  polls: number;
  /** Polls that came sooner than the interval allowed (each answered slow_down). */
  tooEarly: number;
  tokensIssued: number;
  refreshes: number;
  userRequests: number;
  emailRequests: number;
  revocations: number;
  /** Requests that asked for JSON / for the form encoding, at the OAuth endpoints. */
  jsonAnswers: number;
  formAnswers: number;
  /** CORS preflights (OPTIONS), all refused without CORS headers. */
  preflights: number;
}

export interface GitHubEmulator {
  /** The web address (github.com's part): https://github.com in production. */
  url: string;
  /** The REST API (api.github.com's part): https://api.github.com in production. */
  apiUrl: string;
  port: number;
  clientId: string;
  /** The device flow's endpoints, as a provider configuration lists them. */
  endpoints: {
    authorization: string;
    token: string;
    deviceAuthorization: string;
    userinfo: string;
  };
  verificationUri: string;
  /** The page where the person revokes the app. */
  revocationPage: string;
  readonly stats: GitHubEmulatorStats;
  /** Every poll so far, oldest first. */
  polls(): PollRecord[];
  resetStats(): void;
  setFault(fault: GitHubFault): void;
  /** Answers `slow_down` to the next `count` polls, whatever their timing. */
  slowDownNext(count?: number): void;
  /** Every device code issued so far expires now. */
  expireDeviceCodes(): void;
  /** The app's "Enable Device Flow" setting. */
  setDeviceFlowEnabled(enabled: boolean): void;
  /** Access tokens currently valid. */
  liveTokens(): number;
  close(): Promise<void>;
}

interface DeviceGrant {
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  intervalMs: number;
  /** When the last poll (or the grant itself) came: the interval runs from there. */
  lastAt: number;
  status: 'pending' | 'authorized' | 'denied' | 'redeemed';
  login?: string;
}

interface AccessGrant {
  clientId: string;
  login: string;
  scopes: string[];
  expiresAt?: number;
  refreshToken?: string;
}

interface Session {
  csrf: string;
  login?: string;
}

function emptyStats(): GitHubEmulatorStats {
  return {
    deviceCodes: 0,
    polls: 0,
    tooEarly: 0,
    tokensIssued: 0,
    refreshes: 0,
    userRequests: 0,
    emailRequests: 0,
    revocations: 0,
    jsonAnswers: 0,
    formAnswers: 0,
    preflights: 0,
  };
}

const random = (bytes: number) => randomBytes(bytes).toString('hex');

function newUserCode(): string {
  const letter = () => USER_CODE_LETTERS[randomInt(USER_CODE_LETTERS.length)];
  const half = () => Array.from({ length: 4 }, letter).join('');
  return `${half()}-${half()}`;
}

/** What a person typed, as a user code: upper case, the dash where it belongs. */
function normalizeUserCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

export async function startGitHubEmulator(
  options: GitHubEmulatorOptions = {},
): Promise<GitHubEmulator> {
  const {
    port = 0,
    host = '127.0.0.1',
    clientId = DEFAULT_GITHUB_CLIENT_ID,
    clientSecret,
    appName = DEFAULT_APP_NAME,
    appType = 'oauth-app',
    intervalSeconds = 5,
    deviceCodeLifetimeSeconds = 900,
    accessTokenTtlSeconds = 28_800,
  } = options;
  if (host !== '127.0.0.1') throw new Error('The emulated GitHub listens on 127.0.0.1 only');
  for (const [name, value] of Object.entries({
    intervalSeconds,
    deviceCodeLifetimeSeconds,
    accessTokenTtlSeconds,
  })) {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be positive`);
  }

  let stats = emptyStats();
  let pollLog: PollRecord[] = [];
  let fault: GitHubFault = 'none';
  let slowDowns = 0;
  let deviceFlowEnabled = true;
  const devices = new Map<string, DeviceGrant>();
  const tokens = new Map<string, AccessGrant>();
  const refreshTokens = new Map<string, string>();
  const sessions = new Map<string, Session>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('github emulator: request failed', error);
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
  const url = `http://${host}:${actualPort}`;
  const apiUrl = `${url}/api/v3`;

  // ---- answers --------------------------------------------------------------------------

  /** An OAuth endpoint's answer: JSON when asked for, else form-encoded, always HTTP 200. */
  function oauthAnswer(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
    const json = /application\/json/i.test(req.headers.accept ?? '');
    stats[json ? 'jsonAnswers' : 'formAnswers'] += 1;
    const defined = Object.entries(body).filter(([, v]) => v !== undefined);
    res.writeHead(200, {
      'content-type': json
        ? 'application/json; charset=utf-8'
        : 'application/x-www-form-urlencoded; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(
      json
        ? JSON.stringify(Object.fromEntries(defined))
        : new URLSearchParams(defined.map(([k, v]) => [k, String(v)])).toString(),
    );
  }

  const DEVICE_ERRORS: Record<string, string> = {
    authorization_pending: 'The authorization request is still pending.',
    slow_down: 'Too many requests have been made in the same timeframe.',
    expired_token: 'The device_code has expired.',
    access_denied: 'The authorization request was denied.',
    incorrect_device_code: 'The device_code provided is not valid.',
    incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
    unsupported_grant_type: 'The grant type is not supported.',
    device_flow_disabled: 'Device Flow must be explicitly enabled for this App',
    bad_refresh_token: 'The refresh token passed is incorrect or expired.',
  };

  function oauthError(
    req: IncomingMessage,
    res: ServerResponse,
    error: string,
    extra: Record<string, unknown> = {},
  ) {
    oauthAnswer(req, res, {
      error,
      error_description: DEVICE_ERRORS[error],
      error_uri:
        'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow',
      ...extra,
    });
  }

  function apiJson(res: ServerResponse, status: number, body: unknown, headers = {}) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  function html(res: ServerResponse, status: number, page: string, headers = {}) {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'deny',
      ...headers,
    });
    res.end(page);
  }

  function redirect(res: ServerResponse, location: string, headers = {}) {
    res.writeHead(303, { location, ...headers });
    res.end();
  }

  // ---- the OAuth endpoints ---------------------------------------------------------------

  function issueTokens(grant: Omit<AccessGrant, 'expiresAt' | 'refreshToken'>) {
    stats.tokensIssued += 1;
    if (appType === 'oauth-app') {
      const accessToken = `gho_${random(18)}`;
      tokens.set(accessToken, grant);
      return { access_token: accessToken, token_type: 'bearer', scope: grant.scopes.join(',') };
    }
    const accessToken = `ghu_${random(18)}`;
    const refreshToken = `ghr_${random(36)}`;
    tokens.set(accessToken, {
      ...grant,
      expiresAt: Date.now() + accessTokenTtlSeconds * 1000,
      refreshToken,
    });
    refreshTokens.set(refreshToken, accessToken);
    return {
      access_token: accessToken,
      expires_in: accessTokenTtlSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: 15_811_200,
      token_type: 'bearer',
      scope: '',
    };
  }

  async function deviceCode(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('client_id') !== clientId)
      return oauthError(req, res, 'incorrect_client_credentials');
    if (!deviceFlowEnabled) return oauthError(req, res, 'device_flow_disabled');
    stats.deviceCodes += 1;
    const code = random(20);
    const userCode = newUserCode();
    const now = Date.now();
    devices.set(code, {
      userCode,
      clientId,
      scopes: (form.get('scope') ?? '').split(/[\s,]+/).filter(Boolean),
      expiresAt: now + deviceCodeLifetimeSeconds * 1000,
      intervalMs: intervalSeconds * 1000,
      lastAt: now,
      status: 'pending',
    });
    oauthAnswer(req, res, {
      device_code: code,
      user_code: userCode,
      verification_uri: `${url}/login/device`,
      expires_in: deviceCodeLifetimeSeconds,
      interval: intervalSeconds,
    });
  }

  async function accessToken(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'down') {
      return html(res, 503, servicePage(503, 'The token endpoint is down (test switch).'));
    }
    if (form.get('client_id') !== clientId)
      return oauthError(req, res, 'incorrect_client_credentials');
    const grantType = form.get('grant_type');
    if (grantType === 'refresh_token') return refresh(req, res, form.get('refresh_token') ?? '');
    if (grantType !== DEVICE_GRANT_TYPE) return oauthError(req, res, 'unsupported_grant_type');
    if (!deviceFlowEnabled) return oauthError(req, res, 'device_flow_disabled');

    const now = Date.now();
    const code = form.get('device_code') ?? '';
    const grant = devices.get(code);
    stats.polls += 1;
    const sinceLast = grant ? now - grant.lastAt : 0;
    const record = (answer: string, intervalMs = grant?.intervalMs ?? 0) => {
      pollLog.push({ at: now, sinceLast, intervalMs, answer });
    };
    if (!grant || grant.status === 'redeemed') {
      record('incorrect_device_code');
      return oauthError(req, res, 'incorrect_device_code');
    }
    // "If you make more than one request within the interval, you'll receive slow_down, and
    // 5 seconds are added to the interval" (docs.github.com, error codes for the device flow).
    const early = sinceLast < grant.intervalMs;
    const intervalMs = grant.intervalMs;
    grant.lastAt = now;
    if (now >= grant.expiresAt) {
      record('expired_token', intervalMs);
      return oauthError(req, res, 'expired_token');
    }
    if (early || slowDowns > 0) {
      if (early) stats.tooEarly += 1;
      else slowDowns -= 1;
      grant.intervalMs += 5_000;
      record('slow_down', intervalMs);
      return oauthError(req, res, 'slow_down', { interval: grant.intervalMs / 1000 });
    }
    if (grant.status === 'denied') {
      record('access_denied', intervalMs);
      devices.delete(code);
      return oauthError(req, res, 'access_denied');
    }
    if (grant.status === 'pending') {
      record('authorization_pending', intervalMs);
      return oauthError(req, res, 'authorization_pending');
    }
    grant.status = 'redeemed';
    record('access_token', intervalMs);
    oauthAnswer(
      req,
      res,
      issueTokens({ clientId, login: grant.login ?? DEMO_USERNAME, scopes: grant.scopes }),
    );
  }

  /** Single use: the old refresh token and its access token stop working (GitHub Apps). */
  function refresh(req: IncomingMessage, res: ServerResponse, refreshToken: string) {
    const access = refreshTokens.get(refreshToken);
    const grant = access === undefined ? undefined : tokens.get(access);
    if (appType !== 'github-app' || !grant || access === undefined) {
      return oauthError(req, res, 'bad_refresh_token');
    }
    stats.refreshes += 1;
    refreshTokens.delete(refreshToken);
    tokens.delete(access);
    oauthAnswer(req, res, issueTokens({ clientId, login: grant.login, scopes: grant.scopes }));
  }

  // ---- the REST API ----------------------------------------------------------------------

  /** The token of `Authorization: Bearer|token <token>`, when it is a valid one. */
  function bearer(req: IncomingMessage): [string, AccessGrant] | undefined {
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const grant = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    if (!match?.[1] || !grant) return undefined;
    if (grant.expiresAt !== undefined && grant.expiresAt <= Date.now()) return undefined;
    return [match[1], grant];
  }

  const badCredentials = (res: ServerResponse) =>
    apiJson(res, 401, {
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });

  function user(req: IncomingMessage, res: ServerResponse) {
    stats.userRequests += 1;
    const found = bearer(req);
    if (!found) return badCredentials(res);
    const [, grant] = found;
    apiJson(
      res,
      200,
      {
        login: grant.login,
        id: DEMO_GITHUB_USER.id,
        node_id: 'U_kgDOAFi9cQ',
        // github.com answers an https address (avatars.githubusercontent.com); offline, on plain
        // http, the picture comes inline instead, which the extension's image rule accepts.
        avatar_url: AVATAR_DATA_URL,
        html_url: `${url}/${grant.login}`,
        type: 'User',
        site_admin: false,
        name: DEMO_GITHUB_USER.name,
        company: null,
        blog: '',
        location: null,
        // Private: only /user/emails lists it.
        email: null,
        bio: null,
        public_repos: 0,
        followers: 0,
        following: 0,
        created_at: '2024-01-01T00:00:00Z',
        updated_at: '2024-01-01T00:00:00Z',
      },
      { 'x-oauth-scopes': grant.scopes.join(', '), 'x-accepted-oauth-scopes': '' },
    );
  }

  function emails(req: IncomingMessage, res: ServerResponse) {
    stats.emailRequests += 1;
    const found = bearer(req);
    if (!found) return badCredentials(res);
    const [, grant] = found;
    if (!grant.scopes.some((scope) => scope === 'user:email' || scope === 'user')) {
      return apiJson(
        res,
        404,
        { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
        {
          'x-oauth-scopes': grant.scopes.join(', '),
          'x-accepted-oauth-scopes': 'user, user:email',
        },
      );
    }
    apiJson(res, 200, [
      { email: DEMO_EMAIL, primary: true, verified: true, visibility: 'private' },
    ]);
  }

  async function deleteToken(req: IncomingMessage, res: ServerResponse, appId: string) {
    const text = await readBody(req);
    const [id, secret] = Buffer.from(
      (req.headers.authorization ?? '').replace(/^basic\s+/i, ''),
      'base64',
    )
      .toString('utf8')
      .split(':');
    const notFound = () =>
      apiJson(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      });
    if (!clientSecret || appId !== clientId || id !== clientId || secret !== clientSecret) {
      return notFound();
    }
    let token: unknown;
    try {
      token = (JSON.parse(text) as { access_token?: unknown }).access_token;
    } catch {
      return apiJson(res, 400, { message: 'Problems parsing JSON' });
    }
    const grant = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!grant || typeof token !== 'string') return notFound();
    revokeToken(token, grant);
    res.writeHead(204);
    res.end();
  }

  function revokeToken(token: string, grant: AccessGrant) {
    stats.revocations += 1;
    tokens.delete(token);
    if (grant.refreshToken) refreshTokens.delete(grant.refreshToken);
  }

  // ---- the web pages ---------------------------------------------------------------------

  function sessionOf(req: IncomingMessage, res: ServerResponse): Session {
    const id = /(?:^|;\s*)gh_session=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
    const existing = id === undefined ? undefined : sessions.get(id);
    if (existing) return existing;
    const fresh: Session = { csrf: random(16) };
    const newId = random(16);
    sessions.set(newId, fresh);
    res.setHeader('set-cookie', `gh_session=${newId}; Path=/; HttpOnly; SameSite=Lax`);
    return fresh;
  }

  /** A form posted with this session's token, else null (answered 403). */
  async function postedForm(req: IncomingMessage, res: ServerResponse, session: Session) {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('csrf') !== session.csrf) {
      html(res, 403, servicePage(403, 'This form expired. Go back and try again.'));
      return null;
    }
    return form;
  }

  function signIn(res: ServerResponse, session: Session, next: string, error?: string) {
    html(
      res,
      error ? 401 : 200,
      signInPage({
        action: '/session',
        csrf: session.csrf,
        next,
        demo: { username: DEMO_USERNAME, password: DEMO_PASSWORD },
        ...(error ? { error } : {}),
      }),
    );
  }

  function pendingByUserCode(userCode: string): DeviceGrant | undefined {
    for (const grant of devices.values()) {
      if (
        grant.userCode === userCode &&
        grant.status === 'pending' &&
        grant.expiresAt > Date.now()
      ) {
        return grant;
      }
    }
    return undefined;
  }

  async function web(req: IncomingMessage, res: ServerResponse, method: string, path: string) {
    const session = sessionOf(req, res);
    const activation = (error?: string, userCode?: string) =>
      html(
        res,
        error ? 400 : 200,
        activationPage({
          action: '/login/device',
          csrf: session.csrf,
          login: session.login ?? '',
          ...(error ? { error } : {}),
          ...(userCode ? { userCode } : {}),
        }),
      );

    if (method === 'POST' && path === '/session') {
      const form = await postedForm(req, res, session);
      if (!form) return;
      const next = form.get('next') ?? '/login/device';
      const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : '/login/device';
      if (form.get('login') !== DEMO_USERNAME || form.get('password') !== DEMO_PASSWORD) {
        return signIn(res, session, safeNext, WRONG_PASSWORD_MESSAGE);
      }
      session.login = DEMO_USERNAME;
      return redirect(res, safeNext);
    }
    if (path === '/login/device' || path.startsWith('/settings/applications')) {
      if (!session.login) {
        if (method !== 'GET') return html(res, 403, servicePage(403, 'Sign in first.'));
        return signIn(res, session, path);
      }
    }
    if (method === 'GET' && path === '/login/device') return activation();
    if (method === 'POST' && path === '/login/device') {
      const form = await postedForm(req, res, session);
      if (!form) return;
      const typed = normalizeUserCode(form.get('user_code') ?? '');
      const grant = pendingByUserCode(typed);
      if (!grant) return activation(INCORRECT_CODE_MESSAGE, form.get('user_code') ?? '');
      return html(
        res,
        200,
        authorizePage({
          action: '/login/device/authorize',
          csrf: session.csrf,
          userCode: grant.userCode,
          appName,
          scopes: grant.scopes,
          login: session.login ?? '',
        }),
      );
    }
    if (method === 'POST' && path === '/login/device/authorize') {
      const form = await postedForm(req, res, session);
      if (!form) return;
      const grant = pendingByUserCode(form.get('user_code') ?? '');
      if (!grant) return activation(INCORRECT_CODE_MESSAGE);
      grant.login = session.login;
      if (form.get('decision') === 'authorize') {
        grant.status = 'authorized';
        return html(res, 200, authorizedPage(appName));
      }
      grant.status = 'denied';
      return html(res, 200, cancelledPage(appName));
    }
    if (method === 'GET' && path === '/settings/applications') {
      const mine = [...tokens.values()].filter((grant) => grant.login === session.login);
      return html(
        res,
        200,
        applicationsPage({
          action: '/settings/applications/revoke',
          csrf: session.csrf,
          login: session.login ?? '',
          apps: mine.length === 0 ? [] : [{ clientId, name: appName, tokens: mine.length }],
        }),
      );
    }
    if (method === 'POST' && path === '/settings/applications/revoke') {
      const form = await postedForm(req, res, session);
      if (!form) return;
      for (const [token, grant] of [...tokens]) {
        if (grant.login === session.login && grant.clientId === form.get('client_id')) {
          revokeToken(token, grant);
        }
      }
      return redirect(res, '/settings/applications');
    }
    html(res, 404, notFoundPage());
  }

  // ---- routing ---------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    // Origin-form targets only ("/path?query"); `new URL('//x', base)` would change the host.
    const { pathname } = new URL(`${url}${req.url?.startsWith('/') ? req.url : '/'}`);
    // No CORS headers, ever: a preflight is refused like any unknown request.
    if (method === 'OPTIONS') {
      stats.preflights += 1;
      res.writeHead(404);
      res.end();
      return;
    }
    if (method === 'POST' && pathname === '/login/device/code') return deviceCode(req, res);
    if (method === 'POST' && pathname === '/login/oauth/access_token') return accessToken(req, res);
    if (method === 'GET' && pathname === '/api/v3/user') return user(req, res);
    if (method === 'GET' && pathname === '/api/v3/user/emails') return emails(req, res);
    const app = /^\/api\/v3\/applications\/([^/]+)\/token$/.exec(pathname);
    if (method === 'DELETE' && app?.[1]) return deleteToken(req, res, decodeURIComponent(app[1]));
    if (pathname.startsWith('/api/')) {
      return apiJson(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    return web(req, res, method, pathname);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    apiUrl,
    port: actualPort,
    clientId,
    endpoints: {
      authorization: `${url}/login/oauth/authorize`,
      token: `${url}/login/oauth/access_token`,
      deviceAuthorization: `${url}/login/device/code`,
      userinfo: `${apiUrl}/user`,
    },
    verificationUri: `${url}/login/device`,
    revocationPage: `${url}/settings/applications`,
    get stats() {
      return { ...stats };
    },
    polls: () => pollLog.map((poll) => ({ ...poll })),
    resetStats() {
      stats = emptyStats();
      pollLog = [];
    },
    setFault(next) {
      fault = next;
    },
    slowDownNext(count = 1) {
      slowDowns = count;
    },
    expireDeviceCodes() {
      const now = Date.now();
      for (const grant of devices.values()) grant.expiresAt = Math.min(grant.expiresAt, now);
    },
    setDeviceFlowEnabled(enabled) {
      deviceFlowEnabled = enabled;
    },
    liveTokens: () =>
      [...tokens.values()].filter((t) => t.expiresAt === undefined || t.expiresAt > Date.now())
        .length,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
