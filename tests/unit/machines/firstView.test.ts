/**
 * The first view painted before the statechart is loaded (src/machines/firstView.ts) must be
 * the statechart's own first view: for every combination of what the page can find at start
 * (a stored session of each kind, an answer in the address, a pending login, a device sign-in),
 * whenever `firstViewOf` answers, the statechart started on the same sources is in that state,
 * with nothing more to show (no notice, no warning). A rule of `starting` changed without
 * firstView.ts following fails here.
 */
import { describe, expect, it } from 'vitest';
import { type FirstView, firstViewOf } from '../../../src/machines/firstView';
import { resolveAuthSettings } from '../../../src/machines/settings';
import type { TokenSet } from '../../../src/oauth/types';
import {
  type AuthSnapshot,
  deviceAuthorization,
  fakeEnvironment,
  pendingLogin,
  redirectQuery,
  startAuth,
  T0,
  tokens,
} from './support';

const sessions: Record<string, TokenSet | undefined> = {
  none: undefined,
  fresh: tokens,
  'without expiry': { ...tokens, expiresAt: undefined },
  'within the refresh margin': { ...tokens, expiresAt: T0 + 30_000 },
  'expired, refreshable': { ...tokens, expiresAt: T0 - 1 },
  'expired, refreshable by the backend': {
    ...tokens,
    expiresAt: T0 - 1,
    refreshToken: undefined,
    refreshable: true,
  },
  'expired, not refreshable': { ...tokens, expiresAt: T0 - 1, refreshToken: undefined },
};
const addresses: Record<string, string> = {
  empty: '',
  'an answer': redirectQuery(),
  'an error answer': '?error=access_denied&state=state-123',
  'another answer': redirectQuery('state-other'),
};
const pendings = {
  none: undefined,
  fresh: pendingLogin(),
  expired: pendingLogin({ startedAt: T0 - 11 * 60_000 }),
};
const devices = {
  none: undefined,
  polling: deviceAuthorization(),
  expired: deviceAuthorization({ expiresAt: T0 - 1 }),
};

type Case = [string, string, string, string];
const cases: Case[] = Object.keys(sessions).flatMap((session) =>
  Object.keys(addresses).flatMap((address) =>
    Object.keys(pendings).flatMap((pending) =>
      Object.keys(devices).map((device): Case => [session, address, pending, device]),
    ),
  ),
);

function agrees(view: FirstView, snapshot: AuthSnapshot): boolean {
  const { context } = snapshot;
  if (view.view === 'signed-in') {
    return view.refreshing
      ? snapshot.matches({ authorized: 'refreshing' })
      : snapshot.matches({ authorized: 'loadingProfile' });
  }
  return (
    snapshot.matches('idle') &&
    context.sessionNotice === null &&
    context.answerNotice === null &&
    context.signOutWarning === null
  );
}

describe('firstViewOf: the statechart’s own first view, or null', () => {
  const answers = new Map<string, number>();

  it.each(cases)('session %s, address %s, pending %s, device %s', (s, a, p, d) => {
    const env = fakeEnvironment({
      search: addresses[a],
      pending: pendings[p as keyof typeof pendings] ?? null,
      ...(sessions[s] ? { session: sessions[s] } : {}),
      ...(devices[d as keyof typeof devices] ? { device: devices[d as keyof typeof devices] } : {}),
    });
    // Decided first, on the same sources, as the page does before the statechart loads.
    const view = firstViewOf(env.deps, resolveAuthSettings());
    const actor = startAuth(env);
    const snapshot = actor.getSnapshot();
    actor.stop();
    const kind =
      view === null
        ? 'null'
        : `${view.view}${'refreshing' in view && view.refreshing ? ' (refreshing)' : ''}`;
    answers.set(kind, (answers.get(kind) ?? 0) + 1);
    if (view !== null) expect(agrees(view, snapshot), JSON.stringify(snapshot.value)).toBe(true);
  });

  it('answers in each way the grid allows (the cases above are not all null)', () => {
    expect(answers.get('signed-in')).toBeGreaterThan(0);
    expect(answers.get('signed-in (refreshing)')).toBeGreaterThan(0);
    expect(answers.get('signed-out')).toBe(1);
    expect(answers.get('null')).toBeGreaterThan(0);
  });

  it('reads the timings the statechart is given: a larger refresh margin means refreshing', () => {
    const env = fakeEnvironment({ session: { ...tokens, expiresAt: T0 + 90_000 } });
    expect(firstViewOf(env.deps, resolveAuthSettings())).toEqual({
      view: 'signed-in',
      refreshing: false,
    });
    expect(firstViewOf(env.deps, resolveAuthSettings({ refreshMarginMs: 120_000 }))).toEqual({
      view: 'signed-in',
      refreshing: true,
    });
  });
});
