// @vitest-environment node
/**
 * Property-based tests: arbitrary sequences of what a user, the browser, the clock, the token
 * endpoint and Docker Desktop can do — clicks, reloads, true, forged, replayed and pasted
 * answers, failures, passing time — never make the statechart throw, never reach `exchanging`
 * without the matching pending login, never exchange a code twice or with another sign-in's
 * verifier, always keep the view and the stored session in agreement, and never put a secret
 * in a message.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import type { PendingAuthorization, TokenSet } from '../../../src/oauth/types';
import { type AuthActor, type FakeEnvironment, fakeEnvironment, startAuth } from './support';

type Step =
  | { kind: 'event'; event: AuthEvent }
  /** The provider's redirect: for the login in flight, the last one again, or a forged one. */
  | {
      kind: 'redirect';
      which: 'current' | 'replay' | 'forged';
      via: 'event' | 'reload' | 'paste';
    }
  /** The person pastes something that is not an answer at all. */
  | { kind: 'paste-garbage' }
  /** How the token endpoint answers from now on. */
  | { kind: 'token-endpoint'; mode: TokenMode }
  | { kind: 'wait'; ms: number }
  /** Docker Desktop reloads the extension tab. */
  | { kind: 'reload' };

type TokenMode = 'ok' | 'offline' | 'unavailable' | 'refused';

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
      via: fc.constantFrom('event' as const, 'reload' as const, 'paste' as const),
    }),
    weight: 4,
  },
  { arbitrary: fc.constant<Step>({ kind: 'paste-garbage' }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('token-endpoint' as const),
      mode: fc.constantFrom<TokenMode>('ok', 'ok', 'offline', 'unavailable', 'refused'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      // 150 s: past the refresh of a 3-minute token (due 60 s before it expires).
      ms: fc.constantFrom(1_000, 31_000, 150_000, 5 * 60_000, 11 * 60_000),
    }),
    weight: 2,
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

  // 500 sequences take seconds, more on a busy machine: a time limit, not an assertion.
  it('never throw, never exchange without the matching pending login, never reuse a code', {
    timeout: 120_000,
  }, async () => {
    let exchanges = 0;
    let refreshes = 0;
    let signedIn = 0;
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
          secrets.push(pending.state, pending.codeVerifier as string);
          return pending;
        });
        const exchanged: string[] = [];
        const violations: string[] = [];
        /** Every secret value the run made: none may ever show up in a message. */
        const secrets: string[] = [];
        let tokenMode: TokenMode = 'ok';
        let tokenSerial = 0;
        const tokenFailure = (): AuthError | null => {
          if (tokenMode === 'offline')
            return new AuthError('network_error', 'Could not reach Acme.');
          if (tokenMode === 'unavailable') {
            return new AuthError('token_error', 'Acme is temporarily unavailable.', {
              oauthError: 'temporarily_unavailable',
              status: 503,
              retryAfterMs: 1_000,
            });
          }
          if (tokenMode === 'refused') {
            return new AuthError('token_error', 'Your session at Acme has ended.', {
              oauthError: 'invalid_grant',
              status: 400,
            });
          }
          return null;
        };
        const issue = (now: number): TokenSet => {
          tokenSerial += 1;
          const issued = {
            accessToken: `SECRET-ACCESS-${tokenSerial}`,
            refreshToken: `SECRET-REFRESH-${tokenSerial}`,
            tokenType: 'bearer',
            expiresAt: now + 3 * 60_000,
          };
          secrets.push(issued.accessToken, issued.refreshToken);
          return issued;
        };
        env.oauth.refresh.mockImplementation(async (options: { now: number }) => {
          refreshes += 1;
          const failure = tokenFailure();
          if (failure) throw failure;
          return issue(options.now);
        });
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
            const failure = tokenFailure();
            if (failure) throw failure;
            return issue(options.now);
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

        const restart = () => {
          actor.stop();
          actor = startAuth(env);
          watch(actor);
        };

        for (const step of steps) {
          if (step.kind === 'event') {
            actor.send(step.event);
          } else if (step.kind === 'wait') {
            // The environment's clock follows the fake timers.
            await vi.advanceTimersByTimeAsync(step.ms);
          } else if (step.kind === 'reload') {
            restart();
          } else if (step.kind === 'token-endpoint') {
            tokenMode = step.mode;
          } else if (step.kind === 'paste-garbage') {
            actor.send({ type: 'ANSWER_PASTED', address: 'https://example.com/?next=SECRET-X' });
          } else {
            serial += 1;
            const current = env.store.value?.state ?? actor.getSnapshot().context.pending?.state;
            const code = `SECRET-CODE-${serial}`;
            secrets.push(code);
            const search =
              step.which === 'replay' && lastRedirect
                ? lastRedirect
                : `?extensionId=acme%2Foauth-extension&code=${code}&state=${
                    step.which === 'current' && current ? current : `forged-${serial}`
                  }`;
            lastRedirect = search;
            if (step.via === 'reload') {
              actor.stop();
              env.address.search = search;
              actor = startAuth(env);
              watch(actor);
              expect(env.address.search).toBe('');
            } else if (step.via === 'paste') {
              const address = `docker-desktop://dashboard/extension-tab${search}`;
              actor.send({ type: 'ANSWER_PASTED', address });
            } else {
              actor.send({ type: 'REDIRECT', search });
            }
          }
          await vi.advanceTimersByTimeAsync(0);
          const snapshot = actor.getSnapshot();
          expect(violations).toEqual([]);
          expect(failure).toBeUndefined();
          expect(snapshot.status).toBe('active');

          // The view and the storage agree: signed in exactly when a session is stored.
          const shownSignedIn = snapshot.matches('authorized');
          if (shownSignedIn) signedIn += 1;
          expect(
            env.session.value !== null,
            `view ${JSON.stringify(snapshot.value)}, session stored: ${env.session.value !== null}`,
          ).toBe(shownSignedIn);

          // No secret in anything a person can read.
          const { error, answerNotice, sessionNotice, signOutWarning, profileError } =
            snapshot.context;
          const readable = JSON.stringify([
            error,
            answerNotice,
            sessionNotice,
            signOutWarning,
            profileError,
            env.toasts,
          ]);
          for (const secret of secrets) expect(readable).not.toContain(secret);
          expect(readable).not.toContain('SECRET-X');
        }
        actor.stop();
      }),
      {
        numRuns: 500,
        // A life of refreshes, always among the runs: ok, unavailable (kept), back, refused.
        examples: [
          [
            [
              { kind: 'event', event: { type: 'SIGN_IN' } },
              { kind: 'redirect', which: 'current', via: 'event' },
              { kind: 'wait', ms: 150_000 },
              { kind: 'token-endpoint', mode: 'unavailable' },
              { kind: 'wait', ms: 150_000 },
              { kind: 'reload' },
              { kind: 'token-endpoint', mode: 'ok' },
              { kind: 'wait', ms: 5 * 60_000 },
              { kind: 'token-endpoint', mode: 'refused' },
              { kind: 'wait', ms: 5 * 60_000 },
            ],
          ],
        ],
      },
    );
    // The sequences do reach the token request, refreshes and the signed-in view, often: the
    // property is not vacuous.
    expect(exchanges).toBeGreaterThan(20);
    expect(refreshes).toBeGreaterThan(5);
    expect(signedIn).toBeGreaterThan(100);
  });
});
