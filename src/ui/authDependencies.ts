/**
 * The statechart's effects, built from the Docker Desktop host: the browser, the address, the
 * toasts, the pending sign-in and the session (both in the extension's storage), the clock and
 * the protocol client.
 */
import type { DesktopHost } from '../desktop/desktopClient';
import { createPendingLoginStore } from '../desktop/pendingLoginStore';
import { createSessionStore } from '../desktop/sessionStore';
import type { KeyValueStorage } from '../desktop/storage';
import type { StoreLogger } from '../desktop/versionedRecord';
import type { AuthDependencies, SessionStore } from '../machines/authMachine';
import { parseRedirectQuery } from '../oauth/redirect';
import type { OAuthClient } from '../oauth/types';

export interface AuthDependencyOptions {
  host: DesktopHost;
  oauth: OAuthClient;
  storage: KeyValueStorage;
  /** A redirect naming another extension is not ours and is left alone. */
  extensionId: string;
  clock?: { now(): number };
  logger?: StoreLogger;
  /** Where the session is kept; the extension's storage by default (the backend's in backend mode). */
  sessionStore?: SessionStore;
}

export function createAuthDependencies({
  host,
  oauth,
  storage,
  extensionId,
  clock = { now: () => Date.now() },
  logger,
  sessionStore = createSessionStore(storage, logger),
}: AuthDependencyOptions): AuthDependencies {
  return {
    oauth,
    clock,
    openBrowser: (url) => host.openExternal(url),
    location: {
      read() {
        const search = host.readLocationSearch();
        return parseRedirectQuery(search, { extensionId }).kind === 'none' ? null : search;
      },
      clear: () => host.clearLocationQuery(),
    },
    pendingStore: createPendingLoginStore(storage, logger),
    sessionStore,
    notifier: host.toast,
  };
}
