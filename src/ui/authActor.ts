/**
 * The one sign-in actor of the page, created and started outside React.
 *
 * Why not `useActorRef` / `useMachine`: under React StrictMode (development), @xstate/react 6
 * stops the actor in the simulated unmount and restarts it from its persisted snapshot in the
 * remount, which starts the current state's invocations again. A page opened by the redirect
 * is in `code-received` from the start, so `validateRedirect` ran twice and the aborted first
 * run's rejection landed in the restarted actor: the sign-in failed in development (checked
 * with @xstate/react 6.1). Created here, the actor is started exactly once whatever React does,
 * and components only subscribe to it (`useAuthSnapshot`, on React's own useSyncExternalStore).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { type Actor, createActor, type InspectionEvent, type SnapshotFrom } from 'xstate';
import { devtoolsInspector } from '../desktop/devtools';
import { type AuthDependencies, type AuthSettings, authMachine } from '../machines/authMachine';

export type AuthActor = Actor<typeof authMachine>;
export type AuthSnapshot = SnapshotFrom<typeof authMachine>;

export function startAuthActor(
  deps: AuthDependencies,
  settings: Partial<AuthSettings> = {},
  /** A further inspector (development only: Stately's, which redacts before sending). */
  extraInspect?: (event: InspectionEvent) => void,
): AuthActor {
  // The development visualizer's hook, when one is installed (never in Docker Desktop itself):
  // it receives redacted events only.
  const inspectors = [devtoolsInspector(), extraInspect].filter(
    (each): each is (event: InspectionEvent) => void => each !== undefined,
  );
  const inspect =
    inspectors.length === 0
      ? undefined
      : (event: InspectionEvent) => {
          for (const each of inspectors) each(event);
        };
  return createActor(authMachine, {
    input: { deps, settings },
    ...(inspect ? { inspect } : {}),
  }).start();
}

/**
 * The actor's snapshot, rendered again on every change. An actor that crashed is rethrown, so
 * the view's error boundary shows a sentence instead of a blank tab.
 */
export function useAuthSnapshot(actor: AuthActor): AuthSnapshot {
  const subscribe = useCallback(
    (changed: () => void) => actor.subscribe({ next: changed, error: changed }).unsubscribe,
    [actor],
  );
  const snapshot = useSyncExternalStore(
    subscribe,
    useCallback(() => actor.getSnapshot(), [actor]),
  );
  if (snapshot.status === 'error') throw snapshot.error;
  return snapshot;
}
