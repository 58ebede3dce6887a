import { createDockerDesktopClient } from '@docker/extension-api-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  connectToDesktop,
  DESKTOP_TOO_OLD,
  type DesktopHost,
  type DesktopWindow,
  NOT_IN_DESKTOP,
} from '../../../src/desktop/desktopClient';
import { type FakeDdClient, fakeDdClient } from './fakeDdClient';

const desktopWindow = window as DesktopWindow;

function connectWith(fake: FakeDdClient): DesktopHost {
  desktopWindow.ddClient = fake.client;
  const connection = connectToDesktop(window);
  if (connection.kind !== 'desktop') throw new Error(`expected a connection: ${connection.reason}`);
  return connection.host;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

afterEach(() => {
  delete desktopWindow.ddClient;
  vi.restoreAllMocks();
});

describe('connectToDesktop', () => {
  it('answers unavailable, without throwing, when window.ddClient is missing', () => {
    delete desktopWindow.ddClient;
    expect(connectToDesktop(window)).toEqual({ kind: 'unavailable', reason: NOT_IN_DESKTOP });
    expect(NOT_IN_DESKTOP).toMatch(/Docker Desktop/);
    // `npm run dev` opened in a plain browser: the page names the command that hosts it.
    expect(NOT_IN_DESKTOP).toContain('run "npm start -- --dev"');
  });

  it('uses the global window by default', () => {
    desktopWindow.ddClient = fakeDdClient().client;
    expect(connectToDesktop().kind).toBe('desktop');
  });

  it("obtains the page's client through Docker's createDockerDesktopClient()", () => {
    const { client } = fakeDdClient();
    desktopWindow.ddClient = client;
    // The package itself, loaded as the page's build loads it (vite.config.ts inlines it).
    expect(createDockerDesktopClient()).toBe(client);
    const factory = vi.fn(createDockerDesktopClient);
    expect(connectToDesktop(window, factory).kind).toBe('desktop');
    expect(factory).toHaveBeenCalledOnce();
  });

  it('answers unavailable when createDockerDesktopClient() throws outside Desktop', () => {
    delete desktopWindow.ddClient;
    expect(() => createDockerDesktopClient()).toThrow(/Docker Desktop/);
    expect(connectToDesktop()).toEqual({ kind: 'unavailable', reason: NOT_IN_DESKTOP });
    const failing = () => {
      throw new Error('no client');
    };
    expect(connectToDesktop(window, failing)).toEqual({
      kind: 'unavailable',
      reason: NOT_IN_DESKTOP,
    });
  });

  it('answers unavailable when the client lacks openExternal (an old Desktop)', () => {
    const { client } = fakeDdClient();
    desktopWindow.ddClient = { ...client, host: {} as typeof client.host };
    expect(connectToDesktop(window)).toEqual({ kind: 'unavailable', reason: DESKTOP_TOO_OLD });
  });
});

describe('openExternal', () => {
  it('forwards an https URL to ddClient.host.openExternal, unchanged', () => {
    const fake = fakeDdClient();
    const url = 'https://id.example.com/authorize?client_id=x&state=s3cr3t-state';
    connectWith(fake).openExternal(url);
    expect(fake.openExternal).toHaveBeenCalledWith(url);
  });

  it('refuses a non-http URL with a plain Error that does not repeat the URL', () => {
    const fake = fakeDdClient();
    const host = connectWith(fake);
    const attempt = () => host.openExternal('docker-desktop://dashboard/open?state=s3cr3t-state');
    expect(attempt).toThrow(Error);
    expect(attempt).toThrow(/http and https/);
    expect(attempt).not.toThrow(/s3cr3t-state/);
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it('refuses a relative address', () => {
    const fake = fakeDdClient();
    expect(() => connectWith(fake).openExternal('/authorize')).toThrow(/absolute URL/);
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it('turns a failure of Desktop into a plain Error that keeps the cause', () => {
    const fake = fakeDdClient();
    const failure = new Error('no browser');
    fake.openExternal.mockImplementation(() => {
      throw failure;
    });
    const host = connectWith(fake);
    expect(() => host.openExternal('https://id.example.com/authorize')).toThrow(
      expect.objectContaining({
        message: 'Docker Desktop could not open the browser.',
        cause: failure,
      }),
    );
  });
});

describe('toast', () => {
  it('forwards success, warning and error to ddClient.desktopUI.toast', () => {
    const fake = fakeDdClient();
    const host = connectWith(fake);
    host.toast.success('Signed in');
    host.toast.warning('Session ends soon');
    host.toast.error('Sign-in failed');
    expect(fake.toast.success).toHaveBeenCalledWith('Signed in');
    expect(fake.toast.warning).toHaveBeenCalledWith('Session ends soon');
    expect(fake.toast.error).toHaveBeenCalledWith('Sign-in failed');
  });
});

describe('the address of the extension tab', () => {
  it('reads the redirect query from window.location.search', () => {
    window.history.replaceState(
      null,
      '',
      '/ui/index.html?extensionId=acme%2Foauth-extension&code=c1&state=s1',
    );
    const host = connectWith(fakeDdClient());
    expect(new URLSearchParams(host.readLocationSearch()).get('code')).toBe('c1');
  });

  it('clears the query with history.replaceState, keeping the path, the hash and the state', () => {
    window.history.replaceState({ tab: 1 }, '', '/ui/index.html?code=c1&state=s1#details');
    const replaceState = vi.spyOn(window.history, 'replaceState');
    const host = connectWith(fakeDdClient());

    host.clearLocationQuery();

    expect(replaceState).toHaveBeenCalledWith({ tab: 1 }, '', '/ui/index.html#details');
    expect(window.location.search).toBe('');
    expect(window.location.pathname).toBe('/ui/index.html');
    expect(window.location.hash).toBe('#details');
    expect(host.readLocationSearch()).toBe('');
  });

  it('leaves the history alone when there is no query', () => {
    window.history.replaceState(null, '', '/ui/index.html');
    const replaceState = vi.spyOn(window.history, 'replaceState');
    connectWith(fakeDdClient()).clearLocationQuery();
    expect(replaceState).not.toHaveBeenCalled();
  });
});

describe('backend', () => {
  it('is absent for a UI-only extension', () => {
    expect(connectWith(fakeDdClient()).backend).toBeUndefined();
  });

  it('forwards get, post and delete to ddClient.extension.vm.service', async () => {
    const fake = fakeDdClient({ withBackend: true });
    fake.service?.get.mockResolvedValue({ ok: true });
    fake.service?.post.mockResolvedValue({ access_token: 'at' });
    fake.service?.delete.mockResolvedValue({ ok: true, deleted: 1 });
    const backend = connectWith(fake).backend;

    await expect(backend?.get('/health')).resolves.toEqual({ ok: true });
    await expect(backend?.post('/token', { code: 'c1' })).resolves.toEqual({ access_token: 'at' });
    await expect(backend?.delete('/session')).resolves.toEqual({ ok: true, deleted: 1 });
    expect(fake.service?.get).toHaveBeenCalledWith('/health');
    expect(fake.service?.post).toHaveBeenCalledWith('/token', { code: 'c1' });
    expect(fake.service?.delete).toHaveBeenCalledWith('/session');
  });

  it('passes a non-2xx rejection through with its statusCode', async () => {
    const fake = fakeDdClient({ withBackend: true });
    const serviceError = { name: 'ServiceError', message: 'Bad Request', statusCode: 400 };
    fake.service?.post.mockRejectedValue(serviceError);
    await expect(connectWith(fake).backend?.post('/token', {})).rejects.toBe(serviceError);
  });
});

describe('colour scheme', () => {
  function fakeMatchMedia(initiallyDark: boolean) {
    const listeners = new Set<(event: MediaQueryListEvent) => void>();
    const query = {
      matches: initiallyDark,
      addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
        listeners.add(listener),
      removeEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
        listeners.delete(listener),
    };
    vi.spyOn(window, 'matchMedia').mockImplementation(() => query as unknown as MediaQueryList);
    return (dark: boolean) => {
      query.matches = dark;
      for (const listener of listeners) listener({ matches: dark } as MediaQueryListEvent);
    };
  }

  beforeEach(() => {
    // jsdom has no matchMedia; give it one that the tests can spy on.
    window.matchMedia ??= (() => {
      throw new Error('not faked');
    }) as typeof window.matchMedia;
  });

  it('reads prefers-color-scheme', () => {
    fakeMatchMedia(true);
    expect(connectWith(fakeDdClient()).readColorScheme()).toBe('dark');
  });

  it('tells watchers when the scheme changes, until they stop watching', () => {
    const switchTo = fakeMatchMedia(false);
    const host = connectWith(fakeDdClient());
    const seen: string[] = [];
    const stop = host.watchColorScheme((scheme) => seen.push(scheme));
    switchTo(true);
    stop();
    switchTo(false);
    expect(seen).toEqual(['dark']);
  });

  it('falls back to light where matchMedia does not exist', () => {
    const host = connectToDesktop({
      ddClient: fakeDdClient().client,
      location: window.location,
      history: window.history,
    } as unknown as Window);
    if (host.kind !== 'desktop') throw new Error('expected a connection');
    expect(host.host.readColorScheme()).toBe('light');
    expect(() => host.host.watchColorScheme(() => {})()).not.toThrow();
  });
});
