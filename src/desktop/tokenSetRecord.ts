/**
 * A token set read back from storage (the page's localStorage, or the backend's session file),
 * checked member by member. Pure: no storage, no DOM, so the backend imports it too.
 */
import type { IdTokenClaims, ProviderMetadata, TokenSet } from '../oauth/types';

/** The token set in a stored record, or why it is not one (quoting no value). */
export function parseTokenSet(data: Record<string, unknown>): TokenSet | string {
  const { accessToken, tokenType, expiresAt, refreshToken, refreshable, scope, idTokenClaims } =
    data;
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
  if (refreshable !== undefined) {
    if (typeof refreshable !== 'boolean') return '"refreshable" is not true or false';
    tokens.refreshable = refreshable;
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The provider metadata a sign-in in progress keeps (`metadata`), or why it is not usable: absent
 * is fine (the client discovers it), anything but an object with an issuer is not.
 */
export function parseKeptMetadata(value: unknown): ProviderMetadata | undefined | string {
  if (value === undefined) return undefined;
  return isObject(value) && typeof value.issuer === 'string'
    ? (value as ProviderMetadata)
    : '"metadata" is not a provider\'s metadata';
}
