/**
 * What must never ship in the UI bundle: a client secret or private key (the image is public,
 * RFC 8252 §8.5) and development-only code (the in-memory Desktop, the dev harness).
 */
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
 * (`body.set('client_secret', clientSecret)`), a literal assigned to them does not.
 */
const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    what: 'a client_secret with a literal value',
    pattern: /\bclient_secret\b["'`]?\s*[:=]\s*["'`][^"'`\s]+/,
  },
  {
    what: 'a clientSecret with a literal value',
    pattern: /\bclientSecret\b["'`]?\s*[:=]\s*["'`][^"'`\s]+/,
  },
  { what: 'a client_secret in a query string', pattern: /[?&]client_secret=[^&"'`\s$]/ },
  { what: 'a PEM key or certificate (-----BEGIN)', pattern: /-----BEGIN/ },
];

const DEV_PATTERNS: readonly SecretPattern[] = [
  { what: `the dev-only marker ${DEV_ONLY_MARKER}`, pattern: new RegExp(DEV_ONLY_MARKER) },
  { what: `the test double ${MEMORY_DESKTOP_HOST}`, pattern: new RegExp(MEMORY_DESKTOP_HOST, 'i') },
];

export function checkBundle(files: readonly BundleFile[]): Failure[] {
  const failures: Failure[] = [];
  if (files.length === 0) {
    return [{ subject: 'dist/ui', message: 'holds no JavaScript: run `npm run build` first' }];
  }
  for (const file of files) {
    // The message says where, never what: a found secret must not be printed into CI logs.
    for (const { what, pattern } of SECRET_PATTERNS) {
      const match = pattern.exec(file.text);
      if (match !== null) {
        failures.push({ subject: file.path, message: `holds ${what} (at offset ${match.index})` });
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
