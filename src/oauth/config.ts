import { AuthError } from './errors.ts';
import type { ProviderConfig, ProviderEndpoints, RedirectStyle } from './types';

export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];
export const DEFAULT_REDIRECT_STYLE: RedirectStyle = 'docker-desktop';

const REDIRECT_BASES: Record<RedirectStyle, string> = {
  'docker-desktop': 'docker-desktop://dashboard/extension-tab',
  'open.docker.com': 'https://open.docker.com/dashboard/extension-tab',
};

/** Parameters the client sets itself; a configuration must not override them. */
const RESERVED_PARAMS =
  'response_type client_id redirect_uri scope state nonce code_challenge code_challenge_method'.split(
    ' ',
  );

/** Docker image reference grammar: one path component (lowercase). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host, optionally with a port (e.g. ghcr.io, localhost:5000). */
const REGISTRY_HOST =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]+)?$/;
/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The exact redirect URI to register at the provider. The extension id goes in literally
 * (`acme/oauth-extension`, slash not encoded): the server compares the string exactly.
 */
export function buildRedirectUri(
  extensionId: string,
  style: RedirectStyle = DEFAULT_REDIRECT_STYLE,
): string {
  return `${REDIRECT_BASES[style]}?extensionId=${extensionId}`;
}

/** The redirect URI this configuration registers and sends: explicit, or from the style. */
export function redirectUriOf(config: ProviderConfig): string {
  return config.redirectUri ?? buildRedirectUri(config.extensionId, config.redirectStyle);
}

/** `URL.parse` is recent (Chrome 126, Node 22); this works everywhere. Null unless a URL. */
export function tryParseUrl(value: unknown): URL | null {
  try {
    return typeof value === 'string' ? new URL(value) : null;
  } catch {
    return null;
  }
}

/**
 * `value` as a URL when it is https, or, with `allowHttp`, plain http on 127.0.0.1, localhost
 * or [::1] (tests and the local demo only); otherwise null.
 */
export function secureUrl(value: unknown, allowHttp: boolean): URL | null {
  const url = tryParseUrl(value);
  const loopback =
    url?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return url?.protocol === 'https:' || (allowHttp && loopback) ? url : null;
}

/** True when requests to this issuer may go over plain http (a loopback test server). */
export function isLoopbackHttpIssuer(issuer: string): boolean {
  return secureUrl(issuer, true)?.protocol === 'http:';
}

/** `value` without its undefined members. */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Validates a provider configuration when it is loaded, so a mistake is reported once, naming
 * the field, instead of surfacing later as a failed sign-in.
 */
