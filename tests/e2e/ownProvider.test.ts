/**
 * `npm start -- --own-provider`: the stand-in against the provider an author configured in
 * .env.production (here through the environment, which wins over the files as in `vite build`).
 * It runs with --dev and --no-visualizer, the combination a contributor uses to try a provider.
 * "Your provider" is the embedded authorization server started apart, with its own name and
 * client id, and the stand-in's loopback forwarder registered as a development redirect URI, as
 * the README tells an author to do.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import { FORWARDER_PATH } from '../../dev/standin/server';
import { launchChromium } from './support/browser';
import { DesktopSession } from './support/desktop';
import { expectView, region } from './support/flows';
import { freePort, type NpmStart, npmStart, npmStartUntilExit } from './support/npmStart';
import { signInAtProvider } from './support/provider';

const EXTENSION_ID = 'acme/oauth-extension';
const CLIENT_ID = 'my-extension-dev';
const PROVIDER_NAME = 'Example ID';

let port: number;
let provider: AuthServer;
let started: NpmStart | undefined;
let browser: Browser;
let desktop: DesktopSession | undefined;

beforeAll(async () => {
  port = await freePort();
  const forwarder = `http://127.0.0.1:${port}${FORWARDER_PATH}?extensionId=${EXTENSION_ID}`;
  provider = await startAuthServer({
    clientId: CLIENT_ID,
    providerName: PROVIDER_NAME,
    extraRedirectUris: [forwarder],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await desktop?.close();
  await started?.stop();
  await browser?.close();
  await provider?.close();
});

describe('npm start -- --own-provider', () => {
  it('signs in at your provider, with the loopback forwarder as the redirect URI (with --dev)', async () => {
    started = await npmStart(
      ['--own-provider', '--dev', '--no-visualizer', '--port', String(port)],
      {
        VITE_OAUTH_PROVIDER_NAME: PROVIDER_NAME,
        VITE_OAUTH_ISSUER: provider.issuer,
        VITE_OAUTH_CLIENT_ID: CLIENT_ID,
        VITE_OAUTH_SCOPES: 'openid profile email offline_access',
        VITE_OAUTH_EXTRA_PARAMS: 'prompt=consent',
      },
    );
    const redirectUri = `http://127.0.0.1:${port}${FORWARDER_PATH}?extensionId=${EXTENSION_ID}`;
    expect(started.url).toBe(`http://127.0.0.1:${port}/`);
    expect(started.output()).toContain(`Redirect URI    ${redirectUri}`);
    expect(started.output()).toContain(`${PROVIDER_NAME}: ${provider.issuer}, client ${CLIENT_ID}`);

    desktop = await DesktopSession.open({ browser, standin: { url: started.url } });
    await expectView(desktop, 'idle');
    // --no-visualizer holds with --dev too: the dev page installs no panel.
    expect(await desktop.extension.getByRole('button', { name: /State chart/ }).count()).toBe(0);
    await desktop.extension.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    const tab = await desktop.nextPopup();
    const authorize = new URL((await desktop.openedUrls())[0] ?? '');
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);

    await signInAtProvider(tab);
    await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(provider.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });

  it('names the setting to fill in when the provider is not configured', async () => {
    const other = await freePort();
    const { code, output } = await npmStartUntilExit(
      ['--own-provider', '--port', String(other), '--no-build'],
      { VITE_OAUTH_ISSUER: '', VITE_OAUTH_CLIENT_ID: CLIENT_ID },
    );
    expect(code).toBe(1);
    expect(output).toContain(
      '--own-provider signs in with the provider set in .env.production or .env.local (or the environment), and VITE_OAUTH_ISSUER is not set there',
    );
  });
});
