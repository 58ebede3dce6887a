// @vitest-environment node
/**
 * Model-based coverage: the graph utilities of `xstate/graph` explore every reachable state of
 * the statechart (from each starting situation a user can be in), every edge of that graph is
 * replayed in a real actor, and the transitions the actor takes are checked against every
 * transition the machine defines. A transition that no path reaches fails this test.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyStateNode,
  type AnyTransitionDefinition,
  createActor,
  fromPromise,
  type InputFrom,
  type InspectionEvent,
} from 'xstate';
import { getAdjacencyMap, toDirectedGraph } from 'xstate/graph';
import { type AuthEvent, authMachine } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import type {
  DeviceAuthorization,
  DevicePoll,
  PendingAuthorization,
  SignInFlow,
  TokenSet,
  UserProfile,
  ValidatedRedirect,
} from '../../../src/oauth/types';
import {
  type AuthSnapshot,
  deviceAuthorization,
  type FakeEnvironment,
  fakeEnvironment,
  pendingLogin,
  profile,
  redirectQuery,
  T0,
  tokens,
} from './support';

type ModelEvent = AuthEvent | { type: `xstate.${string}`; output?: unknown; error?: unknown };

const failure = new AuthError('network_error', 'The sign-in server could not be reached.');
const unauthorized = new AuthError('http_error', 'The server refused the access token.', {
  status: 401,
});
const refused = new AuthError('token_error', 'Your session has ended.', {
  oauthError: 'invalid_grant',
});
const notNow = new AuthError('token_error', 'Try again in a moment.', {
  oauthError: 'temporarily_unavailable',
  status: 503,
  retryAfterMs: 30_000,
});
const DESKTOP_LINK = 'docker-desktop://dashboard/extension-tab';
const noRefreshToken = { ...tokens, refreshToken: undefined };
/** Tokens whose refresh falls due while the model runs (its clock stands still at T0). */
const dueSoon = { ...tokens, expiresAt: T0 + 90_000 };
const dueSoonNoRefreshToken = { ...dueSoon, refreshToken: undefined };
const expired = { ...tokens, expiresAt: T0 - 1 };
const codeExpired = new AuthError('device_code_expired', 'The code expired.', {
  oauthError: 'expired_token',
});
const SHOWING = 'auth.awaiting-browser.showingUserCode';

