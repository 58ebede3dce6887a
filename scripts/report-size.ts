/**
 * `npm run check:size`, after `vite build`: the production JavaScript's gzipped size (gzip -9),
 * in total, for the sign-in layer (XState, the statechart, oauth4webapi and the protocol
 * client), and what the page loads before its first view, against the budgets. Exits 1 when
 * over, or when the sign-in layer is loaded before the first view.
 *
 * The sign-in layer is the `signInLayer-*.js` chunk: the page imports src/auth/signInLayer.ts
 * dynamically, after its first view (src/auth/desktopAuth.ts); without that chunk the script
 * fails rather than report a sign-in layer of 0 bytes. What loads before the first view is the
 * entry script of index.html and the modules it preloads (Vite lists every static import there).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

/** 1 kB = 1000 bytes, as bundle-size tools count. */
export const KB = 1000;

/**
 * The limits: over either, the check fails. The sign-in layer's ceiling is the only figure for
 * that layer (issue 12 dropped the earlier 25 kB target: XState and oauth4webapi alone take about
 * 19 kB of it); it stops any growth beyond today's size.
 */
export const BUDGETS = {
  totalGzipBytes: 145 * KB,
  signinGzipBytes: 28.5 * KB,
} as const;

export type ChunkGroup = 'signin' | 'vendor' | 'app';

/** Chunk names (`assets/<name>-<hash>.js`): the dynamic import's module, the Vite config's group. */
export const CHUNK_NAMES: Readonly<Record<Exclude<ChunkGroup, 'app'>, string>> = {
  signin: 'signInLayer',
  vendor: 'vendor',
};

export interface ChunkSize {
  /** Relative to the measured folder, e.g. `assets/signInLayer-D4x9.js`. */
  path: string;
  group: ChunkGroup;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  files: ChunkSize[];
  totalBytes: number;
  totalGzipBytes: number;
  signinGzipBytes: number;
  /** False when no `signInLayer-*.js` chunk exists: the figure for the sign-in layer is meaningless. */
  hasSigninChunk: boolean;
  /**
   * The scripts index.html loads before the first view (its entry and modulepreload links), or
   * null when the folder has no index.html (a library build).
   */
  firstView: { paths: string[]; bytes: number; gzipBytes: number } | null;
}

export function gzipSize(content: string | Uint8Array): number {
  return gzipSync(content, { level: constants.Z_BEST_COMPRESSION }).byteLength;
}

export function chunkGroup(path: string): ChunkGroup {
  const name = path.split('/').pop() ?? '';
  if (name.startsWith(`${CHUNK_NAMES.signin}-`) || name === `${CHUNK_NAMES.signin}.js`) {
    return 'signin';
  }
  if (name.startsWith(`${CHUNK_NAMES.vendor}-`) || name === `${CHUNK_NAMES.vendor}.js`) {
    return 'vendor';
  }
  return 'app';
}

/** Measures every `.js` file under `dir` (default: the production build, dist/ui). */
export function measureBundle(dir = 'dist/ui'): BundleSize {
  if (!existsSync(dir))
    throw new Error(
      `${dir} does not exist: run \`npm run build\` or \`npm run build:demo\` first.`,
    );
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.m?js$/.test(name))
    .map((name): ChunkSize => {
      const content = readFileSync(join(dir, name));
      const path = relative(dir, join(dir, name)).split(sep).join('/');
      return {
        path,
        group: chunkGroup(path),
        bytes: content.byteLength,
        gzipBytes: gzipSize(content),
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (list: ChunkSize[], key: 'bytes' | 'gzipBytes') =>
    list.reduce((total, file) => total + file[key], 0);
  const signin = files.filter((file) => file.group === 'signin');
  const html = join(dir, 'index.html');
  const firstPaths = existsSync(html) ? firstViewScripts(readFileSync(html, 'utf8')) : null;
  const first = firstPaths && files.filter((file) => firstPaths.includes(file.path));
  return {
    files,
    totalBytes: sum(files, 'bytes'),
    totalGzipBytes: sum(files, 'gzipBytes'),
    signinGzipBytes: sum(signin, 'gzipBytes'),
    hasSigninChunk: signin.length > 0,
    firstView: first && {
      paths: first.map((file) => file.path),
      bytes: sum(first, 'bytes'),
      gzipBytes: sum(first, 'gzipBytes'),
    },
  };
}

/** The scripts an index.html loads at once: module scripts and modulepreload links (`./x.js`). */
export function firstViewScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags.flatMap((tag) => {
    const module = /\btype="module"/.test(tag) || /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+\.m?js)"/.exec(tag)?.[1];
    return module && url ? [url.replace(/^\.?\//, '')] : [];
  });
}

/** The sentences saying what is over budget; empty when everything fits. */
export function overBudget(size: BundleSize, budgets = BUDGETS): string[] {
  const problems: string[] = [];
  if (size.totalGzipBytes > budgets.totalGzipBytes) {
    problems.push(
      `JavaScript is ${kb(size.totalGzipBytes)} gzipped, over its ${kb(budgets.totalGzipBytes)} budget.`,
    );
  }
  if (!size.hasSigninChunk) {
    problems.push(
      `No ${CHUNK_NAMES.signin}-*.js chunk: src/auth/desktopAuth.ts must import ` +
        'src/auth/signInLayer.ts dynamically (`import()`), and nothing else import it.',
    );
  } else if (size.signinGzipBytes > budgets.signinGzipBytes) {
    problems.push(
      `The sign-in layer is ${kb(size.signinGzipBytes)} gzipped, over its ${kb(budgets.signinGzipBytes)} budget.`,
    );
  }
  const early = size.firstView?.paths.filter((path) => chunkGroup(path) === 'signin') ?? [];
  if (early.length > 0) {
    problems.push(
      `index.html loads the sign-in layer (${early.join(', ')}) before the first view: a ` +
        'static import of src/auth/signInLayer.ts (or of what only it should import) pulled it in.',
    );
  }
  return problems;
}

export function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`;
}

/** What the check prints: each file, then the two figures against their limits. */
export function reportLines(size: BundleSize, budgets = BUDGETS): string[] {
  return [
    ...size.files.map(
      (file) => `  ${kb(file.gzipBytes).padStart(9)}  ${file.group.padEnd(6)}  ${file.path}`,
    ),
    `JavaScript, gzip -9:  ${kb(size.totalGzipBytes)} of ${kb(budgets.totalGzipBytes)} ` +
      `(${kb(size.totalBytes)} uncompressed)`,
    'Sign-in layer (XState, the statechart, oauth4webapi, the protocol client; loaded after ' +
      `the first view):  ${kb(size.signinGzipBytes)} of ${kb(budgets.signinGzipBytes)} ` +
      `(${size.signinGzipBytes.toLocaleString('en')} bytes)`,
    ...(size.firstView
      ? [
          `Loaded before the first view:  ${kb(size.firstView.gzipBytes)} ` +
            `(${kb(size.firstView.bytes)} uncompressed, ${size.firstView.paths.length} scripts)`,
        ]
      : []),
  ];
}

function main(dir: string): number {
  let size: BundleSize;
  try {
    size = measureBundle(dir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  for (const line of reportLines(size)) console.log(line);
  const problems = overBudget(size);
  for (const problem of problems) console.error(`✗ ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.exitCode = main(process.argv[2] ?? join(root, 'dist/ui'));
}
