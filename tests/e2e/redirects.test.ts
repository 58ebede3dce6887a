/**
 * The redirect's way back through Docker Desktop: the extension tab reloaded meanwhile, the
 * same redirect delivered twice, a redirect arriving after the person cancelled.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DesktopSession, type E2eEnvironment, startE2eEnvironment } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region, signIn } from './support/flows';

const NO_SIGN_IN_STARTED = 'no sign-in was started here';

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

describe('the extension tab reloaded while it waits for the browser', () => {
  it('still completes the sign-in', async () => {
    const tab = await pressSignIn(desktop);
    // Desktop ends the extension's UI when the person leaves the tab, and starts it afresh.
    await desktop.reloadExtension();
    await expectView(desktop, 'idle');

    await desktop.deliverDeepLink(await answerAtProvider(desktop, tab));
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the same redirect delivered a second time', () => {
  it('makes no second token request', async () => {
    const redirect = await signIn(desktop);
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(env.auth.stats.token).toBe(1);

    expect(await desktop.deliverDeepLink(redirect)).toMatchObject({ delivered: true });
    await expectView(desktop, 'error');
    await region(desktop, 'error').getByText(NO_SIGN_IN_STARTED, { exact: false }).waitFor();
    await desktop.screenshotBothSchemes('08-error-replayed-redirect');
    expect(env.auth.stats.token).toBe(1);
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('cancelling while waiting for the browser', () => {
  it('goes back to idle, and refuses the late redirect of the cancelled sign-in', async () => {
    const tab = await pressSignIn(desktop);
    await desktop.extension.getByRole('button', { name: 'Cancel' }).click();
    await expectView(desktop, 'idle');

    // The person finishes at the provider anyway; Desktop brings the answer back.
    const late = await answerAtProvider(desktop, tab);
    await desktop.deliverDeepLink(late);
    await expectView(desktop, 'error');
    await region(desktop, 'error').getByText(NO_SIGN_IN_STARTED, { exact: false }).waitFor();
    await desktop.screenshotBothSchemes('09-error-no-sign-in-started');
    expect(env.auth.stats.token).toBe(0);
  });
});
