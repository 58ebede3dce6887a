/**
 * Signing in as a new user would: the production build in the Docker Desktop stand-in, the
 * embedded authorization server, Chromium as the system browser. The provider redirects to the
 * production redirect URI (docker-desktop://dashboard/extension-tab?extensionId=...), which the
 * test hands to the stand-in as the operating system hands it to Desktop.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_NAME } from '../../dev/standin/demo';
import { withDesktop } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region, signIn, view } from './support/flows';
import { decideConsent, providerStep, submitLogin } from './support/provider';

const ctx = withDesktop();

describe('signing in', () => {
  it('signs in with the demo password and shows the user by name', async () => {
    await expectView(ctx.desktop, 'idle');
    await ctx.desktop.screenshotBothSchemes('01-idle');

    const tab = await pressSignIn(ctx.desktop);
    // The browser opened at the provider's authorization endpoint, with PKCE.
    const opened = new URL((await ctx.desktop.openedUrls())[0] ?? '');
    expect(`${opened.origin}${opened.pathname}`).toBe(`${ctx.env.auth.issuer}/auth`);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.searchParams.get('redirect_uri')).toBe(ctx.env.auth.redirectUri);
    await ctx.desktop.screenshotBothSchemes('02-waiting-for-browser');

    expect(await providerStep(tab)).toBe('login');
    await ctx.desktop.screenshotTab(tab, '10-provider-login');
    await submitLogin(tab);
    await tab.getByRole('heading', { name: 'Authorize access' }).waitFor();
    await ctx.desktop.screenshotTab(tab, '11-provider-consent');
    await decideConsent(tab, 'allow');
    const redirect = await ctx.desktop.nextRedirect();
    await tab.close();
    expect(redirect.startsWith(ctx.env.auth.redirectUri.replace('acme/', 'acme%2F'))).toBe(true);

    expect(await ctx.desktop.deliverDeepLink(redirect)).toMatchObject({ delivered: true });
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    await region(ctx.desktop, 'authorized').getByText('dana@example.test').waitFor();
    await ctx.desktop.screenshotBothSchemes('03-authorized');

    // The redirect's parameters left the extension's address: a reload cannot replay them.
    expect(new URL(ctx.desktop.extensionFrame().url()).search).toBe('');
    await expect
      .poll(() => ctx.desktop.toasts())
      .toContainEqual({
        level: 'success',
        message: 'Signed in as Dana Demo.',
      });
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });

  it('shows progress while the token request is under way', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const redirect = await answerAtProvider(ctx.desktop, tab);
    ctx.env.auth.setTokenEndpointMode('slow', 2000);
    await ctx.desktop.deliverDeepLink(redirect);
    await expectView(ctx.desktop, 'exchanging');
    await ctx.desktop.screenshotBothSchemes('04-signing-you-in');
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });

  it('keeps the person on the login page with its message after a wrong password', async () => {
    const tab = await pressSignIn(ctx.desktop);
    await submitLogin(tab, { password: 'not-the-password' });
    await tab.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    expect(await providerStep(tab)).toBe('login');
    await expect(tab.getByLabel('Password').inputValue()).resolves.toBe('');
    await ctx.desktop.screenshotTab(tab, '12-provider-wrong-password');
    expect(ctx.desktop.redirects).toHaveLength(0);
    // The extension keeps waiting for the browser.
    await expect(view(ctx.desktop, 'waiting').isVisible()).resolves.toBe(true);

    // The right password then signs in.
    await submitLogin(tab);
    await decideConsent(tab, 'allow');
    await ctx.desktop.deliverDeepLink(await ctx.desktop.nextRedirect());
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });

  it('stays signed in when Desktop reloads the extension tab', async () => {
    await signIn(ctx.desktop);
    await ctx.desktop.reloadExtension();
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });

  it('signs out back to the idle view', async () => {
    await signIn(ctx.desktop);
    await ctx.desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(ctx.desktop, 'idle');
    await ctx.desktop.extension
      .getByRole('button', { name: `Sign in with ${DEMO_PROVIDER_NAME}` })
      .waitFor();
    // The refresh token was revoked at the server.
    expect(ctx.env.auth.stats.revocation).toBeGreaterThanOrEqual(1);
  });
});
