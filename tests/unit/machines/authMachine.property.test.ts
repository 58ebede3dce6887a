// @vitest-environment node
/**
 * Property-based tests: arbitrary sequences of what a user, the browser, the clock and Docker
 * Desktop can do never make the statechart throw, never reach `exchanging` without the matching
 * pending login, and never exchange a code twice.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent } from '../../../src/machines/authMachine';
import type { PendingAuthorization } from '../../../src/oauth/types';
import { type AuthActor, type FakeEnvironment, fakeEnvironment, startAuth } from './support';

type Step =
  | { kind: 'event'; event: AuthEvent }
  /** The provider's redirect: for the login in flight, the last one again, or a forged one. */
  | { kind: 'redirect'; which: 'current' | 'replay' | 'forged'; viaReload: boolean }
  | { kind: 'wait'; ms: number }
  /** Docker Desktop reloads the extension tab. */
  | { kind: 'reload' };

const userEvent = fc
  .constantFrom<AuthEvent['type']>(
    'SIGN_IN',
    'REOPEN_BROWSER',
    'CANCEL',
    'RETRY',
    'DISMISS',
    'RETRY_PROFILE',
    'SIGN_OUT',
  )
  .map((type): Step => ({ kind: 'event', event: { type } as AuthEvent }));

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: userEvent, weight: 4 },
  { arbitrary: fc.constant<Step>({ kind: 'event', event: { type: 'SIGN_IN' } }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('redirect' as const),
      which: fc.constantFrom(
        'current' as const,
        'current' as const,
        'replay' as const,
        'forged' as const,
      ),
      viaReload: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.constantFrom(1_000, 31_000, 5 * 60_000, 11 * 60_000),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant<Step>({ kind: 'reload' }), weight: 1 },
);

describe('random event sequences', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never throw, never exchange without the matching pending login, never reuse a code', async () => {
    let exchanges = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { maxLength: 30 }), async (steps) => {
        const env: FakeEnvironment = fakeEnvironment();
        const prepared = new Map<string, PendingAuthorization>();
        const prepare = env.oauth.prepareAuthorization.getMockImplementation();
        env.oauth.prepareAuthorization.mockImplementation(async (options: { now: number }) => {
          const pending = await (prepare as (o: { now: number }) => Promise<PendingAuthorization>)(
            options,
          );
          prepared.set(pending.state, pending);
          return pending;
        });
        const exchanged: string[] = [];
        const violations: string[] = [];
        env.oauth.exchangeCode.mockImplementation(
          async (options: {
            redirect: { params: string };
            pending: PendingAuthorization;
            now: number;
          }) => {
            const params = new URLSearchParams(options.redirect.params);
            const code = params.get('code') ?? '';
            // The exchange only ever runs for a login prepared here, with its own state, within
            // the pending login's lifetime, and a code is exchanged at most once. (Recorded, not
            // thrown: a throw here would only fail the exchange, which the machine handles.)
            if (
              JSON.stringify(prepared.get(options.pending.state)) !==
              JSON.stringify(options.pending)
            ) {
              violations.push('exchange for a login not prepared here');
            }
            if (params.get('state') !== options.pending.state) {
              violations.push('exchange with another login state');
            }
            if (options.now - options.pending.startedAt > 10 * 60_000) {
              violations.push('exchange for an expired login');
            }
            if (exchanged.includes(code)) violations.push(`code ${code} exchanged twice`);
            exchanged.push(code);
            exchanges += 1;
            return {
              accessToken: `access-${code}`,
              tokenType: 'bearer',
            };
          },
        );

        let actor: AuthActor = startAuth(env);
        let failure: unknown;
        const watch = (a: AuthActor) =>
          a.subscribe({
            next: (snapshot) => {
              if (snapshot.matches('exchanging')) {
                const { pending, validated } = snapshot.context;
                const state = new URLSearchParams(validated?.params).get('state');
                if (!pending || state !== pending.state) {
                  violations.push('exchanging without the matching pending login');
                }
              }
            },
            error: (error) => {
              failure = error;
            },
          });
        watch(actor);
        let lastRedirect: string | undefined;
        let serial = 0;

        for (const step of steps) {
          if (step.kind === 'event') {
            actor.send(step.event);
          } else if (step.kind === 'wait') {
            env.clock.time += step.ms;
            await vi.advanceTimersByTimeAsync(step.ms);
          } else if (step.kind === 'reload') {
            actor.stop();
            actor = startAuth(env);
            watch(actor);
          } else {
            serial += 1;
            const current = env.store.value?.state ?? actor.getSnapshot().context.pending?.state;
            const search =
              step.which === 'replay' && lastRedirect
                ? lastRedirect
                : `?extensionId=acme%2Foauth-extension&code=code-${serial}&state=${
                    step.which === 'current' && current ? current : `forged-${serial}`
                  }`;
            lastRedirect = search;
            if (step.viaReload) {
              actor.stop();
              env.address.search = search;
              actor = startAuth(env);
              watch(actor);
              expect(env.address.search).toBe('');
            } else {
              actor.send({ type: 'REDIRECT', search });
            }
          }
          await vi.advanceTimersByTimeAsync(0);
          expect(violations).toEqual([]);
          expect(failure).toBeUndefined();
          expect(actor.getSnapshot().status).toBe('active');
        }
        actor.stop();
      }),
      { numRuns: 500 },
    );
    // The sequences do reach the token request, often: the property is not vacuous.
    expect(exchanges).toBeGreaterThan(20);
  });
});
