/**
 * The statechart's effects, built from the Docker Desktop host: the browser, the address, the
 * toasts, the pending sign-in and the session (both in the extension's storage), the clock and
 * the protocol client.
 */
import type { DesktopHost } from '../desktop/desktopClient';
import { createPendingDeviceStore } from '../desktop/pendingDeviceStore';
import { createPendingLoginStore } from '../desktop/pendingLoginStore';
import { createSessionStore } from '../desktop/sessionStore';
import type { KeyValueStorage } from '../desktop/storage';
import type { RecordBinding, StoreLogger } from '../desktop/versionedRecord';
import type { AuthDependencies, SessionStore } from '../machines/authMachine';
import { parseRedirectQuery, redirectSearchParams } from '../oauth/redirect';
import type { OAuthClient } from '../oauth/types';
import { defaultTexts, type SignInTexts, textFor } from '../ui/texts';

export interface AuthDependencyOptions {
  host: DesktopHost;
  oauth: OAuthClient;
  storage: KeyValueStorage;
  /** A redirect naming another extension is not ours and is left alone. */
  extensionId: string;
  /** The provider and client the stored records are bound to (see versionedRecord.ts). */
  binding: RecordBinding;
  clock?: { now(): number };
  logger?: StoreLogger;
  /** Where the session is kept; the extension's storage by default (the backend's in backend mode). */
  sessionStore?: SessionStore;
  /** The provider's display name, for the toasts' texts. */
  providerName: string;
  /** What the toasts say (src/ui/texts.ts). */
  texts?: SignInTexts;
  /** Whether the statechart raises Desktop toasts (signed in, signed out, failures); default true. */
  toasts?: boolean;
}

/** Every dependency but the protocol client: Docker Desktop and the stores. */
export type DesktopAdapters = Omit<AuthDependencies, 'oauth'>;

export function createAuthDependencies(options: AuthDependencyOptions): AuthDependencies {
  return { oauth: options.oauth, ...createDesktopAdapters(options) };
}

/**
 * The statechart's dependencies on Docker Desktop and the extension's storage, without the
 * protocol client: what the page reads before the statechart is loaded (its first view).
 */
export function createDesktopAdapters({
  host,
  storage,
  extensionId,
  binding,
  clock = { now: () => Date.now() },
  logger,
  sessionStore = createSessionStore(storage, binding, logger),
  providerName,
  texts = defaultTexts,
  toasts = true,
}: Omit<AuthDependencyOptions, 'oauth'>): DesktopAdapters {
  const { toast } = host;
  const answer = (address: string) =>
    parseRedirectQuery(address, { extensionId }).kind === 'none' ? null : address;
  return {
    clock,
    openBrowser: (url) => host.openExternal(url),
    location: {
      read: () => answer(host.readLocationSearch()),
      clear: () => host.clearLocationQuery(),
      parse(address) {
        const text = address.trim();
        return answer(text) && `?${redirectSearchParams(text)}`;
      },
    },
    pendingStore: createPendingLoginStore(storage, binding, logger),
    deviceStore: createPendingDeviceStore(storage, binding, logger),
    sessionStore,
    // The statechart announces what happened; the toasts say it in the texts' words.
    ...(toasts
      ? {
          notifier: {
            signedIn: (profile) => toast.success(texts.signedIn(profile?.name ?? profile?.email)),
            signedOut: () => toast.success(texts.signedOut),
            failed: (failure) => toast.error(textFor(failure, providerName, texts)),
          },
        }
      : {}),
  };
}
