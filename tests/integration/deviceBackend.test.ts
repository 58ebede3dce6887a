/**
 * The device flow through the extension's backend: the backend on a real unix socket, the
 * page's statechart reaching it through a vm.service over that socket, against oidc-provider's
 * `features.deviceFlow` (no CORS for the page) and against the emulated GitHub configured by the
 * GitHub preset. The device code and the refresh token stay in the backend.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { Backend } from '../../backend/app';
import { startBackend } from '../../backend/server';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import { type GitHubEmulator, startGitHubEmulator } from '../../dev/github/index';
import { gitHubConfig } from '../../dev/standin/demo';
import {
  createBackendOAuthClient,
  createBackendSessionStore,
} from '../../src/desktop/backendClient';
import { PENDING_DEVICE_KEY } from '../../src/desktop/pendingDeviceStore';
import { authMachine } from '../../src/machines/authMachine';
import { loadProviderSettings, type ProviderSettingsConfig } from '../../src/providerMode';
import { temporaryFolder } from '../unit/backend/support';
import { demoProviderConfig, desktop, pressDeviceSignIn } from './support/desktop';
import { headlessDeviceAuthorization } from './support/headlessLogin';
import { socketService } from './support/socketService';

let server: AuthServer;
let github: GitHubEmulator;
const running: Backend[] = [];

beforeAll(async () => {
  [server, github] = await Promise.all([
    startAuthServer({ corsOrigins: 'none' }),
    startGitHubEmulator({ intervalSeconds: 1 }),
  ]);
});

afterAll(async () => {
  await Promise.all([server.close(), github.close()]);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((backend) => backend.close()));
});

/** Docker Desktop with the extension installed for `provider`, the backend on its socket. */
async function install(provider: ProviderSettingsConfig) {
  const folder = temporaryFolder();
  const socketPath = join(folder, 'backend.sock');
  const sessionFile = join(folder, 'session.json');
  const backend = await startBackend({
    provider,
    socketPath,
    sessionFile,
    log: { level: 'silent' },
  });
  running.push(backend);
  const service = socketService(socketPath);
  const dd = desktop(
    { issuer: provider.issuer, clientId: provider.clientId },
    {},
    {
      provider: { ...provider },
    },
  );
  const openTab = async () => {
    const sessionStore = createBackendSessionStore(service, { warn: () => {} });
    await sessionStore.hydrate();
    const deps = { ...dd.deps, oauth: createBackendOAuthClient(service), sessionStore };
    const actor = createActor(authMachine, { input: { deps, flow: provider.flow } });
    actor.start();
    return actor;
  };
  return { dd, sessionFile, openTab };
}

describe('the device flow through the backend', () => {
  it('against oidc-provider: the code shown, tokens in the backend, none of it in the page', async () => {
    const provider = demoProviderConfig(server, { mode: 'backend', flow: 'device' });
    const at = await install(provider);
    const tab = await at.openTab();
    try {
      const device = await pressDeviceSignIn(tab);
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      const done = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), {
        timeout: 20_000,
      });
      expect(done.context.profile?.name).toBe('Dana Demo');
      expect(done.context.tokens?.refreshable).toBe(true);
      expect(done.context.tokens).not.toHaveProperty('refreshToken');

      const stored = JSON.parse(readFileSync(at.sessionFile, 'utf8')).tokens;
      expect(stored.refreshToken).toBeTruthy();
      // The page kept the handle only; the device code never reached it.
      const pageStorage = JSON.stringify([...at.dd.items]);
      expect(pageStorage).not.toContain(stored.refreshToken);
      expect(at.dd.items.has(PENDING_DEVICE_KEY)).toBe(false);
    } finally {
      tab.stop();
    }
  });

  it('against the emulated GitHub (the preset): the GitHub profile, the device code kept back', async () => {
    const provider = loadProviderSettings(gitHubConfig(github));
    expect(provider).toMatchObject({ mode: 'backend', flow: 'device', preset: 'github' });
    const at = await install(provider);
    const tab = await at.openTab();
    try {
      const device = await pressDeviceSignIn(tab);
      // What the page holds is a handle, not GitHub's 40-character device code.
      expect(device.deviceCode).not.toMatch(/^[0-9a-f]{40}$/);
      expect(at.dd.items.get(PENDING_DEVICE_KEY)).toContain(device.deviceCode);
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      const done = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), {
        timeout: 15_000,
      });
      expect(done.context.profile).toMatchObject({
        name: 'Dana Demo',
        username: 'demo',
        email: 'dana@example.test',
      });
      expect(github.stats.tooEarly).toBe(0);
      tab.send({ type: 'SIGN_OUT' });
      const warned = await waitFor(tab, (s) => s.context.signOutWarning !== null);
      expect(warned.context.signOutWarning?.reason).toBe('revocation_unsupported');
    } finally {
      tab.stop();
    }
  });
});
