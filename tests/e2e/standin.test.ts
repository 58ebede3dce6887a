/**
 * The Docker Desktop stand-in itself (dev/standin), against a fixture extension rather than the
 * production build: the shell hosts the extension, the shim is there before the app's scripts,
 * Desktop's calls reach the shell, deep links and the https forwarder reload the extension tab
 * with the redirect's query.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rewriteExtensionHtml } from '../../dev/standin/html';
import { FORWARDER_PATH } from '../../dev/standin/server';
import {
  DesktopSession,
  type E2eEnvironment,
  type StandinWindow,
  startE2eEnvironment,
} from './support/desktop';

const FIXTURE_UI = fileURLToPath(new URL('./fixtures/ui/', import.meta.url));
const EXTENSION_ID = 'acme/oauth-extension';

interface FixtureWindow {
  __fixture: { hadDdClientAtStart: boolean; search: string; config: Record<string, unknown> };
  ddClient: {
    host: { openExternal(url: string): void; platform: string };
    desktopUI: { toast: Record<'success' | 'warning' | 'error', (message: string) => void> };
    extension: {
      image: string;
      vm: {
        service: {
          get(path: string): Promise<unknown>;
          post(path: string, body: unknown): Promise<unknown>;
        };
      };
    };
  };
}

let env: E2eEnvironment;
let backend: Server;
let desktop: DesktopSession;

beforeAll(async () => {
  // A tiny extension backend, to check that vm.service reaches it through the stand-in.
  backend = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/hello') return res.end(JSON.stringify({ hello: 'from the backend' }));
    res.statusCode = 404;
    res.end(JSON.stringify({ message: 'no such route' }));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const { port } = backend.address() as AddressInfo;
  env = await startE2eEnvironment({ uiDir: FIXTURE_UI, backendUrl: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => backend?.close(resolve));
});

beforeEach(async () => {
  desktop = await DesktopSession.open(env);
});

afterEach(async () => {
  await desktop?.close();
});

const fixture = (session: DesktopSession) =>
  session.extensionFrame().evaluate(() => (window as unknown as FixtureWindow).__fixture);

describe('the shell page', () => {
  it('hosts the extension in a frame under a Desktop header', async () => {
    await expect(
      desktop.page.getByRole('heading', { name: 'Docker Desktop (local stand-in)' }).isVisible(),
    ).resolves.toBe(true);
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    expect(desktop.extensionFrame().url()).toBe(env.standin.extensionUrl);
  });

  it('defines window.ddClient before the extension runs, and rewrites the configuration block', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const seen = await fixture(desktop);
    expect(seen.hadDdClientAtStart).toBe(true);
    expect(seen.config).toMatchObject({
      issuer: env.auth.issuer,
      clientId: env.auth.clientId,
      extensionId: EXTENSION_ID,
      redirectStyle: 'docker-desktop',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      extraAuthorizationParams: { prompt: 'consent' },
    });
    const image = await desktop
      .extensionFrame()
      .evaluate(() => (window as unknown as FixtureWindow).ddClient.extension.image);
    expect(image).toBe(EXTENSION_ID);
  });

  it('opens http(s) addresses from openExternal in a new browser tab, and nothing else', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const target = `${env.auth.issuer}/.well-known/openid-configuration`;
    await desktop
      .extensionFrame()
      .evaluate(
        (url) => (window as unknown as FixtureWindow).ddClient.host.openExternal(url),
        target,
      );
    const tab = await desktop.nextPopup();
    await tab.waitForLoadState();
    expect(tab.url()).toBe(target);

    await desktop
      .extensionFrame()
      .evaluate(() =>
        (window as unknown as FixtureWindow).ddClient.host.openExternal('file:///etc/passwd'),
      );
    await desktop.page.getByText('Desktop ignored openExternal').waitFor();
    expect(await desktop.openedUrls()).toEqual([target]);
    expect(desktop.popups).toHaveLength(1);
  });

  it('shows the extension toasts as text in a status region', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    await desktop.extensionFrame().evaluate(() => {
      const { toast } = (window as unknown as FixtureWindow).ddClient.desktopUI;
      toast.success('Signed in as Dana Demo.');
      toast.error('Something failed.');
    });
    const notifications = desktop.page.getByRole('status', { name: 'Notifications' });
    await notifications.getByText('Something failed.').waitFor();
    await expect(notifications.getByText('Signed in as Dana Demo.').isVisible()).resolves.toBe(
      true,
    );
    expect(await desktop.toasts()).toEqual([
      { level: 'success', message: 'Signed in as Dana Demo.' },
      { level: 'error', message: 'Something failed.' },
    ]);
  });

  it('reaches the backend through vm.service, rejecting with statusCode on errors', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const answers = await desktop.extensionFrame().evaluate(async () => {
      const { service } = (window as unknown as FixtureWindow).ddClient.extension.vm;
      const ok = await service.get('/hello');
      const failed = await service
        .get('/missing')
        .catch((error: { statusCode: number }) => error.statusCode);
      return { ok, failed };
    });
    expect(answers).toEqual({ ok: { hello: 'from the backend' }, failed: 404 });
  });

  it('lets the extension follow a forced light/dark switch through prefers-color-scheme', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const dark = () =>
      desktop
        .extensionFrame()
        .evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
    expect(await dark()).toBe(false);
    // The shell tells the frame by postMessage: the switch lands a moment after the click.
    await desktop.page.getByRole('button', { name: 'Dark mode' }).click();
    await expect.poll(dark).toBe(true);
    await desktop.reloadExtension();
    expect(await dark()).toBe(true);
    await desktop.page.getByRole('button', { name: 'Light mode' }).click();
    await expect.poll(dark).toBe(false);
  });
});

describe('deep links', () => {
  it('reloads the extension tab with the query of a docker-desktop:// link, unchanged', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const query =
      'extensionId=acme%2Foauth-extension&code=abc&state=xyz&iss=http%3A%2F%2F127.0.0.1';
    const result = await desktop.deliverDeepLink(
      `docker-desktop://dashboard/extension-tab?${query}`,
    );
    expect(result).toEqual({ delivered: true, query });
    await desktop.extension.getByText(`search: ?${query}`).waitFor();
    expect((await fixture(desktop)).search).toBe(`?${query}`);
  });

  it('accepts the https forwarder form too', async () => {
    const result = await desktop.deliverDeepLink(
      'https://open.docker.com/dashboard/extension-tab?extensionId=acme/oauth-extension&error=access_denied',
    );
    expect(result.delivered).toBe(true);
    await desktop.extension
      .getByText('search: ?extensionId=acme/oauth-extension&error=access_denied')
      .waitFor();
  });

  it('ignores links for another extension or no extension, and says so', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const loads = await desktop.page.evaluate(
      () => (window as unknown as StandinWindow).__standin.extensionLoads,
    );
    const other = await desktop.deliverDeepLink(
      'docker-desktop://dashboard/extension-tab?extensionId=evil%2Fextension&code=abc',
    );
    expect(other).toMatchObject({ delivered: false });
    expect(other.reason).toContain('another extension');
    const none = await desktop.deliverDeepLink('docker-desktop://dashboard/extension-tab?code=abc');
    expect(none).toMatchObject({ delivered: false });
    const elsewhere = await desktop.deliverDeepLink(
      'docker-desktop://dashboard/containers?extensionId=acme%2Foauth-extension',
    );
    expect(elsewhere).toMatchObject({ delivered: false });
    await desktop.page.getByText('Ignored a link: the link is for another extension').waitFor();
    expect(
      await desktop.page.evaluate(
        () => (window as unknown as StandinWindow).__standin.extensionLoads,
      ),
    ).toBe(loads);
  });

  it('reloads the extension without a query on reloadExtension()', async () => {
    await desktop.deliverDeepLink(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension&code=1',
    );
    await desktop.extension.getByText('search: ?extensionId').waitFor();
    await desktop.reloadExtension();
    expect((await fixture(desktop)).search).toBe('');
  });
});

describe('the https forwarder stand-in', () => {
  it('hands the redirect to the waiting shell, once, and tells the person to close the tab', async () => {
    await desktop.extension.getByRole('heading', { name: 'Fixture extension' }).waitFor();
    const query = 'extensionId=acme%2Foauth-extension&code=forwarded&state=s1';
    const tab = await desktop.context.newPage();
    await tab.goto(`${env.standin.url.replace(/\/$/, '')}${FORWARDER_PATH}?${query}`);
    await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
    await expect(tab.getByText('you can close this tab').isVisible()).resolves.toBe(true);
    // The query left the forwarder's address: a reload cannot hand it over again.
    expect(new URL(tab.url()).search).toBe('');
    await desktop.extension.getByText(`search: ?${query}`).waitFor();

    const again = await desktop.context.newPage();
    await again.goto(`${env.standin.url.replace(/\/$/, '')}${FORWARDER_PATH}?${query}`);
    await again.getByText('already handed over').waitFor();
  });

  it('forwards an error answer and says the sign-in was not completed', async () => {
    const tab = await desktop.context.newPage();
    await tab.goto(
      `${env.standin.forwarderRedirectUri}&error=access_denied&error_description=The+user+denied&state=s2`,
    );
    await tab.getByRole('heading', { name: 'The sign-in was not completed' }).waitFor();
    await desktop.extension.getByText('error=access_denied').waitFor();
  });

  it('refuses an answer for another extension', async () => {
    const tab = await desktop.context.newPage();
    await tab.goto(
      `${env.standin.url.replace(/\/$/, '')}${FORWARDER_PATH}?extensionId=other%2Fext&code=x`,
    );
    await tab.getByText('another extension').waitFor();
  });
});

describe('serving the build', () => {
  it('serves nothing outside the UI folder', async () => {
    for (const path of ['..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd', '..%5C..%5Cpackage.json']) {
      const answer = await fetch(`${env.standin.url}extension/${path}`);
      expect(answer.status, path).toBe(404);
    }
    expect((await fetch(`${env.standin.url}extension/assets/app.js`)).status).toBe(200);
  });
});

describe('rewriteExtensionHtml', () => {
  const config = {
    displayName: 'Acme </script><script>alert(1)</script>',
    issuer: 'http://127.0.0.1:4000',
    clientId: 'docker-extension-demo',
    scopes: ['openid'],
    extensionId: EXTENSION_ID,
    redirectStyle: 'docker-desktop' as const,
  };
  const built =
    '<!doctype html><html><head><script type="module" crossorigin src="./assets/index-abc.js"></script>' +
    '<link rel="stylesheet" href="./assets/index.css"></head><body><div id="root"></div></body></html>';

  it('inserts the configuration block and the shim before the app script when the build has no block', () => {
    const html = rewriteExtensionHtml(built, config);
    const block = html.indexOf('id="oauth-config"');
    const shim = html.indexOf('/__standin/ddclient.js');
    const app = html.indexOf('./assets/index-abc.js');
    expect(block).toBeGreaterThan(-1);
    expect(block).toBeLessThan(shim);
    expect(shim).toBeLessThan(app);
  });

  it('replaces an existing block, wherever it is, and keeps the JSON inside its script element', () => {
    const withBlock = built.replace(
      '<div id="root">',
      '<script type="application/json" id="oauth-config">{"issuer":"https://old.example"}</script><div id="root">',
    );
    const html = rewriteExtensionHtml(withBlock, config);
    expect(html).not.toContain('old.example');
    expect(html.match(/id="oauth-config"/g)).toHaveLength(1);
    expect(html).not.toContain('</script><script>alert(1)');
    const json = /<script type="application\/json" id="oauth-config">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    // As a build writes it: validated, with its defaults.
    expect(JSON.parse(json ?? '')).toEqual({ ...config, mode: 'page', flow: 'code' });
    expect(html.indexOf('/__standin/ddclient.js')).toBeLessThan(
      html.indexOf('./assets/index-abc.js'),
    );
  });
});
