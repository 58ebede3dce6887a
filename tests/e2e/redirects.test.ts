/**
 * The redirect's way back through Docker Desktop: the extension tab reloaded meanwhile, the
 * same redirect delivered twice, a redirect arriving after the person cancelled.
 */
import { describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region, signIn } from './support/flows';

const NO_SIGN_IN_STARTED = 'no sign-in was started here';

const ctx = withDesktop();

describe('the extension tab reloaded while it waits for the browser', () => {
  it('still completes the sign-in', async () => {
    const tab = await pressSignIn(ctx.desktop);
    // Desktop ends the extension's UI when the person leaves the tab, and starts it afresh.
    await ctx.desktop.reloadExtension();
    await expectView(ctx.desktop, 'idle');

    await ctx.desktop.deliverDeepLink(await answerAtProvider(ctx.desktop, tab));
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the same redirect delivered a second time', () => {
  it('makes no second token request', async () => {
    const redirect = await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.token).toBe(1);

    expect(await ctx.desktop.deliverDeepLink(redirect)).toMatchObject({ delivered: true });
    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error').getByText(NO_SIGN_IN_STARTED, { exact: false }).waitFor();
    await ctx.desktop.screenshotBothSchemes('08-error-replayed-redirect');
    expect(ctx.env.auth.stats.token).toBe(1);
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
