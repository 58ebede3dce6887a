/**
 * No secret reaches the development panel: a full sign-in (and a refresh-free sign-out) with
 * real-looking secrets, observed through the production inspector hook, then rendered.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { buildChart } from '../../../dev/visualizer/graph';
import { type ChartLayout, layoutChart } from '../../../dev/visualizer/layout';
import { StatechartPanel } from '../../../dev/visualizer/StatechartPanel';
import { type DevtoolsRecord, devtoolsInspector } from '../../../src/desktop/devtools';
import { authMachine } from '../../../src/machines/authMachine';
import type { TokenSet } from '../../../src/oauth/types';
import { fakeEnvironment, flush, pendingLogin } from '../machines/support';

const secrets = {
  accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
  refreshToken: 'SECRET-REFRESH-8c2f4e1a9b7d',
  idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJub25jZSI6Im4ifQ.aWQtc2lnbmF0dXJl',
  code: 'AUTHCODE-SplxlOBeZQQYbYS6WxSbIA',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  state: 'STATE-af0ifjsldkj',
  nonce: 'NONCE-n-0S6_WzA2Mj',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

let layout: ChartLayout;
// A limit, not an assertion: an ELK layout of the whole chart takes seconds on a loaded machine.
beforeAll(async () => {
  layout = await layoutChart(buildChart(authMachine));
}, 60_000);
afterEach(cleanup);

describe('redaction on the way to the panel', () => {
  it('keeps every token, code, verifier, state and nonce out of the records and the panel', async () => {
    const env = fakeEnvironment();
    const authorizationUrl =
      `https://id.example.test/authorize?client_id=c&state=${secrets.state}` +
      `&nonce=${secrets.nonce}&code_challenge=${secrets.codeChallenge}`;
    env.oauth.prepareAuthorization.mockImplementation(async ({ now }: { now: number }) =>
      pendingLogin({
        state: secrets.state,
        codeVerifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        startedAt: now,
        authorizationUrl,
      }),
    );
    const issued: TokenSet = {
      accessToken: secrets.accessToken,
      tokenType: 'bearer',
      expiresAt: Date.now() + 3_600_000,
      refreshToken: secrets.refreshToken,
      idToken: secrets.idToken,
      idTokenClaims: {
        iss: 'https://id.example.test',
        sub: 'user-1',
        aud: 'c',
        nonce: secrets.nonce,
      } as never,
      scope: 'openid profile offline_access',
    };
    env.oauth.exchangeCode.mockResolvedValue(issued);

    const records: DevtoolsRecord[] = [];
    const actor = createActor(authMachine, {
      input: { deps: env.deps },
      inspect: devtoolsInspector({ __AUTH_DEVTOOLS__: (record) => records.push(record) }),
    }).start();
    actor.send({ type: 'SIGN_IN' });
    await flush();
    expect(env.opened).toEqual([authorizationUrl]);
    actor.send({
      type: 'REDIRECT',
      search: `?extensionId=acme%2Foauth-extension&code=${secrets.code}&state=${secrets.state}`,
    });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(actor.getSnapshot().context.tokens?.accessToken).toBe(secrets.accessToken);
    actor.send({ type: 'SIGN_OUT' });
    await flush();
    expect(actor.getSnapshot().value).toBe('idle');
    actor.stop();

    // The payloads were there, redacted, not dropped.
    const types = records.filter((r) => r.kind === 'event').map((r) => r.eventType);
    expect(types).toContain('REDIRECT');
    expect(types).toContain('xstate.done.actor.exchangeCode');
    const json = JSON.stringify(records);
    expect(json).toContain('[redacted]');

    const { container } = render(
      <StatechartPanel records={records} machine={authMachine} layout={layout} />,
    );
    const html = container.innerHTML;
    expect(html).toContain('[redacted]');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(json.includes(secret), `${name} in the records`).toBe(false);
      expect(html.includes(secret), `${name} in the panel`).toBe(false);
    }
  });
});
