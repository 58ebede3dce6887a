/**
 * The one sign-in actor of the page, created and started outside React.
 *
 * Why not `useActorRef` / `useMachine`: under React StrictMode (development), @xstate/react 6
 * stops the actor in the simulated unmount and restarts it from its persisted snapshot in the
 * remount, which starts the current state's invocations again. A page opened by the redirect
 * is in `code-received` from the start, so `validateRedirect` ran twice and the aborted first
 * run's rejection landed in the restarted actor: the sign-in failed in development (checked
 * with @xstate/react 6.1). Created here, the actor is started exactly once whatever React does,
 * and components only subscribe to it (src/ui/authActor.ts, on React's own useSyncExternalStore).
 */
import { type Actor, createActor, type InspectionEvent, type SnapshotFrom } from 'xstate';
import { type AuthDependencies, type AuthSettings, authMachine } from '../machines/authMachine';
import type { SignInFlow } from '../oauth/types';

export type AuthActor = Actor<typeof authMachine>;
export type AuthSnapshot = SnapshotFrom<typeof authMachine>;

/**
 * Starts the statechart. `inspect` is opt-in: a development tool (the visualizer's
 * `devtoolsInspector()`, Stately's inspector) that receives the actor's events; nothing is
 * inspected without it.
 */
export function startAuthActor(
  deps: AuthDependencies,
  settings: Partial<AuthSettings> = {},
  inspect?: (event: InspectionEvent) => void,
  /** How SIGN_IN signs in: the authorization code (default) or the device flow. */
  flow?: SignInFlow,
): AuthActor {
  return createActor(authMachine, {
    input: { deps, settings, flow },
    ...(inspect ? { inspect } : {}),
  }).start();
}
