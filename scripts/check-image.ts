/**
 * `npm run check:image`: checks the extension image without a Docker engine (there is none on
 * the project's machines), after `npm run build` (or `npm run build:demo`). Prints each failure naming the label or file
 * and exits 1, or prints one summary line.
 *
 *   tsx scripts/check-image.ts            Dockerfile, metadata.json, .dockerignore and dist/ui
 *   tsx scripts/check-image.ts --static   the same without dist/ui (before a build)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BundleFile, inspectImage, type PathKind } from './imageCheck/index';

export { DEV_ONLY_MARKER, MEMORY_DESKTOP_HOST } from './imageCheck/index';

/** The built UI that the Dockerfile copies into the image. */
export const BUNDLE_DIR = 'dist/ui';

const BUNDLE_SCRIPT = /\.(js|mjs|cjs|html)$/;

export function projectPathKind(root: string): (path: string) => PathKind {
  return (path) => {
    try {
      return statSync(join(root, path)).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  };
}

/** The scripts of the built UI (and its HTML, which may inline one), paths relative to `root`. */
export function readBundle(root: string, dir = BUNDLE_DIR): BundleFile[] | undefined {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return undefined;
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => BUNDLE_SCRIPT.test(name))
    .sort()
    .map((name) => {
      const path = join(absolute, name);
      return { path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') };
    });
}

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function main(argv: readonly string[], root: string): number {
  const staticOnly = argv.includes('--static');
  const bundleFiles = staticOnly ? undefined : readBundle(root);
  const dockerfileText = readOptional(join(root, 'Dockerfile'));
  if (dockerfileText === undefined) {
    console.error('✗ Dockerfile: does not exist');
    return 1;
  }
  const report = inspectImage({
    dockerfileText,
    metadataText: readOptional(join(root, 'metadata.json')),
    dockerignoreText: readOptional(join(root, '.dockerignore')),
    packageJsonText: readOptional(join(root, 'package.json')),
    makefileText: readOptional(join(root, 'Makefile')),
    envProductionText: readOptional(join(root, '.env.production')),
    gitignoreText: readOptional(join(root, '.gitignore')),
    pathKind: projectPathKind(root),
    bundleFiles,
    readFile: (path) => readOptional(join(root, path)),
  });
  const failures = [...report.failures];
  if (!staticOnly && bundleFiles === undefined) {
    failures.push({
      subject: BUNDLE_DIR,
      message:
        'does not exist: run `npm run build` or `npm run build:demo` first (or pass --static)',
    });
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`✗ ${failure.subject}: ${failure.message}`);
    console.error(
      `Image check failed: ${failures.length} problem${failures.length === 1 ? '' : 's'}.`,
    );
    return 1;
  }
  const bundle = staticOnly
    ? 'bundle not scanned (--static)'
    : `${report.bundleFiles} bundle files scanned`;
  console.log(
    `Image check passed: ${report.stages} stages, ${report.labels} labels, ` +
      `${report.imagePaths.length} paths in the final image (${report.imagePaths.join(', ')}), ${bundle}.`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
}
