/**
 * The views' own words (src/ui/texts.ts: `views` and `status`): an author replaces any of them,
 * entry by entry. Every view is rendered with a table where each entry is a marker naming it,
 * ⟦idle.signIn Acme ID⟧ (with the values it was given): the markers show, and once they are
 * removed nothing is left of the page's text but data (a code, a profile, a check's message) —
 * no sentence of the default table stays behind. Every test runs plainly and under StrictMode.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Fragment } from 'react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { StartGate } from '../../../src/auth/startGate';
import { connectToDesktop, type DesktopWindow } from '../../../src/desktop/desktopClient';
import { createMemoryDesktopHost } from '../../../src/desktop/memoryDesktopHost';
import { createSessionStore } from '../../../src/desktop/sessionStore';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import { loadProviderConfig } from '../../../src/oauth/config';
import { AuthError } from '../../../src/oauth/errors';
import { type BootstrapOptions, bootstrap } from '../../../src/ui/bootstrap';
import { defaultTexts, type TextOverrides } from '../../../src/ui/texts';
import { formatClockTime } from '../../../src/ui/views/linkValidity';
import { fakeDdClient } from '../desktop/fakeDdClient';
import { fakeOAuth } from '../machines/support';
import {
  deferred,
  descriptionOf,
  deviceAuthorization,
  pendingLogin,
  type RenderOptions,
  redirectQuery,
  renderModes,
  renderSignIn,
  T0,
  testSettings,
  textOf,
  tokens,
  type Wrapper,
} from './support';

const MINUTE = 60_000;
const PAGE = 'id.example.test/device';

/** Every entry of `views` and `status` replaced by a marker naming it and the values it got. */
function markedTexts(): TextOverrides {
  const mark = (name: string, entry: unknown) =>
    typeof entry === 'function'
      ? (...values: unknown[]) => `⟦${[name, ...values.filter((v) => v != null)].join(' ')}⟧`
      : `⟦${name}⟧`;
  const group = (prefix: string, entries: object) =>
    Object.fromEntries(
      Object.entries(entries).map(([key, entry]) => [key, mark(`${prefix}.${key}`, entry)]),
    );
  const views = Object.fromEntries(
    Object.entries(defaultTexts.views).map(([view, entries]) => [view, group(view, entries)]),
  ) as Record<string, Record<string, unknown>>;
  Object.assign(views.deviceCode ?? {}, { spokenCharacters: { '-': '⟦dash⟧' } });
  Object.assign(views.config ?? {}, {
    settingAtFault: <Code,>(field: Code, variable: Code | undefined) => [
      '⟦config.settingAtFault ',
      field,
      ' ',
      variable,
      '⟧',
    ],
  });
  return {
    views: views as TextOverrides['views'],
    status: group('status', defaultTexts.status) as TextOverrides['status'],
    // The failure shown in the error view, so that it too is a marker there.
    reasons: { access_denied: '⟦reasons.access_denied⟧' },
  };
}

const texts = markedTexts();

/** The text with every marker removed (innermost first: a marker may hold another). */
function unmarked(text: string): string {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, '');
  }
  // MUI's outlined fields hold a zero-width space (the notch of their label): not a word.
  return rest.replace(/[\s\u200b]+/g, ' ').trim();
}

/** What is left of the page once the markers are gone: its text and its elements' names. */
function leftover(): string {
  const labels = Array.from(document.querySelectorAll('[aria-label]'), (element) =>
    element.getAttribute('aria-label'),
  );
  return unmarked([textOf(document.body), ...labels].join(' '));
}

function liveRegion(): string {
  return screen.getByRole('status', { name: '⟦status.label⟧' }).textContent ?? '';
}

function region(name: string) {
  return screen.findByRole('region', { name });
}

