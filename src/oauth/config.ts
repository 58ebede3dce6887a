import { AuthError } from './errors';
import type { ProviderConfig, ProviderEndpoints, RedirectStyle } from './types';

export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];
export const DEFAULT_REDIRECT_STYLE: RedirectStyle = 'docker-desktop';

const REDIRECT_BASES: Record<RedirectStyle, string> = {
  'docker-desktop': 'docker-desktop://dashboard/extension-tab',
  'open.docker.com': 'https://open.docker.com/dashboard/extension-tab',
};

/** Hosts allowed over plain http, for tests and the local demo only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parameters the client sets itself; a configuration must not override them. */
const RESERVED_AUTHORIZATION_PARAMS = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

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

/** True for http(s) URLs on 127.0.0.1, localhost or [::1]. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** True when requests to this issuer may go over plain http (a loopback test server). */
export function isLoopbackHttpIssuer(issuer: string): boolean {
  const url = tryParseUrl(issuer);
  return url !== null && url.protocol === 'http:' && isLoopbackUrl(url);
}

/**
 * Validates a provider configuration when it is loaded, so a mistake is reported once, naming
 * the field, instead of surfacing later as a failed sign-in.
 */
export function loadProviderConfig(raw: unknown): ProviderConfig {
  if (!isPlainObject(raw)) {
    throw invalid('config', 'The provider configuration must be an object.');
  }
  refuseSecrets(raw, '');

  const clientId = raw.clientId;
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw invalid('clientId', 'clientId is required: the client ID registered at the provider.');
  }
  if (clientId.trim() !== clientId) {
    throw invalid('clientId', 'clientId must not start or end with spaces.');
  }

  const issuerUrl = parseUrl(raw.issuer, 'issuer', { allowHttp: true });
  if (issuerUrl.search !== '') {
    throw invalid('issuer', 'issuer must not contain a query (RFC 8414 §2).');
  }
  const issuer = String(raw.issuer);
  const insecureAllowed = isLoopbackHttpIssuer(issuer);

  const endpoints = parseEndpoints(raw.endpoints, insecureAllowed);
  const extensionId = parseExtensionId(raw.extensionId);
  const scopes = parseScopes(raw.scopes);
  const redirectStyle = parseRedirectStyle(raw.redirectStyle);
  const extraAuthorizationParams = parseExtraParams(raw.extraAuthorizationParams);
  const redirectUri = parseExplicitRedirectUri(raw.redirectUri, extensionId);

  let displayName = issuerUrl.host;
  if (raw.displayName !== undefined) {
    if (typeof raw.displayName !== 'string' || raw.displayName.trim() === '') {
      throw invalid('displayName', 'displayName must be a non-empty text when it is set.');
    }
    displayName = raw.displayName.trim();
  }

  const config: ProviderConfig = {
    displayName,
    issuer,
    clientId,
    scopes,
    extensionId,
    redirectStyle,
  };
  if (endpoints !== undefined) config.endpoints = endpoints;
  if (redirectUri !== undefined) config.redirectUri = redirectUri;
  if (extraAuthorizationParams !== undefined) {
    config.extraAuthorizationParams = extraAuthorizationParams;
  }
  return config;
}

/**
 * An explicit redirect URI: Docker Desktop's scheme, https, or http on a loopback address (a
 * development forwarder), naming the same extension id.
 */
function parseExplicitRedirectUri(value: unknown, extensionId: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw invalid('redirectUri', 'redirectUri must be a URL when it is set.');
  }
  const url = tryParseUrl(value);
  if (url === null) throw invalid('redirectUri', 'redirectUri is not a valid URL.');
  const allowed =
    url.protocol === 'docker-desktop:' ||
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && isLoopbackUrl(url));
  if (!allowed) {
    throw invalid(
      'redirectUri',
      'redirectUri must use docker-desktop://, https://, or http:// on a loopback address.',
    );
  }
  if (url.hash !== '') throw invalid('redirectUri', 'redirectUri must not contain a fragment.');
  if (url.searchParams.get('extensionId') !== extensionId) {
    throw invalid('redirectUri', `redirectUri must carry extensionId=${extensionId}.`);
  }
  return value;
}

/** `URL.parse` is recent (Chrome 126, Node 22); this works everywhere. */
export function tryParseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function invalid(field: string, message: string, detail?: string): AuthError {
  return new AuthError('invalid_configuration', message, {
    field,
    ...(detail === undefined ? {} : { detail }),
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_]/g, '');
  return normalised === 'clientsecret' || normalised === 'secret';
}

