/**
 * The package's own consumers — the extension's page (src/main.tsx) and the example
 * (examples/minimal-extension) — import it only through its public entry points, as an
 * extension that installed it does. This finds every import that does not: a relative path into
 * the package's sources, or a subpath of `docker-extension-oauth` that package.json does not
 * export. (tests/unit/scripts/publicImports.test.ts runs it on both.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  importName,
  PACKAGE_ENTRIES,
  PACKAGE_NAME,
  type PackageEntry,
} from '../src/build/packageEntries.ts';

const PUBLIC_NAMES = new Set((Object.keys(PACKAGE_ENTRIES) as PackageEntry[]).map(importName));

/** Every module specifier of `source`: static imports and re-exports, and dynamic `import()`. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  }
  return found;
}

export interface ImportViolation {
  file: string;
  specifier: string;
  why: string;
}

/**
 * The imports of `file` (under `root`) that go around the public entry points. Relative imports
 * may reach only `allowedDirs` (absolute paths): for the page, development tools (dev/); for the
 * example, its own folder.
 */
export function deepImports(
  root: string,
  file: string,
  allowedDirs: readonly string[],
  source = readFileSync(file, 'utf8'),
): ImportViolation[] {
  const violations: ImportViolation[] = [];
  const name = relative(root, file);
  for (const specifier of importSpecifiers(source)) {
    if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) {
      if (!PUBLIC_NAMES.has(specifier)) {
        violations.push({ file: name, specifier, why: 'is not an entry point in package.json' });
      }
      continue;
    }
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue; // another package
    const target = resolve(dirname(file), specifier);
    const inside = allowedDirs.some((dir) => target === dir || target.startsWith(dir + sep));
    if (!inside) {
      violations.push({
        file: name,
        specifier,
        why: `reaches ${relative(root, target)}: import the package's entry points instead`,
      });
    }
  }
  return violations;
}

/** The .ts and .tsx files under `dir`, node_modules and dist left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist') return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}
