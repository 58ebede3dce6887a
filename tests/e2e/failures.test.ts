/**
 * Sign-ins that fail, as a person meets them: declining at the provider, the token endpoint
 * down or dropping the connection. Each ends on the error view with a reason, and "Try again"
 * then signs in (a fresh login: a code is never reused).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_NAME } from '../../dev/standin/demo';
import { DesktopSession, type E2eEnvironment, startE2eEnvironment } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region } from './support/flows';

let env: E2eEnvironment;
let desktop: DesktopSession;

beforeAll(async () => {
  env = await startE2eEnvironment();
});

afterAll(async () => {
  await env?.close();
});

beforeEach(async () => {
  env.auth.setTokenEndpointMode('normal');
  env.auth.resetStats();
  desktop = await DesktopSession.open(env);
});

afterEach(async () => {
  await desktop?.close();
});

/** "Try again" on the error view, then the provider (its session kept: consent only). */
async function tryAgainUntilSignedIn(): Promise<void> {
  await desktop.extension.getByRole('button', { name: 'Try again' }).click();
  const tab = await desktop.nextPopup();
  await expectView(desktop, 'waiting');
  await desktop.deliverDeepLink(await answerAtProvider(desktop, tab));
  await expectView(desktop, 'authorized');
  await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
}

describe('declining at the provider', () => {
  it('shows the error view with the provider’s reason; "Try again" then succeeds', async () => {
    const tab = await pressSignIn(desktop);
    const redirect = await answerAtProvider(desktop, tab, { decision: 'deny' });
    expect(new URL(redirect.replace(/^docker-desktop:/, 'http:')).searchParams.get('error')).toBe(
      'access_denied',
    );
    await desktop.deliverDeepLink(redirect);

    await expectView(desktop, 'error');
    await region(desktop, 'error')
      .getByText(`You declined the sign-in at ${DEMO_PROVIDER_NAME}.`)
      .waitFor();
    await desktop.extension.getByRole('button', { name: 'Show details' }).click();
    await region(desktop, 'error')
      .getByText('The user denied the request.', { exact: false })
      .waitFor();
    await desktop.screenshotBothSchemes('05-error-declined');
    // Nothing was exchanged.
    expect(env.auth.stats.token).toBe(0);

    await tryAgainUntilSignedIn();
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the token endpoint failing', () => {
  it('down (503): the error view; "Try again" succeeds once it is back', async () => {
    const tab = await pressSignIn(desktop);
    const redirect = await answerAtProvider(desktop, tab);
    env.auth.setTokenEndpointMode('down');
    await desktop.deliverDeepLink(redirect);

    await expectView(desktop, 'error');
    await desktop.extension.getByRole('button', { name: 'Show details' }).click();
    await region(desktop, 'error').getByText('503').first().waitFor();
    await desktop.screenshotBothSchemes('06-error-token-endpoint-down');
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });

    env.auth.setTokenEndpointMode('normal');
    await tryAgainUntilSignedIn();
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 2 });
  });

  it('dropping the connection: the error view says the server could not be reached; retry succeeds', async () => {
    const tab = await pressSignIn(desktop);
    const redirect = await answerAtProvider(desktop, tab);
    env.auth.setTokenEndpointMode('reset');
    await desktop.deliverDeepLink(redirect);

    await expectView(desktop, 'error');
    await region(desktop, 'error').getByText(`Could not reach ${DEMO_PROVIDER_NAME}`).waitFor();
    await desktop.screenshotBothSchemes('07-error-network');

    env.auth.setTokenEndpointMode('normal');
    await tryAgainUntilSignedIn();
  });
});
