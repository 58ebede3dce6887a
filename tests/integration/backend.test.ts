/**
 * The extension's backend against a real authorization server (oidc-provider) that registers
 * the extension as a CONFIDENTIAL client (client_secret_basic) and sends no CORS headers, with
 * the backend listening on a real temporary unix socket and the page's statechart reaching it
 * through a vm.service over that socket: sign-in, rotation, reuse detection, revocation, a
 * restart of the backend, single-flight refresh, and logs without a secret.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { Backend } from '../../backend/app';
import { startBackend } from '../../backend/server';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import {
  createBackendOAuthClient,
  createBackendSessionStore,
} from '../../src/desktop/backendClient';
import type { DesktopBackend } from '../../src/desktop/desktopClient';
import { authMachine } from '../../src/machines/authMachine';
import { clientSecretAuthentication } from '../../src/oauth/clientAuthentication';
import { createOAuthClient } from '../../src/oauth/index';
import type { ProviderConfig, TokenSet } from '../../src/oauth/types';
import { textFor } from '../../src/ui/texts';
import { temporaryFolder } from '../unit/backend/support';
import { type Desktop, demoProviderConfig, desktop } from './support/desktop';
import { headlessLogin } from './support/headlessLogin';
import { socketService } from './support/socketService';

const SECRET = 'confidential-demo-secret-9d2f';

let server: AuthServer;
let provider: ProviderConfig;

beforeAll(async () => {
  server = await startAuthServer({
    clientSecret: SECRET,
    corsOrigins: 'none',
    accessTokenTtlSeconds: 120,
  });
  provider = demoProviderConfig(server);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.resetStats();
});

/** Every value that crossed the wire between the backend and the provider and must stay secret. */
const wireSecrets = new Set<string>([SECRET]);
/** Every line the backend logged, across all tests. */
const logLines: string[] = [];

function recordingFetch(): typeof fetch {
  return async (input, init) => {
    const body = init?.body;
    if (body instanceof URLSearchParams) {
      for (const name of ['code', 'code_verifier', 'refresh_token', 'token', 'client_secret']) {
        const value = body.get(name);
        if (value) wireSecrets.add(value);
      }
    }
    const response = await fetch(input, init);
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const json = await response.clone().json();
      for (const name of ['access_token', 'refresh_token', 'id_token']) {
        if (typeof json?.[name] === 'string') wireSecrets.add(json[name]);
      }
    }
    return response;
  };
}

interface Installation {
  folder: string;
  socketPath: string;
  sessionFile: string;
  backend: Backend;
  service: DesktopBackend;
  dd: Desktop;
  restart(): Promise<void>;
}

const running: Backend[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((backend) => backend.close()));
});

async function backendAt(socketPath: string, sessionFile: string): Promise<Backend> {
  const backend = await startBackend({
    provider,
    socketPath,
    sessionFile,
    clientAuthentication: clientSecretAuthentication(SECRET),
    fetch: recordingFetch(),
    log: { level: 'trace', stream: { write: (line) => logLines.push(line) } },
  });
  running.push(backend);
  return backend;
}

/** Docker Desktop with the extension installed: the backend on its socket, the page's storage. */
async function install({ wrapped = false } = {}): Promise<Installation> {
  const folder = temporaryFolder();
  const socketPath = join(folder, 'backend.sock');
  const sessionFile = join(folder, 'session.json');
  const installation: Installation = {
    folder,
    socketPath,
    sessionFile,
    backend: await backendAt(socketPath, sessionFile),
    service: socketService(socketPath, { wrapped }),
    dd: desktop(server),
    async restart() {
      await installation.backend.close();
      installation.backend = await backendAt(socketPath, sessionFile);
    },
  };
  return installation;
}

/** Opens the extension's tab in backend mode: the session hydrated from the backend first. */
async function openTab(at: Installation, redirectUrl?: string) {
  const sessionStore = createBackendSessionStore(at.service, { warn: () => {} });
  await sessionStore.hydrate();
  const deps = { ...at.dd.deps, oauth: createBackendOAuthClient(at.service), sessionStore };
  at.dd.navigate(redirectUrl);
  const actor = createActor(authMachine, { input: { deps } });
  actor.start();
  return actor;
}

async function signIn(at: Installation) {
  const tab = await openTab(at);
  tab.send({ type: 'SIGN_IN' });
  await waitFor(tab, (s) => s.matches({ 'awaiting-browser': 'waiting' }), { timeout: 10_000 });
  const url = at.dd.opened.at(-1) as string;
  tab.stop();
  const redirect = await headlessLogin(url);
  wireSecrets.add(new URL(redirect).searchParams.get('code') as string);
  wireSecrets.add(new URL(redirect).searchParams.get('state') as string);
  const reloaded = await openTab(at, redirect);
  const ready = await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), {
    timeout: 10_000,
  });
  return { tab: reloaded, snapshot: ready };
}

function stored(at: Installation): TokenSet {
  return JSON.parse(readFileSync(at.sessionFile, 'utf8')).tokens;
}

/** The protocol client as the backend has it, to play a thief replaying a refresh token. */
const thief = () =>
  createOAuthClient(provider, {
    clientAuthentication: clientSecretAuthentication(SECRET),
  });

