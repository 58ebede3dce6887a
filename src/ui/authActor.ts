/**
 * React's view of the sign-in actor (started outside React, src/auth/actor.ts): components
 * subscribe to it on React's own useSyncExternalStore.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { AuthActor, AuthSnapshot } from '../auth/actor';

export type { AuthActor, AuthSnapshot } from '../auth/actor';

/**
 * The actor's snapshot, rendered again on every change. An actor that crashed is rethrown, so
 * the view's error boundary shows a sentence instead of a blank tab.
 */
export function useAuthSnapshot(actor: AuthActor): AuthSnapshot {
  return useSnapshotOf(actor) as AuthSnapshot;
}

/** `useAuthSnapshot`, or undefined while there is no actor yet (its code is loading). */
export function useSnapshotOf(actor: AuthActor | undefined): AuthSnapshot | undefined {
  const subscribe = useCallback(
    (changed: () => void) =>
      actor ? actor.subscribe({ next: changed, error: changed }).unsubscribe : () => {},
    [actor],
  );
  const snapshot = useSyncExternalStore(
    subscribe,
    useCallback(() => actor?.getSnapshot(), [actor]),
  );
  if (snapshot?.status === 'error') throw snapshot.error;
  return snapshot;
}
