// @vitest-environment node
/**
 * Property-based tests: arbitrary sequences of what a user, the browser, the clock, the token
 * endpoint and Docker Desktop can do — clicks, reloads, true, forged, replayed and pasted
 * answers, failures, passing time, and, with the device flow, every answer a poll can get —
 * never make the statechart throw, never reach `exchanging` without the matching pending login,
 * never exchange a code twice or with another sign-in's verifier, never poll sooner than the
 * interval, after the code expired, after cancel or after the code was redeemed, always keep the
 * view and the stored session in agreement, and never put a secret in a message.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import type {
  DeviceAuthorization,
  DevicePoll,
  PendingAuthorization,
  SignInFlow,
  TokenSet,
} from '../../../src/oauth/types';
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
  /** How the token endpoint answers the device sign-in's polls from now on. */
  | { kind: 'device-answer'; answer: DeviceAnswer }
  | { kind: 'wait'; ms: number }
  /** Docker Desktop reloads the extension tab. */
  | { kind: 'reload' };

type TokenMode = 'ok' | 'offline' | 'unavailable' | 'refused';
type DeviceAnswer = 'pending' | 'slow_down' | 'authorized' | 'expired' | 'denied' | 'offline';

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
      // 6 s: past a device sign-in's poll; 150 s: past the refresh of a 3-minute token (due
      // 60 s before it expires).
      ms: fc.constantFrom(1_000, 6_000, 31_000, 150_000, 5 * 60_000, 11 * 60_000),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant<Step>({ kind: 'reload' }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('device-answer' as const),
      answer: fc.constantFrom<DeviceAnswer>(
        'pending',
        'slow_down',
        'authorized',
        'authorized',
        'expired',
        'denied',
        'offline',
      ),
    }),
    weight: 3,
  },
);

describe('random event sequences', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // 1,000 sequences take seconds, more on a busy machine: a time limit, not an assertion.
  it('never throw, never exchange without the matching pending login, never reuse a code', {
    timeout: 120_000,
  }, async () => {
    let exchanges = 0;
    let refreshes = 0;
    let signedIn = 0;
    let devicePolls = 0;
    let deviceSignIns = 0;
    const flows = fc.constantFrom<SignInFlow>('code', 'device');
    // How the person answers at the verification page, until a step changes it.
    const firstAnswers = fc.constantFrom<DeviceAnswer>('authorized', 'pending', 'slow_down');
    await fc.assert(
      fc.asyncProperty(
        flows,
        firstAnswers,
        fc.array(stepArbitrary, { maxLength: 30, size: 'medium' }),
        async (flow, firstAnswer, steps) => {
          const env: FakeEnvironment = fakeEnvironment();
          const prepared = new Map<string, PendingAuthorization>();
          const prepare = env.oauth.prepareAuthorization.getMockImplementation();
          env.oauth.prepareAuthorization.mockImplementation(async (options: { now: number }) => {
            const pending = await (
              prepare as (o: { now: number }) => Promise<PendingAuthorization>
            )(options);
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
          // The device sign-ins: each poll is checked against the rules of RFC 8628 §3.5.
          let deviceAnswer: DeviceAnswer = firstAnswer;
          const lastPoll = new Map<string, number>();
          const redeemed = new Set<string>();
          const cancelled = new Set<string>();
          const startDevice = env.oauth.startDeviceAuthorization.getMockImplementation() as (o: {
            now: number;
          }) => Promise<DeviceAuthorization>;
          env.oauth.startDeviceAuthorization.mockImplementation(
            async (options: { now: number }) => {
              const started = await startDevice(options);
              const deviceCode = `SECRET-DEVICE-${started.deviceCode}`;
              secrets.push(deviceCode);
              return { ...started, deviceCode };
            },
          );
          env.oauth.pollDeviceToken.mockImplementation(
            async ({
              device,
              now,
            }: {
              device: DeviceAuthorization;
              now: number;
            }): Promise<DevicePoll> => {
              devicePolls += 1;
              const code = device.deviceCode;
              const since = now - (lastPoll.get(code) ?? device.startedAt);
              if (since < device.intervalMs) violations.push(`polled ${since} ms after the last`);
              if (now >= device.expiresAt) violations.push('polled after the code expired');
              if (redeemed.has(code)) violations.push('polled with a redeemed device code');
              if (cancelled.has(code)) violations.push('polled after cancel');
              lastPoll.set(code, now);
              switch (deviceAnswer) {
                case 'slow_down':
                  return { status: 'slow_down', intervalMs: device.intervalMs + 5_000 };
                case 'authorized': {
                  const failure = tokenFailure();
                  if (failure) throw failure;
                  redeemed.add(code);
                  deviceSignIns += 1;
                  return { status: 'tokens', tokens: issue(now) };
                }
                case 'expired':
                  throw new AuthError('device_code_expired', 'The code expired.');
                case 'denied':
                  throw new AuthError('access_denied', 'You declined the sign-in at Acme.');
                case 'offline':
                  throw new AuthError('network_error', 'Could not reach Acme.');
                default:
                  return { status: 'pending' };
              }
            },
          );

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

          const start = () => startAuth(env, {}, undefined, flow);
          let actor: AuthActor = start();
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
            actor = start();
            watch(actor);
          };

          for (const step of steps) {
            if (step.kind === 'event') {
              const device = actor.getSnapshot().context.device;
              if (step.event.type === 'CANCEL' && device) cancelled.add(device.deviceCode);
              actor.send(step.event);
            } else if (step.kind === 'wait') {
              // The environment's clock follows the fake timers.
              await vi.advanceTimersByTimeAsync(step.ms);
            } else if (step.kind === 'reload') {
              restart();
            } else if (step.kind === 'token-endpoint') {
              tokenMode = step.mode;
            } else if (step.kind === 'device-answer') {
              deviceAnswer = step.answer;
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
                actor = start();
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
        },
      ),
      {
        numRuns: 1_000,
        // A life of refreshes, always among the runs: ok, unavailable (kept), back, refused.
        examples: [
          [
            'code',
            'pending',
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
    expect(devicePolls).toBeGreaterThan(200);
    expect(deviceSignIns).toBeGreaterThan(10);
  });
});
