/**
 * In backend mode the session lives in the extension's backend, so the page reads it before
 * the statechart starts. The gate does that outside any framework (like the actor itself, so
 * React's StrictMode cannot do it twice); src/ui/backendGate.tsx shows it: a progress view while
 * connecting, a sentence with a retry when the backend does not answer, then the sign-in.
 */
import { toAuthFailure } from '../oauth/errors';
import type { AuthActor } from './actor';

export type BackendGateState =
  | { status: 'connecting' }
  | { status: 'unavailable'; message: string; detail?: string }
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
      (error: unknown) => {
        const { message, detail } = toAuthFailure(error);
        set({ status: 'unavailable', message, ...(detail ? { detail } : {}) });
      },
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
