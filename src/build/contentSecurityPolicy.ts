/**
 * The Content-Security-Policy of the production index.html (a `<meta http-equiv>`, inserted by
 * vite.config.ts in builds only: `npm run dev` needs React's inline refresh preamble), and of
 * the page the local stand-in serves (dev/standin, which points the page at its own servers).
 *
 * - scripts only from the extension itself: no inline script, no eval;
 * - no plugins (`object-src 'none'`), no `<base>` (`base-uri 'none'`), no form posts;
 * - connections only to the provider: the issuer's origin, explicit endpoints' origins, and
 *   the origins named in VITE_OAUTH_CONNECT_ORIGINS (discovery may name endpoints on another
 *   host, which the build cannot know without asking the provider);
 * - images from the extension, https (the avatar) and data: URLs;
 * - styles also inline: MUI (emotion) inserts `<style>` elements at run time. Styles cannot run
 *   scripts.
 * `frame-ancestors` cannot be set by a `<meta>` (browsers ignore it there), so it is not.
 */

/** The parts of the settings that say where the page connects. */
export interface ConnectTargets {
  issuer: string;
  endpoints?: { readonly [name: string]: string | undefined } | object;
}

/**
 * The origin of `url` when its host is a plain name or address. The URL parser admits `*` and
 * `;` in a host, which would read as a wildcard or end the directive in a policy.
 */
export function plainOrigin(url: string): string | undefined {
  try {
    const { host, origin } = new URL(url);
    return /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d+)?$/.test(host) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The origins of the issuer and of any explicit endpoint, plus `extra`, without repeats.
 * Throws on an address whose origin cannot be written into a policy.
 */
export function connectSources(targets: ConnectTargets, extra: readonly string[] = []): string[] {
  const urls = [targets.issuer, ...Object.values(targets.endpoints ?? {})].filter(
    (url): url is string => typeof url === 'string',
  );
  const origins = urls.map((url) => {
    const origin = plainOrigin(url);
    if (origin === undefined) throw new Error(`${url} has no origin a policy can name`);
    return origin;
  });
  return [...new Set([...origins, ...extra])];
}

/** The policy, one directive per product need; `connect` comes from `connectSources`. */
export function contentSecurityPolicy(connect: readonly string[]): string {
  const directives: Array<[string, readonly string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'https:', 'data:']],
    ['connect-src', connect.length > 0 ? connect : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The `<meta>` element; the policy is escaped for an attribute value. */
export function contentSecurityPolicyMeta(policy: string): string {
  const value = policy
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
  return `<meta http-equiv="Content-Security-Policy" content="${value}" />`;
}

/** A `<meta http-equiv="Content-Security-Policy">` element, whatever its attribute order. */
export const CSP_META = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/i;

/** The policy of the first CSP `<meta>` in `html`, undefined when there is none. */
export function readContentSecurityPolicy(html: string): string | undefined {
  const meta = CSP_META.exec(html)?.[0];
  const content =
    meta === undefined ? undefined : /\bcontent\s*=\s*("([^"]*)"|'([^']*)')/i.exec(meta);
  if (content === undefined || content === null) return undefined;
  return (content[2] ?? content[3] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
