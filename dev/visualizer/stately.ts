/**
 * __DEV_ONLY__ Stately's inspector (stately.ai, needs the internet) for `npm run dev`, behind
 * `VITE_STATELY_INSPECT=true`, with the same redaction as the offline panel: every event and
 * snapshot goes through `redact` before it leaves the page, so codes, verifiers, `state`
 * values and tokens never reach the inspector.
 */
import { createBrowserInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { redact } from '../../src/desktop/devtools';

/** An inspection event as it may leave the page: its event and snapshot redacted. */
export function redactStatelyEvent(event: StatelyInspectionEvent): StatelyInspectionEvent {
  const safe = { ...event } as Record<string, unknown>;
  if ('event' in event) safe.event = redact(event.event);
  if ('snapshot' in event) safe.snapshot = redact(event.snapshot);
  return safe as unknown as StatelyInspectionEvent;
}

export const statelyOptions = { serialize: redactStatelyEvent } as const;

/** Opens Stately's inspector in a new window; answers the actor's `inspect` callback. */
export function createStatelyInspect(): (event: InspectionEvent) => void {
  const inspector = createBrowserInspector(statelyOptions);
  return (event) => inspector.inspect.next?.(event);
}
