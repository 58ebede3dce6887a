/**
 * docker-extension-oauth: "Sign in with …" for a Docker Desktop extension. The main entry is
 * the framework-free sign-in, `createDesktopAuth(options)`, with the provider sources; the
 * rooms have their own entries: `docker-extension-oauth/machine` (the statechart),
 * `/oauth` (the protocol client, presets, AuthError), `/desktop` (Docker Desktop adapters and
 * stores), `/react` (provider, hook, gate, views) and `/backend` (the extension's backend).
 *
 * @packageDocumentation
 * @module docker-extension-oauth
 */
export type { AuthActor, AuthSnapshot } from './auth/actor';
export {
  type AccessToken,
  createDesktopAuth,
  type DesktopAuth,
  type DesktopAuthOptions,
  type DesktopAuthSetup,
  type DesktopAuthSignedIn,
  type DesktopAuthSignedOut,
  type DesktopAuthState,
  NO_BACKEND,
  NOT_SIGNED_IN,
  type SignInLayer,
} from './auth/desktopAuth';
export {
  builtProvider,
  builtTimings,
  type PresetInput,
  type ProviderSettingsInput,
  type ProviderSource,
  presetProvider,
  providerSettings,
} from './auth/provider';
export type { StartGate, StartGateState } from './auth/startGate';
export type { AuthSettings } from './machines/authMachine';
export type { FirstView } from './machines/firstView';
export {
  AuthError,
  type AuthErrorReason,
  type AuthFailure,
  asAuthError,
} from './oauth/errors';
export type { PresetName } from './oauth/presets';
export type { UserProfile } from './oauth/types';
export type { OAuthMode, ProviderSettingsConfig } from './providerMode';
