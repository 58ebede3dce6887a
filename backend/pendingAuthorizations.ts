/**
 * Sign-ins in flight, by `state`: the PKCE verifier and nonce stay here, the page only gets
 * what it shows and compares.
 *
 * Kept in memory on purpose: a verifier lives ten minutes at most, and writing it to disk would
 * put a second secret at rest for a rare case. If the backend restarts in those minutes (Docker
 * Desktop restarting, an extension update), the redirect finds nothing here and the person is
 * told, in a sentence, to sign in again.
 */
import { randomBytes } from 'node:crypto';
import { AuthError } from '../src/oauth/errors';
import type { DeviceAuthorization, PendingAuthorization } from '../src/oauth/types';

/** As the page's own limit (AuthSettings.pendingMaxAgeMs). */
export const PENDING_MAX_AGE_MS = 10 * 60_000;
/** A page cannot start more sign-ins than this at once; the oldest is forgotten first. */
export const MAX_PENDING = 8;

export interface PendingAuthorizations {
  add(pending: PendingAuthorization): void;
  /** The sign-in started with `state`; it stays until taken or expired. */
  find(state: string): PendingAuthorization;
  /** The sign-in started with `state`, removed: a code is exchanged at most once. */
  take(state: string): PendingAuthorization;
  readonly size: number;
}

export function createPendingAuthorizations(
  clock: { now(): number } = Date,
  maxAgeMs = PENDING_MAX_AGE_MS,
): PendingAuthorizations {
  // Map keeps insertion order: the first entry is the oldest.
  const byState = new Map<string, { pending: PendingAuthorization; addedAt: number }>();

  const prune = () => {
    const now = clock.now();
    for (const [state, entry] of byState) {
      if (now - entry.addedAt > maxAgeMs) byState.delete(state);
    }
  };

  const find = (state: string) => {
    prune();
    const entry = byState.get(state);
    if (!entry) {
      throw new AuthError('no_pending_login', 'backend: no pending sign-in for this state', {
        kind: 'unknown-to-backend',
        detail: 'The backend holds no pending sign-in for this state.',
      });
    }
    return entry.pending;
  };

  return {
    add(pending) {
      prune();
      byState.set(pending.state, { pending, addedAt: clock.now() });
      while (byState.size > MAX_PENDING) {
        const oldest = byState.keys().next().value as string;
        byState.delete(oldest);
      }
    },
    find,
    take(state) {
      const pending = find(state);
      byState.delete(state);
      return pending;
    },
    get size() {
      return byState.size;
    },
  };
}

/**
 * Device sign-ins in flight (RFC 8628), by a handle the page polls with: the device code stays
 * here, as a verifier does. Kept in memory for the same reasons; one lives until its code
 * expires, and a backend restart meanwhile asks the person to sign in again.
 */
export interface PendingDevices {
  /** Keeps `device` and answers it for the page: its device code replaced by a handle. */
  add(device: DeviceAuthorization): DeviceAuthorization;
  /** The device sign-in behind `handle`, with the device code. */
  find(handle: string): DeviceAuthorization;
  /** The least interval from now on, after a slow_down. */
  slowDown(handle: string, intervalMs: number): void;
  /** Forgets it: redeemed, declined, expired. */
  drop(handle: string): void;
  readonly size: number;
}

export function createPendingDevices(clock: { now(): number } = Date): PendingDevices {
  const byHandle = new Map<string, DeviceAuthorization>();
  const prune = () => {
    const now = clock.now();
    for (const [handle, device] of byHandle) {
      if (device.expiresAt <= now) byHandle.delete(handle);
    }
  };
  const find = (handle: string) => {
    prune();
    const device = byHandle.get(handle);
    if (!device) {
      throw new AuthError('no_pending_login', 'backend: no device sign-in for this handle', {
        kind: 'unknown-to-backend',
        detail: 'The backend holds no device sign-in for this handle.',
      });
    }
    return device;
  };
  return {
    add(device) {
      prune();
      const handle = randomBytes(24).toString('base64url');
      byHandle.set(handle, device);
      while (byHandle.size > MAX_PENDING) {
        byHandle.delete(byHandle.keys().next().value as string);
      }
      return { ...device, deviceCode: handle };
    },
    find,
    slowDown(handle, intervalMs) {
      const device = byHandle.get(handle);
      if (device) byHandle.set(handle, { ...device, intervalMs });
    },
    drop(handle) {
      byHandle.delete(handle);
    },
    get size() {
      return byHandle.size;
    },
  };
}
