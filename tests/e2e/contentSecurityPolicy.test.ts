/**
 * The extension's Content-Security-Policy in Chromium: the page carries it as the stand-in
 * serves the build (pointed at the stand-in's own servers), a whole sign-in and sign-out run
 * under it without a violation, and the hook every end-to-end test relies on (withDesktop fails
 * a test after which the policy refused anything) does see a violation.
 */
import { describe, expect, it } from 'vitest';
import { standinContentSecurityPolicy } from '../../dev/standin/html';
import { withDesktop } from './support/desktop';
import { expectView, region, signIn } from './support/flows';

const ctx = withDesktop();

describe("the extension's Content-Security-Policy", () => {
  it("is the stand-in's rewrite of the build's policy, and governs the extension's frame", async () => {
    await expectView(ctx.desktop, 'idle');
    const policy = await ctx.desktop
      .extensionFrame()
      .evaluate(
        () =>
          document
            .querySelector('meta[http-equiv="Content-Security-Policy"]')
            ?.getAttribute('content') ?? null,
      );
    expect(policy).toBe(standinContentSecurityPolicy(ctx.env.standin.config));
    expect(policy).toContain(`connect-src ${new URL(ctx.env.auth.issuer).origin} 'self'`);
  });

  it('lets a whole sign-in, the avatar and sign-out run without a violation', async () => {
    await signIn(ctx.desktop);
    const signedIn = region(ctx.desktop, 'authorized');
    await signedIn.getByText('Dana Demo', { exact: true }).waitFor();
    // The demo's picture is a data: image: shown (loaded), without a referrer.
    const avatar = signedIn.locator('img');
    await expect
      .poll(() =>
        avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await avatar.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await avatar.getAttribute('referrerpolicy')).toBe('no-referrer');
    await ctx.desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(ctx.desktop, 'idle');
    // withDesktop's afterEach asserts that nothing was refused; said here for the reader too.
    expect(ctx.desktop.cspViolations).toEqual([]);
  });

  it('reports what it refuses: the hook that fails every end-to-end test sees it', async () => {
    await expectView(ctx.desktop, 'idle');
    const frame = ctx.desktop.extensionFrame();
    const errors: string[] = [];
    ctx.desktop.page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // An inline script, and a request to a server the policy does not name.
    await frame.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      await fetch('http://127.0.0.1:9/elsewhere').catch(() => undefined);
    });
    expect(await frame.evaluate(() => 'inlineRan' in window || '__inlineRan' in window)).toBe(
      false,
    );
    await expect
      .poll(() => ctx.desktop.cspViolations.map((violation) => violation.text).join('\n'))
      .toMatch(/script-src[\s\S]*connect-src|connect-src[\s\S]*script-src/);
    expect(() => ctx.desktop.assertNoCspViolations()).toThrow(
      /The extension's Content-Security-Policy refused \d+ thing\(s\):\n {2}- \[(event|console)\]/,
    );
    const seen = ctx.desktop.takeCspViolations();
    expect(seen.map((violation) => violation.via)).toEqual(
      expect.arrayContaining(['event', 'console']),
    );
    expect(seen.find((violation) => violation.via === 'event')?.text).toMatch(
      /^(script-src-elem refused inline|connect-src refused http:\/\/127\.0\.0\.1:9\/elsewhere)/,
    );
    // The extension itself tells an author what to set, naming the origin only.
    await expect
      .poll(() => errors)
      .toContainEqual(
        "The page's Content-Security-Policy refused a connection to http://127.0.0.1:9. If the " +
          "provider's discovery names it, add it to VITE_OAUTH_CONNECT_ORIGINS and rebuild.",
      );
    // Forgotten once taken: this test's own violations do not fail it.
    expect(() => ctx.desktop.assertNoCspViolations()).not.toThrow();
  });
});
