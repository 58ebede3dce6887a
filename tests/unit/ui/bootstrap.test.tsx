/**
 * What the page shows before any sign-in: outside Docker Desktop, with a broken provider
 * configuration, and inside Desktop through the real `window.ddClient` wiring. Every test runs
 * plainly and under React.StrictMode.
 */

import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import * as signInLayer from '../../../src/auth/signInLayer';
import {
  connectToDesktop,
  DESKTOP_TOO_OLD,
  type DesktopWindow,
  NOT_IN_DESKTOP,
} from '../../../src/desktop/desktopClient';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { type Bootstrap, type BootstrapOptions, bootstrap } from '../../../src/ui/bootstrap';
import { hasDockerThemes } from '../../../src/ui/theme';
import { fakeDdClient } from '../desktop/fakeDdClient';
import { fakeOAuth } from '../machines/support';
import { renderModes, testSettings, textOf, type Wrapper } from './support';

const desktopWindow = window as DesktopWindow & { __ddMuiV6Themes?: unknown };
let started: Bootstrap | undefined;

afterEach(() => {
  cleanup();
  if (started?.kind === 'ready') started.actor.stop();
  started = undefined;
  delete desktopWindow.ddClient;
  delete desktopWindow.__ddMuiV6Themes;
});

function show(wrapper: Wrapper, options: Partial<BootstrapOptions>) {
  started = bootstrap({
    connection: connectToDesktop(window),
    settings: testSettings(),
    storage: browserKeyValueStorage(window),
    createClient: () => fakeOAuth(),
    signInLayer,
    ...options,
  });
  const Wrap = wrapper;
  render(<Wrap>{started.element}</Wrap>);
  return started;
}

describe.each(renderModes)('%s', (_mode, wrapper) => {
  describe('outside Docker Desktop', () => {
    it('explains that the extension must be opened in Docker Desktop, without crashing', () => {
      expect(show(wrapper, {}).kind).toBe('unavailable');
      const region = screen.getByRole('region', { name: 'Open this extension in Docker Desktop' });
      expect(textOf(region)).toContain(NOT_IN_DESKTOP);
      expect(screen.queryByRole('button')).toBeNull();
    });

    it('says when Docker Desktop is too old for signing in', () => {
      const { client } = fakeDdClient();
      desktopWindow.ddClient = { ...client, host: {} as typeof client.host };
      show(wrapper, {});
      const region = screen.getByRole('region', { name: 'Open this extension in Docker Desktop' });
      expect(textOf(region)).toContain(DESKTOP_TOO_OLD);
    });
  });

  describe('with damaged provider settings', () => {
    // The build validates every setting (tests/unit/build) and embeds the result; the page
    // checks that the block is such a result.
    it('names the field and the build variable that sets it', () => {
      const fake = fakeDdClient();
      desktopWindow.ddClient = fake.client;
      expect(show(wrapper, { settings: { ...testSettings(), clientId: '' } }).kind).toBe(
        'invalid-config',
      );
      const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
      expect(textOf(region)).toContain('damaged: clientId is not what the build writes');
      expect(textOf(region)).toContain('Setting at fault: clientId');
      expect(textOf(region)).toContain('VITE_OAUTH_CLIENT_ID');
      expect(screen.queryByRole('button')).toBeNull();
    });

    it('says when the page carries no settings at all', () => {
      desktopWindow.ddClient = fakeDdClient().client;
      show(wrapper, { settings: undefined });
      const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
      expect(textOf(region)).toContain('This build embeds no provider settings');
    });

    it.each([
      ['issuer', { issuer: 'http://id.example.test' }],
      ['issuer', { issuer: 'not a url' }],
      ['scopes', { scopes: 'openid' }],
      ['mode', { mode: 'proxy' }],
      ['flow', { flow: undefined }],
      ['displayName', { displayName: 42 }],
    ])('refuses a block whose %s a build never writes', (field, change) => {
      desktopWindow.ddClient = fakeDdClient().client;
      show(wrapper, { settings: { ...testSettings(), ...change } });
      const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
      expect(textOf(region)).toContain(`Setting at fault: ${field}`);
    });

    it('refuses a client secret, naming the field only', () => {
      desktopWindow.ddClient = fakeDdClient().client;
      show(wrapper, { settings: { ...testSettings(), clientSecret: 'SECRET-VALUE' } });
      const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
      expect(textOf(region)).toContain('Setting at fault: clientSecret');
      expect(document.body.innerHTML).not.toContain('SECRET-VALUE');
    });
  });

  describe('inside Docker Desktop', () => {
    it('opens the browser through ddClient exactly once per click', async () => {
      const fake = fakeDdClient();
      desktopWindow.ddClient = fake.client;
      const user = userEvent.setup();
      expect(show(wrapper, {}).kind).toBe('ready');
      await user.click(screen.getByRole('button', { name: 'Sign in with Acme ID' }));
      await screen.findByRole('region', { name: 'Continue in your browser' });
      expect(fake.openExternal).toHaveBeenCalledTimes(1);
      expect(fake.openExternal).toHaveBeenCalledWith(
        'https://id.example.test/authorize?state=state-1',
      );
    });

    it('uses the Docker theme when Desktop injected its palettes', () => {
      desktopWindow.ddClient = fakeDdClient().client;
      desktopWindow.__ddMuiV6Themes = {
        light: { palette: { primary: { main: '#123456' } } },
        dark: { palette: { mode: 'dark', primary: { main: '#123456' } } },
      };
      expect(hasDockerThemes(window)).toBe(true);
      show(wrapper, {});
      const button = within(screen.getByRole('region', { name: 'Sign in' })).getByRole('button');
      expect(containedBackground(button)).toBe('#123456');
    });

    it('falls back to a plain MUI theme otherwise', () => {
      desktopWindow.ddClient = fakeDdClient().client;
      expect(hasDockerThemes(window)).toBe(false);
      show(wrapper, {});
      const button = within(screen.getByRole('region', { name: 'Sign in' })).getByRole('button');
      expect(containedBackground(button)).toBe('#1976d2');
    });
  });
});

/** MUI 6 paints a contained button through a CSS variable; jsdom does not resolve var(). */
function containedBackground(button: HTMLElement): string {
  return getComputedStyle(button).getPropertyValue('--variant-containedBg').trim();
}
