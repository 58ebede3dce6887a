/**
 * The emulated GitHub (dev/github) against GitHub's documented behaviour, with plain requests
 * and a headless person: what a client of github.com meets.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../dev/authServer/account';
import {
  AVATAR_DATA_URL,
  DEMO_EMAIL,
  DEVICE_GRANT_TYPE,
  type GitHubEmulator,
  startGitHubEmulator,
} from '../../dev/github/index';
import { headlessDeviceAuthorization, textOf } from './support/headlessLogin';

let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ port: 0, intervalSeconds: 1, clientSecret: 'app-secret' });
});

afterAll(async () => {
  await github.close();
});

beforeEach(() => {
  github.setFault('none');
  github.setDeviceFlowEnabled(true);
  github.resetStats();
});

const JSON_ACCEPT = { accept: 'application/json' };

async function post(
  path: string,
  body: Record<string, string>,
  headers: Record<string, string> = JSON_ACCEPT,
) {
  return fetch(`${github.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
}

async function deviceCode(scope = 'read:user user:email') {
  const response = await post('/login/device/code', { client_id: github.clientId, scope });
  return (await response.json()) as {
    device_code: string;
    user_code: string;
    verification_uri: string;
    expires_in: number;
    interval: number;
  };
}

async function poll(code: string, headers: Record<string, string> = JSON_ACCEPT) {
  const response = await post(
    '/login/oauth/access_token',
    { client_id: github.clientId, device_code: code, grant_type: DEVICE_GRANT_TYPE },
    headers,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /login/device/code', () => {
  it('answers a device code, a user code and the verification page, and no complete URI', async () => {
    const answer = await deviceCode();
    expect(answer.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(answer.device_code).toMatch(/^[0-9a-f]{40}$/);
    expect(answer.verification_uri).toBe(`${github.url}/login/device`);
    expect(answer.expires_in).toBe(900);
    expect(answer.interval).toBe(1);
    expect(answer).not.toHaveProperty('verification_uri_complete');
  });

  it('answers form-encoded unless the request asks for JSON', async () => {
    const response = await post('/login/device/code', { client_id: github.clientId }, {});
    expect(response.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(await response.text());
    expect(form.get('user_code')).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(form.get('interval')).toBe('1');
  });

  it('refuses an unknown client, and an app without the device flow enabled, with HTTP 200', async () => {
    const unknown = await post('/login/device/code', { client_id: 'someone-else' });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ error: 'incorrect_client_credentials' });
    github.setDeviceFlowEnabled(false);
    const disabled = await post('/login/device/code', { client_id: github.clientId });
    expect(await disabled.json()).toMatchObject({ error: 'device_flow_disabled' });
  });

  it('sends no CORS headers, and refuses preflights', async () => {
    const response = await post(
      '/login/device/code',
      { client_id: github.clientId },
      { ...JSON_ACCEPT, origin: 'http://127.0.0.1:8080' },
    );
    expect(
      [...response.headers.keys()].filter((name) => name.startsWith('access-control')),
    ).toEqual([]);
    const preflight = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(github.stats.preflights).toBe(1);
  });
});

describe('polling POST /login/oauth/access_token', () => {
  it('answers authorization_pending with HTTP 200 until the person authorizes, then the token once', async () => {
    const { device_code: code, user_code: userCode, verification_uri: page } = await deviceCode();
    await wait(1_000);
    expect(await poll(code)).toMatchObject({
      status: 200,
      body: { error: 'authorization_pending' },
    });
    const last = await headlessDeviceAuthorization(page, userCode.toLowerCase().replace('-', ''));
    expect(textOf(last.html)).toContain("Congratulations, you're all set!");
    await wait(1_000);
    const { status, body } = await poll(code);
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      token_type: 'bearer',
      scope: 'read:user,user:email',
    });
    await wait(1_000);
    expect((await poll(code)).body.error).toBe('incorrect_device_code');
    const polls = github.polls();
    expect(polls.map((p) => p.answer)).toEqual([
      'authorization_pending',
      'access_token',
      'incorrect_device_code',
    ]);
    // Each poll came an interval (1 s) after the one before, and is recorded so.
    for (const record of polls) expect(record.sinceLast).toBeGreaterThanOrEqual(1_000);
  });

  it('answers slow_down to a poll sooner than the interval, 5 seconds more, and records it', async () => {
    const { device_code: code } = await deviceCode();
    const early = await poll(code);
    expect(early.body).toMatchObject({ error: 'slow_down', interval: 6 });
    expect(github.stats.tooEarly).toBe(1);
    const [record] = github.polls();
    expect(record?.intervalMs).toBe(1_000);
    expect(record?.sinceLast).toBeLessThan(1_000);
  });

  it('answers slow_down to the next polls when asked to (the test switch)', async () => {
    const { device_code: code } = await deviceCode();
    github.slowDownNext(1);
    await wait(1_000);
    expect((await poll(code)).body).toMatchObject({ error: 'slow_down', interval: 6 });
    expect(github.stats.tooEarly).toBe(0);
  });

  it('answers expired_token once the code expired', async () => {
    const { device_code: code } = await deviceCode();
    github.expireDeviceCodes();
    await wait(1_000);
    expect((await poll(code)).body.error).toBe('expired_token');
  });

  it('answers access_denied when the person cancels', async () => {
    const { device_code: code, user_code: userCode, verification_uri: page } = await deviceCode();
    const last = await headlessDeviceAuthorization(page, userCode, { decision: 'deny' });
    expect(textOf(last.html)).toContain('Authorization cancelled');
    await wait(1_000);
    expect((await poll(code)).body.error).toBe('access_denied');
  });

  it('refuses a wrong code and a wrong password at the verification page', async () => {
    const { verification_uri: page } = await deviceCode();
    await expect(headlessDeviceAuthorization(page, 'BCDF-GHJK')).rejects.toThrow(
      /incorrect or has expired/,
    );
    await expect(
      headlessDeviceAuthorization(page, 'BCDF-GHJK', { password: `${DEMO_PASSWORD}-not` }),
    ).rejects.toThrow(/Incorrect username or password/);
  });

  it('answers unsupported_grant_type and incorrect_client_credentials with HTTP 200', async () => {
    const other = await post('/login/oauth/access_token', {
      client_id: github.clientId,
      grant_type: 'client_credentials',
    });
    expect(await other.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const stranger = await post('/login/oauth/access_token', {
      client_id: 'someone-else',
      grant_type: DEVICE_GRANT_TYPE,
      device_code: 'x',
    });
    expect(await stranger.json()).toMatchObject({ error: 'incorrect_client_credentials' });
  });

  it('answers form-encoded unless asked for JSON', async () => {
    const { device_code: code } = await deviceCode();
    const response = await post(
      '/login/oauth/access_token',
      { client_id: github.clientId, device_code: code, grant_type: DEVICE_GRANT_TYPE },
      {},
    );
    expect(response.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(await response.text()).get('error')).toBe('slow_down');
  });

  it('goes down with the failure switch: a 503 page, or a dropped connection', async () => {
    const { device_code: code } = await deviceCode();
    github.setFault('down');
    const down = await post('/login/oauth/access_token', {
      client_id: github.clientId,
      device_code: code,
      grant_type: DEVICE_GRANT_TYPE,
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^text\/html/);
    github.setFault('reset');
    await expect(poll(code)).rejects.toThrow();
  });
});

describe('the REST API', () => {
  async function token(): Promise<string> {
    const { device_code: code, user_code: userCode, verification_uri: page } = await deviceCode();
    await headlessDeviceAuthorization(page, userCode);
    await wait(1_000);
    return (await poll(code)).body.access_token as string;
  }

  it('GET /user: the demo account, its address private; /user/emails lists it', async () => {
    const accessToken = await token();
    const user = await fetch(`${github.apiUrl}/user`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({
      login: 'demo',
      name: 'Dana Demo',
      email: null,
      avatar_url: AVATAR_DATA_URL,
    });
    expect(AVATAR_DATA_URL).toMatch(/^data:image\/svg\+xml;base64,/);
    const emails = await fetch(`${github.apiUrl}/user/emails`, {
      headers: { authorization: `token ${accessToken}` },
    });
    expect(await emails.json()).toEqual([
      { email: DEMO_EMAIL, primary: true, verified: true, visibility: 'private' },
    ]);
  });

  it('answers 401 Bad credentials to an unknown token', async () => {
    const user = await fetch(`${github.apiUrl}/user`, {
      headers: { authorization: 'Bearer gho_unknown' },
    });
    expect(user.status).toBe(401);
    expect(await user.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('deletes an app token only with the client secret', async () => {
    const accessToken = await token();
    const remove = (secret: string) =>
      fetch(`${github.apiUrl}/applications/${github.clientId}/token`, {
        method: 'DELETE',
        headers: {
          authorization: `Basic ${Buffer.from(`${github.clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ access_token: accessToken }),
      });
    expect((await remove('wrong')).status).toBe(404);
    expect((await remove('app-secret')).status).toBe(204);
    const user = await fetch(`${github.apiUrl}/user`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(user.status).toBe(401);
  });
});

describe('a GitHub App (expiring tokens)', () => {
  it('issues 8-hour tokens with single-use refresh tokens', async () => {
    const app = await startGitHubEmulator({ port: 0, intervalSeconds: 1, appType: 'github-app' });
    try {
      const code = await fetch(`${app.url}/login/device/code`, {
        method: 'POST',
        headers: JSON_ACCEPT,
        body: new URLSearchParams({ client_id: app.clientId }),
      }).then((r) => r.json() as Promise<{ device_code: string; user_code: string }>);
      await headlessDeviceAuthorization(`${app.url}/login/device`, code.user_code);
      await wait(1_000);
      const grant = (body: Record<string, string>) =>
        fetch(`${app.url}/login/oauth/access_token`, {
          method: 'POST',
          headers: JSON_ACCEPT,
          body: new URLSearchParams({ client_id: app.clientId, ...body }),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const first = await grant({ grant_type: DEVICE_GRANT_TYPE, device_code: code.device_code });
      expect(first).toMatchObject({
        access_token: expect.stringMatching(/^ghu_/),
        expires_in: 28_800,
        refresh_token: expect.stringMatching(/^ghr_/),
        refresh_token_expires_in: 15_811_200,
      });
      const second = await grant({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token as string,
      });
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const reused = await grant({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token as string,
      });
      expect(reused).toMatchObject({ error: 'bad_refresh_token' });
      const old = await fetch(`${app.apiUrl}/user`, {
        headers: { authorization: `Bearer ${first.access_token}` },
      });
      expect(old.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