/** Every event the machine handles, internal completion and timer events included. */
const events: ModelEvent[] = [
  { type: 'SIGN_IN' },
  { type: 'REOPEN_BROWSER' },
  { type: 'BROWSER_OPEN_FAILED', message: 'openExternal failed' },
  { type: 'REDIRECT', search: redirectQuery() },
  // A forged link, an old tab, a second click: another state.
  { type: 'REDIRECT', search: redirectQuery('forged') },
  { type: 'ANSWER_PASTED', address: `${DESKTOP_LINK}${redirectQuery()}` },
  { type: 'ANSWER_PASTED', address: `${DESKTOP_LINK}${redirectQuery('other')}` },
  { type: 'ANSWER_PASTED', address: 'https://example.com/somewhere' },
  { type: 'CANCEL' },
  { type: 'RETRY' },
  { type: 'DISMISS' },
  { type: 'RETRY_PROFILE' },
  { type: 'REFRESH' },
  { type: 'SIGN_OUT' },
  {
    type: 'REVOCATION_FAILED',
    failure: { reason: 'network_error', message: 'Could not reach the server.' },
  },
  { type: 'xstate.done.actor.prepareAuthorization', output: pendingLogin() },
  // A login prepared long ago: its redirect arrives after the pending login's lifetime.
  {
    type: 'xstate.done.actor.prepareAuthorization',
    output: pendingLogin({ startedAt: T0 - 60 * 60_000 }),
  },
  { type: 'xstate.error.actor.prepareAuthorization', error: failure },
  { type: 'xstate.done.actor.validateRedirect', output: { params: 'code=c&state=state-123' } },
  { type: 'xstate.error.actor.validateRedirect', error: failure },
  { type: 'xstate.done.actor.exchangeCode', output: tokens },
  { type: 'xstate.done.actor.exchangeCode', output: noRefreshToken },
  { type: 'xstate.done.actor.exchangeCode', output: dueSoon },
  { type: 'xstate.done.actor.exchangeCode', output: dueSoonNoRefreshToken },
  { type: 'xstate.error.actor.exchangeCode', error: failure },
  { type: 'xstate.done.actor.fetchUserProfile', output: profile },
  { type: 'xstate.error.actor.fetchUserProfile', error: failure },
  { type: 'xstate.error.actor.fetchUserProfile', error: unauthorized },
  { type: 'xstate.done.actor.refreshTokens', output: tokens },
  { type: 'xstate.done.actor.refreshTokens', output: dueSoon },
  { type: 'xstate.error.actor.refreshTokens', error: failure },
  { type: 'xstate.error.actor.refreshTokens', error: refused },
  { type: 'xstate.error.actor.refreshTokens', error: notNow },
  { type: 'xstate.done.actor.startDeviceAuthorization', output: deviceAuthorization() },
  { type: 'xstate.error.actor.startDeviceAuthorization', error: failure },
  { type: 'xstate.done.actor.pollDeviceToken', output: { status: 'pending' } },
  {
    type: 'xstate.done.actor.pollDeviceToken',
    output: { status: 'slow_down', intervalMs: 10_000 },
  },
  { type: 'xstate.done.actor.pollDeviceToken', output: { status: 'tokens', tokens } },
  // No answer (polling goes on, slower), and an expired code (the sign-in is over).
  { type: 'xstate.error.actor.pollDeviceToken', error: failure },
  { type: 'xstate.error.actor.pollDeviceToken', error: codeExpired },
  { type: `xstate.after.pollInterval.${SHOWING}.betweenPolls` },
  { type: `xstate.after.exchangeTimeout.${SHOWING}.polling` },
  { type: `xstate.after.deviceExpiry.${SHOWING}` },
  { type: 'xstate.after.browserTimeout.auth.awaiting-browser.waiting' },
  { type: 'xstate.after.exchangeTimeout.auth.exchanging' },
  { type: 'xstate.after.refreshDue.auth.authorized.ready' },
  { type: 'xstate.after.refreshDue.auth.authorized.profileFailed' },
  { type: 'xstate.after.exchangeTimeout.auth.authorized.refreshing' },
  { type: 'xstate.after.refreshBackoff.auth.authorized.refreshBackoff' },
];

type World = () => FakeEnvironment & { flow?: SignInFlow };

/** An extension configured for the device flow. */
const device = (options: Parameters<typeof fakeEnvironment>[0] = {}) =>
  Object.assign(fakeEnvironment(options), { flow: 'device' as const });

/**
 * The situations the extension can start in: the configured flow, the address, and the records
 * (pending login, device sign-in, session).
 */
const worlds: Record<string, World> = {
  'device flow, nothing stored': () => device(),
  'device flow, a device sign-in stored': () => device({ device: deviceAuthorization() }),
  'device flow, an expired device sign-in stored': () =>
    device({ device: deviceAuthorization({ expiresAt: T0 - 1 }) }),
  'device flow, a device sign-in stored and an answer in the address': () =>
    device({ device: deviceAuthorization(), search: redirectQuery() }),
  'no redirect, nothing pending': () => fakeEnvironment(),
  'no redirect, a login pending': () => fakeEnvironment({ pending: pendingLogin() }),
  'no redirect, an old login pending': () =>
    fakeEnvironment({ pending: pendingLogin({ startedAt: T0 - 60 * 60_000 }) }),
  'a redirect, nothing pending': () => fakeEnvironment({ search: redirectQuery() }),
  'a redirect and its login': () =>
    fakeEnvironment({ search: redirectQuery(), pending: pendingLogin() }),
  'a fresh stored session': () => fakeEnvironment({ session: tokens }),
  'a stored session that never expires': () =>
    fakeEnvironment({ session: { ...tokens, expiresAt: undefined } }),
  'an expired stored session with a refresh token': () => fakeEnvironment({ session: expired }),
  'an expired stored session without a refresh token': () =>
    fakeEnvironment({ session: { ...expired, refreshToken: undefined } }),
  'a redirect and an old login': () =>
    fakeEnvironment({
      search: redirectQuery(),
      pending: pendingLogin({ startedAt: T0 - 60 * 60_000 }),
    }),
  'a forged redirect and a login pending': () =>
    fakeEnvironment({ search: redirectQuery('forged'), pending: pendingLogin() }),
  'a forged redirect and an old login': () =>
    fakeEnvironment({
      search: redirectQuery('forged'),
      pending: pendingLogin({ startedAt: T0 - 60 * 60_000 }),
    }),
  'an old link while signed in': () =>
    fakeEnvironment({ search: redirectQuery(), session: tokens }),
  'a stored session living a year (longer than a timer)': () =>
    fakeEnvironment({ session: { ...tokens, expiresAt: T0 + 365 * 24 * 3_600_000 } }),
};

