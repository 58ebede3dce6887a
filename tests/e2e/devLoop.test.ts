/**
 * `npm start -- --dev`: the extension from the Vite dev server inside the Docker Desktop
 * stand-in. The dev server runs on a throw-away copy of the sources (support/sourceCopy.ts),
 * which the tests edit as a contributor would; the repository's own files are never touched.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type StandinWindow, withDesktop } from './support/desktop';
import { expectView, pressSignIn, region } from './support/flows';
import { signInAtProvider } from './support/provider';
import { copyUiSources } from './support/sourceCopy';

const sources = copyUiSources();
// Registered first, so it runs after the servers have stopped.
afterAll(() => sources.remove());

const ctx = withDesktop({
  forwarder: true,
  visualizer: true,
  dev: { root: sources.root, cacheDir: sources.cacheDir, logLevel: 'warn' },
});

interface MarkedWindow {
  __loadedOnce?: true;
}

/** Marks the shell's and the extension's windows: a reload of either drops its mark. */
async function markWindows(): Promise<void> {
  await ctx.desktop.page.evaluate(() => {
    (window as MarkedWindow).__loadedOnce = true;
  });
  await ctx.desktop.extensionFrame().evaluate(() => {
    (window as MarkedWindow).__loadedOnce = true;
  });
}

async function marks(): Promise<{ shell: boolean; extension: boolean; extensionLoads: number }> {
  return {
    shell: await ctx.desktop.page.evaluate(() => (window as MarkedWindow).__loadedOnce === true),
    extension: await ctx.desktop
      .extensionFrame()
      .evaluate(() => (window as MarkedWindow).__loadedOnce === true),
    extensionLoads: await ctx.desktop.page.evaluate(
      () => (window as unknown as StandinWindow).__standin.extensionLoads,
    ),
  };
}

// The dev server serves the sources unbundled (about 15 MB per page load with the visualizer),
// so these take longer than the other end-to-end tests on a busy machine.
describe('npm start -- --dev', { timeout: 120_000 }, () => {
  it('shows a change to a view at once, without a reload, also mid-sign-in, which then completes', async () => {
    await expectView(ctx.desktop, 'idle');
    await markWindows();
    const before = await marks();

    // The words are in src/ui/texts.ts; a view's own markup is what hot-swaps without a reload.
    sources.edit('src/ui/views/IdleView.tsx', (text) =>
      text.replace('<Typography>', '<Typography>\n        Edited while running:{" "}'),
    );
    await region(ctx.desktop, 'idle').getByText('Edited while running: This extension').waitFor();
    // Neither the extension's page nor the stand-in's shell was reloaded.
    expect(await marks()).toEqual({ ...before, shell: true, extension: true });

    const tab = await pressSignIn(ctx.desktop);
    sources.edit('src/ui/views/WaitingView.tsx', (text) =>
      text.replace('{texts.intro(providerName)}', '{texts.intro(providerName)} (edited)'),
    );
    await region(ctx.desktop, 'waiting').getByText('copy the link below. (edited)').waitFor();
    expect(await marks()).toEqual({ ...before, shell: true, extension: true });

    await signInAtProvider(tab);
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
    expect(ctx.desktop.problems).toEqual([]);
    expect(ctx.desktop.pageErrors).toEqual([]);
  });

  it('reloads only the extension on a statechart change; the visualizer draws the new chart', async () => {
    const panel = ctx.desktop.extension.getByRole('region', { name: 'Statechart' });
    await ctx.desktop.extension.getByRole('button', { name: /State chart/ }).click();
    await panel.waitFor();
    const tab = await pressSignIn(ctx.desktop);
    await markWindows();
    const before = await marks();

    // A new (unreachable) state: harmless to the flow, visible in the drawn chart.
    sources.edit('src/machines/authMachine.ts', (text) =>
      text.replace(/\n {4}error: \{\n/, "\n    'added-while-running': {},\n    error: {\n"),
    );
    await expect
      .poll(async () => (await marks()).extensionLoads, { timeout: 30_000 })
      .toBeGreaterThan(before.extensionLoads);
    // The panel draws the chart from the running machine's definition (its node ids).
    await expect
      .poll(() => panel.getByTestId('statechart').innerHTML())
      .toContain('auth.added-while-running');
    const after = await marks();
    expect(after.shell).toBe(true);
    expect(after.extension).toBe(false);

    // The sign-in in progress was saved before the browser opened: it carries on.
    await signInAtProvider(tab);
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });
});