export function loadProviderConfig(raw: unknown): ProviderConfig {
  need(isPlainObject(raw), 'config', 'The provider configuration must be an object.');
  refuseSecrets(raw, '');
  const { clientId, issuer, extensionId, displayName, redirectUri } = raw;
  const { redirectStyle = DEFAULT_REDIRECT_STYLE, extraAuthorizationParams: extra } = raw;

  need(
    typeof clientId === 'string' && clientId !== '' && clientId.trim() === clientId,
    'clientId',
    'clientId is required: the client ID registered at the provider, without spaces around it.',
  );

  const issuerUrl = parseUrl(issuer, 'issuer', true);
  // Endpoints may use plain http only when the issuer is a loopback http address too.
  const insecure = issuerUrl.protocol === 'http:';

  let endpoints: ProviderEndpoints | undefined;
  const given = raw.endpoints;
  if (given !== undefined) {
    need(
      isPlainObject(given),
      'endpoints',
      'endpoints must be an object with the authorization and token URLs.',
    );
    const url = (name: keyof ProviderEndpoints, optional = false) =>
      optional && given[name] === undefined
        ? undefined
        : parseUrl(given[name], `endpoints.${name}`, insecure).href;
    endpoints = clean({
      authorization: url('authorization') as string,
      token: url('token') as string,
      deviceAuthorization: url('deviceAuthorization', true),
      userinfo: url('userinfo', true),
      revocation: url('revocation', true),
    });
  }

  need(
    typeof extensionId === 'string' && isImageRepository(extensionId),
    'extensionId',
    'extensionId must be the image repository, such as "acme/oauth-extension" (lowercase, no tag).',
    extensionId,
  );

  const list =
    typeof raw.scopes === 'string'
      ? raw.scopes.split(' ').filter(Boolean)
      : (raw.scopes ?? DEFAULT_SCOPES);
  need(
    Array.isArray(list) &&
      list.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope)),
    'scopes',
    'scopes must be a list of scope names, such as ["openid", "email"].',
    raw.scopes,
  );

  need(
    Object.hasOwn(REDIRECT_BASES, redirectStyle as string),
    'redirectStyle',
    'redirectStyle must be "docker-desktop" or "open.docker.com".',
    redirectStyle,
  );

  if (extra !== undefined) {
    need(
      isPlainObject(extra),
      'extraAuthorizationParams',
      'extraAuthorizationParams must be an object of text values.',
    );
    for (const [key, value] of Object.entries(extra)) {
      const field = `extraAuthorizationParams.${key}`;
      need(
        !RESERVED_PARAMS.includes(key),
        field,
        `${field} cannot be set: the sign-in sets it${key === 'scope' ? ' (use scopes)' : ''}.`,
      );
      need(typeof value === 'string', field, `${field} must be a text value.`);
    }
  }

  if (redirectUri !== undefined) {
    // Docker Desktop's scheme, https, or http on a loopback address (a development forwarder).
    const url = tryParseUrl(redirectUri);
    need(
      (url?.protocol === 'docker-desktop:' || secureUrl(redirectUri, true)) &&
        !url?.hash &&
        url?.searchParams.get('extensionId') === extensionId,
      'redirectUri',
      'redirectUri must be a docker-desktop://, https:// or loopback http:// URL without a ' +
        `fragment, carrying extensionId=${extensionId}.`,
    );
  }

  const { providerLogout } = raw;
  need(
    providerLogout === undefined || typeof providerLogout === 'boolean',
    'providerLogout',
    'providerLogout must be true or false.',
    providerLogout,
  );

  need(
    displayName === undefined || (typeof displayName === 'string' && displayName.trim()),
    'displayName',
    'displayName must be a non-empty text when set.',
  );

  return clean({
    displayName: (displayName as string | undefined)?.trim() ?? issuerUrl.host,
    issuer: issuer as string,
    clientId,
    scopes: [...new Set(list as string[])],
    extensionId,
    redirectStyle: redirectStyle as RedirectStyle,
    endpoints,
    redirectUri: redirectUri as string | undefined,
    extraAuthorizationParams: extra && { ...(extra as Record<string, string>) },
    providerLogout: providerLogout || undefined,
  });
}

/** Throws `invalid_configuration` for `field` unless `ok`. */
function need(ok: unknown, field: string, message: string, value?: unknown): asserts ok {
  if (!ok) {
    const detail = typeof value === 'string' ? `value: ${JSON.stringify(value)}` : undefined;
    throw new AuthError('invalid_configuration', message, { field, detail });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  const proto = typeof value === 'object' && value !== null && Object.getPrototypeOf(value);
  return !Array.isArray(value) && (proto === Object.prototype || proto === null);
}

/** Refuses a client secret at the top level and in nested objects (e.g. extra parameters). */
function refuseSecrets(value: Record<string, unknown>, path: string): void {
  for (const [key, nested] of Object.entries(value)) {
    const field = path + key;
    need(
      !/^(client)?secret$/.test(key.toLowerCase().replace(/[-_]/g, '')),
      field,
      `${field} must not be set: an extension is a public client, and a secret in its image can ` +
        "be read by anyone. Use PKCE without a secret, or exchange the code in the extension's backend.",
    );
    if (!path && isPlainObject(nested)) refuseSecrets(nested, `${field}.`);
  }
}

/** An issuer or endpoint URL: https, or http on a loopback host when `allowHttp`. */
function parseUrl(value: unknown, field: string, allowHttp: boolean): URL {
  need(typeof value === 'string' && value !== '', field, `${field} is required.`);
  const url = value.trim() === value && !value.includes('#') && secureUrl(value, allowHttp);
  need(
    url && !url.username && !url.password && !(field === 'issuer' && url.search),
    field,
    `${field} must use https (plain http only for a loopback issuer), with no spaces around it, ` +
      `user name, password${field === 'issuer' ? ', fragment or query' : ' or fragment'}.`,
  );
  return url;
}

/** A Docker image repository: [registry/]path/component, lowercase, no tag or digest. */
function isImageRepository(id: string): boolean {
  const parts = id.split('/');
  const first = parts[0] as string;
  const registry = parts.length > 2 && /[.:]|^localhost$/.test(first);
  const path = registry ? parts.slice(1) : parts;
  return (
    id.length < 256 &&
    path.length > 1 &&
    path.every((part) => PATH_COMPONENT.test(part)) &&
    (!registry || REGISTRY_HOST.test(first))
  );
}
