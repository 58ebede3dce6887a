/**
 * One `describe` per state of the statechart: what the user sees and what each control does,
 * found by role and name. Every test runs plainly and under React.StrictMode.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { AuthError } from '../../../src/oauth/errors';
import { formatClockTime } from '../../../src/ui/views/linkValidity';
import {
  announcement,
  deferred,
  descriptionOf,
  deviceAuthorization,
  expectHeadingFocused,
  PROVIDER_NAME,
  pendingLogin,
  profile,
  redirectQuery,
  renderModes,
  renderSignIn,
  T0,
  testSettings,
  textOf,
  type tokens,
  view,
} from './support';

const MINUTE = 60_000;

function enabled(element: HTMLElement): boolean {
  return !(element as HTMLButtonElement).disabled;
}

describe.each(renderModes)('%s', (_mode, wrapper) => {
  describe('idle', () => {
    it('names the provider and its host, and offers to sign in with it', async () => {
      renderSignIn({ wrapper });
      const region = await view('Sign in');
      expect(textOf(region)).toContain(`uses your ${PROVIDER_NAME} account`);
      expect(textOf(region)).toContain('(id.example.test)');
      const signIn = within(region).getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` });
      expect(enabled(signIn)).toBe(true);
      expect(announcement()).toBe('Not signed in');
    });

    it('shows the sign-out warning when revocation failed', async () => {
      const { oauth, user } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
      });
      oauth.revoke.mockRejectedValueOnce(
        new AuthError('network_error', 'revocation: network error'),
      );
      await user.click(await screen.findByRole('button', { name: 'Sign out' }));
      const region = await view('Sign in');
      expect(textOf(region)).toContain(
        'You are signed out here, but the server could not revoke the session: Could not reach Acme ID. Check your internet connection and try again.',
      );
      expect(announcement()).toContain('Signed out. You are signed out here');
    });

    it('says so when the sign-in in progress cannot survive a reload', async () => {
      const storage = browserKeyValueStorage({
        get localStorage(): Storage {
          throw new DOMException('denied', 'SecurityError');
        },
      });
      renderSignIn({ wrapper, storage });
      expect(textOf(await view('Sign in'))).toContain(
        'Saved sign-in data is kept in memory only, so it will not survive a reload',
      );
    });
  });

  describe('awaiting-browser.preparing', () => {
    it('shows progress and can be cancelled', async () => {
      const { oauth, user, host } = renderSignIn({ wrapper });
      oauth.prepareAuthorization.mockReturnValueOnce(deferred<never>().promise);
      await user.click(screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }));
      const region = await view('Preparing sign-in…');
      within(region).getByRole('progressbar', { name: 'Preparing sign-in' });
      expect(announcement()).toBe('Preparing sign-in');
      await user.click(within(region).getByRole('button', { name: 'Cancel' }));
      await view('Sign in');
      expect(host.openedUrls).toEqual([]);
    });
  });

  describe('awaiting-browser.showingUserCode (the device flow)', () => {
    const device = { flow: 'device' } as const;
    const CODE_VIEW = `Enter this code at ${PROVIDER_NAME}`;

    async function showCode(options: { failOpen?: boolean } = {}) {
      const rendered = renderSignIn({
        wrapper,
        settings: testSettings(device),
        ...(options.failOpen ? { openExternalError: new Error('no browser') } : {}),
      });
      await rendered.user.click(
        screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }),
      );
      const region = await view(CODE_VIEW);
      return { ...rendered, region };
    }

    it('says in the sign-in view that a code will be entered at the provider', async () => {
      renderSignIn({ wrapper, settings: testSettings(device) });
      expect(textOf(await view('Sign in'))).toContain(
        'you enter there the code this extension shows, and it goes on by itself',
      );
    });

    it('shows the code large, spelled out for screen readers, with the page and how long it is valid', async () => {
      const { region, host } = await showCode();
      expect(host.openedUrls).toEqual(['https://id.example.test/device?user_code=WDJB-MJHT']);
      const code = within(region).getByRole('group', { name: 'Your code' });
      expect(textOf(code)).toContain('WDJB-MJHT');
      // What a screen reader reads: the characters one by one, the visible code hidden from it.
      expect(textOf(code.querySelector('[aria-hidden="true"]'))).toBe('WDJB-MJHT');
      expect(textOf(code)).toContain('W D J B dash M J H T');
      expect(textOf(region)).toContain('Your browser opened id.example.test/device.');
      expect(textOf(region)).toContain(
        `The code stays valid until ${formatClockTime(T0 + 10 * MINUTE)} (10 minutes).`,
      );
      expect(announcement()).toBe('Enter the code W D J B dash M J H T at id.example.test/device');
      await expectHeadingFocused(CODE_VIEW);
    });

    it('copies the code to the clipboard and says so', async () => {
      const { region, user } = await showCode();
      await user.click(within(region).getByRole('button', { name: 'Copy code' }));
      expect(await navigator.clipboard.readText()).toBe('WDJB-MJHT');
      expect(textOf(region)).toContain('Code copied. Paste it at id.example.test/device.');
    });

    it('asks the person to type the code when the clipboard refuses', async () => {
      const { region, user } = await showCode();
      vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
      await user.click(within(region).getByRole('button', { name: 'Copy code' }));
      expect(textOf(region)).toContain('Could not copy the code: type it in yourself.');
    });

    it('opens the verification page again', async () => {
      const { region, host, user } = await showCode();
      await user.click(
        within(region).getByRole('button', { name: 'Open id.example.test/device again' }),
      );
      expect(host.openedUrls).toHaveLength(2);
      expect(host.openedUrls[1]).toBe(host.openedUrls[0]);
    });

    it('puts the page first when the browser could not be opened', async () => {
      const { region } = await showCode({ failOpen: true });
      expect(textOf(region)).toContain(
        'Docker Desktop could not open your browser. Open id.example.test/device in your browser',
      );
      expect(
        within(region).getByRole('button', { name: 'Open id.example.test/device again' }).classList,
      ).toContain('MuiButton-contained');
      expect(announcement()).toContain('The browser did not open. Enter the code W D J B');
    });

    it('says quietly that the provider could not be reached, while polling goes on', async () => {
      const { user } = renderSignIn({
        wrapper,
        settings: testSettings(device),
        setup: (fake) => {
          // A short interval: the polls run on real timers here.
          fake.startDeviceAuthorization.mockResolvedValueOnce(
            deviceAuthorization({ intervalMs: 10 }),
          );
          fake.pollDeviceToken
            .mockRejectedValueOnce(new AuthError('network_error', 'token: network error'))
            .mockReturnValue(deferred<never>().promise);
        },
      });
      await user.click(screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }));
      const region = await view(CODE_VIEW);
      await waitFor(() =>
        expect(textOf(region)).toContain(
          `Could not reach Acme ID. Check your internet connection and try again. Trying again shortly.`,
        ),
      );
      expect(textOf(within(region).getByRole('group', { name: 'Your code' }))).toContain(
        'WDJB-MJHT',
      );
    });

    it('cancels: back to the sign-in view, the device sign-in forgotten', async () => {
      const { region, user } = await showCode();
      await user.click(within(region).getByRole('button', { name: 'Cancel' }));
      await view('Sign in');
      expect(window.localStorage.getItem('oauth.pendingDevice.v1')).toBeNull();
    });

    it('comes back after a reload with the same code and the time left, without a new request', async () => {
      const { oauth, host } = renderSignIn({
        wrapper,
        settings: testSettings(device),
        device: deviceAuthorization({ expiresAt: T0 + 4 * MINUTE }),
      });
      const region = await view(CODE_VIEW);
      expect(textOf(within(region).getByRole('group', { name: 'Your code' }))).toContain(
        'WDJB-MJHT',
      );
      expect(textOf(region)).toContain(`(4 minutes)`);
      expect(oauth.startDeviceAuthorization).not.toHaveBeenCalled();
      expect(host.openedUrls).toEqual([]);
    });
  });

  describe('awaiting-browser.waiting', () => {
    async function startWaiting(options: { failOpen?: boolean } = {}) {
      const rendered = renderSignIn({
        wrapper,
        ...(options.failOpen ? { openExternalError: new Error('no browser') } : {}),
      });
      await rendered.user.click(
        screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }),
      );
      const region = await view('Continue in your browser');
      return { ...rendered, region };
    }

    it('tells the user to continue in the browser, with the link and how long it is valid', async () => {
      const { region, host } = await startWaiting();
      expect(textOf(region)).toContain('in the browser window that just opened');
      const link = within(region).getByRole('textbox', { name: 'Sign-in link' });
      expect((link as HTMLInputElement).value).toBe(host.openedUrls[0]);
      expect((link as HTMLInputElement).readOnly).toBe(true);
      expect(descriptionOf(link)).toBe(
        `This link stays valid until ${formatClockTime(T0 + 10 * MINUTE)} (10 minutes).`,
      );
      expect(announcement()).toBe('Waiting for the browser');
    });

    it('takes the address pasted by hand when Docker Desktop never got the answer', async () => {
      const { region, user, oauth, actor } = await startWaiting();
      const state = actor.getSnapshot().context.pending?.state as string;
      const field = within(region).getByLabelText('Address from your browser');
      expect(descriptionOf(field)).toMatch(/did not come back\? Copy the whole address/);
      await user.type(
        field,
        `docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension&code=c&state=${state}`,
      );
      await user.click(within(region).getByRole('button', { name: 'Continue' }));
      await view('Signed in');
      expect(oauth.exchangeCode).toHaveBeenCalledTimes(1);
    });

    it('says why a pasted address is not taken, and keeps waiting', async () => {
      const { region, user, oauth } = await startWaiting();
      const field = within(region).getByLabelText('Address from your browser');
      await user.type(field, 'https://id.example.test/login?next=home');
      await user.click(within(region).getByRole('button', { name: 'Continue' }));
      await waitFor(() => expect(textOf(region)).toContain('That is not a sign-in answer'));
      expect(announcement()).toContain('That is not a sign-in answer');
      expect(oauth.validateRedirect).not.toHaveBeenCalled();
      await user.clear(field);
      await user.type(field, `?code=c&state=state-of-another-sign-in`);
      await user.click(within(region).getByRole('button', { name: 'Continue' }));
      await waitFor(() => expect(textOf(region)).toContain('answers another sign-in'));
    });

    it('sets aside a forged answer quietly, keeping the same link', async () => {
      const { region, host, actor } = await startWaiting();
      act(() => actor.send({ type: 'REDIRECT', search: '?code=forged&state=forged' }));
      await waitFor(() => expect(textOf(region)).toContain('did not belong to this sign-in'));
      const link = within(region).getByRole('textbox', { name: 'Sign-in link' });
      expect((link as HTMLInputElement).value).toBe(host.openedUrls[0]);
      expect(host.toasts.filter((t) => t.level === 'error')).toEqual([]);
    });

    it('comes back after a reload with the same link and the time left', async () => {
      const pending = pendingLogin({ startedAt: T0 - 4 * MINUTE });
      renderSignIn({ wrapper, pending });
      const region = await view('Continue in your browser');
      const link = within(region).getByRole('textbox', { name: 'Sign-in link' });
      expect((link as HTMLInputElement).value).toBe(pending.authorizationUrl);
      expect(descriptionOf(link)).toBe(
        `This link stays valid until ${formatClockTime(T0 + 6 * MINUTE)} (6 minutes).`,
      );
    });

    it('opens the browser again with the same link', async () => {
      const { region, host, user } = await startWaiting();
      await user.click(within(region).getByRole('button', { name: 'Open the browser again' }));
      expect(host.openedUrls).toHaveLength(2);
      expect(host.openedUrls[1]).toBe(host.openedUrls[0]);
    });

    it('copies the link to the clipboard and says so', async () => {
      const { region, host, user } = await startWaiting();
      await user.click(within(region).getByRole('button', { name: 'Copy link' }));
      expect(await navigator.clipboard.readText()).toBe(host.openedUrls[0]);
      expect(textOf(region)).toContain('Link copied.');
    });

    it('asks the user to copy the link by hand when the clipboard refuses', async () => {
      const { region, user } = await startWaiting();
      vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
      await user.click(within(region).getByRole('button', { name: 'Copy link' }));
      expect(textOf(region)).toContain('Could not copy the link: select it and copy it yourself.');
    });

    it('puts the link first when the browser could not be opened', async () => {
      const { region, host } = await startWaiting({ failOpen: true });
      expect(host.openedUrls).toEqual([]);
      expect(textOf(region)).toContain('Docker Desktop could not open your browser.');
      expect(within(region).getByRole('button', { name: 'Copy link' }).classList).toContain(
        'MuiButton-contained',
      );
      expect(
        within(region).getByRole('button', { name: 'Open the browser again' }).classList,
      ).toContain('MuiButton-outlined');
      expect(announcement()).toContain('The browser did not open.');
    });

    it('counts the remaining minutes from when the sign-in started', async () => {
      const rendered = renderSignIn({ wrapper });
      rendered.clock.time = T0 + 7.5 * MINUTE;
      rendered.oauth.prepareAuthorization.mockResolvedValueOnce(pendingLogin({ startedAt: T0 }));
      await rendered.user.click(screen.getByRole('button', { name: /^Sign in with/ }));
      const link = within(await view('Continue in your browser')).getByRole('textbox');
      expect(descriptionOf(link)).toBe(
        `This link stays valid until ${formatClockTime(T0 + 10 * MINUTE)} (3 minutes).`,
      );
    });

    it('cancels: back to idle, the pending sign-in forgotten', async () => {
      const { region, user } = await startWaiting();
      expect(window.localStorage.getItem('oauth.pendingLogin.v1')).not.toBeNull();
      await user.click(within(region).getByRole('button', { name: 'Cancel' }));
      await expectHeadingFocused('Sign in');
      expect(window.localStorage.getItem('oauth.pendingLogin.v1')).toBeNull();
    });

    it('moves focus to the new heading', async () => {
      await startWaiting();
      await expectHeadingFocused('Continue in your browser');
    });
  });

  describe('code-received and exchanging', () => {
    it('shows "Checking the answer…" while the redirect is validated, and can cancel', async () => {
      const { user } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.validateRedirect.mockReturnValueOnce(deferred<never>().promise),
      });
      const region = await view('Checking the answer…');
      within(region).getByRole('progressbar', { name: 'Checking the answer' });
      expect(announcement()).toBe('Checking the answer');
      await user.click(within(region).getByRole('button', { name: 'Cancel' }));
      await view('Sign in');
    });

    it('shows "Signing you in…" during the token request, and can cancel', async () => {
      const exchange = deferred<typeof tokens>();
      const { oauth, user } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.exchangeCode.mockReturnValueOnce(exchange.promise),
      });
      const region = await view('Signing you in…');
      within(region).getByRole('progressbar', { name: 'Signing you in' });
      expect(announcement()).toBe('Signing you in');
      await user.click(within(region).getByRole('button', { name: 'Cancel' }));
      await view('Sign in');
      expect(oauth.exchangeCode.mock.calls[0]?.[0].signal.aborted).toBe(true);
    });
  });

  describe('authorized', () => {
    it('shows a skeleton while the profile loads', async () => {
      renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.fetchUserProfile.mockReturnValueOnce(deferred<never>().promise),
      });
      const region = await view('Signed in');
      expect(textOf(region)).toContain('Loading your profile…');
      expect(announcement()).toBe('Signed in. Loading your profile');
      expect(enabled(within(region).getByRole('button', { name: 'Sign out' }))).toBe(true);
    });

    it('shows who is signed in: name, e-mail, avatar', async () => {
      renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) =>
          o.fetchUserProfile.mockResolvedValueOnce({
            ...profile,
            picture: 'https://id.example.test/avatar.png',
          }),
      });
      const region = await view('Signed in');
      await waitFor(() => expect(textOf(region)).toContain('Dana Demo'));
      expect(textOf(region)).toContain('dana@example.test');
      expect(announcement()).toBe('Signed in as Dana Demo');
      const avatar = region.querySelector('.MuiAvatar-root');
      expect(avatar?.getAttribute('aria-hidden')).toBe('true');
    });

    it.each([
      ['beside a name', { name: 'Dana Demo', username: 'dana-demo' }],
      ['once when it is the name', { name: 'dana-demo', username: 'dana-demo' }],
    ])('shows the account handle (GitHub login) %s', async (_case, extra) => {
      renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.fetchUserProfile.mockResolvedValueOnce({ ...profile, ...extra }),
      });
      const region = await view('Signed in');
      await waitFor(() => expect(within(region).getAllByText('dana-demo')).toHaveLength(1));
      within(region).getByText(extra.name);
    });

    const signedInWithPicture = async (picture: string) => {
      renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.fetchUserProfile.mockResolvedValueOnce({ ...profile, picture }),
      });
      const region = await view('Signed in');
      await waitFor(() => expect(textOf(region)).toContain('Dana Demo'));
      // The avatar is decorative (the name says who it is): hidden from the accessibility tree.
      return within(region).queryByRole('presentation', { hidden: true });
    };

    it.each(['https://id.example.test/avatar.png', 'data:image/png;base64,iVBORw0KGgo='])(
      'shows the avatar from %s without sending a referrer',
      async (picture) => {
        const image = await signedInWithPicture(picture);
        expect(image?.tagName).toBe('IMG');
        expect(image?.getAttribute('src')).toBe(picture);
        expect(image?.getAttribute('referrerpolicy')).toBe('no-referrer');
      },
    );

    it.each([
      ['plain http', 'http://id.example.test/avatar.png'],
      ['javascript:', 'javascript:alert(1)'],
      ['a relative address', '/avatar.png'],
      ['a protocol-relative address', '//tracker.example/avatar.png'],
      ['a data: URL that is not an image', 'data:text/html,<script>alert(1)</script>'],
      ['a malformed address', 'https://[not-a-host/avatar.png'],
    ])('falls back to initials for %s', async (_what, picture) => {
      expect(await signedInWithPicture(picture)).toBeNull();
      const region = await view('Signed in');
      expect(textOf(region.querySelector('.MuiAvatar-root'))).toBe('DD');
    });

    it('falls back to initials without a picture', async () => {
      renderSignIn({ wrapper, search: redirectQuery(), pending: pendingLogin() });
      const region = await view('Signed in');
      await waitFor(() => expect(textOf(region.querySelector('.MuiAvatar-root'))).toContain('DD'));
    });

    it('offers to load the profile again when it failed, keeping the session', async () => {
      const { oauth, user } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) =>
          o.fetchUserProfile.mockRejectedValueOnce(
            new AuthError('network_error', 'userinfo: network error'),
          ),
      });
      const region = await view('Signed in');
      await waitFor(() =>
        expect(textOf(region)).toContain(
          'Could not reach Acme ID. Check your internet connection and try again.',
        ),
      );
      expect(announcement()).toContain('your profile could not be loaded');
      await user.click(within(region).getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(textOf(region)).toContain('Dana Demo'));
      expect(oauth.fetchUserProfile).toHaveBeenCalledTimes(2);
      expect(oauth.exchangeCode).toHaveBeenCalledTimes(1);
    });
  });

  describe('sign-out', () => {
    it('shows the sign-in view at once, with a notice, while the revocation goes on', async () => {
      const revoke = deferred<boolean>();
      const { user, host } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.revoke.mockReturnValueOnce(revoke.promise),
      });
      await user.click(await screen.findByRole('button', { name: 'Sign out' }));
      await expectHeadingFocused('Sign in');
      expect(host.toasts.at(-1)).toEqual({ level: 'success', message: 'Signed out.' });
      revoke.resolve(true);
    });

    it('says so when the revocation failed, in the sign-in view', async () => {
      const revoke = deferred<boolean>();
      const { user } = renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.revoke.mockReturnValueOnce(revoke.promise),
      });
      await user.click(await screen.findByRole('button', { name: 'Sign out' }));
      const region = await view('Sign in');
      revoke.reject(new AuthError('network_error', 'Could not reach Acme.'));
      await waitFor(() => expect(textOf(region)).toContain('could not revoke the session'));
    });
  });

  describe('error', () => {
    function failExchange() {
      return renderSignIn({
        wrapper,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) =>
          o.exchangeCode.mockRejectedValueOnce(
            new AuthError('token_error', 'token: error invalid_grant', {
              step: 'token',
              oauthError: 'invalid_grant',
              detail: 'The token endpoint answered 400 invalid_grant.',
            }),
          ),
      });
    }

    it('states what went wrong as a sentence', async () => {
      failExchange();
      const region = await view('Sign-in did not complete');
      const sentence = 'The sign-in code was already used or has expired. Please sign in again.';
      expect(textOf(region)).toContain(sentence);
      expect(announcement()).toBe(sentence);
      await expectHeadingFocused('Sign-in did not complete');
    });

    it('keeps the details behind a disclosure', async () => {
      const { user } = failExchange();
      const region = await view('Sign-in did not complete');
      const toggle = within(region).getByRole('button', { name: 'Show details' });
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(textOf(region)).not.toContain('invalid_grant');
      await user.click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(within(region).getByRole('button', { name: 'Hide details' })).toBe(toggle);
      const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
      expect(details?.hidden).toBe(false);
      expect(textOf(details)).toContain('token_error');
      expect(textOf(details)).toContain('invalid_grant');
      expect(textOf(details)).toContain('The token endpoint answered 400 invalid_grant.');
      await user.click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
    });

    it('tries again with a fresh sign-in', async () => {
      const { user, host, oauth } = failExchange();
      const region = await view('Sign-in did not complete');
      await user.click(within(region).getByRole('button', { name: 'Try again' }));
      await view('Continue in your browser');
      expect(oauth.prepareAuthorization).toHaveBeenCalledTimes(1);
      expect(host.openedUrls).toHaveLength(1);
    });

    it('dismisses to idle', async () => {
      const { user } = failExchange();
      const region = await view('Sign-in did not complete');
      await user.click(within(region).getByRole('button', { name: 'Dismiss' }));
      await expectHeadingFocused('Sign in');
    });
  });

  describe('a crash of the statechart', () => {
    it('shows a sentence instead of a blank tab', async () => {
      // React rethrows render errors in development and jsdom prints them: keep the log clean.
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const quiet = (event: ErrorEvent) => event.preventDefault();
      window.addEventListener('error', quiet);
      onTestFinished(() => window.removeEventListener('error', quiet));
      const { host } = renderSignIn({ wrapper, search: redirectQuery(), pending: pendingLogin() });
      host.toast.success = () => {
        throw new Error('SECRET-ACCESS in a broken notifier');
      };
      const region = await view('Something went wrong');
      expect(textOf(region)).toContain('Close the extension tab and open it again.');
      expect(document.body.innerHTML).not.toContain('SECRET');
    });
  });
});