/** Refuses a client secret at the top level and in nested objects (e.g. extra parameters). */
function refuseSecrets(value: Record<string, unknown>, path: string): void {
  for (const [key, nested] of Object.entries(value)) {
    const field = path === '' ? key : `${path}.${key}`;
    if (isSecretKey(key)) {
      throw invalid(
        field,
        `${field} must not be set: a Docker extension is a public client, and a secret in the UI ` +
          'bundle can be read by anyone who pulls the image. Register the application as a ' +
          'public client (PKCE, no secret), or, for a provider that insists on a secret, do ' +
          "the token exchange in the extension's backend (the backend route).",
        'RFC 8252 §8.5: secrets in distributed native applications are not secret.',
      );
    }
    if (isPlainObject(nested) && path === '') refuseSecrets(nested, field);
  }
}

function parseUrl(value: unknown, field: string, options: { allowHttp: boolean }): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(field, `${field} is required and must be an https URL.`);
  }
  if (value.trim() !== value) {
    throw invalid(field, `${field} must not start or end with spaces.`);
  }
  const url = tryParseUrl(value);
  if (url === null) {
    throw invalid(field, `${field} is not a valid URL.`, `value: ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(field, `${field} must not contain a user name or password.`);
  }
  if (url.hash !== '' || value.includes('#')) {
    throw invalid(field, `${field} must not contain a fragment (#...).`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackUrl(url)) {
    if (options.allowHttp) return url;
    throw invalid(
      field,
      `${field} may use http only when the issuer is a loopback http address too.`,
      `value: ${url.origin}`,
    );
  }
  throw invalid(
    field,
    `${field} must use https (plain http is allowed only for 127.0.0.1, localhost and [::1]).`,
    `value: ${url.origin}`,
  );
}

function parseEndpoints(value: unknown, insecureAllowed: boolean): ProviderEndpoints | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw invalid(
      'endpoints',
      'endpoints must be an object with at least the authorization and token URLs.',
    );
  }
  const options = { allowHttp: insecureAllowed };
  const endpoints: ProviderEndpoints = {
    authorization: parseUrl(value.authorization, 'endpoints.authorization', options).href,
    token: parseUrl(value.token, 'endpoints.token', options).href,
  };
  if (value.userinfo !== undefined) {
    endpoints.userinfo = parseUrl(value.userinfo, 'endpoints.userinfo', options).href;
  }
  if (value.revocation !== undefined) {
    endpoints.revocation = parseUrl(value.revocation, 'endpoints.revocation', options).href;
  }
  return endpoints;
}

function parseExtensionId(value: unknown): string {
  const what =
    'the extension\'s image repository, such as "acme/oauth-extension" ' +
    '(lowercase letters, digits and . _ - separators, no tag).';
  if (typeof value !== 'string' || value === '') {
    throw invalid('extensionId', `extensionId is required: ${what}`);
  }
  const parts = value.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 2 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? parts.slice(1) : parts;
  const valid =
    value.length <= 255 &&
    path.length >= 2 &&
    path.every((part) => PATH_COMPONENT.test(part)) &&
    (!hasRegistry || REGISTRY_HOST.test(first));
  if (!valid) {
    throw invalid('extensionId', `extensionId must be ${what}`, `value: ${JSON.stringify(value)}`);
  }
  return value;
}

function parseScopes(value: unknown): string[] {
  if (value === undefined) return [...DEFAULT_SCOPES];
  const list = typeof value === 'string' ? value.split(' ').filter((s) => s !== '') : value;
  if (!Array.isArray(list)) {
    throw invalid('scopes', 'scopes must be a list of scope names, such as ["openid", "email"].');
  }
  for (const scope of list) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw invalid(
        'scopes',
        'scopes must contain only scope names without spaces or quotes.',
        `value: ${JSON.stringify(scope)}`,
      );
    }
  }
  return [...new Set(list as string[])];
}

function parseRedirectStyle(value: unknown): RedirectStyle {
  if (value === undefined) return DEFAULT_REDIRECT_STYLE;
  if (value === 'docker-desktop' || value === 'open.docker.com') return value;
  throw invalid(
    'redirectStyle',
    'redirectStyle must be "docker-desktop" or "open.docker.com".',
    `value: ${JSON.stringify(value)}`,
  );
}

function parseExtraParams(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw invalid(
      'extraAuthorizationParams',
      'extraAuthorizationParams must be an object of text values, such as { "prompt": "consent" }.',
    );
  }
  const params: Record<string, string> = {};
  for (const [key, param] of Object.entries(value)) {
    const field = `extraAuthorizationParams.${key}`;
    if (RESERVED_AUTHORIZATION_PARAMS.has(key)) {
      throw invalid(
        field,
        `${field} cannot be set: the sign-in sets "${key}" itself` +
          (key === 'scope' ? ' (use scopes instead).' : '.'),
      );
    }
    if (typeof param !== 'string') {
      throw invalid(field, `${field} must be a text value.`);
    }
    params[key] = param;
  }
  return params;
}
