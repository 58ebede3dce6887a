/**
 * In backend mode the session lives in the extension's backend, so the page reads it before
 * the statechart starts. The gate does that outside any framework (like the actor itself, so
 * React's StrictMode cannot do it twice); src/ui/backendGate.tsx shows it: a progress view while
 * connecting, a sentence with a retry when the backend does not answer, then the sign-in.
 */
import { type AuthFailure, toAuthFailure } from '../oauth/errors';
import type { AuthActor } from './actor';

export type BackendGateState =
  | { status: 'connecting' }
  /** The failure as data: the view words it (src/ui/texts.ts). */
  | { status: 'unavailable'; failure: AuthFailure }
  | { status: 'ready'; actor: AuthActor };

export interface BackendGate {
  getState(): BackendGateState;
  subscribe(listener: () => void): () => void;
  /** Reads the session again (after "Try again"); ignored unless the last attempt failed. */
  retry(): void;
}

/** Starts connecting at once: `hydrate` (the session), then `start` (the actor), once. */
export function openBackendGate(hydrate: () => Promise<void>, start: () => AuthActor): BackendGate {
  let state: BackendGateState = { status: 'connecting' };
  const listeners = new Set<() => void>();
  const set = (next: BackendGateState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const connect = () => {
    set({ status: 'connecting' });
    hydrate().then(
      () => set({ status: 'ready', actor: start() }),
      (error: unknown) => set({ status: 'unavailable', failure: toAuthFailure(error) }),
    );
  };
  connect();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retry() {
      if (state.status === 'unavailable') connect();
    },
  };
}
