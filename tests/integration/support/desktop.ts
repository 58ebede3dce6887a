/**
 * One Docker Desktop installation for integration tests, without a browser: the extension's
 * storage (the real pending-login and session stores over an in-memory key-value storage), the
 * tab's address, and the statechart with the real protocol module against `server`. Each
 * `openTab` starts a new actor, as Docker Desktop starts the extension's page afresh.
 */
import { expect } from 'vitest';
import { type Actor, createActor, waitFor } from 'xstate';
import type { AuthServer } from '../../../dev/authServer/index';
import { createPendingLoginStore } from '../../../src/desktop/pendingLoginStore';
import { createSessionStore } from '../../../src/desktop/sessionStore';
import { memoryKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import {
  type AuthDependencies,
  type AuthSettings,
  authMachine,
} from '../../../src/machines/authMachine';
import {
  createOAuthClient,
  loadProviderConfig,
  parseRedirectQuery,
} from '../../../src/oauth/index';

export type AuthActor = Actor<typeof authMachine>;

/** The extension's settings for the embedded server, with a refresh token (offline_access). */
export function demoProviderConfig(server: Pick<AuthServer, 'issuer' | 'clientId'>) {
  return loadProviderConfig({
    displayName: 'Demo ID',
    issuer: server.issuer,
    clientId: server.clientId,
    extensionId: 'acme/oauth-extension',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    extraAuthorizationParams: { prompt: 'consent' },
  });
}

export function desktop(server: AuthServer, settings: Partial<AuthSettings> = {}) {
  const storage = memoryKeyValueStorage();
  const { items } = storage;
  const quiet = { warn: () => {} };
  const opened: string[] = [];
  let address = '';
  const config = demoProviderConfig(server);
  const oauth = createOAuthClient(config);
  const deps: AuthDependencies = {
    oauth,
    clock: { now: () => Date.now() },
    pendingStore: createPendingLoginStore(storage, bindingOf(config), quiet),
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
    /** Docker Desktop opens the extension tab, with the redirect's query when there is one. */
    openTab(redirectUrl?: string): AuthActor {
      this.navigate(redirectUrl);
      const actor = createActor(authMachine, { input: { deps, settings } });
      actor.start();
      return actor;
    },
    get address() {
      return address;
    },
  };
}

export type Desktop = ReturnType<typeof desktop>;

/** Presses Sign in in a fresh tab; answers the tab and the authorization URL it opened. */
export async function startLogin(dd: Desktop): Promise<{ tab: AuthActor; url: string }> {
  const tab = dd.openTab();
  tab.send({ type: 'SIGN_IN' });
  await waitFor(tab, (s) => s.matches({ 'awaiting-browser': 'waiting' }));
  const url = dd.opened.at(-1);
  expect(url).toBeDefined();
  return { tab, url: url as string };
}
