/** What the panel reads from the inspector's records: where the machine is, how it got there. */
import type { StateValue } from 'xstate';
import type { DevtoolsRecord, DevtoolsTransition } from '../../src/desktop/devtools';

/** The state value of the latest snapshot. */
export function currentValue(records: readonly DevtoolsRecord[]): StateValue | undefined {
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const record = records[i];
    if (record?.kind === 'snapshot' && record.value !== undefined) return record.value;
  }
  return undefined;
}

/**
 * The transitions of the last macrostep that took any: the microsteps between two settled
 * snapshots (an ignored event leaves the previous ones highlighted).
 */
export function lastTransitions(records: readonly DevtoolsRecord[]): DevtoolsTransition[] {
  let taken: DevtoolsTransition[] = [];
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const record = records[i];
    if (record?.kind !== 'snapshot') continue;
    if (record.transitions !== undefined) taken = [...record.transitions, ...taken];
    else if (taken.length > 0) break; // the settled snapshot before that macrostep
  }
  return taken;
}

export function eventRecords(records: readonly DevtoolsRecord[]): DevtoolsRecord[] {
  return records.filter((record) => record.kind === 'event');
}

/** HH:MM:SS.mmm, local time. */
export function formatTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** 'idle', 'authorized.ready'; parallel regions joined with ', '. */
export function formatStateValue(value: StateValue | undefined): string {
  if (value === undefined) return '(not started)';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, sub]) => {
      if (sub === undefined) return key;
      const inner = formatStateValue(sub);
      return inner.includes(', ') ? `${key}.(${inner})` : `${key}.${inner}`;
    })
    .join(', ');
}
