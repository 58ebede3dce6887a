/**
 * Puts the settings block and the Content-Security-Policy into index.html. Plain slicing at
 * found positions, never `String.prototype.replace` with a string: its `$&`, `` $` `` and `$'`
 * patterns would turn a setting such as "Acme $& Co" into parts of the page.
 */
import { CSP_META, contentSecurityPolicyMeta } from './contentSecurityPolicy.ts';

/** `fragment` inserted right before `</head>` (or at the end when there is none). */
export function insertBeforeHeadEnd(html: string, fragment: string): string {
  const end = html.search(/<\/head\s*>/i);
  const at = end === -1 ? html.length : end;
  return `${html.slice(0, at)}  ${fragment}\n  ${html.slice(at)}`;
}

/**
 * `fragment` as early in `<head>` as it may go: after `<meta charset>` (which must stay first),
 * else right after `<head>`. A CSP `<meta>` applies only to what the parser meets after it.
 */
export function insertAtHeadStart(html: string, fragment: string): string {
  const charset = /<meta\b[^>]*\bcharset\s*=[^>]*>/i.exec(html);
  const head = /<head\b[^>]*>/i.exec(html);
  const anchor = charset ?? head;
  const at = anchor === null ? 0 : anchor.index + anchor[0].length;
  return `${html.slice(0, at)}\n    ${fragment}${html.slice(at)}`;
}

/** The page's CSP `<meta>` given `policy` instead; a page without one is left as it is. */
export function replaceContentSecurityPolicy(html: string, policy: string): string {
  const meta = CSP_META.exec(html);
  if (meta === null) return html;
  return `${html.slice(0, meta.index)}${contentSecurityPolicyMeta(policy)}${html.slice(meta.index + meta[0].length)}`;
}