describe('sign-in through the backend', () => {
  it.each([
    ['plain answers', false],
    ['Desktop 4.42’s wrapped answers', true],
  ])(
    'completes with %s; the page holds no refresh token and nothing secret is stored in it',
    async (_shape, wrapped) => {
      const at = await install({ wrapped });
      const { tab, snapshot } = await signIn(at);
      expect(snapshot.context.profile?.name).toBe('Dana Demo');
      expect(snapshot.context.tokens?.refreshable).toBe(true);
      expect(snapshot.context.tokens).not.toHaveProperty('refreshToken');
      expect(snapshot.context.tokens).not.toHaveProperty('idToken');
      expect(server.stats.tokenByGrantType.authorization_code).toBe(1);

      // The session lives in the backend's file (0600) with the refresh token...
      expect(statSync(at.sessionFile).mode & 0o777).toBe(0o600);
      const refreshToken = stored(at).refreshToken as string;
      expect(refreshToken).toBeTruthy();
      // ...and nothing of it, nor the verifier, in the page's storage.
      const pageStorage = JSON.stringify([...at.dd.items]);
      for (const secret of [refreshToken, SECRET, snapshot.context.tokens?.accessToken]) {
        expect(pageStorage).not.toContain(secret);
      }
      tab.stop();
    },
  );

  it('a backend restart in the middle of a sign-in asks, in a sentence, to sign in again', async () => {
    const at = await install();
    const tab = await openTab(at);
    tab.send({ type: 'SIGN_IN' });
    await waitFor(tab, (s) => s.matches({ 'awaiting-browser': 'waiting' }), { timeout: 10_000 });
    tab.stop();
    const redirect = await headlessLogin(at.dd.opened.at(-1) as string);
    await at.restart();
    const reloaded = await openTab(at, redirect);
    const failed = await waitFor(reloaded, (s) => s.matches('error'), { timeout: 10_000 });
    const error = failed.context.error;
    expect(error).toMatchObject({ reason: 'no_pending_login', kind: 'unknown-to-backend' });
    // The page words the backend's failure (src/ui/texts.ts).
    expect(error && textFor(error, 'Acme Accounts')).toMatch(/backend restarted.*sign in again/);
    expect(server.stats.tokenByGrantType.authorization_code ?? 0).toBe(0);
    reloaded.stop();
  });
});

describe('the session', () => {
  it('refresh rotates the refresh token in the file; the old one replayed is detected', async () => {
    const at = await install();
    const { tab, snapshot } = await signIn(at);
    tab.stop();
    const first = stored(at);
    const renewed = await at.service.post('/refresh', {
      accessToken: snapshot.context.tokens?.accessToken,
      now: Date.now(),
    });
    expect(renewed).toMatchObject({ ok: true, tokens: { refreshable: true } });
    const second = stored(at);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);

    // Someone replays the rotated-away refresh token: refused, and the grant is revoked...
    await expect(thief().refresh({ tokens: first, now: Date.now() })).rejects.toMatchObject({
      oauthError: 'invalid_grant',
    });
    // ...so the backend's next refresh ends the session, and the file is gone.
    const ended = await at.service.post('/refresh', {
      accessToken: second.accessToken,
      now: Date.now(),
    });
    expect(ended).toMatchObject({
      ok: false,
      error: { reason: 'token_error', oauthError: 'invalid_grant' },
    });
    expect(await at.service.get('/session')).toEqual({ ok: true, tokens: null });
  });

  it('two refreshes at once (two tabs) make one token request at the server', async () => {
    const at = await install();
    const { tab, snapshot } = await signIn(at);
    tab.stop();
    server.resetStats();
    const request = { accessToken: snapshot.context.tokens?.accessToken, now: Date.now() };
    const [one, two] = await Promise.all([
      at.service.post('/refresh', request),
      at.service.post('/refresh', request),
    ]);
    expect(server.stats.tokenByGrantType.refresh_token).toBe(1);
    expect(one).toEqual(two);
    // A third tab still holding the old access token gets the new one, without a request.
    expect(await at.service.post('/refresh', request)).toEqual(one);
    expect(server.stats.tokenByGrantType.refresh_token).toBe(1);
  });

  it('survives a backend restart: a new tab is signed in and can still refresh', async () => {
    const at = await install();
    const { tab } = await signIn(at);
    tab.stop();
    await at.restart();
    server.resetStats();
    const reopened = await openTab(at);
    const ready = await waitFor(reopened, (s) => s.matches({ authorized: 'ready' }), {
      timeout: 10_000,
    });
    expect(ready.context.profile?.name).toBe('Dana Demo');
    expect(server.stats.authorize).toBe(0);
    const renewed = await at.service.post('/refresh', {
      accessToken: ready.context.tokens?.accessToken,
      now: Date.now(),
    });
    expect(renewed).toMatchObject({ ok: true });
    reopened.stop();
  });

  it('sign-out revokes at the server with the client’s authentication and forgets the session', async () => {
    const at = await install();
    const { tab } = await signIn(at);
    const before = stored(at);
    server.resetStats();
    tab.send({ type: 'SIGN_OUT' });
    await waitFor(tab, (s) => s.matches('idle'), { timeout: 10_000 });
    // Revocation runs in the background after the view is back at sign-in.
    await vi.waitFor(() => expect(server.stats.revocation).toBe(2), { timeout: 10_000 });
    expect(tab.getSnapshot().context.signOutWarning).toBeNull();
    expect(await at.service.get('/session')).toEqual({ ok: true, tokens: null });
    await expect(thief().refresh({ tokens: before, now: Date.now() })).rejects.toMatchObject({
      oauthError: 'invalid_grant',
    });
    tab.stop();
  });
});

describe('the backend’s logs', () => {
  it('hold none of the codes, states, verifiers, tokens or the secret of every run above', () => {
    // The runs above must have produced the secrets this test looks for.
    expect(wireSecrets.size).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(50);
    const logs = logLines.join('');
    for (const secret of wireSecrets) {
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain(encodeURIComponent(secret));
    }
  });
});
