/**
 * createDesktopAuth, the framework-free object of the package, against a real authorization
 * server (oidc-provider on 127.0.0.1) with the real protocol module, the real stores over an
 * in-memory storage, and Docker Desktop played by the in-memory host: sign-in with an answer
 * handed in by the author's code, the access token for the extension's own API calls (the
 * server's userinfo endpoint plays that API: it checks bearer tokens), one refresh on a 401,
 * sign-out after a second 401, and the options (hooks, storage key prefix, toasts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import {
  type AccessToken,
  createDesktopAuth,
  type DesktopAuth,
  type DesktopAuthOptions,
  type DesktopAuthState,
} from '../../src/auth/desktopAuth';
import {
  createMemoryDesktopHost,
  type MemoryDesktopHost,
} from '../../src/desktop/memoryDesktopHost';
import { memoryKeyValueStorage } from '../../src/desktop/storage';
import { demoProviderConfig } from './support/desktop';
import { headlessLogin } from './support/headlessLogin';

let server: AuthServer;
/**
 * An API of the extension's own: it answers the bearer token it was sent, and 401 to the tokens
 * in `refused` (or to every token with `refuseAll`).
 */
let api: Server;
let apiUrl: string;
const refused = new Set<string>();
let refuseAll = false;
const seen: string[] = [];
const started: DesktopAuth[] = [];

