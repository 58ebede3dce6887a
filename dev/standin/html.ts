/**
 * Rewriting the built extension's index.html the way the stand-in serves it: the OAuth
 * configuration block set to the stand-in's values, the Content-Security-Policy's connections
 * pointed at the same servers, and the `window.ddClient` shim loaded before the app's own
 * scripts (Docker Desktop injects ddClient before the page's scripts run).
 * Pure string work, no I/O.
 */
import { connectSources, contentSecurityPolicy } from '../../src/build/contentSecurityPolicy';
import { replaceContentSecurityPolicy } from '../../src/build/indexHtml';
import { CONFIG_BLOCK_ID, configBlockHtml } from '../../src/config';
import { loadProviderSettings } from '../../src/providerMode';

export { jsonForScript } from '../../src/config';

/** The configuration block the production bundle reads at start (the config contract). */
export interface OAuthConfigBlock {
  displayName: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  /** The extension's image repository, e.g. 'acme/oauth-extension'. */
  extensionId: string;
  redirectStyle: 'docker-desktop' | 'open.docker.com';
  /** Explicit redirect URI, overriding `redirectStyle` (the demo's loopback forwarder). */
  redirectUri?: string;
  extraAuthorizationParams?: Record<string, string>;
  /**
   * Origins besides the issuer's that the page may call (VITE_OAUTH_CONNECT_ORIGINS, for your own
   * provider): they go into the Content-Security-Policy, not into the served block.
   */
  connectOrigins?: string[];
  /** 'backend': the extension's backend talks to the provider (through vm.service). */
  mode?: 'page' | 'backend';
  /** 'device': the device flow (RFC 8628). */
  flow?: 'code' | 'device';
  /** Explicit endpoints, for a provider without discovery (the GitHub preset). */
  endpoints?: Record<string, string>;
  /** Where the person revokes the access when only they can (the GitHub preset). */
  revocationPage?: string;
  /** The preset the settings came from (src/oauth/presets.ts). */
  preset?: string;
  /** Sign-out also ends the session at the provider, in the browser (RP-Initiated Logout). */
  providerLogout?: boolean;
  /** The statechart's timing settings (src/config.ts `readEmbeddedAuthSettings`), e.g. a short token timeout. */
  authSettings?: Partial<
    Record<
      | 'exchangeTimeoutMs'
      | 'refreshMarginMs'
      | 'browserTimeoutMs'
      | 'refreshBackoffMs'
      | 'minRefreshDelayMs'
      | 'revocationTimeoutMs',
      number
    >
  >;
}

export { CONFIG_BLOCK_ID };
export const SHIM_PATH = '/__standin/ddclient.js';
export const VISUALIZER_PATH = '/__standin/visualizer.js';

const CONFIG_BLOCK = new RegExp(
  `<script\\b[^>]*\\bid\\s*=\\s*["']?${CONFIG_BLOCK_ID}["']?[^>]*>[\\s\\S]*?<\\/script\\s*>`,
  'i',
);
const SCRIPT_TAG = /<script\b[^>]*>/gi;

/**
 * The policy the stand-in serves the build with: the build's own (src/build), with connections
 * to the stand-in's issuer (and `connectOrigins`) instead of the build's, and to the stand-in
 * itself ('self'), where its ddClient shim reaches the extension's backend (Docker Desktop's own
 * ddClient does not fetch: it talks to Desktop over IPC).
 */
export function standinContentSecurityPolicy(config: OAuthConfigBlock): string {
  return contentSecurityPolicy(
    connectSources(config, [...(config.connectOrigins ?? []), "'self'"]),
  );
}

export function shimTag(): string {
  return `<script src="${SHIM_PATH}"></script>`;
}

/**
 * Answers the HTML with the config block replaced (or inserted before the first `<script`
 * when the build has none) and the shim inserted right before the first script that is not
 * the config block. Without any script, both go before `</head>` (or at the start).
 */
export function rewriteExtensionHtml(
  html: string,
  config: OAuthConfigBlock,
  options: { visualizer?: boolean } = {},
): string {
  // The block as a build writes it: validated and normalised (the page checks only its shape).
  const { connectOrigins: _policyOnly, authSettings, ...served } = config;
  const block = configBlockHtml({
    ...loadProviderSettings(served),
    ...(authSettings === undefined ? {} : { authSettings }),
  });
  // A page without a policy (the Vite dev server's) is left without one.
  let out = replaceContentSecurityPolicy(html, standinContentSecurityPolicy(config));
  out = CONFIG_BLOCK.test(out)
    ? out.replace(CONFIG_BLOCK, () => block)
    : insertBeforeFirstScript(out, block);
  // The visualizer installs window.__AUTH_DEVTOOLS__, which the app reads when it starts.
  const scripts = options.visualizer
    ? `${shimTag()}\n<script src="${VISUALIZER_PATH}"></script>`
    : shimTag();
  out = insertBeforeFirstScript(out, scripts, (tag) => !isConfigTag(tag));
  return out;
}

function isConfigTag(tag: string): boolean {
  return /\bid\s*=\s*["']?oauth-config["']?/i.test(tag);
}

function insertBeforeFirstScript(
  html: string,
  insertion: string,
  accept: (tag: string) => boolean = () => true,
): string {
  for (const match of html.matchAll(SCRIPT_TAG)) {
    if (accept(match[0])) {
      return `${html.slice(0, match.index)}${insertion}\n${html.slice(match.index)}`;
    }
  }
  const head = html.search(/<\/head\s*>/i);
  if (head !== -1) return `${html.slice(0, head)}${insertion}\n${html.slice(head)}`;
  return `${insertion}\n${html}`;
}
