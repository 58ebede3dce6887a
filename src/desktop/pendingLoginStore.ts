/**
 * The pending sign-in, kept in storage across Docker Desktop's reload of the extension tab
 * (between opening the browser and the redirect coming back): one versioned JSON record
 * (src/desktop/versionedRecord.ts). Anything else found under the key (an older format, another
 * program's value, a truncated write) is removed and reported with the reason only: the value
 * holds the PKCE verifier and `state`, so it is never logged.
 */

import type { PendingLoginStore } from '../machines/authMachine';
import type { PendingAuthorization } from '../oauth/types';
import type { KeyValueStorage } from './storage';
import { parseKeptMetadata } from './tokenSetRecord';
import { createVersionedRecord, type RecordBinding, type StoreLogger } from './versionedRecord';

export const PENDING_LOGIN_KEY = 'oauth.pendingLogin.v1';
/** 2: bound to issuer, client id and redirect URI; the verifier may be kept by a backend. */
export const PENDING_LOGIN_VERSION = 2;

const REQUIRED_TEXT = ['state', 'redirectUri', 'authorizationUrl'] as const;

export function createPendingLoginStore(
  storage: KeyValueStorage,
  binding: RecordBinding,
  logger?: StoreLogger,
): PendingLoginStore {
  return createVersionedRecord<PendingAuthorization>(
    storage,
    {
      key: PENDING_LOGIN_KEY,
      version: PENDING_LOGIN_VERSION,
      binding,
      label: 'the saved sign-in',
      parse: parsePendingLogin,
      serialize: (pending) => pending,
    },
    logger,
  );
}

/** The pending sign-in in a record's data, or why it is not one (quoting no value). */
function parsePendingLogin(data: Record<string, unknown>): PendingAuthorization | string {
  for (const field of REQUIRED_TEXT) {
    const value = data[field];
    if (typeof value !== 'string' || value === '') return `"${field}" is missing or not text`;
  }
  const { state, codeVerifier, redirectUri, authorizationUrl, startedAt, nonce } = data;
  const metadata = parseKeptMetadata(data.metadata);
  if (typeof metadata === 'string') return metadata;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) {
    return '"startedAt" is missing or not a time';
  }
  for (const [name, value] of Object.entries({ nonce, codeVerifier })) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      return `"${name}" is not text`;
    }
  }
  const pending: PendingAuthorization = {
    state: state as string,
    redirectUri: redirectUri as string,
    authorizationUrl: authorizationUrl as string,
    startedAt,
  };
  if (typeof codeVerifier === 'string') pending.codeVerifier = codeVerifier;
  if (typeof nonce === 'string') pending.nonce = nonce;
  if (metadata) pending.metadata = metadata;
  return pending;
}
