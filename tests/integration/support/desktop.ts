/**
 * One Docker Desktop installation for integration tests, without a browser: the extension's
 * storage (the real pending-login and session stores over an in-memory key-value storage), the
 * tab's address, and the statechart with the real protocol module against `server`. Each
 * `openTab` starts a new actor, as Docker Desktop starts the extension's page afresh.
 */
import { expect } from 'vitest';
import { type Actor, createActor, waitFor } from 'xstate';
import type { AuthServer } from '../../../dev/authServer/index';
import { createPendingDeviceStore } from '../../../src/desktop/pendingDeviceStore';
import { createPendingLoginStore } from '../../../src/desktop/pendingLoginStore';
import { createSessionStore } from '../../../src/desktop/sessionStore';
import { memoryKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import {
  type AuthDependencies,
  type AuthSettings,
  authMachine,
} from '../../../src/machines/authMachine';
import { createOAuthClient, parseRedirectQuery } from '../../../src/oauth/index';
import type { DeviceAuthorization, OAuthClient, ProviderConfig } from '../../../src/oauth/types';
import { loadProviderSettings } from '../../../src/providerMode';

export type AuthActor = Actor<typeof authMachine>;

/**
 * The extension's settings for the embedded server, with a refresh token (offline_access), and
 * any provider settings over them (e.g. `{ flow: 'device' }`).
 */
export function demoProviderConfig(
  server: Pick<AuthServer, 'issuer' | 'clientId'>,
  provider: Record<string, unknown> = {},
) {
  return loadProviderSettings({
    displayName: 'Demo ID',
    issuer: server.issuer,
    clientId: server.clientId,
    extensionId: 'acme/oauth-extension',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    extraAuthorizationParams: { prompt: 'consent' },
    ...provider,
  });
}

export interface DesktopOptions {
  /** Provider settings over the demo server's (e.g. `{ flow: 'device' }`). */
  provider?: Record<string, unknown>;
  /** The protocol client for this configuration (e.g. through a backend); the page's own by default. */
  client?: (config: ProviderConfig) => OAuthClient;
}

export function desktop(
  server: Pick<AuthServer, 'issuer' | 'clientId'>,
  settings: Partial<AuthSettings> = {},
  options: DesktopOptions = {},
) {
  const storage = memoryKeyValueStorage();
  const { items } = storage;
  const quiet = { warn: () => {} };
  const opened: string[] = [];
  let address = '';
  const config = demoProviderConfig(server, options.provider);
  const oauth = options.client?.(config) ?? createOAuthClient(config);
  const deps: AuthDependencies = {
    oauth,
    clock: { now: () => Date.now() },
    pendingStore: createPendingLoginStore(storage, bindingOf(config), quiet),
    deviceStore: createPendingDeviceStore(storage, bindingOf(config), quiet),
    sessionStore: createSessionStore(storage, bindingOf(config), quiet),
    location: {
      read: () => (parseRedirectQuery(address).kind === 'none' ? null : address),
      clear: () => {
        address = '';
      },
      parse: (pasted) => (parseRedirectQuery(pasted).kind === 'none' ? null : pasted),
    },
    openBrowser: (url) => opened.push(url),
  };
  return {
    items,
    oauth,
    opened,
    deps,
    /** The tab's address: the redirect's query, or none. */
    navigate(redirectUrl?: string): void {
      address = redirectUrl ? new URL(redirectUrl).search : '';
    },
    /**
     * Docker Desktop opens the extension tab, with the redirect's query when there is one: a
     * page loaded afresh, so with a protocol client of its own (nothing cached in memory).
     */
    openTab(redirectUrl?: string): AuthActor {
      this.navigate(redirectUrl);
      const page = { ...deps, oauth: options.client?.(config) ?? createOAuthClient(config) };
      const actor = createActor(authMachine, {
        input: { deps: page, settings, flow: config.flow },
      });
      actor.start();
      return actor;
    },
    get address() {
      return address;
    },
  };
}

export type Desktop = ReturnType<typeof desktop>;

/**
 * Presses Sign in in a fresh tab of an extension configured for the device flow; answers the
 * tab and the device sign-in it shows (the code, the verification page).
 */
export async function startDeviceLogin(dd: Desktop) {
  const tab = dd.openTab();
  const device = await pressDeviceSignIn(tab);
  expect(dd.opened.at(-1)).toBe(device.verificationUriComplete ?? device.verificationUri);
  return { tab, device };
}

/** Presses Sign in in `tab` (configured for the device flow); answers the code it shows. */
export async function pressDeviceSignIn(tab: AuthActor): Promise<DeviceAuthorization> {
  tab.send({ type: 'SIGN_IN' });
  const showing = await waitFor(tab, (s) => s.matches({ 'awaiting-browser': 'showingUserCode' }), {
    timeout: 10_000,
  });
  const device = showing.context.device;
  if (!device) throw new Error('No device sign-in in the context');
  return device;
}

/** Presses Sign in in a fresh tab; answers the tab and the authorization URL it opened. */
export async function startLogin(dd: Desktop): Promise<{ tab: AuthActor; url: string }> {
  const tab = dd.openTab();
  tab.send({ type: 'SIGN_IN' });
  await waitFor(tab, (s) => s.matches({ 'awaiting-browser': 'waiting' }));
  const url = dd.opened.at(-1);
  expect(url).toBeDefined();
  return { tab, url: url as string };
}
