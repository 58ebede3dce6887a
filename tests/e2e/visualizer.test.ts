/**
 * The development state visualizer as the stand-in loads it into the production build: it
 * follows the sign-in live, and what it shows holds no code, state, verifier or token; it sits
 * beside the extension, shows the whole chart when it opens, and resizes with its handle.
 */
import type { Locator } from 'playwright-core';
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

  it('sits beside the extension, shows the whole chart on open, and resizes with its handle', async () => {
    const { extension } = ctx.desktop;
    const box = async (locator: Locator) => {
      const found = await locator.boundingBox();
      expect(found).not.toBeNull();
      return found as NonNullable<typeof found>;
    };
    const apart = (
      a: { x: number; y: number; width: number; height: number },
      b: { x: number; y: number; width: number; height: number },
    ) =>
      a.x + a.width <= b.x ||
      b.x + b.width <= a.x ||
      a.y + a.height <= b.y ||
      b.y + b.height <= a.y;
    const frame = await box(ctx.desktop.page.locator('#extension'));
    const panel = extension.getByRole('complementary', { name: /statechart/i });
    const app = extension.locator('#root');
    const signIn = extension.getByRole('button', { name: /^Sign in with/ });
    await signIn.waitFor();
    const wide = await box(app);

    await extension.getByRole('button', { name: /State chart/ }).click();
    const chart = extension.locator('[data-testid="statechart"] [data-state-id="auth"] > rect');
    await chart.waitFor();
    const opened = await box(panel);
    // In the extension's frame, on its right, over none of the extension's page.
    expect(opened.x + opened.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    expect(opened.width).toBeGreaterThanOrEqual(260);
    const beside = await box(app);
    expect(apart(beside, opened), JSON.stringify({ beside, opened })).toBe(true);
    expect(beside.width).toBeLessThan(wide.width);
    // What is at the sign-in button's centre is the button: nothing covers it.
    const button = await box(signIn);
    const hit = await ctx.desktop
      .extensionFrame()
      .evaluate(
        ([x, y]) =>
          document.elementFromPoint(x as number, y as number)?.closest('button')?.textContent,
        [button.x - frame.x + button.width / 2, button.y - frame.y + button.height / 2],
      );
    expect(hit).toMatch(/^Sign in with/);
    // The whole chart is in the panel, in its chart area.
    const drawn = await box(chart);
    const area = await box(extension.locator('[data-testid="statechart"]'));
    for (const container of [opened, area]) {
      expect(drawn.x).toBeGreaterThanOrEqual(container.x - 0.5);
      expect(drawn.y).toBeGreaterThanOrEqual(container.y - 0.5);
      expect(drawn.x + drawn.width).toBeLessThanOrEqual(container.x + container.width + 0.5);
      expect(drawn.y + drawn.height).toBeLessThanOrEqual(container.y + container.height + 0.5);
    }
    await ctx.desktop.screenshotBothSchemes('22-visualizer-beside');

    // Dragging the handle to the left widens the panel; the extension still gives it room.
    const handle = extension.getByRole('separator', { name: /resize/i });
    const grip = await box(handle);
    const { mouse } = ctx.desktop.page;
    await mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await mouse.down();
    await mouse.move(grip.x + grip.width / 2 - 150, grip.y + grip.height / 2, { steps: 6 });
    await mouse.up();
    await expect.poll(async () => (await box(panel)).width).toBeGreaterThan(opened.width + 100);
    const resized = await box(panel);
    const narrower = await box(app);
    expect(apart(narrower, resized), JSON.stringify({ narrower, resized })).toBe(true);
    expect(narrower.width).toBeLessThan(beside.width);
    expect(await handle.getAttribute('aria-valuenow')).toBe(String(Math.round(resized.width)));
    // And with the keyboard: ArrowRight narrows it again.
    await handle.focus();
    await ctx.desktop.page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await box(panel)).width).toBeLessThan(resized.width);
    await ctx.desktop.screenshotBothSchemes('23-visualizer-resized');
  });
});
