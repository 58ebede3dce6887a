/**
 * Reading the redirect that Docker Desktop delivers to the extension tab. Pure: no globals, and
 * nothing here throws, whatever the address holds.
 */

/** What the current address is, as far as signing in is concerned. */
export type RedirectQuery =
  | { kind: 'code'; extensionId?: string }
  | { kind: 'error'; error: string; errorDescription?: string; extensionId?: string }
  | { kind: 'none' };

export interface ParseRedirectOptions {
  /**
   * This extension's id. A query that names another extension is not ours (`kind: 'none'`);
   * a query without `extensionId` (the local development harness) is accepted.
   */
  extensionId?: string;
}

const MAX_DESCRIPTION_LENGTH = 300;

/**
 * The query parameters of `input`: a `location.search` (with or without `?`), or a whole
 * redirect URL such as `docker-desktop://dashboard/extension-tab?extensionId=...&code=...`.
 * Decoded by URLSearchParams, so a server's re-encoding (`acme%2Foauth-extension`) is undone.
 */
export function redirectSearchParams(input: string): URLSearchParams {
  if (typeof input !== 'string') return new URLSearchParams();
  let query = input;
  const hash = query.indexOf('#');
  if (hash !== -1) query = query.slice(0, hash);
  const mark = query.indexOf('?');
  // Text before the first `?` is a URL's scheme and path unless it already holds parameters.
  if (mark !== -1 && !/[=&]/.test(query.slice(0, mark))) query = query.slice(mark + 1);
  return new URLSearchParams(query);
}

/**
 * Whether `search` is an OAuth redirect (it carries `code` or `error`). Used to decide what to
 * do with the address when the tab opens; the full validation is `validateRedirect`.
 * Never throws.
 */
export function parseRedirectQuery(
  search: string,
  options: ParseRedirectOptions = {},
): RedirectQuery {
  try {
    const params = redirectSearchParams(search);
    const extensionId = params.get('extensionId') ?? undefined;
    if (
      options.extensionId !== undefined &&
      extensionId !== undefined &&
      extensionId !== options.extensionId
    ) {
      return { kind: 'none' };
    }
    const withId = extensionId === undefined ? {} : { extensionId };
    const error = params.get('error');
    if (error) {
      const description = sanitizeText(params.get('error_description'));
      return {
        kind: 'error',
        error: sanitizeText(error) ?? 'unknown_error',
        ...(description === undefined ? {} : { errorDescription: description }),
        ...withId,
      };
    }
    if (params.get('code')) return { kind: 'code', ...withId };
    return { kind: 'none' };
  } catch {
    return { kind: 'none' };
  }
}

/** Server-provided text made safe to show: no control characters, bounded length. */
export function sanitizeText(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (clean === '') return undefined;
  return clean.length > MAX_DESCRIPTION_LENGTH
    ? `${clean.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`
    : clean;
}
