/**
 * The session between visits to the extension tab: the token set, in the extension's
 * `localStorage` (Docker Desktop isolates it per extension and deletes it on uninstall).
 * Only what the session needs is written: the tokens, their expiry and scope, and the ID
 * token's claims (the user's subject, checked on every refresh and userinfo answer). The raw
 * ID token is not kept.
 */
import type { SessionStore } from '../machines/authMachine';
import type { IdTokenClaims, TokenSet } from '../oauth/types';
import type { KeyValueStorage } from './storage';
import { createVersionedRecord, isObject, type StoreLogger } from './versionedRecord';

export const SESSION_KEY = 'oauth.session';
export const SESSION_VERSION = 1;

export function createSessionStore(storage: KeyValueStorage, logger?: StoreLogger): SessionStore {
  return createVersionedRecord<TokenSet>(
    storage,
    {
      key: SESSION_KEY,
      version: SESSION_VERSION,
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

/**
 * The token set in a stored record, or why it is not one (quoting no value). Shared with the
 * extension's backend, which keeps the session in a file.
 */
export function parseTokenSet(data: Record<string, unknown>): TokenSet | string {
  const { accessToken, tokenType, expiresAt, refreshToken, scope, idTokenClaims } = data;
  if (typeof accessToken !== 'string' || accessToken === '') {
    return '"accessToken" is missing or not text';
  }
  if (typeof tokenType !== 'string' || tokenType === '') return '"tokenType" is missing';
  const tokens: TokenSet = { accessToken, tokenType };
  if (expiresAt !== undefined) {
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      return '"expiresAt" is not a time';
    }
    tokens.expiresAt = expiresAt;
  }
  if (refreshToken !== undefined) {
    if (typeof refreshToken !== 'string' || refreshToken === '') return '"refreshToken" is empty';
    tokens.refreshToken = refreshToken;
  }
  if (scope !== undefined) {
    if (typeof scope !== 'string') return '"scope" is not text';
    tokens.scope = scope;
  }
  if (idTokenClaims !== undefined) {
    if (!isObject(idTokenClaims) || typeof idTokenClaims.sub !== 'string') {
      return '"idTokenClaims" has no subject';
    }
    tokens.idTokenClaims = idTokenClaims as IdTokenClaims;
  }
  return tokens;
}
