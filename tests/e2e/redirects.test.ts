/**
 * The redirect's way back through Docker Desktop: the extension tab reloaded meanwhile, the
 * same redirect delivered twice, a forged link while the browser is open, the answer pasted by
 * hand when Desktop never got it, a redirect arriving after the person cancelled.
 */
import { describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region, signIn } from './support/flows';

const NO_SIGN_IN_STARTED = 'no sign-in was started here';

const ctx = withDesktop();

describe('the extension tab reloaded while it waits for the browser', () => {
  it('still completes the sign-in', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const link = ctx.desktop.extension.getByRole('textbox', { name: 'Sign-in link' });
    const before = await link.inputValue();
    // Desktop ends the extension's UI when the person leaves the tab, and starts it afresh.
    await ctx.desktop.reloadExtension();
    // The waiting view comes back, with the same link (and the time left), not the sign-in button.
    await expectView(ctx.desktop, 'waiting');
    expect(await link.inputValue()).toBe(before);

    await ctx.desktop.deliverDeepLink(await answerAtProvider(ctx.desktop, tab));
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the same redirect delivered a second time (a stale link while signed in)', () => {
  it('leaves the person signed in and makes no second token request', async () => {
    const redirect = await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.token).toBe(1);

    expect(await ctx.desktop.deliverDeepLink(redirect)).toMatchObject({ delivered: true });
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.token).toBe(1);
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
    // And after a reload, still signed in: the view and the storage agree.
    await ctx.desktop.reloadExtension();
    await expectView(ctx.desktop, 'authorized');
  });
});

describe('a forged link while the browser is open', () => {
  it('is set aside quietly; the true answer then signs in', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const forged =
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension' +
      '&code=forged-code&state=forged-state';
    expect(await ctx.desktop.deliverDeepLink(forged)).toMatchObject({ delivered: true });
    await expectView(ctx.desktop, 'waiting');
    await region(ctx.desktop, 'waiting')
      .getByText(/did not belong to this sign-in/)
      .waitFor();
    await ctx.desktop.screenshotBothSchemes('08-waiting-answer-set-aside');
    expect(ctx.env.auth.stats.token).toBe(0);

    await ctx.desktop.deliverDeepLink(await answerAtProvider(ctx.desktop, tab));
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the answer never reaches Docker Desktop', () => {
  it('signs in with the address pasted by hand', async () => {
    const tab = await pressSignIn(ctx.desktop);
    // The browser ends on the docker-desktop:// address, and nothing happens.
    const address = await answerAtProvider(ctx.desktop, tab);
    const waiting = region(ctx.desktop, 'waiting');
    await waiting.getByLabel('Address from your browser').fill('https://example.com/not-it');
    await waiting.getByRole('button', { name: 'Continue' }).click();
    await waiting.getByText(/That is not a sign-in answer/).waitFor();

    await waiting.getByLabel('Address from your browser').fill(address);
    await waiting.getByRole('button', { name: 'Continue' }).click();
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('cancelling while waiting for the browser', () => {
  it('goes back to idle, and refuses the late redirect of the cancelled sign-in', async () => {
    const tab = await pressSignIn(ctx.desktop);
    await ctx.desktop.extension.getByRole('button', { name: 'Cancel' }).click();
    await expectView(ctx.desktop, 'idle');

    // The person finishes at the provider anyway; Desktop brings the answer back.
    const late = await answerAtProvider(ctx.desktop, tab);
    await ctx.desktop.deliverDeepLink(late);
    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error').getByText(NO_SIGN_IN_STARTED, { exact: false }).waitFor();
    await ctx.desktop.screenshotBothSchemes('09-error-no-sign-in-started');
    expect(ctx.env.auth.stats.token).toBe(0);
  });
});
