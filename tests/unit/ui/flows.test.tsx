/**
 * The sign-in as a user goes through it, across the page reload Docker Desktop does between
 * opening the browser and the redirect. Every test runs plainly and under React.StrictMode,
 * whose remounting must not repeat an effect that must happen once: opening the browser,
 * sending the single-use code to the token endpoint.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PENDING_LOGIN_KEY } from '../../../src/desktop/pendingLoginStore';
import { createSessionStore } from '../../../src/desktop/sessionStore';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import { createOAuthClient } from '../../../src/oauth/client';
import { loadProviderConfig } from '../../../src/oauth/config';
import { AuthError } from '../../../src/oauth/errors';
import {
  announcement,
  expectHeadingFocused,
  PROVIDER_NAME,
  pendingLogin,
  redirectQuery,
  renderModes,
  renderSignIn,
  T0,
  testSettings,
  textOf,
  tokens,
  view,
} from './support';

const MINUTE = 60_000;
const ISSUER = 'https://id.example.test';

/** A provider behind a fake `fetch`: counts what the real protocol client sends. */
function fakeProvider() {
  const requests: { method: string; path: string }[] = [];
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push({ method: init.method ?? 'GET', path: url.pathname });
    if (url.pathname === '/token') {
      return json({
        access_token: 'SECRET-ACCESS',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'SECRET-REFRESH',
      });
    }
    if (url.pathname === '/me') {
      return json({ sub: 'user-1', name: 'Dana Demo', email: 'dana@example.test' });
    }
    return new Response('Not Found', { status: 404 });
  };
  const settings = testSettings({
    scopes: ['profile', 'email'],
    endpoints: {
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
      userinfo: `${ISSUER}/me`,
    },
  });
  const tokenPosts = () => requests.filter((r) => r.method === 'POST' && r.path === '/token');
  return { fetch: fetch as typeof globalThis.fetch, settings, requests, tokenPosts };
}

