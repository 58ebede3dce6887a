/**
 * `npm run check:docs`: fails when docs/reference is not what `npm run docs` writes from the
 * entry points' types and doc comments now (generated again into a temporary folder and
 * compared file by file). About half a minute: run it after changing a public API.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const committed = 'docs/reference';

function files(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

const fresh = mkdtempSync(join(tmpdir(), 'reference-'));
try {
  execFileSync('npx', ['typedoc', '--out', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  const want = files(fresh);
  const have = files(committed);
  const stale = [...new Set([...want.keys(), ...have.keys()])]
    .filter((file) => want.get(file) !== have.get(file))
    .sort();
  if (stale.length > 0) {
    console.error(
      `docs/reference is out of date (${stale.join(', ')}): run \`npm run docs\` and commit it.`,
    );
    process.exit(1);
  }
  console.log(`docs/reference is up to date (${want.size} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
