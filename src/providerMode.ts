/**
 * Who talks to the provider (`VITE_OAUTH_MODE`, README "Two modes"): the extension's page, or
 * its backend. Checked with the provider settings by every entry point (the UI build, the UI at
 * start, the backend's build and start), but not protocol: it lives outside src/oauth, whose
 * sign-in layer has a size budget.
 */
import { loadProviderConfig } from './oauth/config.ts';
import { AuthError } from './oauth/errors.ts';
import type { ProviderConfig } from './oauth/types.ts';

export type OAuthMode = 'page' | 'backend';

export type ProviderSettingsConfig = ProviderConfig & { mode: OAuthMode };

/** Issuers whose token endpoint a page cannot use: no CORS headers, and a secret required. */
const BACKEND_ONLY = /(^|\.)github\.com$/;

/**
 * `loadProviderConfig`, and the mode: "page" (default) or "backend", and not "page" for a
 * provider only a backend can use. Throws an AuthError naming the field, like the loader.
 */
export function loadProviderSettings(raw: unknown): ProviderSettingsConfig {
  const config = loadProviderConfig(raw);
  const { mode = 'page' } = raw as { mode?: unknown };
  const fail = (message: string) => {
    throw new AuthError('invalid_configuration', message, { field: 'mode' });
  };
  if (mode !== 'page' && mode !== 'backend') fail('mode must be "page" or "backend".');
  const host = new URL(config.issuer).hostname;
  if (mode === 'page' && BACKEND_ONLY.test(host)) {
    fail(
      `${host}'s token endpoint cannot be used from the extension's page (no CORS, and it ` +
        'requires a client secret): set the mode to "backend".',
    );
  }
  return { ...config, mode: mode as OAuthMode };
}
