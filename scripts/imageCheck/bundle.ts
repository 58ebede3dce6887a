/**
 * What must never ship in the UI bundle: a client secret or private key (the image is public,
 * RFC 8252 §8.5) and development-only code (the in-memory Desktop, the dev harness); and what
 * must: index.html's Content-Security-Policy (src/build/contentSecurityPolicy.ts).
 */
import { readContentSecurityPolicy } from '../../src/build/contentSecurityPolicy';
import type { BundleFile, Failure } from './types';

/**
 * Every development-only module carries this string (as a value, so minification keeps it):
 * finding it in the bundle means dev code was imported by production code.
 */
export const DEV_ONLY_MARKER = '__DEV_ONLY__';

/** The in-memory DesktopHost for tests (src/desktop/memoryDesktopHost.ts). */
export const MEMORY_DESKTOP_HOST = 'memoryDesktopHost';

interface SecretPattern {
  what: string;
  pattern: RegExp;
}

/**
 * A secret *with a value*: the names alone appear legitimately in oauth4webapi
 * (`body.set('client_secret', clientSecret)`), a literal assigned to them does not. Any case and
 * inside longer names: an inlined `VITE_OAUTH_CLIENT_SECRET:"..."` is one.
 */
const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    what: 'a client secret with a literal value',
    pattern: /client_?secret["'`]?\s*[:=]\s*["'`][^"'`\s]+/i,
  },
  {
    what: 'a secret-named value (password, private key, API key, token)',
    pattern:
      /(?:secret|password|passwd|private_?key|api_?key|access_?token|refresh_?token)["'`]?\s*[:=]\s*["'`][^"'`\s]{8,}/i,
  },
  { what: 'a client_secret in a query string', pattern: /[?&]client_?secret=[^&"'`\s$]/i },
  { what: 'a PEM key or certificate (-----BEGIN)', pattern: /-----BEGIN/ },
  { what: 'a JSON Web Token', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./ },
];

const DEV_PATTERNS: readonly SecretPattern[] = [
  { what: `the dev-only marker ${DEV_ONLY_MARKER}`, pattern: new RegExp(DEV_ONLY_MARKER) },
  { what: `the test double ${MEMORY_DESKTOP_HOST}`, pattern: new RegExp(MEMORY_DESKTOP_HOST, 'i') },
];

/** The directives the policy must have, exactly: scripts from the extension only, and so on. */
const REQUIRED_DIRECTIVES: Readonly<Record<string, string>> = {
  'script-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'default-src': "'none'",
};

/** index.html carries the policy, before anything it governs, with the directives above. */
export function checkPagePolicy(page: BundleFile): Failure[] {
  const policy = readContentSecurityPolicy(page.text);
  const fail = (message: string): Failure[] => [{ subject: page.path, message }];
  if (policy === undefined) {
    return fail(
      'has no Content-Security-Policy <meta>: the production build inserts one (vite.config.ts)',
    );
  }
  const metaAt = page.text.search(/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy/i);
  const firstResource = page.text.search(/<(script|link|style|img)\b/i);
  if (firstResource !== -1 && firstResource < metaAt) {
    return fail('has its Content-Security-Policy after a script, link or style it should govern');
  }
  const directives = new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name.toLowerCase(), sources.join(' ')] as const;
    }),
  );
  const failures: Failure[] = [];
  for (const [name, expected] of Object.entries(REQUIRED_DIRECTIVES)) {
    if (directives.get(name) !== expected) {
      failures.push(...fail(`Content-Security-Policy must say \`${name} ${expected}\``));
    }
  }
  const connect = directives.get('connect-src') ?? '';
  if (/(^|\s)(\*|https?:|'unsafe-[a-z-]+')(\s|$)/.test(connect)) {
    failures.push(...fail('Content-Security-Policy allows connections anywhere (connect-src)'));
  }
  return failures;
}

export function checkBundle(files: readonly BundleFile[]): Failure[] {
  const failures: Failure[] = [];
  if (files.length === 0) {
    return [
      {
        subject: 'dist/ui',
        message: 'holds no JavaScript: run `npm run build` (or `npm run build:demo`) first',
      },
    ];
  }
  const page = files.find((file) => file.path === 'dist/ui/index.html');
  if (page === undefined) failures.push({ subject: 'dist/ui/index.html', message: 'is missing' });
  else failures.push(...checkPagePolicy(page));
  for (const file of files) {
    // The message says where, never what: a found secret must not be printed into CI logs.
    // The first kind found is enough (a client_secret is also a secret-named value).
    for (const { what, pattern } of SECRET_PATTERNS) {
      const match = pattern.exec(file.text);
      if (match !== null) {
        failures.push({ subject: file.path, message: `holds ${what} (at offset ${match.index})` });
        break;
      }
    }
    for (const { what, pattern } of DEV_PATTERNS) {
      const match = pattern.exec(file.text);
      if (match !== null) {
        failures.push({
          subject: file.path,
          message: `holds ${what} (at offset ${match.index}): development-only code reached the production bundle`,
        });
      }
    }
    if (
      /(^|\/)dev\//.test(file.path.replace(/^dist\/ui\//, '')) ||
      /memoryDesktopHost/i.test(file.path)
    ) {
      failures.push({
        subject: file.path,
        message: 'is development-only code in the production bundle',
      });
    }
  }
  return failures;
}
