/**
 * A throw-away copy of what the Vite dev server serves (index.html, public/, src/ and the
 * visualizer it imports), so a test can edit the extension's sources and watch the running
 * extension change, without ever touching the repository's own files, even when it fails or is
 * killed. The copy lives in the system's temporary folder; its node_modules is a link to the
 * repository's (Vite's file watcher ignores test-results/, so the copy cannot live there).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './desktop';

const COPIED = ['index.html', 'public', 'src', 'dev/visualizer'];

export interface SourceCopy {
  /** The copy's root: the dev server's `root`. */
  readonly root: string;
  /** Vite's dependency cache for the copy, apart from the repository's. */
  readonly cacheDir: string;
  /** Rewrites `path` (relative to the root) with `change`; fails when nothing changed. */
  edit(path: string, change: (text: string) => string): void;
  remove(): void;
}

export function copyUiSources(): SourceCopy {
  const root = mkdtempSync(join(tmpdir(), 'extension-sources-'));
  for (const path of COPIED) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    root,
    cacheDir: join(root, '.vite'),
    edit(path, change) {
      const file = join(root, path);
      const before = readFileSync(file, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`The edit changed nothing in ${path}`);
      writeFileSync(file, after);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
