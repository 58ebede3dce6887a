/**
 * Rewriting the built extension's index.html the way the stand-in serves it: the OAuth
 * configuration block set to the stand-in's values, and the `window.ddClient` shim loaded before
 * the app's own scripts (Docker Desktop injects ddClient before the page's scripts run).
 * Pure string work, no I/O.
 */

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
  /** 'backend': the extension's backend talks to the provider (through vm.service). */
  mode?: 'page' | 'backend';
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

export const CONFIG_BLOCK_ID = 'oauth-config';
export const SHIM_PATH = '/__standin/ddclient.js';
export const VISUALIZER_PATH = '/__standin/visualizer.js';

const CONFIG_BLOCK = /<script\b[^>]*\bid\s*=\s*["']?oauth-config["']?[^>]*>[\s\S]*?<\/script\s*>/i;
const SCRIPT_TAG = /<script\b[^>]*>/gi;

/** JSON that cannot end its `<script>` element early, whatever the strings hold. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

export function configBlock(config: OAuthConfigBlock): string {
  return `<script type="application/json" id="${CONFIG_BLOCK_ID}">${jsonForScript(config)}</script>`;
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
  const block = configBlock(config);
  let out = CONFIG_BLOCK.test(html)
    ? html.replace(CONFIG_BLOCK, () => block)
    : insertBeforeFirstScript(html, block);
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