/** What distinguishes one state of the model from another. */
function serializeState(snapshot: AuthSnapshot): string {
  const { context } = snapshot;
  return JSON.stringify({
    flow: context.flow,
    value: snapshot.value,
    pending: context.pending?.state ?? null,
    // Whether a device sign-in polls, and whether slower than it started.
    device: context.device === null ? null : context.device.intervalMs > 5_000,
    pollTrouble: context.device !== null && context.error !== null,
    pendingOld: (context.pending?.startedAt ?? T0) < T0 - 30 * 60_000,
    error: context.error?.reason ?? null,
    tokens: context.tokens === null ? null : Boolean(context.tokens.refreshToken),
    profile: context.profile !== null,
    expires: context.tokens?.expiresAt !== undefined,
    dueSoon: (context.tokens?.expiresAt ?? Number.POSITIVE_INFINITY) - T0 < 120_000,
    refreshedAfterUnauthorized: context.refreshedAfterUnauthorized,
    sessionNotice: context.sessionNotice !== null,
    browserOpenFailed: context.browserOpenFailed,
    signOutWarning: context.signOutWarning !== null,
  });
}

function transitionKey(t: AnyTransitionDefinition): string {
  const guard = typeof t.guard === 'string' ? t.guard : (t.guard as { type?: string })?.type;
  const targets = (t.target ?? []).map((node: AnyStateNode) => node.id).join(',');
  return `${t.source.id} --${t.eventType}${guard ? ` [${guard}]` : ''}--> ${targets || '(self)'}`;
}

/** Every transition the machine defines: `on`, `after`, invoke completions and `always`. */
function definedTransitions(): Set<string> {
  const keys = new Set<string>();
  const visit = (graph: ReturnType<typeof toDirectedGraph>) => {
    for (const edge of graph.edges) keys.add(transitionKey(edge.transition));
    for (const t of (graph.stateNode as AnyStateNode).always ?? []) keys.add(transitionKey(t));
    graph.children.forEach(visit);
  };
  visit(toDirectedGraph(authMachine));
  return keys;
}

/** The machine with actors that never settle: the model delivers their completions itself. */
const inert = <Output, Input>() => fromPromise<Output, Input>(() => new Promise(() => {}));
type ActorInput<K extends keyof typeof authMachine.implementations.actors> = InputFrom<
  (typeof authMachine.implementations.actors)[K]
>;
const inertMachine = authMachine.provide({
  actors: {
    prepareAuthorization: inert<PendingAuthorization, ActorInput<'prepareAuthorization'>>(),
    validateRedirect: inert<ValidatedRedirect, ActorInput<'validateRedirect'>>(),
    exchangeCode: inert<TokenSet, ActorInput<'exchangeCode'>>(),
    fetchUserProfile: inert<UserProfile, ActorInput<'fetchUserProfile'>>(),
    refreshTokens: inert<TokenSet, ActorInput<'refreshTokens'>>(),
    startDeviceAuthorization: inert<DeviceAuthorization, ActorInput<'startDeviceAuthorization'>>(),
    pollDeviceToken: inert<DevicePoll, ActorInput<'pollDeviceToken'>>(),
  },
});

