/**
 * The statechart with the real protocol module against a real authorization server
 * (oidc-provider on 127.0.0.1), logging in through the server's own pages with a cookie jar.
 * Each "reload" starts a new actor from the same pending-login store and a fresh address, as
 * Docker Desktop does when it delivers the redirect to the extension tab.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { type AuthServer, startAuthServer } from '../../dev/authServer/index';
import { PENDING_LOGIN_KEY as PENDING_KEY } from '../../src/desktop/pendingLoginStore';
import { SESSION_KEY } from '../../src/desktop/sessionStore';
import { textFor } from '../../src/ui/texts';
import { desktop, startLogin } from './support/desktop';
import { headlessLogin } from './support/headlessLogin';

let server: AuthServer;

beforeAll(async () => {
  server = await startAuthServer({ port: 0 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setTokenEndpointMode('normal');
  server.resetStats();
});

describe('sign-in against oidc-provider', () => {
  it('signs in: redirect delivered to a reloaded tab, code exchanged once, profile fetched', async () => {
    const dd = desktop(server);
    const { tab, url } = await startLogin(dd);
    const authorize = new URL(url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
    tab.stop(); // Desktop ends the extension's page while the user is in the browser.

    const redirect = await headlessLogin(url);
    expect(redirect).toMatch(/^docker-desktop:\/\/dashboard\/extension-tab\?/);

    const reloaded = dd.openTab(redirect);
    expect(dd.address).toBe('');
    const done = await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), {
      timeout: 10_000,
    });
    expect(done.context.profile?.name).toBe('Dana Demo');
    expect(done.context.profile?.email).toBe('dana@example.test');
    expect(done.context.tokens?.refreshToken).toBeTruthy();
    expect(done.context.tokens?.idTokenClaims?.sub).toBe(done.context.profile?.subject);
    expect(dd.items.has(PENDING_KEY)).toBe(false);
    // At the physical limit: the reloaded page uses the discovery document the sign-in kept.
    expect(server.stats.discovery).toBe(1);
    expect(server.stats.authorize).toBe(1);
    expect(server.stats.tokenByGrantType.authorization_code).toBe(1);
    expect(server.stats.userinfo).toBe(1);
    reloaded.stop();
  });

  it('declining at the provider ends in access_denied, with no token request', async () => {
    const dd = desktop(server);
    const { tab, url } = await startLogin(dd);
    tab.stop();
    const redirect = await headlessLogin(url, { decision: 'deny' });
    expect(new URL(redirect).searchParams.get('error')).toBe('access_denied');

    const reloaded = dd.openTab(redirect);
    const failed = await waitFor(reloaded, (s) => s.matches('error'), { timeout: 10_000 });
    expect(failed.context.error?.reason).toBe('access_denied');
    const error = failed.context.error;
    expect(error && textFor(error, 'Acme Accounts')).toMatch(/^You declined the sign-in at /);
    expect(server.stats.token).toBe(0);
    reloaded.stop();
  });

  it('a replayed redirect is refused here, and a replayed code is refused by the server', async () => {
    const dd = desktop(server);
    const { tab, url } = await startLogin(dd);
    tab.stop();
    const savedRecord = dd.items.get(PENDING_KEY) as string;
    const redirect = await headlessLogin(url);

    const first = dd.openTab(redirect);
    await waitFor(first, (s) => s.matches({ authorized: 'ready' }), { timeout: 10_000 });
    first.stop();

    // The same redirect again (a reload, an old link): the person stays signed in, nothing sent.
    const second = dd.openTab(redirect);
    expect(second.getSnapshot().matches('authorized')).toBe(true);
    expect(second.getSnapshot().context.error).toBeNull();
    second.stop();
    expect(server.stats.tokenByGrantType.authorization_code).toBe(1);

    // Signed out, the record was consumed: the redirect is refused without a request.
    dd.items.delete(SESSION_KEY);
    const fourth = dd.openTab(redirect);
    expect(fourth.getSnapshot().context.error?.reason).toBe('no_pending_login');
    fourth.stop();
    expect(server.stats.tokenByGrantType.authorization_code).toBe(1);

    // Even with the record put back by hand, the server refuses the used code.
    dd.items.set(PENDING_KEY, savedRecord);
    const third = dd.openTab(redirect);
    const failed = await waitFor(third, (s) => s.matches('error'), { timeout: 10_000 });
    expect(failed.context.error).toMatchObject({
      reason: 'token_error',
      oauthError: 'invalid_grant',
    });
    expect(server.stats.tokenByGrantType.authorization_code).toBe(2);
    third.stop();
  });

  it('a redirect whose state does not match is set aside; the true one then signs in', async () => {
    const dd = desktop(server);
    const { tab, url } = await startLogin(dd);
    tab.stop();
    const genuine = await headlessLogin(url);
    const forged = new URL(genuine);
    forged.searchParams.set('state', 'forged-state-value');

    const reloaded = dd.openTab(forged.toString());
    expect(reloaded.getSnapshot().value).toEqual({ 'awaiting-browser': 'waiting' });
    expect(reloaded.getSnapshot().context.answerNotice).toBe('set-aside');
    expect(server.stats.token).toBe(0);
    // The pending sign-in is untouched: the genuine answer still completes it, once.
    expect(dd.items.has(PENDING_KEY)).toBe(true);
    reloaded.send({ type: 'REDIRECT', search: new URL(genuine).search });
    await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), { timeout: 10_000 });
    expect(server.stats.tokenByGrantType.authorization_code).toBe(1);
    reloaded.stop();
  });

  it('a token endpoint that is down ends in error; retry signs in once it is back', async () => {
    const dd = desktop(server);
    const { tab, url } = await startLogin(dd);
    tab.stop();
    server.setTokenEndpointMode('down');
    const reloaded = dd.openTab(await headlessLogin(url));
    const failed = await waitFor(reloaded, (s) => s.matches('error'), { timeout: 10_000 });
    expect(failed.context.error?.reason).toBe('http_error');

    server.setTokenEndpointMode('normal');
    reloaded.send({ type: 'RETRY' });
    await waitFor(reloaded, (s) => s.matches({ 'awaiting-browser': 'waiting' }));
    const retryRedirect = await headlessLogin(dd.opened.at(-1) as string);
    reloaded.send({ type: 'REDIRECT', search: new URL(retryRedirect).search });
    const done = await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), {
      timeout: 10_000,
    });
    expect(done.context.profile?.name).toBe('Dana Demo');
    reloaded.stop();
  });
});