describe.each(renderModes)('%s', (_mode, wrapper) => {
  describe('signing in', () => {
    it('opens the browser exactly once for one click on "Sign in"', async () => {
      const { host, oauth, user } = renderSignIn({ wrapper });
      await user.click(screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }));
      await view('Continue in your browser');
      expect(oauth.prepareAuthorization).toHaveBeenCalledTimes(1);
      expect(host.openedUrls).toEqual(['https://id.example.test/authorize?state=state-1']);
    });

    it('saves the pending sign-in before the browser opens', async () => {
      const { host, user } = renderSignIn({ wrapper });
      const opened = host.openExternal.bind(host);
      let savedWhenOpened: string | null = null;
      host.openExternal = (url) => {
        savedWhenOpened = window.localStorage.getItem(PENDING_LOGIN_KEY);
        opened(url);
      };
      await user.click(screen.getByRole('button', { name: /^Sign in with/ }));
      await view('Continue in your browser');
      expect(savedWhenOpened).toContain('"state":"state-1"');
    });

    it('signs in across the reload Docker Desktop does for the redirect', async () => {
      const first = renderSignIn({ wrapper });
      await first.user.click(screen.getByRole('button', { name: /^Sign in with/ }));
      await view('Continue in your browser');
      const state = new URL(first.host.openedUrls[0] ?? '').searchParams.get('state') ?? '';
      // Desktop reloads the tab with the redirect's query; localStorage survives.
      cleanup();
      first.actor.stop();
      const second = renderSignIn({ wrapper, search: redirectQuery(state) });

      const region = await view('Signed in');
      await waitFor(() => expect(announcement()).toBe('Signed in as Dana Demo'));
      expect(textOf(region)).toContain('dana@example.test');
      expect(second.oauth.exchangeCode).toHaveBeenCalledTimes(1);
      expect(second.host.readLocationSearch()).toBe('');
      expect(window.localStorage.getItem(PENDING_LOGIN_KEY)).toBeNull();
      expect(second.host.toasts).toEqual([
        { level: 'success', message: 'Signed in as Dana Demo.' },
      ]);
    });

    it('sends exactly one token request for one redirect (fake client)', async () => {
      const { oauth, host } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
      });
      await waitFor(() => expect(announcement()).toBe('Signed in as Dana Demo'));
      expect(oauth.validateRedirect).toHaveBeenCalledTimes(1);
      expect(oauth.exchangeCode).toHaveBeenCalledTimes(1);
      expect(oauth.fetchUserProfile).toHaveBeenCalledTimes(1);
      expect(host.toasts.filter((t) => t.level === 'success')).toHaveLength(1);
    });

    it('sends exactly one POST to the token endpoint for one redirect (real client)', async () => {
      const provider = fakeProvider();
      renderSignIn({
        wrapper,
        settings: provider.settings,
        createClient: (config) => createOAuthClient(config, { fetch: provider.fetch }),
        search: '?extensionId=acme%2Foauth-extension&code=SECRET-CODE&state=state-123',
        pending: pendingLogin({ codeVerifier: 'v'.repeat(43), nonce: undefined }),
      });
      await waitFor(() => expect(announcement()).toBe('Signed in as Dana Demo'));
      expect(provider.tokenPosts()).toHaveLength(1);
      expect(document.body.innerHTML).not.toMatch(/SECRET/);
    });

    it('resumes a stored session without the sign-in view and without a toast', async () => {
      const storage = browserKeyValueStorage(window);
      createSessionStore(storage, bindingOf(loadProviderConfig(testSettings()))).save({
        ...tokens,
        expiresAt: T0 + 60 * MINUTE,
      });
      const { oauth, host } = renderSignIn({ wrapper, storage });
      await view('Signed in');
      await waitFor(() => expect(announcement()).toBe('Signed in as Dana Demo'));
      expect(oauth.prepareAuthorization).not.toHaveBeenCalled();
      expect(host.toasts).toEqual([]);
    });

    it('moves focus to each new view and announces it', async () => {
      const { user } = renderSignIn({ wrapper });
      await user.click(screen.getByRole('button', { name: /^Sign in with/ }));
      await expectHeadingFocused('Continue in your browser');
      expect(announcement()).toBe('Waiting for the browser');
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      await expectHeadingFocused('Sign in');
    });

    it('can be used with the keyboard alone', async () => {
      const { user, host } = renderSignIn({ wrapper });
      await user.tab();
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }),
      );
      await user.keyboard('{Enter}');
      await expectHeadingFocused('Continue in your browser');
      await user.tab();
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Open the browser again' }),
      );
      await user.keyboard(' ');
      expect(host.openedUrls).toHaveLength(2);
    });
  });

  describe('redirects that are refused', () => {
    it('refuses an answer when no sign-in was started, and clears the address', async () => {
      const { host, oauth } = renderSignIn({ wrapper, search: redirectQuery() });
      const region = await view('Sign-in did not complete');
      expect(textOf(region)).toContain('no sign-in was started here');
      expect(host.readLocationSearch()).toBe('');
      expect(oauth.exchangeCode).not.toHaveBeenCalled();
      expect(host.toasts.map((t) => t.level)).toEqual(['error']);
    });

    it('refuses an answer for a sign-in older than 10 minutes', async () => {
      const { oauth } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin({ startedAt: T0 - 11 * MINUTE }),
      });
      expect(textOf(await view('Sign-in did not complete'))).toContain('expired');
      expect(oauth.exchangeCode).not.toHaveBeenCalled();
    });

    it('sets aside an answer whose state does not match: the sign-in goes on', async () => {
      const { oauth } = renderSignIn({
        wrapper,
        search: redirectQuery('state-from-elsewhere'),
        pending: pendingLogin(),
      });
      const region = await view('Continue in your browser');
      expect(textOf(region)).toContain('did not belong to this sign-in');
      expect(announcement()).toContain('did not belong to this sign-in');
      expect(oauth.exchangeCode).not.toHaveBeenCalled();
    });

    it('discards a corrupt pending record, saying why but not what it held', async () => {
      window.localStorage.setItem(
        PENDING_LOGIN_KEY,
        JSON.stringify({
          version: 2,
          binding: bindingOf(loadProviderConfig(testSettings())),
          data: { state: 'SECRET-STATE' },
        }),
      );
      const { warnings, oauth } = renderSignIn({ wrapper, search: redirectQuery() });
      await view('Sign-in did not complete');
      expect(warnings).toEqual([
        `Discarded the saved sign-in (${PENDING_LOGIN_KEY}): "redirectUri" is missing or not text.`,
      ]);
      expect(window.localStorage.getItem(PENDING_LOGIN_KEY)).toBeNull();
      expect(oauth.validateRedirect).not.toHaveBeenCalled();
    });

    it('leaves a redirect meant for another extension alone', async () => {
      const search = '?extensionId=other%2Fextension&code=c&state=s';
      const { host, oauth } = renderSignIn({ wrapper, search, pending: pendingLogin() });
      // The sign-in pending here goes on; the other extension's answer stays in the address.
      await view('Continue in your browser');
      expect(host.readLocationSearch()).toBe(search);
      expect(oauth.validateRedirect).not.toHaveBeenCalled();
    });

    it('shows the provider declining as an error the user can retry', async () => {
      const { user, host } = renderSignIn({
        wrapper,
        search: `${redirectQuery()}&error=access_denied`,
        pending: pendingLogin(),
      });
      const region = await view('Sign-in did not complete');
      expect(textOf(region)).toContain('You declined the sign-in at Acme ID.');
      await user.click(within(region).getByRole('button', { name: 'Try again' }));
      await view('Continue in your browser');
      expect(host.openedUrls).toHaveLength(1);
    });
  });

  describe('redaction', () => {
    const secrets = {
      accessToken: 'SECRET-ACCESS',
      refreshToken: 'SECRET-REFRESH',
      idToken: 'SECRET-ID-TOKEN',
      verifier: 'SECRET-VERIFIER',
      code: 'SECRET-CODE',
      state: 'SECRET-STATE',
      nonce: 'SECRET-NONCE',
    };
    const secretPending = pendingLogin({
      state: secrets.state,
      codeVerifier: secrets.verifier,
      nonce: secrets.nonce,
      authorizationUrl: `${ISSUER}/authorize?state=${secrets.state}&code_challenge=abc`,
    });
    const secretSearch = `?extensionId=acme%2Foauth-extension&code=${secrets.code}&state=${secrets.state}`;
    const secretTokens = {
      ...tokens,
      accessToken: secrets.accessToken,
      refreshToken: secrets.refreshToken,
      idToken: secrets.idToken,
    };

    /** `except`: an element allowed to hold them, left out of the check. */
    function expectNoSecretInPage(except?: Element) {
      const html = document.body.innerHTML.replace(except?.outerHTML ?? '', '');
      for (const secret of Object.values(secrets)) expect(html).not.toContain(secret);
    }

    it('shows no token while signed in, loading, failing the profile or signing out', async () => {
      const { oauth, user, actor } = renderSignIn({
        wrapper,
        search: secretSearch,
        pending: secretPending,
        setup: (o) => {
          o.exchangeCode.mockResolvedValueOnce(secretTokens);
          o.fetchUserProfile.mockRejectedValueOnce(
            new AuthError('network_error', 'The account server cannot be reached.'),
          );
        },
      });
      await view('Signed in');
      expect(actor.getSnapshot().context.tokens?.accessToken).toBe(secrets.accessToken);
      await waitFor(() => expect(announcement()).toContain('profile could not be loaded'));
      expectNoSecretInPage();
      await user.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(announcement()).toBe('Signed in as Dana Demo'));
      expectNoSecretInPage();
      oauth.revoke.mockReturnValueOnce(new Promise(() => {}));
      await user.click(screen.getByRole('button', { name: 'Sign out' }));
      await view('Sign in');
      expectNoSecretInPage();
    });

    it('shows no secret in an error, its details opened', async () => {
      const { user } = renderSignIn({
        wrapper,
        search: secretSearch,
        pending: secretPending,
        setup: (o) =>
          o.exchangeCode.mockRejectedValueOnce(
            new AuthError('token_error', 'The sign-in server refused the code.', {
              oauthError: 'invalid_grant',
              detail: 'The token endpoint answered 400.',
            }),
          ),
      });
      const region = await view('Sign-in did not complete');
      await user.click(within(region).getByRole('button', { name: 'Show details' }));
      expect(textOf(region)).toContain('invalid_grant');
      expectNoSecretInPage();
    });

    it('shows the state only inside the sign-in link to copy, never the verifier', async () => {
      const { user } = renderSignIn({
        wrapper,
        setup: (o) => o.prepareAuthorization.mockResolvedValueOnce(secretPending),
      });
      await user.click(screen.getByRole('button', { name: /^Sign in with/ }));
      const region = await view('Continue in your browser');
      const link = within(region).getByRole('textbox', { name: 'Sign-in link' });
      expect((link as HTMLInputElement).value).toContain(secrets.state);
      // The authorization URL (and so `state`) is shown to copy; nothing else shows a secret.
      expectNoSecretInPage(link);
    });
  });
});
