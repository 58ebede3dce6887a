/**
 * The session as a person lives it, through the stand-in in Chromium: the access token expires
 * and is refreshed without the person noticing; a reload shows the signed-in view at once; sign
 * out ends the session at the server too; a token endpoint too slow to answer ends in the error
 * view, and retry succeeds once it is back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DesktopSession, type E2eEnvironment, startE2eEnvironment } from './support/desktop';
import {
  answerAtProvider,
  expectView,
  pressSignIn,
  region,
  SIGN_IN_BUTTON,
  signIn,
  VIEWS,
} from './support/flows';

/** Short enough to see several refreshes in a test; the machine refreshes halfway through. */
const ACCESS_TOKEN_TTL_SECONDS = 4;
const EXCHANGE_TIMEOUT_MS = 1_500;

let env: E2eEnvironment;
let desktop: DesktopSession;

beforeAll(async () => {
  env = await startE2eEnvironment({
    authServer: { accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS },
    config: { authSettings: { exchangeTimeoutMs: EXCHANGE_TIMEOUT_MS } },
  });
});

afterAll(async () => {
  await env?.close();
});

beforeEach(async () => {
  env.auth.setTokenEndpointMode('normal');
  env.auth.resetStats();
  desktop = await DesktopSession.open(env);
  // Every heading the extension ever shows, in every frame load: proves what never appeared.
  await desktop.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __headingsSeen: string[] }).__headingsSeen = seen;
    new MutationObserver(() => {
      for (const heading of document.querySelectorAll('h1, h2')) {
        const text = heading.textContent ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
});

afterEach(async () => {
  await desktop?.close();
});

interface StoredSession {
  version: number;
  data: { accessToken: string; refreshToken?: string; expiresAt?: number };
}

async function storedSession(): Promise<StoredSession | null> {
  const raw = await desktop
    .extensionFrame()
    .evaluate(() => window.localStorage.getItem('oauth.session'));
  return raw === null ? null : (JSON.parse(raw) as StoredSession);
}

async function headingsSeen(): Promise<string[]> {
  return desktop
    .extensionFrame()
    .evaluate(() => (window as unknown as { __headingsSeen?: string[] }).__headingsSeen ?? []);
}

/** A refresh-token grant sent straight to the server, as an attacker holding the token would. */
async function refreshAtServer(refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(`${env.auth.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: env.auth.clientId,
    }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error ? { error: body.error } : {}) };
}

describe('the session', () => {
  it('refreshes the access token before it expires, without the person noticing', async () => {
    await signIn(desktop);
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    const first = await storedSession();
    expect(first?.data.refreshToken).toBeTruthy();

    // Two lifetimes of the access token: at least two refreshes happen meanwhile.
    await desktop.page.waitForTimeout(ACCESS_TOKEN_TTL_SECONDS * 2_000);
    expect(env.auth.stats.tokenByGrantType.refresh_token ?? 0).toBeGreaterThanOrEqual(2);

    const later = await storedSession();
    // Rotation: the stored refresh token is the newest one, the first one is spent.
    expect(later?.data.refreshToken).toBeTruthy();
    expect(later?.data.refreshToken).not.toBe(first?.data.refreshToken);
    expect(later?.data.accessToken).not.toBe(first?.data.accessToken);
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(await headingsSeen()).not.toContain(VIEWS.idle);
    expect(await headingsSeen()).not.toContain(VIEWS.error);
    // Still one sign-in: no code exchanged again, no new login.
    expect(env.auth.stats.tokenByGrantType.authorization_code).toBe(1);
  });

  it('shows the signed-in view at once after a reload, never the sign-in view', async () => {
    await signIn(desktop);
    await desktop.reloadExtension();
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    const headings = await headingsSeen();
    expect(headings[0]).toBe(VIEWS.authorized);
    expect(headings).not.toContain(VIEWS.idle);
  });

  it('signs out: the view is idle and the old refresh token no longer works at the server', async () => {
    await signIn(desktop);
    const session = await storedSession();
    const refreshToken = session?.data.refreshToken as string;
    expect(refreshToken).toBeTruthy();

    await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(desktop, 'idle');
    await desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).waitFor();
    expect(await storedSession()).toBeNull();
    expect(env.auth.stats.revocation).toBeGreaterThanOrEqual(1);

    const answer = await refreshAtServer(refreshToken);
    expect(answer).toEqual({ status: 400, error: 'invalid_grant' });
  });
});

describe('a token endpoint too slow to answer', () => {
  it('ends in the error view; retry succeeds once it answers again', async () => {
    env.auth.setTokenEndpointMode('slow', EXCHANGE_TIMEOUT_MS * 3);
    const tab = await pressSignIn(desktop);
    await desktop.deliverDeepLink(await answerAtProvider(desktop, tab));
    await expectView(desktop, 'error');
    await region(desktop, 'error')
      .getByText(/did not answer in time/)
      .waitFor();

    env.auth.setTokenEndpointMode('normal');
    const tabOpened = desktop.nextPopup();
    await desktop.extension.getByRole('button', { name: 'Try again' }).click();
    const redirect = await answerAtProvider(desktop, await tabOpened);
    await desktop.deliverDeepLink(redirect);
    await expectView(desktop, 'authorized');
    await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });
});
