/**
 * The one module that talks to Docker Desktop (`window.ddClient`) and reads the page's address.
 * Everything else receives a `DesktopHost` and never touches a global, so tests and the
 * development harness can hand in the in-memory host of this folder instead. (Its name is kept
 * out of this file on purpose: the image check looks for it in the production bundle.)
 */
import { createDockerDesktopClient } from '@docker/extension-api-client';
import type { v1 } from '@docker/extension-api-client-types';

export type ColorScheme = 'light' | 'dark';

export interface DesktopToast {
  success(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** HTTP to the extension's backend service; a non-2xx answer rejects with `statusCode`. */
export interface DesktopBackend {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  delete(path: string): Promise<unknown>;
}

export interface DesktopHost {
  /**
   * Opens the system browser (`ddClient.host.openExternal`). Throws a plain `Error` when the URL
   * is not http(s) (Desktop would ignore it without a word) or Desktop cannot open it.
   */
  openExternal(url: string): void;
  /** Current query of the extension tab (`window.location.search`), '' when there is none. */
  readLocationSearch(): string;
  /** Removes the query from the address (`history.replaceState`) so a reload cannot replay it. */
  clearLocationQuery(): void;
  toast: DesktopToast;
  /** The extension backend service (`ddClient.extension.vm.service`), absent when there is none. */
  backend?: DesktopBackend;
  /** 'light' | 'dark' as Desktop shows it (prefers-color-scheme), for the theme. */
  readColorScheme(): ColorScheme;
  /** Calls `listener` whenever Desktop switches scheme; returns the function that stops it. */
  watchColorScheme(listener: (scheme: ColorScheme) => void): () => void;
}

export type DesktopConnection =
  | { kind: 'desktop'; host: DesktopHost }
  | { kind: 'unavailable'; reason: string };

/** What Desktop injects into the page: the v1 client (`createDockerDesktopClient()` returns it). */
export type DesktopWindow = Window & { ddClient?: v1.DockerDesktopClient };

export const NOT_IN_DESKTOP =
  'Docker Desktop is not running this page (window.ddClient is missing): open the extension ' +
  'from the Extensions section of Docker Desktop, or, to develop it without Docker Desktop, ' +
  'run "npm start -- --dev", which hosts it in a local stand-in with hot reload.';

export const DESKTOP_TOO_OLD =
  'This version of Docker Desktop lacks what sign-in needs (opening the browser and ' +
  'notifications): update Docker Desktop.';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Connects to the Docker Desktop client injected into `win`. Never throws: outside Desktop it
 * answers `unavailable` with a sentence the UI can show.
 *
 * In the page itself the client comes from `createDockerDesktopClient()`, as in every Docker
 * extension (it throws outside Desktop: that is the `unavailable` answer); for another window
 * (a test's), its `ddClient`.
 */
export function connectToDesktop(
  win: Window | undefined = globalThis.window,
  createClient: () => v1.DockerDesktopClient = createDockerDesktopClient,
): DesktopConnection {
  if (win === undefined) return { kind: 'unavailable', reason: NOT_IN_DESKTOP };
  let client: v1.DockerDesktopClient | undefined;
  try {
    client = win === globalThis.window ? createClient() : (win as DesktopWindow).ddClient;
  } catch {
    return { kind: 'unavailable', reason: NOT_IN_DESKTOP };
  }
  if (client === undefined || client === null) {
    return { kind: 'unavailable', reason: NOT_IN_DESKTOP };
  }
  // Partial clients come from old Desktop releases (or a careless stand-in): refuse them here
  // rather than fail later in the middle of a sign-in.
  if (
    typeof client.host?.openExternal !== 'function' ||
    typeof client.desktopUI?.toast?.success !== 'function'
  ) {
    return { kind: 'unavailable', reason: DESKTOP_TOO_OLD };
  }
  return { kind: 'desktop', host: desktopHost(client, win) };
}

/**
 * Throws unless `url` is an absolute http(s) URL: the only kind `openExternal` opens. The message
 * names the scheme only, never the URL, whose query carries the sign-in's `state`.
 */
export function assertBrowserUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error('Cannot open the browser: the address is not an absolute URL.');
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(
      `Docker Desktop opens only http and https addresses in the browser, not "${protocol}".`,
    );
  }
}

function desktopHost(client: v1.DockerDesktopClient, win: Window): DesktopHost {
  const toast = client.desktopUI.toast;
  const service = client.extension?.vm?.service;
  const host: DesktopHost = {
    openExternal(url) {
      assertBrowserUrl(url);
      try {
        client.host.openExternal(url);
      } catch (error) {
        throw new Error('Docker Desktop could not open the browser.', { cause: error });
      }
    },
    readLocationSearch: () => win.location.search,
    clearLocationQuery() {
      const { pathname, hash, search } = win.location;
      if (search === '') return;
      // Keeps the path and the fragment and the history entry's state: only the query goes.
      win.history.replaceState(win.history.state, '', `${pathname}${hash}`);
    },
    toast: {
      success: (message) => toast.success(message),
      warning: (message) => toast.warning(message),
      error: (message) => toast.error(message),
    },
    readColorScheme: () => (win.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light'),
    watchColorScheme(listener) {
      const query = win.matchMedia?.(DARK_QUERY);
      if (query === undefined) return () => {};
      const onChange = (event: MediaQueryListEvent) => listener(event.matches ? 'dark' : 'light');
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
  };
  if (service !== undefined) {
    host.backend = {
      get: (path) => service.get(path),
      post: (path, body) => service.post(path, body),
      delete: (path) => service.delete(path),
    };
  }
  return host;
}
