// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { getStateNodes, toDirectedGraph } from 'xstate/graph';
import {
  activeNodeIds,
  buildChart,
  eventLabel,
  guardName,
  takenEdgeIds,
} from '../../../dev/visualizer/graph';
import { authMachine } from '../../../src/machines/authMachine';

const chart = buildChart(authMachine);

/** Every transition as (source, event, target), from toDirectedGraph plus `always`. */
function definedTransitions(): string[] {
  const keys: string[] = [];
  const key = (t: AnyTransitionDefinition, target: AnyStateNode) =>
    `${t.source.id} --${t.eventType}--> ${target.id}`;
  const visit = (graph: ReturnType<typeof toDirectedGraph>) => {
    for (const edge of graph.edges) keys.push(key(edge.transition, edge.target));
    const node = graph.stateNode as AnyStateNode;
    for (const t of node.always ?? []) {
      for (const target of t.target?.length ? t.target : [node]) keys.push(key(t, target));
    }
    graph.children.forEach(visit);
  };
  visit(toDirectedGraph(authMachine));
  return keys.sort();
}

describe('the chart of the machine', () => {
  it('has a node for every state node, and the root', () => {
    const ids = getStateNodes(authMachine.root).map((node) => node.id);
    expect(chart.nodes.map((node) => node.id).sort()).toEqual(['auth', ...ids].sort());
    // Guards against a vacuous pass.
    expect(ids.length).toBeGreaterThanOrEqual(14);
  });

  it('nests compound states and marks their initial children', () => {
    const node = (id: string) => chart.nodes.find((n) => n.id === id);
    expect(node('auth.authorized')?.children).toEqual([
      'auth.authorized.loadingProfile',
      'auth.authorized.ready',
      'auth.authorized.profileFailed',
      'auth.authorized.refreshing',
      'auth.authorized.refreshBackoff',
    ]);
    expect(node('auth.awaiting-browser.waiting')?.parent).toBe('auth.awaiting-browser');
    expect(chart.nodes.filter((n) => n.initial).map((n) => n.id)).toEqual([
      'auth.authorized.loadingProfile',
      'auth.awaiting-browser.choosing',
      'auth.awaiting-browser.showingUserCode.betweenPolls',
      'auth.starting',
    ]);
    expect(node('auth.starting')?.transient).toBe(true);
    expect(node('auth.exchanging')?.invokes).toEqual(['exchangeCode']);
  });

  it('has one edge for every transition (toDirectedGraph edges and always)', () => {
    const edges = chart.edges.map((e) => `${e.source} --${e.eventType}--> ${e.target}`).sort();
    expect(edges).toEqual(definedTransitions());
    expect(new Set(chart.edges.map((e) => e.id)).size).toBe(chart.edges.length);
    expect(edges.length).toBeGreaterThan(40);
  });

  it('tells targetless transitions (internal) from transitions back to the same state', () => {
    const internal = chart.edges.filter((e) => e.internal).map((e) => e.id);
    expect(internal).toContain('auth.awaiting-browser:REOPEN_BROWSER:0:0');
    expect(internal).toContain('auth:REVOCATION_FAILED:0:0');
    // `reenter: true` leaves and enters again (its timers restart): a loop, not internal.
    const loop = chart.edges.find(
      (e) => e.source === 'auth.authorized.ready' && e.target === e.source,
    );
    expect(loop?.internal).toBe(false);
    for (const id of internal) {
      const edge = chart.edges.find((e) => e.id === id);
      expect(edge?.target).toBe(edge?.source);
    }
  });

  it('labels edges shortly and names their guards', () => {
    expect(eventLabel('')).toBe('always');
    expect(eventLabel('xstate.done.actor.exchangeCode')).toBe('done: exchangeCode');
    expect(eventLabel('xstate.error.actor.validateRedirect')).toBe('error: validateRedirect');
    expect(eventLabel('xstate.after.browserTimeout.auth.awaiting-browser.waiting')).toBe(
      'after browserTimeout',
    );
    expect(eventLabel('xstate.after.500.auth.x')).toBe('after 500 ms');
    expect(eventLabel('SIGN_IN')).toBe('SIGN_IN');
    const starting = chart.edges.filter((e) => e.source === 'auth.starting');
    // In toDirectedGraph's order (edges to a target it met before come with that target).
    expect(starting.map((e) => [e.target, e.guard])).toEqual([
      ['auth.authorized', 'hasFreshStoredSession'],
      ['auth.idle', 'isForeignAnswer & isPendingLoginExpired'],
      ['auth.awaiting-browser.waiting', 'isForeignAnswer'],
      ['auth.error', 'isPendingLoginExpired'],
      ['auth.code-received', null],
      ['auth.authorized.refreshing', 'hasRefreshableStoredSession'],
      ['auth.idle', 'hasStoredSession'],
      ['auth.idle', 'isDeviceExpired'],
      ['auth.awaiting-browser.showingUserCode', 'hasPendingDevice & hasNoRedirect'],
      ['auth.awaiting-browser.showingUserCode', 'hasPendingDevice'],
      ['auth.idle', 'hasNoRedirect & hasNoPendingLogin'],
      ['auth.idle', 'hasNoRedirect & isPendingLoginExpired'],
      ['auth.awaiting-browser.waiting', 'hasNoRedirect'],
      ['auth.error', 'hasNoPendingLogin'],
    ]);
    expect(guardName({ type: 'isAdmin' })).toBe('isAdmin');
  });
});

describe('activeNodeIds and takenEdgeIds', () => {
  it('resolve a state value to the active nodes, ancestors included', () => {
    expect([...activeNodeIds(chart, { authorized: 'ready' })].sort()).toEqual([
      'auth',
      'auth.authorized',
      'auth.authorized.ready',
    ]);
    expect([...activeNodeIds(chart, 'idle')].sort()).toEqual(['auth', 'auth.idle']);
    expect(activeNodeIds(chart, undefined).size).toBe(0);
  });

  it('find the edge of a taken transition, telling guarded alternatives apart', () => {
    const taken = (index: number) =>
      takenEdgeIds(chart, [
        { source: 'auth.starting', target: ['auth.idle'], eventType: '', index },
      ]);
    expect([...taken(3)]).toEqual(['auth.starting:always:3:0']);
    expect([...taken(2)]).toEqual(['auth.starting:always:2:0']);
    // A targetless transition is the source's own loop.
    expect([
      ...takenEdgeIds(chart, [
        {
          source: 'auth.awaiting-browser',
          target: [],
          eventType: 'REOPEN_BROWSER',
          index: 0,
        },
      ]),
    ]).toEqual(['auth.awaiting-browser:REOPEN_BROWSER:0:0']);
  });
});
