/**
 * The statechart starts once what it needs is here, outside any framework (like the actor
 * itself, so React's StrictMode cannot do it twice): in page mode the sign-in layer (XState, the
 * statechart, the protocol client: src/auth/signInLayer.ts), loaded after the first view; in
 * backend mode that and the session, read from the extension's backend. src/ui/startGate.tsx
 * shows it: the first view (page) or a progress view (backend) meanwhile, a sentence with a
 * retry when it failed, then the sign-in.
 *
 * What the person does meanwhile is not lost: events sent before the actor exists are kept, in
 * order, and delivered when it starts (dropped if starting fails: the failure is shown instead).
 */
import type { AuthEvent } from '../machines/authMachine';
import { type AuthFailure, toAuthFailure } from '../oauth/errors';
import type { AuthActor } from './actor';

export type StartGateState =
  | { status: 'connecting' }
  /** The failure as data: the view words it (src/ui/texts.ts). */
  | { status: 'unavailable'; failure: AuthFailure }
  | { status: 'ready'; actor: AuthActor };

export interface StartGate {
  getState(): StartGateState;
  subscribe(listener: () => void): () => void;
  /** Prepares again (after "Try again"); ignored unless the last attempt failed. */
  retry(): void;
  /** Sends `event` to the actor, or keeps it until the actor has started. */
  send(event: AuthEvent): void;
  /** Stops the actor, or, when it has not started yet, makes sure it never does. */
  stop(): void;
}

/**
 * Starts preparing at once (`prepare`: load, read), then starts the actor with what it
 * prepared (`start`), once. `prepare` runs again on `retry()` after a failure.
 */
export function openStartGate<T>(
  prepare: () => Promise<T>,
  start: (prepared: T) => AuthActor,
): StartGate {
  let state: StartGateState = { status: 'connecting' };
  let waiting: AuthEvent[] = [];
  let stopped = false;
  const listeners = new Set<() => void>();
  const set = (next: StartGateState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const connect = () => {
    set({ status: 'connecting' });
    prepare()
      .then((prepared) => {
        if (stopped) return;
        const actor = start(prepared);
        set({ status: 'ready', actor });
        const events = waiting;
        waiting = [];
        for (const event of events) actor.send(event);
      })
      .catch((error: unknown) => {
        waiting = [];
        if (stopped) return;
        set({ status: 'unavailable', failure: toAuthFailure(error) });
      });
  };
  connect();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retry() {
      if (state.status === 'unavailable' && !stopped) connect();
    },
    send(event) {
      if (stopped) return;
      if (state.status === 'ready') state.actor.send(event);
      else if (state.status === 'connecting') waiting.push(event);
    },
    stop() {
      stopped = true;
      waiting = [];
      listeners.clear();
      if (state.status === 'ready') state.actor.stop();
    },
  };
}
