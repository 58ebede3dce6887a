import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { type DevtoolsRecord, devtoolsInspector, redact } from '../../../src/desktop/devtools';
import { authMachine } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import { fakeEnvironment, flush, redirectQuery } from '../machines/support';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

function listeningWindow() {
  const records: DevtoolsRecord[] = [];
  return { records, win: { __AUTH_DEVTOOLS__: (record: DevtoolsRecord) => records.push(record) } };
}

describe('devtoolsInspector', () => {
  it('is undefined unless a development tool installed window.__AUTH_DEVTOOLS__', () => {
    expect(devtoolsInspector({})).toBeUndefined();
    expect(devtoolsInspector(undefined)).toBeUndefined();
    expect(devtoolsInspector({ __AUTH_DEVTOOLS__: 'yes' as never })).toBeUndefined();
    expect(devtoolsInspector(window)).toBeUndefined();
    expect(devtoolsInspector(listeningWindow().win)).toBeTypeOf('function');
  });

  it('records the root machine’s events, microsteps and snapshots, never its context', async () => {
    const { records, win } = listeningWindow();
    const env = fakeEnvironment();
    const actor = createActor(authMachine, {
      input: { deps: env.deps },
      inspect: devtoolsInspector(win),
    }).start();
    actor.send({ type: 'SIGN_IN' });
    await flush();
    actor.stop();

    expect(records.filter((r) => r.kind === 'event').map((r) => r.eventType)).toEqual([
      'xstate.init',
      'SIGN_IN',
      'xstate.done.actor.prepareAuthorization',
    ]);
    const microsteps = records.filter((r) => r.transitions !== undefined);
    expect(microsteps.map((r) => r.transitions)).toEqual([
      [{ source: 'auth.starting', target: ['auth.idle'], eventType: '', index: 6 }],
      [{ source: 'auth.idle', target: ['auth.awaiting-browser'], eventType: 'SIGN_IN', index: 0 }],
      [
        {
          source: 'auth.awaiting-browser.choosing',
          target: ['auth.awaiting-browser.preparing'],
          eventType: '',
          index: 1,
        },
      ],
      [
        {
          source: 'auth.awaiting-browser.preparing',
          target: ['auth.awaiting-browser.waiting'],
          eventType: 'xstate.done.actor.prepareAuthorization',
          index: 0,
        },
      ],
    ]);
    expect(records.at(-2)?.value).toEqual({ 'awaiting-browser': 'waiting' });
    // Only plain data crosses: no context, no dependencies, no invoked actors' own events.
    const json = JSON.stringify(records);
    expect(json).not.toMatch(/context|deps|pendingStore|xstate\.promise/);
    expect(records.every((r) => Object.keys(r).every((k) => KEYS.has(k)))).toBe(true);
  });

  it('keeps the sign-in going when the hook throws', async () => {
    const env = fakeEnvironment();
    const actor = createActor(authMachine, {
      input: { deps: env.deps },
      inspect: devtoolsInspector({
        __AUTH_DEVTOOLS__: () => {
          throw new Error('panel broke');
        },
      }),
    }).start();
    actor.send({ type: 'SIGN_IN' });
    await flush();
    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    actor.stop();
  });
});

const KEYS = new Set(['at', 'kind', 'eventType', 'payload', 'value', 'transitions']);

describe('redact', () => {
  it('redacts a device sign-in: the device code (and the code shown), not its times', () => {
    expect(
      redact({
        type: 'xstate.done.actor.startDeviceAuthorization',
        output: {
          deviceCode: 'GitHubDeviceCode0123456789abcdef01234567',
          userCode: 'WDJB-MJHT',
          verificationUri: 'https://github.com/login/device',
          intervalMs: 5000,
          expiresAt: 1,
        },
      }),
    ).toEqual({
      type: 'xstate.done.actor.startDeviceAuthorization',
      output: {
        deviceCode: '[redacted]',
        userCode: '[redacted]',
        verificationUri: 'https://github.com/login/device',
        intervalMs: 5000,
        expiresAt: 1,
      },
    });
  });

  it('replaces every string under a secret-looking key, case-insensitively and deeply', () => {
    expect(
      redact({
        code: 'c-1',
        state: 's-1',
        codeVerifier: 'v-1',
        nonce: 'n-1',
        accessToken: 'a-1',
        REFRESH_TOKEN: 'r-1',
        idToken: 'i-1',
        search: '?x=1',
        params: 'x=1',
        authorizationUrl: 'https://id.example.test/authorize',
        redirectUri: 'docker-desktop://dashboard',
        clientSecret: 'cs',
        password: 'hunter2',
        tokens: { scope: 'openid', expiresAt: 5, list: ['a', { deep: 'b' }] },
      }),
    ).toEqual({
      code: '[redacted]',
      state: '[redacted]',
      codeVerifier: '[redacted]',
      nonce: '[redacted]',
      accessToken: '[redacted]',
      REFRESH_TOKEN: '[redacted]',
      idToken: '[redacted]',
      search: '[redacted]',
      params: '[redacted]',
      authorizationUrl: '[redacted]',
      redirectUri: '[redacted]',
      clientSecret: '[redacted]',
      password: '[redacted]',
      // Numbers stay (expiry times are useful); strings go, however deep.
      tokens: { scope: '[redacted]', expiresAt: 5, list: ['[redacted]', { deep: '[redacted]' }] },
    });
  });

  it('keeps type, reason and message, and ordinary data', () => {
    const event = {
      type: 'xstate.done.actor.fetchUserProfile',
      reason: 'state_mismatch',
      message: 'The sign-in answer does not match.',
      output: { name: 'Dana Demo', email: 'dana@example.test', count: 2, ok: true, none: null },
    };
    expect(redact(event)).toEqual(event);
  });

  it.each([
    ['a query with a code', 'docker-desktop://x?code=abc&x=1'],
    ['a query with a state', '?state=xyz'],
    ['token parameter names', 'access_token was refused'],
    ['a refresh_token parameter', 'grant refresh_token=zz'],
    ['a JWT', JWT],
    ['a JWT inside a sentence', `Bearer ${JWT} refused`],
    ['a long base64url run', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'],
  ])('replaces %s wherever it is', (_, secret) => {
    expect(redact({ message: secret, note: secret, list: [secret] })).toEqual({
      message: '[redacted]',
      note: '[redacted]',
      list: ['[redacted]'],
    });
  });

  it('leaves event types and state ids alone', () => {
    for (const text of [
      'xstate.after.refreshBackoff.auth.authorized.refreshBackoff',
      'xstate.error.actor.prepareAuthorization',
      'auth.awaiting-browser.waiting',
    ]) {
      expect(redact({ note: text })).toEqual({ note: text });
    }
  });

  it('turns an Error into its name and redacted message, and drops functions and instances', () => {
    const error = new AuthError('token_error', `The token ${JWT} was refused.`);
    expect(
      redact({
        error,
        callback: () => 1,
        when: new Date(0),
        map: new Map([['a', 1]]),
        symbol: Symbol('s'),
        missing: undefined,
      }),
    ).toEqual({ error: { name: error.name, message: '[redacted]', reason: 'token_error' } });
  });

  it('is bounded: deep and circular values end', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const copy = JSON.stringify(redact(circular));
    expect(copy).toContain('[…]');
    expect(copy.length).toBeLessThan(1000);
    expect((redact(Array.from({ length: 500 }, (_, i) => i)) as unknown[]).length).toBe(100);
  });
});