type Adjacency = Record<
  string,
  { transitions: Record<string, { state: unknown; event: unknown }> }
>;

/** The shortest event path to each state of the graph, from its first (initial) state. */
function shortestPaths(adjacency: Adjacency): Map<string, ModelEvent[]> {
  const [initial] = Object.keys(adjacency);
  const paths = new Map<string, ModelEvent[]>(initial === undefined ? [] : [[initial, []]]);
  for (const [key, path] of paths) {
    for (const { state, event } of Object.values(adjacency[key]?.transitions ?? {})) {
      const next = serializeState(state as AuthSnapshot);
      if (!paths.has(next)) paths.set(next, [...path, event as ModelEvent]);
    }
  }
  return paths;
}

/** Replays a path in a real actor and returns the transitions it took. */
function replay(world: World, path: ModelEvent[]): string[] {
  const taken: string[] = [];
  const env = world();
  const actor = createActor(inertMachine, {
    input: { deps: env.deps, flow: env.flow },
    inspect: (event: InspectionEvent) => {
      // Only the machine makes microsteps: its invoked (inert) promise actors make none.
      if (event.type === '@xstate.microstep') {
        for (const t of event._transitions) taken.push(transitionKey(t));
      }
    },
  });
  let failure: unknown;
  actor.subscribe({ error: (error) => (failure = error) });
  actor.start();
  // The first step of a path is the actor's own `xstate.init`: start() performs it.
  for (const event of path.filter((e) => e.type !== 'xstate.init')) actor.send(event as AuthEvent);
  actor.stop();
  if (failure) throw failure;
  return taken;
}

describe('model-based coverage', () => {
  it('reaches every transition the machine defines', { timeout: 120_000 }, () => {
    const defined = definedTransitions();
    const covered = new Set<string>();
    let edges = 0;

    // An edge seen from an earlier starting situation (same serialized state, same event) takes
    // the same transitions: it is replayed once.
    const replayed = new Set<string>();
    for (const world of Object.values(worlds)) {
      const { deps, flow } = world();
      const adjacency = getAdjacencyMap(authMachine, {
        input: { deps, flow },
        events: events as AuthEvent[],
        // Only events the current state handles: an unhandled actor error would fail the actor.
        filterEvents: (snapshot: AuthSnapshot, event: AuthEvent) => snapshot.can(event),
        serializeState: (snapshot: AuthSnapshot) => serializeState(snapshot),
        limit: 5_000,
      }) as unknown as Adjacency;
      // The starting situation itself: `starting`'s transitions are taken when the actor starts.
      for (const key of replay(world, [])) covered.add(key);
      for (const [stateKey, path] of shortestPaths(adjacency)) {
        for (const [eventKey, { event }] of Object.entries(
          adjacency[stateKey]?.transitions ?? {},
        )) {
          edges += 1;
          if (replayed.has(`${stateKey} ${eventKey}`)) continue;
          replayed.add(`${stateKey} ${eventKey}`);
          for (const key of replay(world, [...path, event as ModelEvent])) covered.add(key);
        }
      }
    }

    const unreached = [...defined].filter((key) => !covered.has(key));
    expect(unreached, 'transitions that no path reaches').toEqual([]);
    expect(edges).toBeGreaterThan(defined.size);
    // Guards against a vacuous pass: the machine defines a real number of transitions.
    expect(defined.size).toBeGreaterThan(30);
  });

  it('every covered transition is one the machine defines', () => {
    const defined = definedTransitions();
    const taken = replay(worlds['a redirect and its login'] as World, [
      { type: 'xstate.done.actor.validateRedirect', output: { params: 'code=c' } },
      { type: 'xstate.done.actor.exchangeCode', output: tokens },
      { type: 'xstate.done.actor.exchangeCode', output: noRefreshToken },
      { type: 'xstate.done.actor.exchangeCode', output: dueSoon },
      { type: 'xstate.done.actor.exchangeCode', output: dueSoonNoRefreshToken },
    ]);
    expect(taken.length).toBeGreaterThan(2);
    for (const key of taken) expect(defined).toContain(key);
  });
});
