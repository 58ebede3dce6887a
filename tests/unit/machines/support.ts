/**
 * Fake dependencies for the statechart: a scripted OAuth client, an in-memory pending-login
 * store, a fake address bar, a manual clock, and recorders for the browser and toasts.
 */
import { vi } from 'vitest';
import { type Actor, createActor, type SnapshotFrom } from 'xstate';
import type { RecordBinding } from '../../../src/desktop/versionedRecord';
import {
  type AuthDependencies,
  type AuthMachineInput,
  type AuthSettings,
  authMachine,
} from '../../../src/machines/authMachine';
import { AuthError, type AuthFailure } from '../../../src/oauth/errors';
import type {
  DeviceAuthorization,
  OAuthClient,
  PendingAuthorization,
  TokenSet,
  UserProfile,
  ValidatedRedirect,
} from '../../../src/oauth/types';

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/** The provider and client the stores' records are bound to, in the store tests. */
export const binding: RecordBinding = {
  issuer: 'https://id.example.test',
  clientId: 'docker-extension',
  redirectUri: 'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
};

export function pendingLogin(overrides: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return {
    state: 'state-123',
    codeVerifier: 'verifier-abc',
    nonce: 'nonce-xyz',
    redirectUri: 'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    startedAt: T0,
    authorizationUrl: 'https://id.example.test/authorize?client_id=c&state=state-123',
    ...overrides,
  };
}

/** A device sign-in as the provider starts it: 10 minutes, a poll every 5 seconds. */
export function deviceAuthorization(
  overrides: Partial<DeviceAuthorization> = {},
): DeviceAuthorization {
  return {
    deviceCode: 'device-code-1',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://id.example.test/device',
    verificationUriComplete: 'https://id.example.test/device?user_code=WDJB-MJHT',
    intervalMs: 5_000,
    startedAt: T0,
    expiresAt: T0 + 10 * 60_000,
    ...overrides,
  };
}

export const tokens: TokenSet = {
  accessToken: 'access-token-1',
  tokenType: 'bearer',
  expiresAt: T0 + 3_600_000,
  refreshToken: 'refresh-token-1',
  scope: 'openid profile email offline_access',
};

export const profile: UserProfile = {
  subject: 'user-1',
  name: 'Dana Demo',
  email: 'dana@example.test',
  claims: { sub: 'user-1', name: 'Dana Demo' },
};

/** The redirect query for a pending login, as Docker Desktop delivers it. */
export function redirectQuery(state = 'state-123', extra = ''): string {
  return `?extensionId=acme%2Foauth-extension&code=code-1&state=${state}${extra}`;
}

/**
 * A fake OAuth client whose default answers succeed; validateRedirect checks `state` like the
 * real one. Every method is a vi.fn so tests can count calls and script answers.
 */
export function fakeOAuth(): {
  [K in keyof OAuthClient]: ReturnType<typeof vi.fn> & OAuthClient[K];
} {
  let serial = 0;
  return {
    prepareAuthorization: vi.fn(async ({ now }: { now: number }) => {
      serial += 1;
      return pendingLogin({
        state: `state-${serial}`,
        codeVerifier: `verifier-${serial}`,
        startedAt: now,
        authorizationUrl: `https://id.example.test/authorize?state=state-${serial}`,
      });
    }),
    validateRedirect: vi.fn(
      async ({ search, pending }: { search: string; pending: PendingAuthorization }) => {
        const params = new URLSearchParams(search);
        if (params.get('state') !== pending.state) {
          throw new AuthError('state_mismatch', 'redirect: state mismatch');
        }
        if (params.get('error') === 'access_denied') {
          throw new AuthError('access_denied', 'redirect: error access_denied', {
            oauthError: 'access_denied',
          });
        }
        return { params: search.replace(/^\?/, '') } satisfies ValidatedRedirect;
      },
    ),
    exchangeCode: vi.fn(async () => tokens),
    refresh: vi.fn(async () => tokens),
    fetchUserProfile: vi.fn(async () => profile),
    revoke: vi.fn(async () => true),
    startDeviceAuthorization: vi.fn(async ({ now }: { now: number }) => {
      serial += 1;
      return deviceAuthorization({
        deviceCode: `device-code-${serial}`,
        startedAt: now,
        expiresAt: now + 10 * 60_000,
      });
    }),
    // The person has not entered the code yet.
    pollDeviceToken: vi.fn(async () => ({ status: 'pending' })),
  } as never;
}

