/**
 * Backend mode in Chromium through the stand-in (`npm start -- --backend`'s setup): the
 * authorization server accepts only the confidential client and sends no CORS headers to the
 * page, so every sign-in here is completed by the extension's backend. Sign-in, reloads,
 * refresh, sign-out with revocation, the backend down and back, both answer shapes of
 * vm.service; and the page's storage never holds the refresh token or the secret.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
import {
  answerAtProvider,
  expectView,
  pressSignIn,
  region,
  SIGN_IN_BUTTON,
  signIn,
} from './support/flows';

/** Short enough to see refreshes in a test; the machine refreshes halfway through. */
const ACCESS_TOKEN_TTL_SECONDS = 4;

const ctx = withDesktop({
  backend: {},
  authServer: { accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS },
});

beforeEach(async () => {
  // A fresh installation for every test: the backend's session would outlive the browser's.
  await backend().reset();
});

afterEach(() => {
  ctx.env.standin.setBackendAnswers('plain');
});

function backend() {
  const running = ctx.env.backend;
  if (!running) throw new Error('This file runs in backend mode');
  return running;
}

/** The backend's stored session (the file in its volume). */
function storedSession(): { refreshToken?: string; accessToken: string } | null {
  try {
    return JSON.parse(readFileSync(backend().sessionFile, 'utf8')).tokens;
  } catch {
    return null;
  }
}

/** Everything the extension's page keeps in its localStorage, as text. */
function pageStorage(): Promise<string> {
  return ctx.desktop
    .extensionFrame()
    .evaluate(() => JSON.stringify(Object.entries(window.localStorage)));
}

function backendLogs(): string {
  return readFileSync(backend().logFile, 'utf8');
}

describe('sign-in through the backend', () => {
  it('signs in; the page’s storage holds no refresh token, no access token, no secret', async () => {
    await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.tokenByGrantType.authorization_code).toBe(1);
    const session = storedSession();
    expect(session?.refreshToken).toBeTruthy();
    const storage = await pageStorage();
    expect(storage).not.toContain(session?.refreshToken);
    expect(storage).not.toContain(session?.accessToken);
    expect(storage).not.toMatch(/secret/i);
    expect(backendLogs()).not.toContain(session?.refreshToken);
    expect(ctx.desktop.pageErrors).toEqual([]);
  });

  it('with Desktop 4.42’s wrapped answers too', async () => {
    ctx.env.standin.setBackendAnswers('wrapped');
    await ctx.desktop.reloadExtension();
    await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });

  it('survives a reload while waiting for the browser (the backend keeps the verifier)', async () => {
    const tab = await pressSignIn(ctx.desktop);
    // Desktop ends the extension's UI when the person leaves the tab, and starts it afresh:
    // the waiting view comes back (the page keeps the pending record, the backend its verifier).
    await ctx.desktop.reloadExtension();
    await expectView(ctx.desktop, 'waiting');
    const redirect = await answerAtProvider(ctx.desktop, tab);
    await ctx.desktop.deliverDeepLink(redirect);
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    // The code was exchanged once (a refresh may follow: the tokens here live 4 s).
    expect(ctx.env.auth.stats.tokenByGrantType.authorization_code).toBe(1);
  });

  it('a reload while signed in shows the person at once, from the backend’s session', async () => {
    await signIn(ctx.desktop);
    ctx.env.auth.resetStats();
    await ctx.desktop.reloadExtension();
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.env.auth.stats.authorize).toBe(0);
    expect(ctx.env.auth.stats.tokenByGrantType.authorization_code ?? 0).toBe(0);
  });
});

describe('the session', () => {
  it('is refreshed by the backend before the access token expires, with rotation', async () => {
    await signIn(ctx.desktop);
    const first = storedSession()?.refreshToken;
    await expect
      .poll(() => ctx.env.auth.stats.tokenByGrantType.refresh_token ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await expectView(ctx.desktop, 'authorized');
    expect(storedSession()?.refreshToken).not.toBe(first);
    expect(await pageStorage()).not.toContain(storedSession()?.refreshToken ?? 'none');
  });

  it('sign-out revokes the tokens at the server and forgets the session in the backend', async () => {
    await signIn(ctx.desktop);
    ctx.env.auth.resetStats();
    await ctx.desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(ctx.desktop, 'idle');
    await expect.poll(() => ctx.env.auth.stats.revocation).toBe(2);
    expect(storedSession()).toBeNull();
    await ctx.desktop.reloadExtension();
    await ctx.desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).waitFor();
  });
});

describe('the backend down, then back', () => {
  it('at start: a sentence and Try again, which signs the person back in', async () => {
    await signIn(ctx.desktop);
    await backend().stop();
    await ctx.desktop.reloadExtension();
    const notAnswering = ctx.desktop.extension.getByRole('region', {
      name: 'The extension’s backend is not answering',
    });
    await notAnswering.getByText(/backend is not running or not answering/).waitFor();
    await ctx.desktop.screenshotBothSchemes('15-backend-not-answering');
    await backend().start();
    await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).click();
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(ctx.desktop.pageErrors).toEqual([]);
  });

  it('at sign-in: the error view says so, and Try again works once it is back', async () => {
    await backend().stop();
    await ctx.desktop.reloadExtension();
    await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).waitFor();
    await backend().start();
    await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).click();
    await expectView(ctx.desktop, 'idle');
    await backend().stop();
    await ctx.desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).click();
    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error')
      .getByText(/backend is not running or not answering/)
      .waitFor();
    await backend().start();
    await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).click();
    const tab = await ctx.desktop.nextPopup();
    const redirect = await answerAtProvider(ctx.desktop, tab);
    await ctx.desktop.deliverDeepLink(redirect);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });
});
