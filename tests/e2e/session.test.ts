/**
 * The session as a person lives it, through the stand-in in Chromium: the access token expires
 * and is refreshed without the person noticing; a reload shows the signed-in view at once; sign
 * out ends the session at the server too; a token endpoint too slow to answer ends in the error
 * view, and retry succeeds once it is back.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
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

const ctx = withDesktop({
  authServer: { accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS },
  config: {
    authSettings: {
      exchangeTimeoutMs: EXCHANGE_TIMEOUT_MS,
      minRefreshDelayMs: 1_000,
      refreshBackoffMs: 1_000,
    },
  },
});

beforeEach(async () => {
  // Every heading the extension ever shows, in every frame load: proves what never appeared.
  await ctx.desktop.context.addInitScript(() => {
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

interface StoredSession {
  version: number;
  data: { accessToken: string; refreshToken?: string; expiresAt?: number };
}

async function storedSession(): Promise<StoredSession | null> {
  const raw = await ctx.desktop
    .extensionFrame()
    .evaluate(() => window.localStorage.getItem('oauth.session'));
  return raw === null ? null : (JSON.parse(raw) as StoredSession);
}

async function headingsSeen(): Promise<string[]> {
  return ctx.desktop
    .extensionFrame()
    .evaluate(() => (window as unknown as { __headingsSeen?: string[] }).__headingsSeen ?? []);
}

/** A refresh-token grant sent straight to the server, as an attacker holding the token would. */
async function refreshAtServer(refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(`${ctx.env.auth.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: ctx.env.auth.clientId,
    }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error ? { error: body.error } : {}) };
}

describe('the session', () => {
  it('refreshes the access token before it expires, without the person noticing', async () => {
    await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    const first = await storedSession();
    expect(first?.data.refreshToken).toBeTruthy();

    // Two lifetimes of the access token: at least two refreshes happen meanwhile.
    await ctx.desktop.page.waitForTimeout(ACCESS_TOKEN_TTL_SECONDS * 2_000);
    expect(ctx.env.auth.stats.tokenByGrantType.refresh_token ?? 0).toBeGreaterThanOrEqual(2);

    const later = await storedSession();
    // Rotation: the stored refresh token is the newest one, the first one is spent.
    expect(later?.data.refreshToken).toBeTruthy();
    expect(later?.data.refreshToken).not.toBe(first?.data.refreshToken);
    expect(later?.data.accessToken).not.toBe(first?.data.accessToken);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    expect(await headingsSeen()).not.toContain(VIEWS.idle);
    expect(await headingsSeen()).not.toContain(VIEWS.error);
    // Still one sign-in: no code exchanged again, no new login.
    expect(ctx.env.auth.stats.tokenByGrantType.authorization_code).toBe(1);
  });

  it('shows the signed-in view at once after a reload, never the sign-in view', async () => {
    await signIn(ctx.desktop);
    await ctx.desktop.reloadExtension();
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    const headings = await headingsSeen();
    expect(headings[0]).toBe(VIEWS.authorized);
    expect(headings).not.toContain(VIEWS.idle);
  });

  it('signs out: the view is idle and the old refresh token no longer works at the server', async () => {
    await signIn(ctx.desktop);
    const session = await storedSession();
    const refreshToken = session?.data.refreshToken as string;
    expect(refreshToken).toBeTruthy();

    await ctx.desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(ctx.desktop, 'idle');
    await ctx.desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).waitFor();
    expect(await storedSession()).toBeNull();
    // The revocation runs in the background, after the view changed.
    await expect.poll(() => ctx.env.auth.stats.revocation).toBe(2);

    const answer = await refreshAtServer(refreshToken);
    expect(answer).toEqual({ status: 400, error: 'invalid_grant' });
  });
});

describe('a refresh while the server is temporarily unavailable', () => {
  it('keeps the person signed in, and refreshes once the server is back', async () => {
    await signIn(ctx.desktop);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    ctx.env.auth.setTokenEndpointMode('unavailable');
    ctx.env.auth.resetStats();
    // The access token expires meanwhile; every refresh gets 503 temporarily_unavailable.
    await expect
      .poll(() => ctx.env.auth.stats.tokenByGrantType.refresh_token ?? 0, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
    const kept = await storedSession();
    expect(kept?.data.refreshToken).toBeTruthy();

    ctx.env.auth.setTokenEndpointMode('normal');
    await expect
      .poll(async () => (await storedSession())?.data.refreshToken, { timeout: 15_000 })
      .not.toBe(kept?.data.refreshToken);
    expect(await storedSession()).not.toBeNull();
    expect(await headingsSeen()).not.toContain(VIEWS.idle);
    expect(await headingsSeen()).not.toContain(VIEWS.error);
  });
});

describe('a token endpoint too slow to answer', () => {
  it('ends in the error view; retry succeeds once it answers again', async () => {
    ctx.env.auth.setTokenEndpointMode('slow', EXCHANGE_TIMEOUT_MS * 3);
    const tab = await pressSignIn(ctx.desktop);
    await ctx.desktop.deliverDeepLink(await answerAtProvider(ctx.desktop, tab));
    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error')
      .getByText(/did not answer in time/)
      .waitFor();

    ctx.env.auth.setTokenEndpointMode('normal');
    const tabOpened = ctx.desktop.nextPopup();
    await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).click();
    const redirect = await answerAtProvider(ctx.desktop, await tabOpened);
    await ctx.desktop.deliverDeepLink(redirect);
    await expectView(ctx.desktop, 'authorized');
    await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
  });
});
