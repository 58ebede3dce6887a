/**
 * The session between visits to the extension tab: the token set, in the extension's
 * `localStorage` (Docker Desktop isolates it per extension and deletes it on uninstall).
 * Only what the session needs is written: the tokens, their expiry and scope, and the ID
 * token's claims (the user's subject, checked on every refresh and userinfo answer). The raw
 * ID token is not kept.
 */
import type { SessionStore } from '../machines/authMachine';
import type { TokenSet } from '../oauth/types';
import type { KeyValueStorage } from './storage';
import { parseTokenSet } from './tokenSetRecord';
import { createVersionedRecord, type RecordBinding, type StoreLogger } from './versionedRecord';

export const SESSION_KEY = 'oauth.session';
/** 2: bound to issuer, client id and redirect URI. */
export const SESSION_VERSION = 2;

export function createSessionStore(
  storage: KeyValueStorage,
  binding: RecordBinding,
  logger?: StoreLogger,
): SessionStore {
  return createVersionedRecord<TokenSet>(
    storage,
    {
      key: SESSION_KEY,
      version: SESSION_VERSION,
      binding,
      label: 'the saved session',
      parse: parseTokenSet,
      serialize: ({ idToken: _notKept, ...kept }) => kept,
    },
    logger,
  );
}

/** A store that forgets everything on reload: for tests, or authors who want no persistence. */
export function createMemorySessionStore(initial: TokenSet | null = null): SessionStore {
  let value = initial;
  return {
    load: () => value,
    save: (tokens) => {
      value = tokens;
    },
    clear: () => {
      value = null;
    },
  };
}
