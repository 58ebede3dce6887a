/**
 * The provider this extension signs in with: the one place an extension author configures it.
 *
 * Values are read at build time from Vite environment variables (the shell, or `.env`,
 * `.env.production`, ... at the repository root), each by its name below: vite.config.ts
 * validates them and embeds them in index.html as a JSON block, which is all the UI reads
 * (src/build/settings.ts). A production build (`npm run build`, the image) needs the first three;
 * the demo builds (`npm run build:demo`, `npm run dev`) fill unset ones with the local demo
 * server's (`npx tsx dev/authServer/main.ts --port 4000`):
 *
 *   VITE_OAUTH_ISSUER          issuer URL (https; http only on loopback) demo: http://127.0.0.1:4000
 *   VITE_OAUTH_CLIENT_ID       public client ID, PKCE, never a secret    demo: docker-extension-demo
 *   VITE_EXTENSION_ID          the image repository, as in the redirect  demo: acme/oauth-extension
 *   VITE_OAUTH_PROVIDER_NAME   shown as "Sign in with <name>"           default: the issuer's host
 *   VITE_OAUTH_SCOPES          space-separated scopes                    default: openid profile email
 *   VITE_OAUTH_REDIRECT_STYLE  docker-desktop | open.docker.com          default: docker-desktop
 *   VITE_OAUTH_REDIRECT_URI    an explicit redirect URI (a dev forwarder) default: none
 *   VITE_OAUTH_EXTRA_PARAMS    extra authorization parameters, as a query default: none
 *                              (e.g. `prompt=consent`, which some servers need for a refresh token)
 *   VITE_OAUTH_CONNECT_ORIGINS origins the page may call besides the issuer's (the page's
 *                              Content-Security-Policy; build-time only, not embedded)
 *   VITE_OAUTH_MODE            page | backend: who talks to the provider default: page
 *   VITE_OAUTH_FLOW            code | device: how the person signs in    default: code
 *   VITE_OAUTH_PRESET          a provider by name (src/oauth/presets.ts): github, gitlab, google,
 *                              microsoft, auth0, okta, keycloak, oidc — it sets the issuer, the
 *                              endpoints, scopes, flow and mode; its few values have their own
 *                              variables (README "Provider presets"); the variables above still
 *                              override its scopes, name, flow, mode and redirect style
 *                              (backend: the extension's backend, backend/, which keeps the
 *                              session and, when the provider insists, the client secret)
 *
 * A variable set to an empty value is passed on as empty (not replaced by the default), so a
 * forgotten value is reported by name instead of silently signing in to the demo.
 * `loadProviderConfig` (src/oauth/config.ts) validates everything, at build time and again when
 * the UI starts.
 */

export interface ProviderSettings {
  displayName?: string;
  issuer: string;
  clientId: string;
  scopes?: string[];
  extensionId: string;
  redirectStyle?: string;
  redirectUri?: string;
  extraAuthorizationParams?: Record<string, string>;
  /** page (default) | backend: who talks to the provider (src/providerMode.ts). */
  mode?: string;
  /** code (default) | device: how the person signs in (src/providerMode.ts). */
  flow?: string;
  /**
   * true: sign-out also ends the person's session at the provider, in the browser (OpenID
   * Connect RP-Initiated Logout, the provider's `end_session_endpoint`). Default false.
   */
  providerLogout?: boolean | string;
  /** From a preset only (src/oauth/presets.ts): explicit endpoints, for providers without discovery. */
  endpoints?: Record<string, string>;
  /** From a preset only: where the person revokes the access when only they can (GitHub). */
  revocationPage?: string;
  /** From a preset only: its name, for the backend (GitHub's own API). */
  preset?: string;
}

/** The settings a preset sets and no variable of its own does. */
const PRESET_ONLY = ['endpoints', 'revocationPage', 'preset'] as const;

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
  flow: 'VITE_OAUTH_FLOW',
  providerLogout: 'VITE_OAUTH_PROVIDER_LOGOUT',
  endpoints: 'VITE_OAUTH_PRESET',
  revocationPage: 'VITE_OAUTH_PRESET',
  preset: 'VITE_OAUTH_PRESET',
};

/** `VITE_OAUTH_PRESET`: a provider by name (src/oauth/presets.ts), with its few values. */
export const PRESET_VARIABLE = 'VITE_OAUTH_PRESET';

/**
 * Origins the page may call besides the issuer's, for its Content-Security-Policy (a provider
 * whose discovery names endpoints on other hosts). Build-time only: not embedded.
 */
export const CONNECT_ORIGINS_VARIABLE = 'VITE_OAUTH_CONNECT_ORIGINS';

/** The local demo server's settings: what the demo builds use for unset variables. */
export const demoProviderSettings: Readonly<
  Required<
    Omit<
      ProviderSettings,
      | 'redirectUri'
      | 'extraAuthorizationParams'
      | 'flow'
      | 'providerLogout'
      | (typeof PRESET_ONLY)[number]
    >
  >
> = {
  displayName: 'Demo ID',
  issuer: 'http://127.0.0.1:4000',
  clientId: 'docker-extension-demo',
  scopes: ['openid', 'profile', 'email'],
  extensionId: 'acme/oauth-extension',
  redirectStyle: 'docker-desktop',
  mode: 'page',
};

type Env = Readonly<Record<string, string | boolean | undefined>>;

/**
 * The settings from their variables (by name: nothing else in `env` is read); an unset one takes
 * its value from `defaults`, or stays unset (the protocol module's default, or a reported error).
 */
export function readProviderSettings(
  env: Env,
  defaults: Partial<ProviderSettings> = {},
): ProviderSettings {
  const text = (key: keyof ProviderSettings): string | undefined => {
    const value = env[providerSettingVariables[key]];
    return typeof value === 'string' ? value : undefined;
  };
  const scopes = text('scopes');
  const extra = text('extraAuthorizationParams');
  const logout = text('providerLogout');
  const settings: Record<string, unknown> = {
    displayName: text('displayName') ?? defaults.displayName,
    issuer: text('issuer') ?? defaults.issuer ?? '',
    clientId: text('clientId') ?? defaults.clientId ?? '',
    scopes:
      scopes === undefined
        ? defaults.scopes && [...defaults.scopes]
        : scopes.split(/\s+/).filter((scope) => scope !== ''),
    extensionId: text('extensionId') ?? defaults.extensionId ?? '',
    redirectStyle: text('redirectStyle') ?? defaults.redirectStyle,
    redirectUri: text('redirectUri') || defaults.redirectUri,
    extraAuthorizationParams: extra
      ? Object.fromEntries(new URLSearchParams(extra))
      : defaults.extraAuthorizationParams,
    mode: text('mode') ?? defaults.mode,
    flow: text('flow') ?? defaults.flow,
    // "true" and "false" as the booleans they say; anything else is refused by name.
    providerLogout:
      logout === undefined
        ? defaults.providerLogout
        : logout === 'true' || logout === 'false'
          ? logout === 'true'
          : logout,
    ...Object.fromEntries(PRESET_ONLY.map((key) => [key, defaults[key]])),
  };
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as unknown as ProviderSettings;
}

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

/**
 * JSON that cannot end or comment out its `<script>` element, whatever the strings hold: `<`,
 * `>` and `&` become \u escapes (so no `</script>` or `<!--`), as do U+2028 and U+2029, which
 * older JavaScript parsers take for line ends. JSON.parse reads the same values back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** The `<script>` element that embeds the settings in index.html. */
export function configBlockHtml(settings: unknown): string {
  return `<script type="application/json" id="${CONFIG_BLOCK_ID}">${jsonForScript(settings)}</script>`;
}