describe.each(renderModes)('%s', (_mode, wrapper) => {
  describe('the sign-in view', () => {
    it('says the author’s title, paragraph, button and status', async () => {
      renderSignIn({ wrapper, texts });
      const view = await region('⟦idle.title⟧');
      expect(textOf(view)).toContain('⟦idle.intro Acme ID id.example.test⟧');
      within(view).getByRole('button', { name: '⟦idle.signIn Acme ID⟧' });
      expect(liveRegion()).toBe('⟦status.notSignedIn⟧');
      expect(screen.queryByRole('button', { name: 'Sign in with Acme ID' })).toBeNull();
      expect(leftover()).toBe('');
    });

    it('words the device flow’s paragraph', async () => {
      renderSignIn({ wrapper, texts, settings: testSettings({ flow: 'device' }) });
      expect(textOf(await region('⟦idle.title⟧'))).toContain(
        '⟦idle.introDevice Acme ID id.example.test⟧',
      );
      expect(leftover()).toBe('');
    });
  });

  describe('the progress views', () => {
    it('preparing: title, spinner, Cancel and status', async () => {
      const { user } = renderSignIn({
        wrapper,
        texts,
        setup: (o) => o.prepareAuthorization.mockReturnValueOnce(deferred<never>().promise),
      });
      await user.click(screen.getByRole('button', { name: '⟦idle.signIn Acme ID⟧' }));
      const view = await region('⟦progress.preparing⟧');
      within(view).getByRole('progressbar', { name: '⟦progress.preparing⟧' });
      within(view).getByRole('button', { name: '⟦progress.cancel⟧' });
      expect(liveRegion()).toBe('⟦status.preparing⟧');
      expect(leftover()).toBe('');
    });

    it('checking the answer', async () => {
      renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.validateRedirect.mockReturnValueOnce(deferred<never>().promise),
      });
      await region('⟦progress.checking⟧');
      expect(liveRegion()).toBe('⟦status.checking⟧');
      expect(leftover()).toBe('');
    });

    it('signing in', async () => {
      renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.exchangeCode.mockReturnValueOnce(deferred<never>().promise),
      });
      await region('⟦progress.signingIn⟧');
      expect(liveRegion()).toBe('⟦status.signingIn⟧');
      expect(leftover()).toBe('');
    });
  });

  describe('the waiting view', () => {
    async function startWaiting(options: { failOpen?: boolean } = {}) {
      const rendered = renderSignIn({
        wrapper,
        texts,
        ...(options.failOpen ? { openExternalError: new Error('no browser') } : {}),
      });
      await rendered.user.click(screen.getByRole('button', { name: '⟦idle.signIn Acme ID⟧' }));
      return { ...rendered, view: await region('⟦waiting.title⟧') };
    }

    it('says the author’s sentences, labels and buttons', async () => {
      const { view, user } = await startWaiting();
      expect(textOf(view)).toContain('⟦waiting.intro Acme ID⟧');
      const link = within(view).getByRole('textbox', { name: '⟦waiting.linkLabel⟧' });
      expect(descriptionOf(link)).toBe(
        `⟦waiting.linkValidUntil ${formatClockTime(T0 + 10 * MINUTE)} 10⟧`,
      );
      for (const name of ['openAgain', 'cancel', 'copyLink', 'pasteSubmit']) {
        within(view).getByRole('button', { name: `⟦waiting.${name}⟧` });
      }
      const pasted = within(view).getByLabelText('⟦waiting.pasteLabel⟧');
      expect(descriptionOf(pasted)).toBe('⟦waiting.pasteHelp⟧');
      expect(liveRegion()).toBe('⟦status.waiting⟧');
      expect(leftover()).toBe('');

      await user.click(within(view).getByRole('button', { name: '⟦waiting.copyLink⟧' }));
      expect(textOf(view)).toContain('⟦waiting.linkCopied⟧');
      vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
      await user.click(within(view).getByRole('button', { name: '⟦waiting.copyLink⟧' }));
      expect(textOf(view)).toContain('⟦waiting.copyFailed⟧');
      expect(leftover()).toBe('');
    });

    it('when the browser did not open', async () => {
      const { view } = await startWaiting({ failOpen: true });
      await waitFor(() => expect(textOf(view)).toContain('⟦waiting.browserFailed Acme ID⟧'));
      expect(liveRegion()).toBe('⟦status.browserFailed⟧');
      expect(leftover()).toBe('');
    });
  });

  describe('the device-code view', () => {
    async function showCode(options: Omit<Partial<RenderOptions>, 'wrapper'> = {}) {
      const rendered = renderSignIn({
        wrapper,
        texts,
        settings: testSettings({ flow: 'device' }),
        ...options,
      });
      await rendered.user.click(screen.getByRole('button', { name: '⟦idle.signIn Acme ID⟧' }));
      return { ...rendered, view: await region('⟦deviceCode.title Acme ID⟧') };
    }

    it('says the author’s sentences, the code’s label and spoken characters, the buttons', async () => {
      const { view, user } = await showCode();
      expect(textOf(view)).toContain(`⟦deviceCode.intro ${PAGE} Acme ID⟧`);
      const code = within(view).getByRole('group', { name: '⟦deviceCode.codeLabel⟧' });
      expect(textOf(code)).toContain('W D J B ⟦dash⟧ M J H T');
      expect(textOf(view)).toContain(
        `⟦deviceCode.goesOn Acme ID⟧ ⟦deviceCode.codeValidUntil ${formatClockTime(T0 + 10 * MINUTE)} 10⟧`,
      );
      within(view).getByRole('button', { name: `⟦deviceCode.openAgain ${PAGE}⟧` });
      within(view).getByRole('button', { name: '⟦deviceCode.cancel⟧' });
      expect(liveRegion()).toBe(`⟦status.enterCode W D J B ⟦dash⟧ M J H T ${PAGE}⟧`);
      // Only the code is left: the visible one, and the one spelled out for screen readers.
      expect(leftover().replace(/\s/g, '')).toBe('WDJB-MJHTWDJBMJHT');

      await user.click(within(view).getByRole('button', { name: '⟦deviceCode.copyCode⟧' }));
      expect(textOf(view)).toContain(`⟦deviceCode.codeCopied ${PAGE}⟧`);
      vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
      await user.click(within(view).getByRole('button', { name: '⟦deviceCode.copyCode⟧' }));
      expect(textOf(view)).toContain('⟦deviceCode.copyFailed⟧');
    });

    it('when the browser did not open', async () => {
      const { view } = await showCode({ openExternalError: new Error('no browser') });
      await waitFor(() =>
        expect(textOf(view)).toContain(`⟦deviceCode.browserFailed ${PAGE} Acme ID⟧`),
      );
      expect(liveRegion()).toBe(`⟦status.enterCodeBrowserFailed W D J B ⟦dash⟧ M J H T ${PAGE}⟧`);
    });

    it('when a poll failed', async () => {
      const { view } = await showCode({
        setup: (o) => {
          // A short interval: the polls run on real timers here.
          o.startDeviceAuthorization.mockResolvedValueOnce(deviceAuthorization({ intervalMs: 10 }));
          o.pollDeviceToken
            .mockRejectedValueOnce(new AuthError('network_error', 'token: network error'))
            .mockReturnValue(deferred<never>().promise);
        },
      });
      // The failure's own sentence is the failures' table's (not marked here).
      await waitFor(() =>
        expect(textOf(view)).toContain('⟦deviceCode.pollFailed Could not reach Acme ID.'),
      );
    });
  });

  describe('the error view', () => {
    it('says the author’s title, buttons and details', async () => {
      const { user } = renderSignIn({
        wrapper,
        texts,
        search: `${redirectQuery()}&error=access_denied`,
        pending: pendingLogin(),
      });
      const view = await region('⟦error.title⟧');
      expect(textOf(view)).toContain('⟦reasons.access_denied⟧');
      within(view).getByRole('button', { name: '⟦error.tryAgain⟧' });
      within(view).getByRole('button', { name: '⟦error.dismiss⟧' });
      await user.click(within(view).getByRole('button', { name: '⟦error.showDetails⟧' }));
      within(view).getByRole('button', { name: '⟦error.hideDetails⟧' });
      const terms = Array.from(view.querySelectorAll('dt'), (term) => term.textContent);
      expect(terms).toEqual(['⟦error.reason⟧', '⟦error.serverCode⟧']);
      expect(liveRegion()).toBe('⟦reasons.access_denied⟧');
      // The details' values are data: the failure's reason and the server's code.
      expect(leftover()).toBe('access_deniedaccess_denied');
    });
  });

  describe('the signed-in view', () => {
    it('while the profile loads', async () => {
      renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) => o.fetchUserProfile.mockReturnValueOnce(deferred<never>().promise),
      });
      const view = await region('⟦authorized.title⟧');
      expect(textOf(view)).toContain('⟦authorized.loadingProfile⟧');
      within(view).getByRole('button', { name: '⟦authorized.signOut⟧' });
      expect(liveRegion()).toBe('⟦status.loadingProfile⟧');
      expect(leftover()).toBe('');
    });

    it('with the profile: only the person’s data is left', async () => {
      renderSignIn({ wrapper, texts, search: redirectQuery(), pending: pendingLogin() });
      await region('⟦authorized.title⟧');
      await waitFor(() => expect(liveRegion()).toBe('⟦status.signedInAs Dana Demo⟧'));
      expect(leftover().replace(/\s/g, '')).toBe('DDDanaDemodana@example.test');
    });

    it('names an account that has neither a name nor an address', async () => {
      renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) =>
          o.fetchUserProfile.mockResolvedValueOnce({ subject: 'user-1', claims: { sub: 'x' } }),
      });
      const view = await region('⟦authorized.title⟧');
      await waitFor(() => expect(textOf(view)).toContain('⟦authorized.unnamed⟧'));
      expect(liveRegion()).toBe('⟦status.signedIn⟧');
    });

    it('when the profile could not be loaded', async () => {
      renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
        setup: (o) =>
          o.fetchUserProfile.mockRejectedValueOnce(
            new AuthError('network_error', 'userinfo: network error'),
          ),
      });
      const view = await region('⟦authorized.title⟧');
      const failure = 'Could not reach Acme ID. Check your internet connection and try again.';
      await waitFor(() => expect(textOf(view)).toContain(`⟦authorized.profileFailed ${failure}⟧`));
      within(view).getByRole('button', { name: '⟦authorized.tryAgain⟧' });
      expect(liveRegion()).toBe(`⟦status.profileFailed ${failure}⟧`);
      expect(leftover()).toBe('');
    });

    it('while the session cannot be renewed', async () => {
      const storage = browserKeyValueStorage(window);
      createSessionStore(storage, bindingOf(loadProviderConfig(testSettings()))).save({
        ...tokens,
        expiresAt: T0 - MINUTE,
      });
      renderSignIn({
        wrapper,
        texts,
        storage,
        setup: (o) =>
          o.refresh.mockRejectedValueOnce(new AuthError('network_error', 'refresh: network error')),
      });
      const view = await region('⟦authorized.title⟧');
      await waitFor(() => expect(textOf(view)).toContain('⟦authorized.refreshBackoff Acme ID⟧'));
    });

    it('after a sign-out whose revocation failed, the live region words it', async () => {
      const { oauth, user } = renderSignIn({
        wrapper,
        texts,
        search: redirectQuery(),
        pending: pendingLogin(),
      });
      oauth.revoke.mockRejectedValueOnce(new AuthError('network_error', 'revocation: failed'));
      await user.click(await screen.findByRole('button', { name: '⟦authorized.signOut⟧' }));
      await region('⟦idle.title⟧');
      await waitFor(() =>
        expect(liveRegion()).toMatch(/^⟦status\.signedOutWarning You are signed out here/),
      );
    });
  });

  it('the view after a crash', async () => {
    // React rethrows render errors in development and jsdom prints them: keep the log clean.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    onTestFinished(() => window.removeEventListener('error', quiet));
    const { host } = renderSignIn({
      wrapper,
      texts,
      search: redirectQuery(),
      pending: pendingLogin(),
    });
    host.toast.success = () => {
      throw new Error('a broken notifier');
    };
    const view = await region('⟦crashed.title⟧');
    expect(textOf(view)).toBe('⟦crashed.title⟧⟦crashed.text⟧');
  });

  describe('before the sign-in', () => {
    const desktopWindow = window as DesktopWindow;
    afterEach(() => {
      cleanup();
      delete desktopWindow.ddClient;
    });

    function show(Wrap: Wrapper, options: Partial<BootstrapOptions> = {}) {
      const started = bootstrap({
        connection: connectToDesktop(window),
        settings: testSettings(),
        storage: browserKeyValueStorage(window),
        createClient: () => fakeOAuth(),
        logger: { warn: () => {} },
        texts,
        ...options,
      });
      render(<Wrap>{started.element}</Wrap>);
      return started;
    }

    it('outside Docker Desktop', () => {
      show(wrapper);
      const view = screen.getByRole('region', { name: '⟦unavailable.title⟧' });
      expect(textOf(view)).toContain('⟦unavailable.needsDesktop⟧');
    });

    it('with a setting at fault: the author’s sentence around the names, shown as code', () => {
      desktopWindow.ddClient = fakeDdClient().client;
      show(wrapper, { settings: { ...testSettings(), clientId: '' } });
      const view = screen.getByRole('region', { name: '⟦config.title⟧' });
      expect(textOf(view)).toContain('⟦config.settingAtFault clientId VITE_OAUTH_CLIENT_ID⟧');
      expect(Array.from(view.querySelectorAll('code'), (code) => code.textContent)).toEqual([
        'clientId',
        'VITE_OAUTH_CLIENT_ID',
      ]);
      expect(textOf(view)).toContain('⟦config.fix⟧');
      // What is left is the check's own message, which names the setting for the author.
      const message = textOf(view.querySelector('.MuiAlert-root'));
      expect(leftover()).toBe(message);
    });

    it('in backend mode: connecting, then the backend not answering, with Try again', async () => {
      const fake = fakeDdClient({ withBackend: true });
      const answer = deferred<never>();
      fake.service?.get.mockReturnValueOnce(answer.promise);
      fake.service?.get.mockReturnValue(deferred<never>().promise);
      desktopWindow.ddClient = fake.client;
      show(wrapper, { settings: testSettings({ mode: 'backend' }) });
      screen.getByRole('region', { name: '⟦start.connecting⟧' });
      screen.getByRole('progressbar', { name: '⟦start.connecting⟧' });
      expect(leftover()).toBe('');
      await act(async () => answer.reject(new Error('no backend')));
      const view = await region('⟦start.notAnswering⟧');
      within(view).getByRole('button', { name: '⟦start.tryAgain⟧' });
      await userEvent.setup().click(screen.getByRole('button', { name: '⟦start.tryAgain⟧' }));
      await region('⟦start.connecting⟧');
    });
  });
});

