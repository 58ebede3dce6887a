/**
 * The development state visualizer as the stand-in loads it into the production build: it
 * follows the sign-in live, and what it shows holds no code, state, verifier or token.
 */
import { describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn } from './support/flows';

const ctx = withDesktop({ visualizer: true });

describe('the state visualizer in the stand-in', () => {
  it('follows the sign-in live and never shows a secret', async () => {
    const panel = ctx.desktop.extension.getByRole('region', { name: 'Statechart' });
    const current = ctx.desktop.extension.getByTestId('current-state');
    await ctx.desktop.extension.getByRole('button', { name: /State chart/ }).click();
    await panel.waitFor();
    await expect.poll(() => current.textContent()).toBe('idle');

    const tab = await pressSignIn(ctx.desktop);
    await expect.poll(() => current.textContent()).toMatch(/awaiting-browser.*waiting/);
    await ctx.desktop.screenshotBothSchemes('20-visualizer-mid-login');

    const redirect = await answerAtProvider(ctx.desktop, tab);
    await ctx.desktop.deliverDeepLink(redirect);
    await expectView(ctx.desktop, 'authorized');
    // After the reload the panel is back (it remembers being open) and shows where we are.
    await panel.waitFor();
    await expect.poll(() => current.textContent()).toMatch(/authorized.*ready/);
    await ctx.desktop.screenshotBothSchemes('21-visualizer-authorized');

    // Nothing the panel renders carries the redirect's code or state, nor the tokens.
    const params = new URL(redirect).searchParams;
    const session = await ctx.desktop
      .extensionFrame()
      .evaluate(() => window.localStorage.getItem('oauth.session'));
    const { accessToken, refreshToken } = JSON.parse(session as string).data as {
      accessToken: string;
      refreshToken: string;
    };
    const shown = await panel.innerHTML();
    expect(shown.length).toBeGreaterThan(1_000);
    for (const secret of [params.get('code'), params.get('state'), accessToken, refreshToken]) {
      expect(secret).toBeTruthy();
      expect(shown).not.toContain(secret);
    }
  });
});
