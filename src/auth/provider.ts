/**
 * Where `createDesktopAuth` gets its provider from. Each source is a function, called once when
 * the sign-in is created, so that a missing or refused value becomes the configuration view
 * naming the field (not an exception in the author's module), and so that a page bundles only
 * the source it uses: the preset table and the settings rules stay out of a page that reads the
 * settings its build already validated.
 */
import { readEmbeddedAuthSettings, readEmbeddedSettings } from '../config';
import type { AuthSettings } from '../machines/authMachine';
import { AuthError } from '../oauth/errors';
import { isPresetName, PRESETS, type PresetName, type PresetSettings } from '../oauth/presets';
import {
  loadProviderSettings,
  type ProviderSettingsConfig,
  readBuiltSettings,
} from '../providerMode';

/** Returns the validated provider settings, or throws an AuthError naming the field at fault. */
export type ProviderSource = () => ProviderSettingsConfig;

/** The provider's settings as an author writes them (README "Configure a provider"). */
export interface ProviderSettingsInput {
  /** "Sign in with <displayName>"; default: the issuer's host. */
  displayName?: string;
  /** The issuer; OpenID Connect discovery unless `endpoints` are given. */
  issuer: string;
  /** A public client (PKCE, no secret). */
  clientId: string;
  /** The extension's image repository, e.g. `acme/oauth-extension` (Desktop routes the redirect by it). */
  extensionId: string;
  scopes?: string[];
  /** `docker-desktop` (default) or `open.docker.com`. */
  redirectStyle?: 'docker-desktop' | 'open.docker.com';
  /** Overrides the redirect URI made from `redirectStyle` (a development forwarder). */
  redirectUri?: string;
  extraAuthorizationParams?: Record<string, string>;
  /** Explicit endpoints, for a provider without discovery. */
  endpoints?: PresetSettings['endpoints'];
  /** `page` (default): the page talks to the provider; `backend`: the extension's backend does. */
  mode?: 'page' | 'backend';
  /** `code` (default): authorization code with PKCE; `device`: the device authorization grant. */
  flow?: 'code' | 'device';
  /** Where a person revokes the access when only they can (GitHub). */
  revocationPage?: string;
}

/** A preset's own values (by the preset's names: `url`, `domain`, `tenant`…), plus the client. */
export type PresetInput = { clientId: string; extensionId: string } & Partial<
  Omit<ProviderSettingsInput, 'issuer' | 'endpoints'>
> &
  Record<string, unknown>;

/**
 * Full settings, validated at start (the same rules as the build: `loadProviderSettings`). An
 * http issuer is accepted for loopback addresses only.
 */
export function providerSettings(settings: ProviderSettingsInput): ProviderSource {
  return () => loadProviderSettings(settings);
}

/**
 * A provider preset (`github`, `gitlab`, `google`, `microsoft`, `auth0`, `okta`, `keycloak`,
 * `oidc`) with its few values: the preset knows the issuer or endpoints, scopes, flow, mode and
 * redirect style; any of those given here wins. `oidc` takes `issuer`, the others their own
 * values (README "Provider presets": `github` an optional `url`, `auth0` a `domain`…).
 */
export function presetProvider(name: PresetName, values: PresetInput): ProviderSource {
  return () => {
    if (!isPresetName(name)) {
      throw new AuthError('invalid_configuration', `"${name}" is not a provider preset.`, {
        field: 'preset',
      });
    }
    const preset = PRESETS[name];
    const own: Record<string, string> = {};
    for (const [key, spec] of Object.entries(preset.values)) {
      const given = values[key];
      const value = typeof given === 'string' && given.trim() !== '' ? given.trim() : spec.default;
      const problem = value === undefined ? `is required (${spec.what})` : spec.check?.(value);
      if (problem) {
        throw new AuthError('invalid_configuration', `The ${name} preset's ${key} ${problem}.`, {
          field: key,
        });
      }
      own[key] = value as string;
    }
    const { clientId, extensionId, ...rest } = values;
    const overrides = Object.fromEntries(
      Object.entries(rest).filter(([key, value]) => !(key in preset.values) && value !== undefined),
    );
    return loadProviderSettings({ ...preset.settings(own), ...overrides, clientId, extensionId });
  };
}

/**
 * The settings the build embedded in index.html (vite.config.ts validates them from the
 * `VITE_OAUTH_*` variables; the local stand-in rewrites them): the page checks only their shape.
 * The default source.
 */
export function builtProvider(doc?: Document): ProviderSource {
  return () => readBuiltSettings(readEmbeddedSettings(doc));
}

/** The timings the build embedded beside the provider settings (`authSettings`), if any. */
export function builtTimings(doc?: Document): Partial<AuthSettings> {
  return readEmbeddedAuthSettings(readEmbeddedSettings(doc));
}
