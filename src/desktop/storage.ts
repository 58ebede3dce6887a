/**
 * Key-value storage over `window.localStorage`, which Docker Desktop isolates per extension and
 * keeps across Desktop restarts and extension upgrades (deleted on uninstall). Sign-in saves its
 * pending authorization here before the browser opens, because Desktop may reload the page
 * before the redirect comes back.
 */

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface BrowserKeyValueStorage extends KeyValueStorage {
  /**
   * 'localStorage' while every write reached it; 'memory' once localStorage was unavailable or
   * refused a write. Memory does not survive a reload, so a sign-in that needs one will fail:
   * the UI should tell the user.
   */
  readonly backing: 'localStorage' | 'memory';
  /** Why the memory fallback is in use, as a sentence; undefined while it is not. */
  readonly fallbackReason: string | undefined;
}

/**
 * Never throws. Reading `localStorage` can throw (a SecurityError when storage is disabled),
 * and so can a write (QuotaExceededError): from then on the values live in memory, in front of
 * whatever localStorage still holds.
 */
export function browserKeyValueStorage(
  win: { readonly localStorage: Storage } | undefined = globalThis.window,
): BrowserKeyValueStorage {
  const memory = new Map<string, string>();
  let fallbackReason: string | undefined;
  let local: Storage | undefined;

  const fallBack = (what: string, error: unknown) => {
    fallbackReason ??=
      `Saved sign-in data is kept in memory only, so it will not survive a reload: ${what} ` +
      `(${describe(error)}).`;
  };

  try {
    if (win === undefined) throw new Error('no browser window');
    local = win.localStorage;
    if (local === undefined || local === null) throw new Error('localStorage is missing');
  } catch (error) {
    local = undefined;
    fallBack('the browser storage is unavailable', error);
  }

  return {
    get backing() {
      return fallbackReason === undefined ? 'localStorage' : 'memory';
    },
    get fallbackReason() {
      return fallbackReason;
    },
    getItem(key) {
      const remembered = memory.get(key);
      if (remembered !== undefined) return remembered;
      if (local === undefined) return null;
      try {
        return local.getItem(key);
      } catch (error) {
        fallBack('the browser storage cannot be read', error);
        return null;
      }
    },
    setItem(key, value) {
      if (local !== undefined) {
        try {
          local.setItem(key, value);
          memory.delete(key);
          return;
        } catch (error) {
          fallBack('the browser storage refused to save', error);
        }
      }
      memory.set(key, value);
    },
    removeItem(key) {
      memory.delete(key);
      if (local === undefined) return;
      try {
        local.removeItem(key);
      } catch (error) {
        fallBack('the browser storage cannot be changed', error);
      }
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Key-value storage in memory only (nothing survives a reload): for tests, and for authors who
 * want the stores without persistence. `items` is the backing map.
 */
export function memoryKeyValueStorage(
  initial: Record<string, string> = {},
): KeyValueStorage & { readonly items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}

/**
 * `storage` with every key prefixed (`prefix + key`), so that the sign-in's records
 * (`oauth.session`, `oauth.pendingLogin.v1`, `oauth.pendingDevice.v1`) live beside an
 * extension's own keys without meeting them. The memory fallback's warning is passed on.
 */
export function prefixedStorage<S extends KeyValueStorage & { readonly fallbackReason?: string }>(
  storage: S,
  prefix: string,
): KeyValueStorage & { readonly fallbackReason: string | undefined } {
  return {
    getItem: (key) => storage.getItem(prefix + key),
    setItem: (key, value) => storage.setItem(prefix + key, value),
    removeItem: (key) => storage.removeItem(prefix + key),
    get fallbackReason() {
      return storage.fallbackReason;
    },
  };
}
