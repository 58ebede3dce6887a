/**
 * The session against a real authorization server (oidc-provider on 127.0.0.1), through the
 * protocol module and the statechart: refresh-token rotation, detection of a rotated token's
 * reuse, revocation at sign-out, and a stored session resumed in a new tab.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import { SESSION_KEY } from '../../src/desktop/sessionStore';
import type { TokenSet } from '../../src/oauth/types';
import { type Desktop, desktop, startLogin } from './support/desktop';
import { headlessLogin } from './support/headlessLogin';

let server: AuthServer;

beforeAll(async () => {
  server = await startAuthServer({ port: 0, accessTokenTtlSeconds: 3 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setTokenEndpointMode('normal');
  server.resetStats();
});

/** Signs in through the server's pages; answers the desktop and the tokens it keeps. */
async function signedIn(dd: Desktop = desktop(server)): Promise<{ dd: Desktop; tokens: TokenSet }> {
  const { tab, url } = await startLogin(dd);
  tab.stop();
  const reloaded = dd.openTab(await headlessLogin(url));
  const done = await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), {
    timeout: 10_000,
  });
  reloaded.stop();
  return { dd, tokens: done.context.tokens as TokenSet };
}

function storedRefreshToken(dd: Desktop): string | undefined {
  const raw = dd.items.get(SESSION_KEY);
  return raw ? (JSON.parse(raw) as { data: TokenSet }).data.refreshToken : undefined;
}

describe('refresh with rotation', () => {
  it('rotates the refresh token, and reuse of the rotated one is detected', async () => {
    const { dd, tokens } = await signedIn();
    const now = Date.now();
    const rotated = await dd.oauth.refresh({ tokens, now });
    expect(rotated.refreshToken).toBeTruthy();
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    expect(rotated.accessToken).not.toBe(tokens.accessToken);
    expect(rotated.idTokenClaims?.sub).toBe(tokens.idTokenClaims?.sub);

    // The old refresh token again: refused, and the whole grant is revoked with it.
    await expect(dd.oauth.refresh({ tokens, now })).rejects.toMatchObject({
      reason: 'token_error',
      oauthError: 'invalid_grant',
    });
    await expect(dd.oauth.refresh({ tokens: rotated, now })).rejects.toMatchObject({
      reason: 'token_error',
      oauthError: 'invalid_grant',
    });
  });

  it('the statechart refreshes before expiry and stores the rotated token in place of the old', async () => {
    const dd = desktop(server, { refreshMarginMs: 60_000, minRefreshDelayMs: 1_000 });
    const { tab, url } = await startLogin(dd);
    tab.stop();
    const actor = dd.openTab(await headlessLogin(url));
    await waitFor(actor, (s) => s.matches({ authorized: 'ready' }), { timeout: 10_000 });
    const first = storedRefreshToken(dd);
    // A 3-second token is refreshed halfway through: wait for two refreshes.
    await waitFor(actor, () => (server.stats.tokenByGrantType.refresh_token ?? 0) >= 2, {
      timeout: 10_000,
    });
    await waitFor(actor, (s) => s.matches({ authorized: 'ready' }));
    expect(storedRefreshToken(dd)).not.toBe(first);
    expect(actor.getSnapshot().context.tokens?.refreshToken).toBe(storedRefreshToken(dd));
    actor.stop();
  });

  it('a refresh refused by the server (a revoked grant) ends the session: idle, storage cleared', async () => {
    const { dd, tokens } = await signedIn();
    await dd.oauth.revoke({ tokens });
    // The next tab finds an expired session: it tries to refresh and is refused.
    const stored = JSON.parse(dd.items.get(SESSION_KEY) as string);
    stored.data.expiresAt = Date.now() - 1;
    dd.items.set(SESSION_KEY, JSON.stringify(stored));
    const tab = dd.openTab();
    expect(tab.getSnapshot().value).toEqual({ authorized: 'refreshing' });
    const ended = await waitFor(tab, (s) => s.matches('idle'), { timeout: 10_000 });
    expect(ended.context.sessionNotice).toBe('session-ended');
    expect(dd.items.has(SESSION_KEY)).toBe(false);
    tab.stop();
  });
});

describe('a stored session', () => {
  it('is resumed in a new tab without a new sign-in', async () => {
    const { dd } = await signedIn();
    server.resetStats();
    const tab = dd.openTab();
    expect(tab.getSnapshot().matches('authorized')).toBe(true);
    const ready = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), {
      timeout: 10_000,
    });
    expect(ready.context.profile?.name).toBe('Dana Demo');
    expect(server.stats.authorize).toBe(0);
    expect(server.stats.tokenByGrantType.authorization_code ?? 0).toBe(0);
    tab.stop();
  });
});

describe('sign-out', () => {
  it('revokes the tokens at the server and clears storage', async () => {
    const { dd, tokens } = await signedIn();
    const tab = dd.openTab();
    await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), { timeout: 10_000 });
    server.resetStats();
    tab.send({ type: 'SIGN_OUT' });
    // Signed out here at once; the revocation follows in the background.
    expect(tab.getSnapshot().value).toBe('idle');
    expect(dd.items.has(SESSION_KEY)).toBe(false);
    await vi.waitFor(() => expect(server.stats.revocation).toBe(2), { timeout: 10_000 });
    expect(tab.getSnapshot().context.signOutWarning).toBeNull();
    // The refresh token no longer works.
    await expect(dd.oauth.refresh({ tokens, now: Date.now() })).rejects.toMatchObject({
      oauthError: 'invalid_grant',
    });
    tab.stop();
  });

  it('still signs out when the server cannot be reached, and says so', async () => {
    const { dd } = await signedIn();
    const tab = dd.openTab();
    await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), { timeout: 10_000 });
    await server.close();
    try {
      tab.send({ type: 'SIGN_OUT' });
      expect(tab.getSnapshot().value).toBe('idle');
      expect(dd.items.has(SESSION_KEY)).toBe(false);
      const warned = await waitFor(tab, (s) => s.context.signOutWarning !== null, {
        timeout: 10_000,
      });
      expect(warned.context.signOutWarning?.reason).toBe('network_error');
    } finally {
      tab.stop();
      server = await startAuthServer({ port: 0, accessTokenTtlSeconds: 3 });
    }
  });
});
