/**
 * Signing in as a new user would: the production build in the Docker Desktop stand-in, the
 * embedded authorization server, Chromium as the system browser. The provider redirects to the
 * production redirect URI (docker-desktop://dashboard/extension-tab?extensionId=...), which the
 * test hands to the stand-in as the operating system hands it to Desktop.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_NAME } from '../../dev/standin/demo';
import { DesktopSession, type E2eEnvironment, startE2eEnvironment } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region, signIn, view } from './support/flows';
import { decideConsent, providerStep, submitLogin } from './support/provider';

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

describe('signing in', () => {
  it('signs in with the demo password and shows the user by name', async () => {
    await expectView(desktop, 'idle');
    await desktop.screenshotBothSchemes('01-idle');

    const tab = await pressSignIn(desktop);
    // The browser opened at the provider's authorization endpoint, with PKCE.
    const opened = new URL((await desktop.openedUrls())[0] ?? '');
    expect(`${opened.origin}${opened.pathname}`).toBe(`${env.auth.issuer}/auth`);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.searchParams.get('redirect_uri')).toBe(env.auth.redirectUri);
    await desktop.screenshotBothSchemes('02-waiting-for-browser');

    expect(await providerStep(tab)).toBe('login');
    await desktop.screenshotTab(tab, '10-provider-login');
    await submitLogin(tab);
    await tab.getByRole('heading', { name: 'Authorize access' }).waitFor();
    await desktop.screenshotTab(tab, '11-provider-consent');
    await decideConsent(tab, 'allow');
    const redirect = await desktop.nextRedirect();
    await tab.close();
    expect(redirect.startsWith(env.auth.redirectUri.replace('acme/', 'acme%2F'))).toBe(true);

    expect(await desktop.deliverDeepLink(redirect)).toMatchObject({ delivered: true });
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    await region(desktop, 'authorized').getByText('dana@example.test').waitFor();
    await desktop.screenshotBothSchemes('03-authorized');

    // The redirect's parameters left the extension's address: a reload cannot replay them.
    expect(new URL(desktop.extensionFrame().url()).search).toBe('');
    await expect
      .poll(() => desktop.toasts())
      .toContainEqual({
        level: 'success',
        message: 'Signed in as Dana Demo.',
      });
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });

  it('shows progress while the token request is under way', async () => {
    const tab = await pressSignIn(desktop);
    const redirect = await answerAtProvider(desktop, tab);
    env.auth.setTokenEndpointMode('slow', 2000);
    await desktop.deliverDeepLink(redirect);
    await expectView(desktop, 'exchanging');
    await desktop.screenshotBothSchemes('04-signing-you-in');
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });

  it('keeps the person on the login page with its message after a wrong password', async () => {
    const tab = await pressSignIn(desktop);
    await submitLogin(tab, { password: 'not-the-password' });
    await tab.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    expect(await providerStep(tab)).toBe('login');
    await expect(tab.getByLabel('Password').inputValue()).resolves.toBe('');
    await desktop.screenshotTab(tab, '12-provider-wrong-password');
    expect(desktop.redirects).toHaveLength(0);
    // The extension keeps waiting for the browser.
    await expect(view(desktop, 'waiting').isVisible()).resolves.toBe(true);

    // The right password then signs in.
    await submitLogin(tab);
    await decideConsent(tab, 'allow');
    await desktop.deliverDeepLink(await desktop.nextRedirect());
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });

  it('stays signed in when Desktop reloads the extension tab', async () => {
    await signIn(desktop);
    await desktop.reloadExtension();
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });

  it('signs out back to the idle view', async () => {
    await signIn(desktop);
    await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(desktop, 'idle');
    await desktop.extension
      .getByRole('button', { name: `Sign in with ${DEMO_PROVIDER_NAME}` })
      .waitFor();
    // The refresh token was revoked at the server.
    expect(env.auth.stats.revocation).toBeGreaterThanOrEqual(1);
  });
});
