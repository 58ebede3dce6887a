/**
 * Holds what the inspector hands to `window.__AUTH_DEVTOOLS__`, for the panel to subscribe to
 * (`useSyncExternalStore`). Listeners hear of a burst of records once, after it: an actor's
 * macrostep makes several records, synchronously, in the middle of the app's own work.
 */
import type { DevtoolsRecord } from '../../src/desktop/devtools';

export interface RecordStore {
  push(record: DevtoolsRecord): void;
  getSnapshot(): readonly DevtoolsRecord[];
  subscribe(listener: () => void): () => void;
}

/** Keeps the latest `limit` records. */
export function createRecordStore(limit = 2000): RecordStore {
  let records: readonly DevtoolsRecord[] = [];
  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = () => {
    scheduled = false;
    for (const listener of [...listeners]) listener();
  };
  return {
    push(record) {
      const next = [...records, record];
      records = next.length > limit ? next.slice(next.length - limit) : next;
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(notify);
      }
    },
    getSnapshot: () => records,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