beforeAll(async () => {
  server = await startAuthServer({ port: 0 });
  api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    seen.push(token);
    if (refuseAll || refused.has(token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => api.close(resolve));
});

beforeEach(() => {
  server.resetStats();
  refused.clear();
  refuseAll = false;
  seen.length = 0;
});

afterEach(() => {
  for (const auth of started.splice(0)) auth.stop();
});

function open(
  options: Partial<DesktopAuthOptions> = {},
  host: MemoryDesktopHost = createMemoryDesktopHost(),
) {
  const storage = memoryKeyValueStorage();
  const auth = createDesktopAuth({
    connection: { kind: 'desktop', host },
    provider: () => demoProviderConfig(server),
    storage,
    logger: { warn: () => {} },
    ...options,
  });
  started.push(auth);
  return { auth, host, storage };
}

/** Resolves with the first state `done` accepts. */
function until(auth: DesktopAuth, done: (state: DesktopAuthState) => boolean) {
  return new Promise<DesktopAuthState>((resolve) => {
    if (done(auth.getSnapshot())) return resolve(auth.getSnapshot());
    const stop = auth.subscribe((state) => {
      if (!done(state)) return;
      stop();
      resolve(state);
    });
  });
}

/** Signs in: Sign in, the provider's pages, and the answer handed in by `handleRedirect`. */
async function signIn(auth: DesktopAuth, host: MemoryDesktopHost) {
  auth.signIn();
  await until(auth, (state) => state.status === 'signing-in' && host.openedUrls.length > 0);
  const answer = await headlessLogin(host.openedUrls.at(-1) as string);
  expect(auth.handleRedirect(answer)).toBe(true);
  return until(auth, (state) => state.status === 'signed-in' && state.user !== null);
}

describe('createDesktopAuth', () => {
  it('signs in with an answer handed in by the extension, and tells the hooks', async () => {
    const signedIn: DesktopAuthState[] = [];
    const tokens: AccessToken[] = [];
    const { auth, host } = open({
      onSignIn: (state) => signedIn.push(state),
      onTokens: (token) => tokens.push(token),
    });
    // The statechart's code loads after the first view (signed out): the press of Sign in
    // below is kept for it.
    expect(auth.getSnapshot().status).toBe('connecting');
    expect(auth.setup).toMatchObject({ kind: 'page', firstView: { view: 'signed-out' } });
    const state = await signIn(auth, host);
    expect(state.status === 'signed-in' && state.user?.name).toBe('Dana Demo');
    expect(signedIn).toHaveLength(1);
    expect(tokens).toHaveLength(1);
    expect(Object.keys(tokens[0] as AccessToken)).not.toContain('refreshToken');
    expect(await auth.getAccessToken()).toBe(tokens[0]?.accessToken);
    // Desktop's toast after a sign-in (toasts are on by default).
    expect(host.toasts.map((toast) => toast.level)).toContain('success');
  });

  it('refuses an address that is no answer for this extension', async () => {
    const { auth } = open();
    await until(auth, (state) => state.status === 'signed-out');
    expect(auth.handleRedirect('hello')).toBe(false);
    const other =
      'docker-desktop://dashboard/extension-tab?extensionId=someone/else&code=a&state=b';
    expect(auth.handleRedirect(other)).toBe(false);
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it('fetchWithToken sends the bearer token, and refreshes once when the API refuses it', async () => {
    const tokens: AccessToken[] = [];
    const { auth, host } = open({ onTokens: (token) => tokens.push(token) });
    await signIn(auth, host);
    const old = await auth.getAccessToken();
    const first = await auth.fetchWithToken(apiUrl);
    expect(first.status).toBe(200);
    expect(seen).toEqual([old]);

    // The API refuses the access token: the statechart refreshes at the real server, and the
    // request goes again with the new token.
    refused.add(old);
    const again = await auth.fetchWithToken(apiUrl, { method: 'POST', body: 'sent twice' });
    expect(again.status).toBe(200);
    expect(server.stats.tokenByGrantType.refresh_token).toBe(1);
    const fresh = await auth.getAccessToken();
    expect(fresh).not.toBe(old);
    expect(seen).toEqual([old, old, fresh]);
    expect(tokens.map((token) => token.accessToken)).toEqual([old, fresh]);
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('fetchWithToken signs out when the API refuses the refreshed token too', async () => {
    let signedOut = 0;
    const { auth, host } = open({ onSignOut: () => signedOut++ });
    await signIn(auth, host);
    refuseAll = true;
    const response = await auth.fetchWithToken(apiUrl);
    expect(response.status).toBe(401);
    expect(server.stats.tokenByGrantType.refresh_token).toBe(1);
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(signedOut).toBe(1);
    await expect(auth.getAccessToken()).rejects.toMatchObject({ reason: 'not_signed_in' });
  });

  it('getAccessToken waits while a refresh runs', async () => {
    const { auth, host } = open({ timings: { minRefreshDelayMs: 0 } });
    await signIn(auth, host);
    const old = await auth.getAccessToken();
    server.setTokenEndpointMode('slow', 1_000);
    const setup = auth.setup;
    const gate = setup.kind === 'page' ? setup.gate.getState() : undefined;
    if (gate?.status !== 'ready') throw new Error(`${setup.kind} ${gate?.status}`);
    gate.actor.send({ type: 'REFRESH' });
    expect(gate.actor.getSnapshot().matches({ authorized: 'refreshing' })).toBe(true);
    const token = await auth.getAccessToken();
    expect(token).not.toBe(old);
    expect(token).toBe(gate.actor.getSnapshot().context.tokens?.accessToken);
    server.setTokenEndpointMode('normal');
  });

  it('keeps its records under the storage key prefix, and raises no toast when told not to', async () => {
    const { auth, host, storage } = open({ storageKeyPrefix: 'acme.', toasts: false });
    await signIn(auth, host);
    const keys = [...storage.items.keys()];
    expect(keys).toContain('acme.oauth.session');
    expect(keys.every((key) => key.startsWith('acme.'))).toBe(true);
    expect(host.toasts).toEqual([]);
    auth.signOut();
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(storage.items.has('acme.oauth.session')).toBe(false);
  });

  it('a stored session is signed in at start, in a new tab', async () => {
    const host = createMemoryDesktopHost();
    const storage = memoryKeyValueStorage();
    const first = createDesktopAuth({
      connection: { kind: 'desktop', host },
      provider: () => demoProviderConfig(server),
      storage,
    });
    started.push(first);
    await signIn(first, host);
    first.stop();
    let signedIn = 0;
    const second = createDesktopAuth({
      connection: { kind: 'desktop', host },
      provider: () => demoProviderConfig(server),
      storage,
      onSignIn: () => signedIn++,
    });
    started.push(second);
    // Known to be signed in before the statechart's code has loaded (the first view), then
    // signed in by the statechart, the hook told once.
    expect(second.setup).toMatchObject({
      kind: 'page',
      firstView: { view: 'signed-in', refreshing: false },
    });
    expect(second.getSnapshot().status).toBe('connecting');
    expect(signedIn).toBe(0);
    await until(second, (state) => state.status === 'signed-in');
    expect(signedIn).toBe(1);
  });
});

describe('createDesktopAuth without a provider or Desktop', () => {
  it('says so outside Docker Desktop', () => {
    const auth = createDesktopAuth({ connection: { kind: 'unavailable', reason: 'not here' } });
    expect(auth.getSnapshot()).toEqual({ status: 'unavailable', reason: 'not here' });
  });

  it('names the field of a refused provider setting', async () => {
    const { auth } = open({
      provider: () => demoProviderConfig(server, { clientId: '' }),
    });
    const state = auth.getSnapshot();
    expect(state.status).toBe('invalid-config');
    expect(state.status === 'invalid-config' && state.error.field).toBe('clientId');
    await expect(auth.getAccessToken()).rejects.toMatchObject({ reason: 'not_signed_in' });
  });
});
