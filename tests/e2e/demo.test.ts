/**
 * `npm start`'s setup, as a person trying the demo meets it: an ordinary browser cannot follow
 * a docker-desktop:// redirect, so the provider redirects to the stand-in's loopback forwarder
 * (it plays https://open.docker.com/dashboard/extension-tab), which hands the answer to the
 * waiting Desktop shell. Nobody delivers anything by hand here.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DesktopSession, type E2eEnvironment, startE2eEnvironment } from './support/desktop';
import { expectView, pressSignIn, region } from './support/flows';
import { signInAtProvider } from './support/provider';

let env: E2eEnvironment;
let desktop: DesktopSession;

beforeAll(async () => {
  env = await startE2eEnvironment({ forwarder: true });
});

afterAll(async () => {
  await env?.close();
});

afterEach(async () => {
  await desktop?.close();
});

describe('the demo (npm start)', () => {
  it('signs in through the loopback forwarder, which tells the person to close the tab', async () => {
    desktop = await DesktopSession.open(env);
    const tab = await pressSignIn(desktop);
    const opened = new URL((await desktop.openedUrls())[0] ?? '');
    expect(opened.searchParams.get('redirect_uri')).toBe(env.standin.forwarderRedirectUri);
    expect(opened.searchParams.get('prompt')).toBe('consent');
    expect(opened.searchParams.get('scope')).toBe('openid profile email offline_access');

    await signInAtProvider(tab);
    await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
    await tab.getByText('you can close this tab').waitFor();
    await desktop.screenshotTab(tab, '13-forwarder-signed-in');

    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(desktop.redirects).toHaveLength(0);
    expect(env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
    // offline_access with prompt=consent: the server issued a refresh token, kept in the session.
    const keptRefreshToken = await desktop.extensionFrame().evaluate(() => {
      const saved = localStorage.getItem('oauth.session');
      return saved?.includes('"refreshToken"') === true;
    });
    expect(keptRefreshToken).toBe(true);
  });

  it('shows no console error, failed request or error answer from start to signed in', async () => {
    desktop = await DesktopSession.open(env);
    const tab = await pressSignIn(desktop);
    await signInAtProvider(tab);
    await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    // The avatar comes from the provider: wait until every image of the extension has loaded.
    const frame = desktop.extensionFrame();
    await expect
      .poll(() => frame.evaluate(() => [...document.images].every((image) => image.complete)))
      .toBe(true);
    expect(desktop.problems).toEqual([]);
    expect(desktop.pageErrors).toEqual([]);
  });

  it('has no backend: ddClient.extension.vm.service rejects with statusCode 503', async () => {
    desktop = await DesktopSession.open(env);
    await expectView(desktop, 'idle');
    const statusCode = await desktop.extensionFrame().evaluate(async () => {
      const client = (
        window as unknown as {
          ddClient: { extension: { vm: { service: { get(path: string): Promise<unknown> } } } };
        }
      ).ddClient;
      return client.extension.vm.service.get('/hello').then(
        () => 'answered',
        (error: { statusCode?: number }) => error.statusCode,
      );
    });
    expect(statusCode).toBe(503);
  });
});
