/**
 * docker-extension-oauth/oauth: the protocol module — OAuth 2.0 authorization code with PKCE and
 * the device authorization grant for a public client (oauth4webapi underneath), the provider
 * presets, and `AuthError` with its closed set of reasons.
 *
 * @packageDocumentation
 * @module docker-extension-oauth/oauth
 */
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
  isPresetName,
  PRESETS,
  type PresetName,
  type PresetSettings,
  type PresetValue,
  type ProviderPreset,
  presetSettings,
} from './presets';
export {
  type ParseRedirectOptions,
  parseRedirectQuery,
  type RedirectQuery,
  redirectSearchParams,
} from './redirect';
export type * from './types';
