/** The protocol module: OAuth 2.0 authorization code + PKCE for a public client. */
export { createOAuthClient, type OAuthClientOptions } from './client';
export {
  buildRedirectUri,
  DEFAULT_REDIRECT_STYLE,
  DEFAULT_SCOPES,
  isLoopbackHttpIssuer,
  loadProviderConfig,
  redirectUriOf,
} from './config';
export {
  type ErrorContext,
  mapOAuthError,
  markNetworkFailures,
  NetworkFailure,
  type OAuthStep,
} from './errorMapping';
export * from './errors';
export { calculateCodeChallenge, generateCodeVerifier, isValidCodeVerifier } from './pkce';
export {
  type ParseRedirectOptions,
  parseRedirectQuery,
  type RedirectQuery,
  redirectSearchParams,
} from './redirect';
export type * from './types';
