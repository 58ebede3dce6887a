/**
 * __DEV_ONLY__ An in-memory Docker Desktop for tests and the development harness: it records
 * the URLs it was asked to open and the toasts it showed, and lets the caller set the address's
 * query as a redirect would. Production code never imports this file; `npm run check:image`
 * fails when its marker shows up in the built bundle.
 */
import {
  assertBrowserUrl,
  type ColorScheme,
  type DesktopBackend,
  type DesktopHost,
} from './desktopClient';

/** Survives minification (it is a value the host carries), so the image check can see it. */
const DEV_ONLY_LABEL = '__DEV_ONLY__ memoryDesktopHost';

export type ToastLevel = 'success' | 'warning' | 'error';

export interface RecordedToast {
  level: ToastLevel;
  message: string;
}

export interface MemoryDesktopHostOptions {
  /** The initial query of the extension tab, with or without the leading '?'. */
  search?: string;
  colorScheme?: ColorScheme;
  /** A fake backend service; without one the host has no `backend`, like a UI-only extension. */
  backend?: DesktopBackend;
  /** Makes `openExternal` throw this error, like a Desktop that cannot open the browser. */
  openExternalError?: Error;
}

export interface MemoryDesktopHost extends DesktopHost {
  readonly label: typeof DEV_ONLY_LABEL;
  /** Every URL `openExternal` accepted, in order. */
  readonly openedUrls: readonly string[];
  /** Every toast shown, in order. */
  readonly toasts: readonly RecordedToast[];
  /** How many times `clearLocationQuery` removed a query. */
  readonly clearedQueries: number;
  /** Sets the query, as Desktop does when it opens the tab from a redirect. */
  setLocationSearch(search: string): void;
  /** Switches the scheme and tells the watchers. */
  setColorScheme(scheme: ColorScheme): void;
  /** From now on `openExternal` throws `error` (or works again with `undefined`). */
  failOpenExternal(error: Error | undefined): void;
}

export function createMemoryDesktopHost(options: MemoryDesktopHostOptions = {}): MemoryDesktopHost {
  const openedUrls: string[] = [];
  const toasts: RecordedToast[] = [];
  const watchers = new Set<(scheme: ColorScheme) => void>();
  let search = normaliseSearch(options.search ?? '');
  let scheme: ColorScheme = options.colorScheme ?? 'light';
  let openExternalError = options.openExternalError;
  let clearedQueries = 0;

  const record = (level: ToastLevel) => (message: string) => {
    toasts.push({ level, message });
  };

  const host: MemoryDesktopHost = {
    label: DEV_ONLY_LABEL,
    openedUrls,
    toasts,
    get clearedQueries() {
      return clearedQueries;
    },
    openExternal(url) {
      assertBrowserUrl(url);
      if (openExternalError !== undefined) throw openExternalError;
      openedUrls.push(url);
    },
    readLocationSearch: () => search,
    clearLocationQuery() {
      if (search === '') return;
      search = '';
      clearedQueries += 1;
    },
    toast: { success: record('success'), warning: record('warning'), error: record('error') },
    readColorScheme: () => scheme,
    watchColorScheme(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    setLocationSearch(next) {
      search = normaliseSearch(next);
    },
    setColorScheme(next) {
      if (next === scheme) return;
      scheme = next;
      for (const watcher of watchers) watcher(scheme);
    },
    failOpenExternal(error) {
      openExternalError = error;
    },
  };
  if (options.backend !== undefined) host.backend = options.backend;
  return host;
}

/** `location.search` is '' or starts with '?': keep the fake identical. */
function normaliseSearch(search: string): string {
  const query = search.startsWith('?') ? search.slice(1) : search;
  return query === '' ? '' : `?${query}`;
}
