/**
 * The provider this extension signs in with: the one place an extension author configures it.
 *
 * Values are read at build time from Vite environment variables (the shell, or `.env`,
 * `.env.production`, ... at the repository root); unset ones fall back to the local demo server
 * (`npx tsx dev/authServer/main.ts --port 4000`):
 *
 *   VITE_OAUTH_PROVIDER_NAME   shown as "Sign in with <name>"           default: Demo ID
 *   VITE_OAUTH_ISSUER          issuer URL (https; http only on loopback) default: http://127.0.0.1:4000
 *   VITE_OAUTH_CLIENT_ID       public client ID, PKCE, never a secret    default: docker-extension-demo
 *   VITE_OAUTH_SCOPES          space-separated scopes                    default: openid profile email
 *   VITE_EXTENSION_ID          the image repository, as in the redirect  default: acme/oauth-extension
 *   VITE_OAUTH_REDIRECT_STYLE  docker-desktop | open.docker.com          default: docker-desktop
 *   VITE_OAUTH_REDIRECT_URI    an explicit redirect URI (a dev forwarder) default: none
 *   VITE_OAUTH_EXTRA_PARAMS    extra authorization parameters, as a query default: none
 *                              (e.g. `prompt=consent`, which some servers need for a refresh token)
 *   VITE_OAUTH_MODE            page | backend: who talks to the provider default: page
 *                              (backend: the extension's backend, backend/, which keeps the
 *                              session and, when the provider insists, the client secret)
 *
 * A variable set to an empty value is passed on as empty (not replaced by the default), so a
 * forgotten value in a production build is reported by name instead of silently signing in to
 * the demo. `loadProviderConfig` (src/oauth/config.ts) validates everything when the UI starts.
 */

export interface ProviderSettings {
  displayName: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  extensionId: string;
  redirectStyle: string;
  redirectUri?: string;
  extraAuthorizationParams?: Record<string, string>;
  mode: string;
}

/** The environment variable behind each setting, for messages that name what to change. */
export const providerSettingVariables: Readonly<Record<keyof ProviderSettings, string>> = {
  displayName: 'VITE_OAUTH_PROVIDER_NAME',
  issuer: 'VITE_OAUTH_ISSUER',
  clientId: 'VITE_OAUTH_CLIENT_ID',
  scopes: 'VITE_OAUTH_SCOPES',
  extensionId: 'VITE_EXTENSION_ID',
  redirectStyle: 'VITE_OAUTH_REDIRECT_STYLE',
  redirectUri: 'VITE_OAUTH_REDIRECT_URI',
  extraAuthorizationParams: 'VITE_OAUTH_EXTRA_PARAMS',
  mode: 'VITE_OAUTH_MODE',
};

export const demoProviderSettings: Readonly<ProviderSettings> = {
  displayName: 'Demo ID',
  issuer: 'http://127.0.0.1:4000',
  clientId: 'docker-extension-demo',
  scopes: ['openid', 'profile', 'email'],
  extensionId: 'acme/oauth-extension',
  redirectStyle: 'docker-desktop',
  mode: 'page',
};

type Env = Readonly<Record<string, string | boolean | undefined>>;

export function readProviderSettings(env: Env): ProviderSettings {
  const text = (key: keyof ProviderSettings): string | undefined => {
    const value = env[providerSettingVariables[key]];
    return typeof value === 'string' ? value : undefined;
  };
  const scopes = text('scopes');
  const redirectUri = text('redirectUri');
  const extra = text('extraAuthorizationParams');
  return {
    ...(redirectUri ? { redirectUri } : {}),
    ...(extra ? { extraAuthorizationParams: Object.fromEntries(new URLSearchParams(extra)) } : {}),
    displayName: text('displayName') ?? demoProviderSettings.displayName,
    issuer: text('issuer') ?? demoProviderSettings.issuer,
    clientId: text('clientId') ?? demoProviderSettings.clientId,
    scopes:
      scopes === undefined
        ? [...demoProviderSettings.scopes]
        : scopes.split(/\s+/).filter((scope) => scope !== ''),
    extensionId: text('extensionId') ?? demoProviderSettings.extensionId,
    redirectStyle: text('redirectStyle') ?? demoProviderSettings.redirectStyle,
    mode: text('mode') ?? demoProviderSettings.mode,
  };
}

// `import.meta.env` is absent when vite.config.ts itself imports this file.
export const providerSettings: ProviderSettings = readProviderSettings(import.meta.env ?? {});

/** The id of the `<script type="application/json">` block that carries the settings. */
export const CONFIG_BLOCK_ID = 'oauth-config';

/**
 * The settings as embedded in index.html at build time (vite.config.ts validates them there,
 * and the local Docker Desktop stand-in rewrites the block for its own server). `undefined` when
 * the page has no block; not JSON is reported as an invalid configuration by `loadProviderConfig`.
 */
export function readEmbeddedSettings(doc: Document | undefined = globalThis.document): unknown {
  const text = doc?.getElementById(CONFIG_BLOCK_ID)?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return 'the oauth-config block in index.html is not JSON';
  }
}

/** Timing settings the embedded block may carry (`"authSettings"`), e.g. a shorter token timeout. */
const TIMING_SETTINGS = [
  'browserTimeoutMs',
  'exchangeTimeoutMs',
  'pendingMaxAgeMs',
  'refreshMarginMs',
  'refreshBackoffMs',
  'minRefreshDelayMs',
  'revocationTimeoutMs',
] as const;

/**
 * The statechart's timing settings from the embedded block's optional `authSettings` member:
 * positive whole numbers of milliseconds only; anything else is left at its default.
 */
export function readEmbeddedAuthSettings(
  settings: unknown,
): Partial<Record<(typeof TIMING_SETTINGS)[number], number>> {
  const raw = (settings as { authSettings?: unknown } | null)?.authSettings;
  const result: Partial<Record<(typeof TIMING_SETTINGS)[number], number>> = {};
  if (typeof raw !== 'object' || raw === null) return result;
  for (const key of TIMING_SETTINGS) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) result[key] = value;
  }
  return result;
}

/** The `<script>` element that embeds the settings in index.html (JSON, `<` escaped). */
export function configBlockHtml(settings: unknown): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${CONFIG_BLOCK_ID}">${json}</script>`;
}
