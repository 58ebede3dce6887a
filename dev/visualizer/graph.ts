/**
 * The statechart as plain nodes and edges, read from the machine's own definition
 * (`toDirectedGraph` plus each state node's `always`): what layout.ts places and svg.ts draws.
 * Pure and deterministic: the same machine gives the same chart.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';

export interface ChartNode {
  /** The state node's id, e.g. 'auth.awaiting-browser.waiting'. */
  id: string;
  /** Its key in its parent, e.g. 'waiting' (the root's key is the machine id). */
  key: string;
  parent: string | null;
  /** Child ids in definition order. */
  children: string[];
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The child its parent enters first. */
  initial: boolean;
  /** Has `always` transitions: entered and left in one step when a guard holds. */
  transient: boolean;
  /** The actors it invokes (their `src`). */
  invokes: string[];
}

export interface ChartEdge {
  /** `${source}:${eventType or 'always'}:${index}:${targetIndex}` (unique, stable). */
  id: string;
  source: string;
  /** The source itself for a targetless transition (actions only). */
  target: string;
  /** As xstate names it: '' for `always`, 'xstate.done.actor.exchangeCode', 'SIGN_IN'... */
  eventType: string;
  /** Position among the source's transitions for this event (guarded alternatives). */
  index: number;
  /** Shortened for the drawing: 'done: exchangeCode', 'after browserTimeout', 'always'. */
  label: string;
  /** The guard's name, e.g. 'hasNoRedirect & hasFreshStoredSession', or null. */
  guard: string | null;
  /** Targetless (actions only): the state is neither left nor entered again. */
  internal: boolean;
}

export interface Chart {
  rootId: string;
  /** Sorted by id, so a parent comes before its children. */
  nodes: ChartNode[];
  /** Sorted by id. */
  edges: ChartEdge[];
}

export function buildChart(machine: AnyStateMachine): Chart {
  const nodes: ChartNode[] = [];
  const edges: ChartEdge[] = [];
  const visit = (graph: DirectedGraphNode, parent: AnyStateNode | null) => {
    const node = graph.stateNode;
    nodes.push({
      id: node.id,
      key: node.key,
      parent: parent?.id ?? null,
      children: graph.children.map((child) => child.id),
      type: node.type,
      initial: parent?.initial?.target.includes(node) ?? false,
      transient: (node.always?.length ?? 0) > 0,
      invokes: node.invoke.map((invoke) =>
        typeof invoke.src === 'string' ? invoke.src : invoke.id,
      ),
    });
    for (const edge of graph.edges) {
      const t = edge.transition;
      const index = node.transitions.get(t.eventType)?.indexOf(t) ?? -1;
      edges.push(toEdge(t, index, edge.target.id, (t.target ?? []).indexOf(edge.target)));
    }
    (node.always ?? []).forEach((t, index) => {
      const targets = t.target?.length ? t.target : [node];
      targets.forEach((target, j) => {
        edges.push(toEdge(t, index, target.id, j));
      });
    });
    for (const child of graph.children) visit(child, node);
  };
  visit(toDirectedGraph(machine), null);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { rootId: machine.root.id, nodes: nodes.sort(byId), edges: edges.sort(byId) };
}

function toEdge(
  t: AnyTransitionDefinition,
  index: number,
  target: string,
  targetIndex: number,
): ChartEdge {
  const source = t.source.id;
  return {
    id: `${source}:${t.eventType || 'always'}:${index}:${Math.max(0, targetIndex)}`,
    source,
    target,
    eventType: t.eventType,
    index,
    label: eventLabel(t.eventType),
    guard: t.guard === undefined ? null : guardName(t.guard),
    internal: !t.target?.length,
  };
}

/** The event type as the drawing shows it. */
export function eventLabel(eventType: string): string {
  if (eventType === '') return 'always';
  const done = /^xstate\.done\.actor\.(.+)$/.exec(eventType);
  if (done) return `done: ${done[1]}`;
  const error = /^xstate\.error\.actor\.(.+)$/.exec(eventType);
  if (error) return `error: ${error[1]}`;
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return /^\d+$/.test(after[1] ?? '') ? `after ${after[1]} ms` : `after ${after[1]}`;
  return eventType;
}

/** 'isA', 'isA & isB' (and), 'isA | isB' (or), '!isA' (not), for named and combined guards. */
export function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const combined = guard as { name?: string; guards?: unknown };
    if (Array.isArray(combined.guards)) {
      const parts = combined.guards.map(guardName);
      if (combined.name === 'not')
        return `!${parts.length > 1 ? `(${parts.join(' & ')})` : parts[0]}`;
      return parts.join(combined.name === 'or' ? ' | ' : ' & ');
    }
    return combined.name || 'guard';
  }
  if (guard !== null && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'guard';
}

/**
 * The ids of the nodes active in a snapshot's value, the root included, resolved through the
 * chart's keys (so custom state ids work too).
 */
export function activeNodeIds(chart: Chart, value: StateValue | undefined): Set<string> {
  const active = new Set<string>();
  if (value === undefined) return active;
  const byId = new Map(chart.nodes.map((node) => [node.id, node]));
  const childByKey = (parentId: string, key: string) =>
    byId
      .get(parentId)
      ?.children.map((id) => byId.get(id))
      .find((child) => child?.key === key);
  const walk = (parentId: string, v: StateValue) => {
    active.add(parentId);
    if (typeof v === 'string') {
      const child = childByKey(parentId, v);
      if (child) active.add(child.id);
      return;
    }
    for (const [key, sub] of Object.entries(v)) {
      const child = childByKey(parentId, key);
      if (child && sub !== undefined) walk(child.id, sub);
    }
  };
  walk(chart.rootId, value);
  return active;
}

/** The edges a list of taken transitions (source, event, index, targets) corresponds to. */
export function takenEdgeIds(
  chart: Chart,
  transitions: readonly { source: string; target: string[]; eventType: string; index?: number }[],
): Set<string> {
  const taken = new Set<string>();
  for (const t of transitions) {
    const targets = t.target.length > 0 ? t.target : [t.source];
    for (const edge of chart.edges) {
      if (edge.source !== t.source || edge.eventType !== t.eventType) continue;
      if (t.index !== undefined && t.index >= 0 && edge.index !== t.index) continue;
      if (targets.includes(edge.target)) taken.add(edge.id);
    }
  }
  return taken;
}