describe('before the statechart’s code has loaded (page mode)', () => {
  let gate: StartGate | undefined;
  afterEach(() => {
    cleanup();
    const state = gate?.getState();
    if (state?.status === 'ready') state.actor.stop();
    gate = undefined;
    window.localStorage.clear();
  });

  function show(Wrap: Wrapper) {
    const started = bootstrap({
      connection: { kind: 'desktop', host: createMemoryDesktopHost() },
      settings: testSettings(),
      storage: browserKeyValueStorage(window),
      createClient: () => fakeOAuth(),
      clock: { now: () => T0 },
      logger: { warn: () => {} },
      texts,
    });
    if (started.kind !== 'page') throw new Error(`bootstrap answered ${started.kind}`);
    gate = started.gate;
    render(<Wrap>{started.element}</Wrap>);
    return started.gate;
  }

  it.each(renderModes)('the first view says the author’s words (%s)', async (_mode, wrapper) => {
    const starting = show(wrapper);
    expect(starting.getState().status).toBe('connecting');
    const view = screen.getByRole('region', { name: '⟦idle.title⟧' });
    within(view).getByRole('button', { name: '⟦idle.signIn Acme ID⟧' });
    expect(liveRegion()).toBe('⟦status.notSignedIn⟧');
    expect(leftover()).toBe('');
    await vi.waitFor(() => expect(starting.getState().status).toBe('ready'), { timeout: 10_000 });
  });

  it('a signed-in first view, from a stored session', async () => {
    const binding = bindingOf(loadProviderConfig(testSettings()));
    createSessionStore(browserKeyValueStorage(window), binding).save(tokens);
    const starting = show(Fragment);
    expect(starting.getState().status).toBe('connecting');
    screen.getByRole('region', { name: '⟦authorized.title⟧' });
    expect(liveRegion()).toBe('⟦status.loadingProfile⟧');
    expect(leftover()).toBe('');
    await vi.waitFor(() => expect(starting.getState().status).toBe('ready'), { timeout: 10_000 });
  });

  it('the code that could not be loaded: the author’s heading and Try again', async () => {
    vi.doMock('../../../src/auth/signInLayer', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    try {
      show(Fragment);
      const view = await region('⟦start.loadFailed⟧');
      within(view).getByRole('button', { name: '⟦start.tryAgain⟧' });
    } finally {
      vi.doUnmock('../../../src/auth/signInLayer');
    }
  });
});

describe('an author’s entries, one by one', () => {
  it.each(renderModes)(
    'replace those entries only; the others keep their words (%s)',
    async (_mode, wrapper) => {
      renderSignIn({
        wrapper,
        texts: {
          views: { idle: { signIn: (provider) => `Se connecter avec ${provider}` } },
          status: { notSignedIn: 'Non connecté' },
        },
      });
      const view = await region('Sign in');
      within(view).getByRole('button', { name: 'Se connecter avec Acme ID' });
      expect(within(view).queryByRole('button', { name: 'Sign in with Acme ID' })).toBeNull();
      expect(textOf(view)).toContain('This extension uses your Acme ID account.');
      expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe(
        'Non connecté',
      );
    },
  );
});
