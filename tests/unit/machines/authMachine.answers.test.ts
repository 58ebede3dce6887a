// @vitest-environment node
/**
 * Answers that do not belong to the sign-in in progress: forged links, old tabs, second clicks,
 * old links while signed in, a reload while the browser is open, and the address pasted by hand
 * when Docker Desktop never received it. `state` protects against CSRF; it must never become a
 * way for any web page to cancel a person's sign-in or hide their session.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fakeEnvironment,
  flush,
  pendingLogin,
  redirectQuery,
  startAuth,
  T0,
  tokens,
} from './support';

const MINUTE = 60_000;
const LINK = 'docker-desktop://dashboard/extension-tab';

async function waiting() {
  const env = fakeEnvironment();
  const actor = startAuth(env);
  actor.send({ type: 'SIGN_IN' });
  await flush();
  expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
  return { env, actor };
}

describe('an answer whose state is not the pending sign-in’s', () => {
  it.each([
    ['a forged link with a code', redirectQuery('forged')],
    ['a forged error answer', '?extensionId=acme%2Foauth-extension&error=access_denied&state=x'],
    ['an error answer without state', '?extensionId=acme%2Foauth-extension&error=access_denied'],
    ['a code without state', '?extensionId=acme%2Foauth-extension&code=c'],
  ])(
    'is set aside while waiting (%s): same link, quiet notice, nothing consumed',
    async (_, search) => {
      const { env, actor } = await waiting();
      const before = actor.getSnapshot().context.pending;
      actor.send({ type: 'REDIRECT', search });
      await flush();
      const { value, context } = actor.getSnapshot();
      expect(value).toEqual({ 'awaiting-browser': 'waiting' });
      expect(context.pending).toBe(before);
      expect(context.error).toBeNull();
      expect(context.answerNotice).toBe('set-aside');
      expect(env.store.value).toEqual(before);
      expect(env.oauth.validateRedirect).not.toHaveBeenCalled();
      expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
      // A notice, not an alarm: no error toast.
      expect(env.toasts.filter((toast) => toast.kind === 'failed')).toEqual([]);
    },
  );

  it('does not cancel the sign-in: the true answer afterwards signs in', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'REDIRECT', search: redirectQuery('forged') });
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    await flush();
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().context.answerNotice).toBeNull();
  });

  it('is set aside while the sign-in is being prepared', async () => {
    const env = fakeEnvironment();
    const actor = startAuth(env);
    actor.send({ type: 'SIGN_IN' });
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('is set aside at start, after a reload: the waiting view comes back', () => {
    const env = fakeEnvironment({ search: redirectQuery('forged'), pending: pendingLogin() });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.answerNotice).toBe('set-aside');
    expect(env.store.value).toEqual(pendingLogin());
    expect(env.address.search).toBe('');
  });

  it('keeps the deadline: setting an answer aside does not extend it', async () => {
    vi.useFakeTimers();
    try {
      const env = fakeEnvironment();
      const actor = startAuth(env);
      actor.send({ type: 'SIGN_IN' });
      await vi.advanceTimersByTimeAsync(0);
      await vi.advanceTimersByTimeAsync(9 * MINUTE);
      actor.send({ type: 'REDIRECT', search: redirectQuery('forged') });
      await vi.advanceTimersByTimeAsync(1 * MINUTE);
      expect(actor.getSnapshot().context.error?.reason).toBe('browser_timeout');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a reload while the browser is open', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('comes back waiting with the time left, and times out at the original deadline', async () => {
    const env = fakeEnvironment({ pending: pendingLogin({ startedAt: T0 - 7 * MINUTE }) });
    const actor = startAuth(env);
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    await vi.advanceTimersByTimeAsync(3 * MINUTE - 1);
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().context.error?.reason).toBe('browser_timeout');
    expect(env.store.value).toBeNull();
  });

  it('then completes with the true answer, exchanging the code once', async () => {
    const env = fakeEnvironment({ pending: pendingLogin() });
    const actor = startAuth(env);
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });
});

describe('an answer while signed in', () => {
  it('as an event, leaves the person signed in and the session stored', async () => {
    const env = fakeEnvironment({ session: tokens });
    const actor = startAuth(env);
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    actor.send({ type: 'REDIRECT', search: redirectQuery() });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(env.session.value).toEqual(tokens);
  });

  it('at start (Desktop reopened the tab with an old link), stays signed in', () => {
    const env = fakeEnvironment({ session: tokens, search: redirectQuery() });
    const actor = startAuth(env);
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(actor.getSnapshot().context.error).toBeNull();
  });
});

describe('the address pasted by hand (Docker Desktop never got the answer)', () => {
  it.each([
    ['the docker-desktop:// address', (q: string) => `${LINK}${q}`],
    [
      'the https forwarder address',
      (q: string) => `https://open.docker.com/dashboard/extension-tab${q}`,
    ],
    ['just the query', (q: string) => q],
    ['with spaces around it', (q: string) => `  ${LINK}${q}\n`],
  ])('signs in with %s, validated and exchanged once', async (_, address) => {
    const { env, actor } = await waiting();
    actor.send({ type: 'ANSWER_PASTED', address: address(redirectQuery('state-1')) });
    expect(actor.getSnapshot().value).toBe('code-received');
    expect(env.store.value).toBeNull();
    await flush();
    expect(actor.getSnapshot().matches('authorized')).toBe(true);
    expect(env.oauth.validateRedirect).toHaveBeenCalledTimes(1);
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });

  it('refuses text that is not a sign-in answer with a sentence, and keeps waiting', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'ANSWER_PASTED', address: 'https://github.com/login' });
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.answerNotice).toBe('not-an-answer');
    expect(env.store.value?.state).toBe('state-1');
  });

  it('refuses the answer of another sign-in, and keeps waiting', async () => {
    const { env, actor } = await waiting();
    actor.send({ type: 'ANSWER_PASTED', address: `${LINK}${redirectQuery('state-0')}` });
    expect(actor.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(actor.getSnapshot().context.answerNotice).toBe('other-sign-in');
    expect(env.oauth.exchangeCode).not.toHaveBeenCalled();
  });

  it('is single use like a delivered answer: the same address again is set aside', async () => {
    const { env, actor } = await waiting();
    const address = `${LINK}${redirectQuery('state-1')}`;
    actor.send({ type: 'ANSWER_PASTED', address });
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    await flush();
    expect(env.oauth.exchangeCode).toHaveBeenCalledTimes(1);
  });
});
