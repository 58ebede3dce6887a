/**
 * src/main.tsx, the composition root, as the page loads it: it renders into #root under
 * React.StrictMode by itself (so this file has no plain/StrictMode pair), reading
 * window.ddClient and the provider settings embedded in index.html at build time.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_BLOCK_ID, configBlockHtml, demoProviderSettings } from '../../../src/config';
import type { DesktopWindow } from '../../../src/desktop/desktopClient';
import { loadProviderSettings } from '../../../src/providerMode';
import { fakeDdClient } from '../desktop/fakeDdClient';

/** The page as the demo build writes it: the settings block in the head, #root in the body. */
function builtPage(): void {
  // Inserted beside emotion's <style> elements, which must stay where they are.
  document.head.insertAdjacentHTML(
    'beforeend',
    configBlockHtml(loadProviderSettings(demoProviderSettings)),
  );
  document.body.innerHTML = '<div id="root"></div>';
}

afterEach(() => {
  document.getElementById(CONFIG_BLOCK_ID)?.remove();
  document.body.innerHTML = '';
  delete (window as DesktopWindow).ddClient;
  vi.resetModules();
  vi.unstubAllGlobals();
});

// Each test imports the whole page afresh (MUI included): seconds on a busy machine. A time
// limit, not an assertion.
describe('main.tsx', { timeout: 30_000 }, () => {
  it('renders the sign-in for the configured provider inside Docker Desktop', async () => {
    builtPage();
    const fake = fakeDdClient();
    (window as DesktopWindow).ddClient = fake.client;
    await import('../../../src/main');
    const region = await screen.findByRole('region', { name: 'Sign in' });
    expect(region.textContent).toContain('(127.0.0.1:4000)');
    expect(screen.getByRole('button', { name: 'Sign in with Demo ID' })).toBeTruthy();
  });

  it('says the sign-in is not configured when index.html carries no settings block', async () => {
    document.body.innerHTML = '<div id="root"></div>';
    (window as DesktopWindow).ddClient = fakeDdClient().client;
    await import('../../../src/main');
    expect(
      await screen.findByRole('region', { name: 'Sign-in is not configured correctly' }),
    ).toBeTruthy();
  });

  it('explains what is wrong when the page is not in Docker Desktop', async () => {
    builtPage();
    await import('../../../src/main');
    expect(
      await screen.findByRole('region', { name: 'Open this extension in Docker Desktop' }),
    ).toBeTruthy();
  });

  it('opens the browser once per click despite StrictMode (fetch stubbed: no network)', async () => {
    builtPage();
    const fake = fakeDdClient();
    (window as DesktopWindow).ddClient = fake.client;
    const discovery = {
      issuer: 'http://127.0.0.1:4000',
      authorization_endpoint: 'http://127.0.0.1:4000/auth',
      token_endpoint: 'http://127.0.0.1:4000/token',
      code_challenge_methods_supported: ['S256'],
    };
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify(discovery), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    // jsdom's ArrayBuffer is not the one crypto.subtle answers with, and oauth4webapi checks
    // `instanceof ArrayBuffer` when encoding the PKCE challenge: give it the engine's own.
    const digest = await crypto.subtle.digest('SHA-256', new Uint8Array([1]));
    vi.stubGlobal('ArrayBuffer', digest.constructor);
    await import('../../../src/main');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in with Demo ID' }));
    await screen.findByRole('region', { name: 'Continue in your browser' });
    expect(fake.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.openExternal.mock.calls[0]?.[0]).toMatch(/^http:\/\/127\.0\.0\.1:4000\/auth\?/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
