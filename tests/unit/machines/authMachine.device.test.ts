// @vitest-environment node
/**
 * The device path of the statechart (RFC 8628), one `describe` per state, with fake dependencies
 * and a manual clock (Vitest's fake timers, which the environment's clock follows): the device
 * code requested, the code shown and the browser opened, polls no sooner than the interval,
 * slower after `slow_down` and after failures, the outcomes, cancel, expiry and reloads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../../../src/oauth/errors';
import type { DevicePoll } from '../../../src/oauth/types';
import {
  type AuthActor,
  deferred,
  deviceAuthorization,
  type FakeEnvironment,
  fakeEnvironment,
  flush,
  redirectQuery,
  startAuth,
  T0,
  tokens,
} from './support';

const SECOND = 1_000;
const MINUTE = 60_000;
const SHOWING = { 'awaiting-browser': { showingUserCode: 'betweenPolls' } };
const POLLING = { 'awaiting-browser': { showingUserCode: 'polling' } };

const pending: DevicePoll = { status: 'pending' };
const expired = new AuthError('device_code_expired', 'The code expired before it was entered.', {
  oauthError: 'expired_token',
  status: 400,
});
const declined = new AuthError('access_denied', 'You declined the sign-in at Acme ID.', {
  oauthError: 'access_denied',
  status: 400,
});
const offline = new AuthError('network_error', 'Could not reach Acme ID.');

function startDevice(env: FakeEnvironment = fakeEnvironment()) {
  const actor = startAuth(env, {}, undefined, 'device');
  return { env, actor };
}

/** Signed out, device flow, SIGN_IN pressed: the code is shown. */
async function showing(env: FakeEnvironment = fakeEnvironment()) {
  const { actor } = startDevice(env);
  actor.send({ type: 'SIGN_IN' });
  await vi.advanceTimersByTimeAsync(0);
  expect(actor.getSnapshot().value).toEqual(SHOWING);
  return { env, actor };
}

const polls = (env: FakeEnvironment) => env.oauth.pollDeviceToken.mock.calls.length;

