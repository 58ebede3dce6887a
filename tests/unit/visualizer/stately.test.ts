// @vitest-environment node
/**
 * Stately's inspector (optional, `VITE_STATELY_INSPECT=true` in `npm run dev`) gets the same
 * redaction as the offline panel: a whole sign-in with real-looking secrets goes through
 * @statelyai/inspect's own `createInspector` with our `serialize`, into an adapter that records
 * what would leave the page (no network), and none of the secrets is in it.
 */
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { redactStatelyEvent, statelyOptions } from '../../../dev/visualizer/stately';
import { authMachine } from '../../../src/machines/authMachine';
import { fakeEnvironment, pendingLogin } from '../machines/support';

const secrets = {
  code: 'CODE-4f1c2a9e7b',
  state: 'STATE-9d8c7b6a5f',
  verifier: 'VERIFIER-dBjftJeZ4CVP-mB92K27uhbUJU1p1r',
  nonce: 'NONCE-a1b2c3d4e5',
  accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLWFjY2Vzcw',
  refreshToken: 'REFRESH-Zx9Yw8Vu7Ts6Rq5Po4',
};

describe('Stately inspector redaction', () => {
  it('sends nothing that carries a code, state, verifier, nonce or token', async () => {
    const sent: StatelyInspectionEvent[] = [];
    const inspector = createInspector({ send: (event) => sent.push(event) }, statelyOptions);
    const env = fakeEnvironment({
      search: `?extensionId=acme%2Foauth-extension&code=${secrets.code}&state=${secrets.state}`,
      pending: pendingLogin({
        state: secrets.state,
        codeVerifier: secrets.verifier,
        nonce: secrets.nonce,
        authorizationUrl: `https://id.example.test/authorize?state=${secrets.state}`,
      }),
    });
    env.oauth.exchangeCode.mockResolvedValue({
      accessToken: secrets.accessToken,
      tokenType: 'bearer',
      refreshToken: secrets.refreshToken,
    });
    const actor = createActor(authMachine, {
      input: { deps: env.deps },
      inspect: inspector.inspect,
    }).start();
    await waitFor(actor, (s) => s.matches({ authorized: 'ready' }));
    actor.send({ type: 'SIGN_OUT' });
    await waitFor(actor, (s) => s.matches('idle'));
    actor.stop();
    // The inspector hands events on in idle callbacks (a timer outside a browser).
    await new Promise((resolve) => setTimeout(resolve, 100));

    const shipped = JSON.stringify(sent);
    expect(sent.length).toBeGreaterThan(10);
    expect(shipped).toContain('authorized');
    for (const secret of Object.values(secrets)) expect(shipped).not.toContain(secret);
  });

  it('without the redaction the same events do carry the secrets (the test can fail)', () => {
    const raw: StatelyInspectionEvent = {
      type: '@xstate.event',
      event: { type: 'REDIRECT', search: `?code=${secrets.code}&state=${secrets.state}` },
      rootId: 'x',
      sourceId: undefined,
      sessionId: 'x',
      createdAt: '0',
      id: '1',
      _version: '1',
    };
    expect(JSON.stringify(raw)).toContain(secrets.code);
    expect(JSON.stringify(redactStatelyEvent(raw))).not.toContain(secrets.code);
  });
});
