/**
 * The statechart's hook for development tools. It ships in production but stays inert unless a
 * development tool (dev/visualizer, loaded by `npm run dev` or injected by the local stand-in)
 * installed `window.__AUTH_DEVTOOLS__` before the actor was created.
 *
 * What crosses the hook is small and redacted: event types, state values, the transitions
 * taken, and event payloads passed through `redact`. Never a snapshot's context (it holds the
 * tokens and the dependencies) and never a raw event (a redirect carries the code).
 */
import type { AnyTransitionDefinition, InspectionEvent, StateValue } from 'xstate';

export interface DevtoolsTransition {
  /** State node ids, e.g. 'auth.awaiting-browser.waiting'. */
  source: string;
  target: string[];
  /** '' for an `always` transition. */
  eventType: string;
  /** Position among the source's transitions for this event (guarded alternatives), or -1. */
  index: number;
}

export interface DevtoolsRecord {
  /** Date.now() when the inspector saw it. */
  at: number;
  /** 'event': the machine received an event; 'snapshot': it moved (microstep) or settled. */
  kind: 'event' | 'snapshot';
  eventType?: string;
  /** The event without its type, redacted; absent when nothing is left. */
  payload?: unknown;
  value?: StateValue;
  /** Present on a microstep: the transitions it took. */
  transitions?: DevtoolsTransition[];
}

export type DevtoolsHook = (record: DevtoolsRecord) => void;

declare global {
  interface Window {
    /** Installed by dev/visualizer/install.ts; absent in the extension as users run it. */
    __AUTH_DEVTOOLS__?: DevtoolsHook;
  }
}

/**
 * The `inspect` option for `createActor(authMachine, { inspect })` when a development tool is
 * listening, else undefined (no inspection at all).
 */
export function devtoolsInspector(
  win: Pick<Window, '__AUTH_DEVTOOLS__'> | undefined = globalThis.window,
): ((event: InspectionEvent) => void) | undefined {
  const hook = win?.__AUTH_DEVTOOLS__;
  if (typeof hook !== 'function') return undefined;
  return (event) => {
    if (event.actorRef.sessionId !== event.rootId) return; // invoked actors: not drawn
    const record = toRecord(event);
    if (record === null) return;
    try {
      hook(record);
    } catch {
      // A broken development tool must never break the sign-in.
    }
  };
}

/** One inspector calling each given one (undefined ones left out), or undefined when none is. */
export function combineInspectors(
  ...inspectors: (((event: InspectionEvent) => void) | undefined)[]
): ((event: InspectionEvent) => void) | undefined {
  const each = inspectors.filter(
    (one): one is (event: InspectionEvent) => void => one !== undefined,
  );
  if (each.length < 2) return each[0];
  return (event) => {
    for (const inspect of each) inspect(event);
  };
}

function toRecord(event: InspectionEvent): DevtoolsRecord | null {
  const at = Date.now();
  switch (event.type) {
    case '@xstate.event': {
      const { type, ...rest } = event.event;
      // xstate.init carries the input: the dependencies, nothing worth showing.
      const payload = type === 'xstate.init' ? undefined : redact(rest);
      const hasPayload = payload !== null && typeof payload === 'object' && hasKeys(payload);
      return { at, kind: 'event', eventType: type, ...(hasPayload ? { payload } : {}) };
    }
    case '@xstate.microstep':
      if (event._transitions.length === 0) return null;
      return {
        at,
        kind: 'snapshot',
        eventType: event.event.type,
        value: stateValueOf(event.snapshot),
        transitions: event._transitions.map(describeTransition),
      };
    case '@xstate.snapshot':
      return {
        at,
        kind: 'snapshot',
        eventType: event.event.type,
        value: stateValueOf(event.snapshot),
      };
    default:
      return null;
  }
}

function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

/** A copy of the snapshot's `value`: state keys only, never its context. */
function stateValueOf(snapshot: unknown): StateValue | undefined {
  const value = (snapshot as { value?: unknown }).value;
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as StateValue);
}

function describeTransition(t: AnyTransitionDefinition): DevtoolsTransition {
  const alternatives = t.source.always?.includes(t)
    ? t.source.always
    : t.source.transitions.get(t.eventType);
  return {
    source: t.source.id,
    target: (t.target ?? []).map((node) => node.id),
    eventType: t.eventType,
    index: alternatives?.indexOf(t) ?? -1,
  };
}

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;
const MAX_ITEMS = 100;
/** Key names whose strings are secret, whatever they hold (case-insensitive substrings). */
const SECRET_KEY =
  /token|secret|verifier|code|state|nonce|password|search|params|address|authorization|redirect|cookie|credential|apikey|assertion/i;
/** Keys kept as they are (their values still go through SECRET_VALUE). */
const PLAIN_KEYS = new Set(['type', 'reason', 'message']);
/**
 * Strings that look like protocol data wherever they are: a query with a code or state, token
 * parameter names, a JWT (eyJ… header, or three long base64url parts), a long base64url run.
 */
const SECRET_VALUE =
  /code=|state=|access_token|refresh_token|id_token|eyJ[\w-]*\.[\w-]+\.|[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}|[\w-]{41,}/i;

/**
 * A deep copy of plain data with every secret replaced by '[redacted]': all strings under a
 * secret-looking key, and any string that looks like a code, a query, or a token. Functions,
 * class instances (but Error: { name, message, reason? }) and symbols are dropped; depth and
 * array length are bounded.
 */
export function redact(value: unknown): unknown {
  return copy(value, false, 0);
}

function copy(value: unknown, secret: boolean, depth: number): unknown {
  if (typeof value === 'string') return secret || SECRET_VALUE.test(value) ? REDACTED : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return copy(value.toString(), secret, depth);
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    const reason = (value as { reason?: unknown }).reason;
    return {
      name: value.name,
      message: copy(value.message, secret, depth + 1),
      ...(typeof reason === 'string' ? { reason: copy(reason, secret, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) {
    return value
      .slice(0, MAX_ITEMS)
      .map((item) => copy(item, secret, depth + 1))
      .filter((item) => item !== undefined);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined; // class instances
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const secretKey = secret || (!PLAIN_KEYS.has(key) && SECRET_KEY.test(key));
    const copied = copy(item, secretKey, depth + 1);
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}