/** Lets `ms` pass on the manual clock, settling promise actors on the way. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('idle, with the device flow', () => {
  it('SIGN_IN requests a device code, saves it, then opens the complete verification page', async () => {
    const env = fakeEnvironment();
    const savedAtOpen: unknown[] = [];
    env.deps.openBrowser = (url) => {
      savedAtOpen.push(env.deviceStore.value?.userCode);
      env.opened.push(url);
    };
    const { actor } = startDevice(env);
    actor.send({ type: 'SIGN_IN' });
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'requestingDeviceCode' });
    await flush();
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(env.oauth.startDeviceAuthorization).toHaveBeenCalledWith(
      expect.objectContaining({ now: T0 }),
    );
    expect(env.oauth.prepareAuthorization).not.toHaveBeenCalled();
    expect(env.opened).toEqual(['https://id.example.test/device?user_code=WDJB-MJHT']);
    expect(savedAtOpen).toEqual(['WDJB-MJHT']);
    expect(actor.getSnapshot().context.device?.userCode).toBe('WDJB-MJHT');
  });

  it('opens the plain verification page when the provider gives no complete one (GitHub)', async () => {
    const env = fakeEnvironment();
    env.oauth.startDeviceAuthorization.mockResolvedValueOnce(
      deviceAuthorization({ verificationUriComplete: undefined }),
    );
    await showing(env);
    expect(env.opened).toEqual(['https://id.example.test/device']);
  });
});

describe('awaiting-browser.requestingDeviceCode', () => {
  it('a refused request ends in error with its reason, opening nothing', async () => {
    const env = fakeEnvironment();
    env.oauth.startDeviceAuthorization.mockRejectedValueOnce(
      new AuthError(
        'token_error',
        'Acme ID has not enabled the device flow for this application.',
        {
          oauthError: 'device_flow_disabled',
        },
      ),
    );
    const { actor } = startDevice(env);
    actor.send({ type: 'SIGN_IN' });
    await flush();
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.oauthError).toBe('device_flow_disabled');
    expect(env.opened).toEqual([]);
    expect(env.deviceStore.value).toBeNull();
  });

  it('CANCEL returns to idle, saving and opening nothing', async () => {
    const env = fakeEnvironment();
    const request = deferred<never>();
    env.oauth.startDeviceAuthorization.mockReturnValueOnce(request.promise);
    const { actor } = startDevice(env);
    actor.send({ type: 'SIGN_IN' });
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('idle');
    const signal = env.oauth.startDeviceAuthorization.mock.calls[0]?.[0].signal as AbortSignal;
    expect(signal.aborted).toBe(true);
    expect(env.opened).toEqual([]);
    expect(env.deviceStore.value).toBeNull();
  });

  it('sets a redirect aside: no code-flow login is pending', () => {
    const env = fakeEnvironment();
    env.oauth.startDeviceAuthorization.mockReturnValueOnce(deferred<never>().promise);
    const { actor } = startDevice(env);
    actor.send({ type: 'SIGN_IN' });
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'requestingDeviceCode' });
    expect(actor.getSnapshot().context.answerNotice).toBe('set-aside');
  });
});

describe('awaiting-browser.showingUserCode', () => {
  it('polls no sooner than the interval', async () => {
    const { env } = await showing();
    await pass(5 * SECOND - 1);
    expect(polls(env)).toBe(0);
    await pass(1);
    expect(polls(env)).toBe(1);
    expect(env.oauth.pollDeviceToken).toHaveBeenCalledWith(
      expect.objectContaining({ device: expect.objectContaining({ deviceCode: 'device-code-1' }) }),
    );
  });

  it('polls again an interval after each authorization_pending, never sooner', async () => {
    const { env, actor } = await showing();
    const times: number[] = [];
    env.oauth.pollDeviceToken.mockImplementation(async ({ now }: { now: number }) => {
      times.push(now);
      return pending;
    });
    await pass(31 * SECOND);
    expect(times.map((t) => t - T0)).toEqual([5, 10, 15, 20, 25, 30].map((s) => s * SECOND));
    expect(actor.getSnapshot().value).toEqual(SHOWING);
  });

  it('polls 5 seconds slower after slow_down, and keeps the slower interval for a reload', async () => {
    const { env, actor } = await showing();
    env.oauth.pollDeviceToken.mockResolvedValueOnce({ status: 'slow_down', intervalMs: 10_000 });
    await pass(5 * SECOND);
    expect(actor.getSnapshot().context.device?.intervalMs).toBe(10_000);
    expect(env.deviceStore.value?.intervalMs).toBe(10_000);
    await pass(10 * SECOND - 1);
    expect(polls(env)).toBe(1);
    await pass(1);
    expect(polls(env)).toBe(2);
  });

  it('polls twice as slowly after a failure that is only temporary, and says so', async () => {
    const { env, actor } = await showing();
    env.oauth.pollDeviceToken.mockRejectedValueOnce(offline);
    await pass(5 * SECOND);
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(actor.getSnapshot().context.error?.reason).toBe('network_error');
    expect(env.deviceStore.value?.intervalMs).toBe(10_000);
    await pass(10 * SECOND - 1);
    expect(polls(env)).toBe(1);
    await pass(1);
    expect(polls(env)).toBe(2);
    // The next answer clears the notice.
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('gives up a poll that takes longer than the token request timeout, and polls slower', async () => {
    const env = fakeEnvironment();
    const { actor } = await showing(env);
    env.oauth.pollDeviceToken.mockReturnValueOnce(deferred<never>().promise);
    await pass(5 * SECOND);
    expect(actor.getSnapshot().value).toEqual(POLLING);
    await pass(30 * SECOND);
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    const signal = env.oauth.pollDeviceToken.mock.calls[0]?.[0].signal as AbortSignal;
    expect(signal.aborted).toBe(true);
    expect(actor.getSnapshot().context.error?.reason).toBe('exchange_timeout');
    expect(actor.getSnapshot().context.device?.intervalMs).toBe(10_000);
  });

  it('signs in with the tokens, saves the session and consumes the device sign-in', async () => {
    const { env, actor } = await showing();
    env.oauth.pollDeviceToken.mockResolvedValueOnce({ status: 'tokens', tokens });
    await pass(5 * SECOND);
    expect(actor.getSnapshot().matches({ authorized: 'ready' })).toBe(true);
    expect(env.session.value).toEqual(tokens);
    expect(env.deviceStore.value).toBeNull();
    expect(actor.getSnapshot().context.device).toBeNull();
    expect(env.toasts).toContainEqual({ kind: 'signed-in', name: 'Dana Demo' });
    // Redeemed once: never polled again.
    await pass(5 * MINUTE);
    expect(polls(env)).toBe(1);
  });

  it.each([
    ['expired_token', expired, 'device_code_expired'],
    ['access_denied (the person declined)', declined, 'access_denied'],
  ])('ends in error on %s, dropping the device sign-in', async (_name, failure, reason) => {
    const { env, actor } = await showing();
    env.oauth.pollDeviceToken.mockRejectedValueOnce(failure);
    await pass(5 * SECOND);
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe(reason);
    expect(env.deviceStore.value).toBeNull();
    await pass(MINUTE);
    expect(polls(env)).toBe(1);
  });

  it('ends in error when the code expires, with no poll after that', async () => {
    const { env, actor } = await showing();
    await pass(10 * MINUTE - 1);
    expect(actor.getSnapshot().matches('awaiting-browser')).toBe(true);
    const before = polls(env);
    await pass(1);
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error?.reason).toBe('device_code_expired');
    expect(env.deviceStore.value).toBeNull();
    await pass(MINUTE);
    expect(polls(env)).toBe(before);
    const last = env.oauth.pollDeviceToken.mock.calls.at(-1)?.[0].now as number;
    expect(last).toBeLessThan(T0 + 10 * MINUTE);
  });

  it('CANCEL between polls stops polling at once and forgets the device sign-in', async () => {
    const { env, actor } = await showing();
    await pass(5 * SECOND);
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.deviceStore.value).toBeNull();
    await pass(MINUTE);
    expect(polls(env)).toBe(1);
  });

  it('CANCEL while a poll is in flight aborts it, and its late tokens are never stored', async () => {
    const { env, actor } = await showing();
    const answer = deferred<DevicePoll>();
    env.oauth.pollDeviceToken.mockReturnValueOnce(answer.promise);
    await pass(5 * SECOND);
    expect(actor.getSnapshot().value).toEqual(POLLING);
    actor.send({ type: 'CANCEL' });
    const signal = env.oauth.pollDeviceToken.mock.calls[0]?.[0].signal as AbortSignal;
    expect(signal.aborted).toBe(true);
    answer.resolve({ status: 'tokens', tokens });
    await pass(MINUTE);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.session.value).toBeNull();
    expect(env.deviceStore.value).toBeNull();
    expect(polls(env)).toBe(1);
  });

  it('REOPEN_BROWSER opens the verification page again; the code stays the same', async () => {
    const { env, actor } = await showing();
    actor.send({ type: 'REOPEN_BROWSER' });
    expect(env.opened).toHaveLength(2);
    expect(env.opened[1]).toBe(env.opened[0]);
    expect(env.oauth.startDeviceAuthorization).toHaveBeenCalledTimes(1);
  });

  it('remembers that opening the browser failed, so the page is offered', async () => {
    const env = fakeEnvironment();
    env.deps.openBrowser = () => {
      throw new Error('openExternal failed');
    };
    const { actor } = await showing(env);
    expect(actor.getSnapshot().context.browserOpenFailed).toBe(true);
    expect(actor.getSnapshot().value).toEqual(SHOWING);
  });

  it('sets a redirect aside and goes on polling', async () => {
    const { env, actor } = await showing();
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(actor.getSnapshot().context.answerNotice).toBe('set-aside');
    await pass(5 * SECOND);
    expect(polls(env)).toBe(1);
  });
});

describe('starting, with a device sign-in stored (the tab was reloaded)', () => {
  function reloaded(options: Parameters<typeof fakeEnvironment>[0]): AuthActor {
    return startDevice(fakeEnvironment(options)).actor;
  }

  it('shows the same code again and resumes polling, without opening the browser', async () => {
    const env = fakeEnvironment({ device: deviceAuthorization({ startedAt: T0 - 2 * MINUTE }) });
    const { actor } = startDevice(env);
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(actor.getSnapshot().context.device?.userCode).toBe('WDJB-MJHT');
    expect(env.opened).toEqual([]);
    expect(env.oauth.startDeviceAuthorization).not.toHaveBeenCalled();
    await pass(5 * SECOND - 1);
    expect(polls(env)).toBe(0);
    await pass(1);
    expect(polls(env)).toBe(1);
  });

  it('keeps the slower interval of before the reload', async () => {
    const env = fakeEnvironment({ device: deviceAuthorization({ intervalMs: 15_000 }) });
    startDevice(env);
    await pass(15 * SECOND - 1);
    expect(polls(env)).toBe(0);
    await pass(1);
    expect(polls(env)).toBe(1);
  });

  it('expires at the same deadline as before the reload', async () => {
    const env = fakeEnvironment({ device: deviceAuthorization({ expiresAt: T0 + 7 * SECOND }) });
    const { actor } = startDevice(env);
    await pass(7 * SECOND);
    expect(actor.getSnapshot().context.error?.reason).toBe('device_code_expired');
  });

  it('drops a device sign-in that expired meanwhile and shows the sign-in view', () => {
    const env = fakeEnvironment({ device: deviceAuthorization({ expiresAt: T0 }) });
    const { actor } = startDevice(env);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(env.deviceStore.value).toBeNull();
  });

  it('a stored session wins: the device sign-in is dropped', () => {
    const env = fakeEnvironment({ device: deviceAuthorization(), session: tokens });
    const { actor } = startDevice(env);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.deviceStore.value).toBeNull();
  });

  it('sets an answer in the address aside and goes on with the device sign-in', () => {
    const actor = reloaded({ device: deviceAuthorization(), search: redirectQuery() });
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(actor.getSnapshot().context.answerNotice).toBe('set-aside');
  });

  it('resumes with the code flow configured too: the stored sign-in decides', () => {
    const env = fakeEnvironment({ device: deviceAuthorization() });
    expect(startAuth(env).getSnapshot().value).toEqual(SHOWING);
  });
});

describe('error, with the device flow', () => {
  it('RETRY asks for a fresh device code: a code is never reused', async () => {
    const { env, actor } = await showing();
    env.oauth.pollDeviceToken.mockRejectedValueOnce(expired);
    await pass(5 * SECOND);
    actor.send({ type: 'RETRY' });
    await pass(0);
    expect(actor.getSnapshot().value).toEqual(SHOWING);
    expect(env.oauth.startDeviceAuthorization).toHaveBeenCalledTimes(2);
    expect(actor.getSnapshot().context.device?.deviceCode).toBe('device-code-2');
    expect(actor.getSnapshot().context.error).toBeNull();
  });
});
