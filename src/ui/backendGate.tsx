/**
 * In backend mode the session lives in the extension's backend, so the page reads it before
 * the statechart starts. The gate does that outside React (like the actor itself, authActor.ts,
 * so StrictMode cannot do it twice), and the view follows it: a progress view while connecting,
 * a sentence with a retry when the backend does not answer, then the sign-in.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { type ReactElement, useSyncExternalStore } from 'react';
import { type AuthFailure, toAuthFailure } from '../oauth/errors';
import type { AuthActor } from './authActor';
import { ProgressView } from './views/ProgressView';
import { Actions, ViewLayout } from './views/ViewLayout';

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

/**
 * Starts connecting at once: `hydrate` (the session), then `start` (the actor), once; `say`
 * words a failure (src/ui/texts.ts).
 */
export function openBackendGate(
  hydrate: () => Promise<void>,
  start: () => AuthActor,
  say: (failure: AuthFailure) => string,
): BackendGate {
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
        const failure = toAuthFailure(error);
        const { detail } = failure;
        set({ status: 'unavailable', message: say(failure), ...(detail ? { detail } : {}) });
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

export function BackendGateView({
  gate,
  children,
}: {
  gate: BackendGate;
  children: (actor: AuthActor) => ReactElement;
}) {
  const state = useSyncExternalStore(gate.subscribe, gate.getState);
  if (state.status === 'ready') return children(state.actor);
  return (
    <main style={{ padding: 24 }}>
      {state.status === 'connecting' ? (
        <ProgressView title="Connecting to the extension’s backend…" />
      ) : (
        <BackendUnavailableView
          message={state.message}
          detail={state.detail}
          onRetry={gate.retry}
        />
      )}
    </main>
  );
}

export function BackendUnavailableView({
  message,
  detail,
  onRetry,
}: {
  message: string;
  detail?: string | undefined;
  onRetry(): void;
}) {
  return (
    <ViewLayout title="The extension’s backend is not answering">
      <Alert severity="warning" role="none">
        {message}
      </Alert>
      {detail && (
        <Typography variant="body2" color="text.secondary">
          {detail}
        </Typography>
      )}
      <Actions>
        <Button variant="contained" onClick={onRetry}>
          Try again
        </Button>
      </Actions>
    </ViewLayout>
  );
}