export type Toast =
  | { kind: 'signed-in'; name: string | undefined }
  | { kind: 'signed-out' }
  | { kind: 'failed'; failure: AuthFailure };

export interface FakeEnvironment {
  deps: AuthDependencies;
  oauth: ReturnType<typeof fakeOAuth>;
  store: { value: PendingAuthorization | null };
  deviceStore: { value: DeviceAuthorization | null; writes: number };
  session: { value: TokenSet | null; writes: number };
  address: { search: string };
  opened: string[];
  /** What the statechart announced (the toasts' texts are the views', tests/unit/ui). */
  toasts: Toast[];
  clock: { time: number; now(): number };
}

export function fakeEnvironment(
  options: {
    search?: string;
    pending?: PendingAuthorization | null;
    session?: TokenSet;
    device?: DeviceAuthorization;
  } = {},
): FakeEnvironment {
  const oauth = fakeOAuth();
  const store = { value: options.pending ?? null };
  const deviceStore = { value: options.device ?? null, writes: 0 };
  const session = { value: options.session ?? null, writes: 0 };
  const address = { search: options.search ?? '' };
  const opened: string[] = [];
  const toasts: FakeEnvironment['toasts'] = [];
  // Manual (`clock.time = ...`), and under fake timers it also moves with them.
  const origin = Date.now();
  const clock = {
    time: T0,
    now() {
      return this.time + (vi.isFakeTimers() ? Date.now() - origin : 0);
    },
  };
  const deps: AuthDependencies = {
    oauth,
    clock,
    pendingStore: {
      load: () => store.value,
      save: (pending) => {
        store.value = pending;
      },
      clear: () => {
        store.value = null;
      },
    },
    deviceStore: {
      load: () => deviceStore.value,
      save: (device) => {
        deviceStore.value = device;
        deviceStore.writes += 1;
      },
      clear: () => {
        deviceStore.value = null;
      },
    },
    sessionStore: {
      load: () => session.value,
      save: (tokens) => {
        session.value = tokens;
        session.writes += 1;
      },
      clear: () => {
        session.value = null;
      },
    },
    location: {
      read: () => {
        const params = new URLSearchParams(address.search);
        return params.has('code') || params.has('error') ? address.search : null;
      },
      clear: () => {
        address.search = '';
      },
      parse: (address) => {
        const pasted = address.trim();
        const query = pasted.includes('?') ? pasted.slice(pasted.indexOf('?')) : pasted;
        const params = new URLSearchParams(query);
        return params.has('code') || params.has('error') ? query : null;
      },
    },
    openBrowser: (url) => {
      opened.push(url);
    },
    notifier: {
      signedIn: (profile) => toasts.push({ kind: 'signed-in', name: profile?.name }),
      signedOut: () => toasts.push({ kind: 'signed-out' }),
      failed: (failure) => toasts.push({ kind: 'failed', failure }),
    },
  };
  return { deps, oauth, store, deviceStore, session, address, opened, toasts, clock };
}

export type AuthActor = Actor<typeof authMachine>;
export type AuthSnapshot = SnapshotFrom<typeof authMachine>;

export function startAuth(
  env: FakeEnvironment,
  settings: Partial<AuthSettings> = {},
  machine = authMachine,
  flow: AuthMachineInput['flow'] = 'code',
): AuthActor {
  const input: AuthMachineInput = { deps: env.deps, settings, flow };
  const actor = createActor(machine, { input });
  actor.start();
  return actor;
}

/** Lets promise actors settle. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

/** A promise with its resolve/reject, for answers a test releases by hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
