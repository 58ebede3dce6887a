/**
 * The package's entry points (package.json "exports"): each public name and the source file
 * behind it. vite.config.ts resolves them for the extension in this repository (which imports
 * the package only through them), vite.lib.config.ts builds them, and the deep-import check
 * (tests/unit/build/publicImports.test.ts) refuses any other way in.
 */
export const PACKAGE_NAME = 'docker-extension-oauth';

export const PACKAGE_ENTRIES = {
  '.': 'src/index.ts',
  './machine': 'src/machines/index.ts',
  './oauth': 'src/oauth/index.ts',
  './desktop': 'src/desktop/index.ts',
  './react': 'src/ui/index.ts',
  './backend': 'backend/index.ts',
} as const;

export type PackageEntry = keyof typeof PACKAGE_ENTRIES;

/** The import name of an entry: `docker-extension-oauth`, `docker-extension-oauth/react`… */
export function importName(entry: PackageEntry): string {
  return entry === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${entry.slice(2)}`;
}

/** Vite aliases from each import name to its source file under `root`. */
export function packageAliases(root: string): { find: RegExp; replacement: string }[] {
  return (Object.keys(PACKAGE_ENTRIES) as PackageEntry[]).map((entry) => ({
    find: new RegExp(`^${importName(entry).replace('/', '\\/')}$`),
    replacement: `${root}/${PACKAGE_ENTRIES[entry]}`,
  }));
}
