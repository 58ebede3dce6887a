/**
 * The provider settings beyond the protocol's own (README "Two modes", "Provider presets"): who
 * talks to the provider (`mode`: the extension's page, or its backend), how the person signs in
 * (`flow`: the authorization code, or the device flow), where a person revokes the access when
 * only they can (`revocationPage`), and which preset the settings came from (`preset`: the
 * backend uses GitHub's own API for a GitHub preset). Checked with the provider settings by every
 * entry point (the UI build, the UI at start, the backend's build and start), but not protocol:
 * it lives outside src/oauth, whose sign-in layer has a size budget.
 */
import { loadProviderConfig, secureUrl } from './oauth/config.ts';
import { AuthError } from './oauth/errors.ts';
import type { ProviderConfig, SignInFlow } from './oauth/types.ts';

export type OAuthMode = 'page' | 'backend';

export type ProviderSettingsConfig = ProviderConfig & {
  mode: OAuthMode;
  flow: SignInFlow;
  /** The preset the settings were made from (src/oauth/presets.ts), when one was. */
  preset?: string;
};

/** Issuers whose token endpoint a page cannot use: no CORS headers, and a secret required. */
const BACKEND_ONLY = /(^|\.)github\.com$/;

/**
 * `loadProviderConfig`, and the mode: "page" (default) or "backend", and not "page" for a
 * provider only a backend can use; the flow: "code" (default) or "device"; an https
 * `revocationPage`; a `preset` name. Throws an AuthError naming the field, like the loader.
 */
export function loadProviderSettings(raw: unknown): ProviderSettingsConfig {
  const config = loadProviderConfig(raw);
  const { mode = 'page', flow = 'code', revocationPage, preset } = raw as Record<string, unknown>;
  const fail = (field: string, message: string) => {
    throw new AuthError('invalid_configuration', message, { field });
  };
  if (mode !== 'page' && mode !== 'backend') fail('mode', 'mode must be "page" or "backend".');
  const host = new URL(config.issuer).hostname;
  if (mode === 'page' && BACKEND_ONLY.test(host)) {
    fail(
      'mode',
      `${host}'s token endpoint cannot be used from the extension's page (no CORS, and it ` +
        'requires a client secret): set the mode to "backend".',
    );
  }
  if (flow !== 'code' && flow !== 'device') fail('flow', 'flow must be "code" or "device".');
  if (config.providerLogout && mode === 'backend') {
    fail(
      'providerLogout',
      "providerLogout is not offered in backend mode yet: the backend's routes do not include " +
        "the provider's sign-out page. Leave it out, or use the page mode.",
    );
  }
  if (flow === 'device' && config.endpoints && !config.endpoints.deviceAuthorization) {
    fail(
      'endpoints.deviceAuthorization',
      'endpoints.deviceAuthorization is required for the device flow when the endpoints are given.',
    );
  }
  const insecure = new URL(config.issuer).protocol === 'http:';
  if (
    revocationPage !== undefined &&
    (typeof revocationPage !== 'string' || !secureUrl(revocationPage, insecure))
  ) {
    fail('revocationPage', 'revocationPage must be an https address.');
  }
  if (preset !== undefined && (typeof preset !== 'string' || !/^[a-z0-9]+$/.test(preset))) {
    fail('preset', 'preset must be a preset name, such as "github".');
  }
  return {
    ...config,
    mode: mode as OAuthMode,
    flow: flow as SignInFlow,
    ...(revocationPage === undefined ? {} : { revocationPage: revocationPage as string }),
    ...(preset === undefined ? {} : { preset: preset as string }),
  };
}

/**
 * The page's reading of its embedded settings block. The build (vite.config.ts, with
 * src/build/settings.ts) and the Docker Desktop stand-in validate the settings with
 * `loadProviderSettings` and embed its result, so the page checks only that the block is such a
 * result (the shape, a secure issuer, no secret) instead of running every rule and carrying
 * every sentence of them again. Throws an AuthError naming the field.
 */
export function readBuiltSettings(block: unknown): ProviderSettingsConfig {
  const settings = (block ?? {}) as Record<string, unknown>;
  const fail = (field: string) => {
    throw new AuthError(
      'invalid_configuration',
      block === undefined
        ? 'This build embeds no provider settings (index.html has no oauth-config block).'
        : `The provider settings embedded in this build are damaged: ${field} is not what the build writes.`,
      { field },
    );
  };
  for (const field of ['displayName', 'issuer', 'clientId', 'extensionId', 'redirectStyle']) {
    if (typeof settings[field] !== 'string' || settings[field] === '') fail(field);
  }
  if (!secureUrl(settings.issuer, true)) fail('issuer');
  const scopes = settings.scopes;
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string')) fail('scopes');
  if (settings.mode !== 'page' && settings.mode !== 'backend') fail('mode');
  if (settings.flow !== 'code' && settings.flow !== 'device') fail('flow');
  for (const key of Object.keys(settings)) if (/secret/i.test(key)) fail(key);
  return settings as unknown as ProviderSettingsConfig;
}
