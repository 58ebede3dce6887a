// The first step of `npm start` and `npm test`: installs the dependencies with `npm ci` when
// node_modules is missing or no longer matches package-lock.json. Plain Node, no dependency: it
// runs before anything in node_modules exists (and `npm ci` deletes node_modules, tsx included).
//
//   node scripts/ensure-deps.mjs [--chromium]
//
// --chromium  first checks that the end-to-end tests' Chromium is there (CHROMIUM_PATH or
//             /usr/bin/chromium) and stops at once, saying how to install it, when it is not.
//
// What is installed is read from npm's own record, node_modules/.package-lock.json (npm writes
// it after every install): it must list exactly the lockfile's packages, with the same version,
// source and integrity. Optional packages npm skipped (other platforms' binaries) may be absent.
// Reading two JSON files takes milliseconds, so an up-to-date tree costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const LOCKFILE = join(root, 'package-lock.json');
const INSTALLED = join(root, 'node_modules', '.package-lock.json');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** What identifies an installed package in both files. */
const IDENTITY = ['version', 'resolved', 'integrity', 'link'];

function fail(sentence) {
  console.error(sentence);
  process.exit(1);
}

function readPackages(file) {
  try {
    const packages = JSON.parse(readFileSync(file, 'utf8')).packages;
    return packages !== null && typeof packages === 'object' ? packages : undefined;
  } catch {
    return undefined;
  }
}

/** Why node_modules does not match the lockfile, or undefined when it does. */
function installMismatch(lockfile = LOCKFILE, installed = INSTALLED) {
  const wanted = readPackages(lockfile);
  if (wanted === undefined) return undefined; // no lockfile: nothing to compare, npm ci would fail
  if (!existsSync(installed)) return 'node_modules is missing';
  const have = readPackages(installed);
  if (have === undefined) return 'node_modules/.package-lock.json cannot be read';
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '') continue; // the project itself
    const present = have[path];
    if (present === undefined) {
      if (entry.optional || entry.devOptional) continue;
      return `${path} is not installed`;
    }
    const differs = IDENTITY.find((key) => present[key] !== entry[key]);
    if (differs !== undefined) return `${path} differs from package-lock.json (${differs})`;
  }
  const extra = Object.keys(have).find((path) => !(path in wanted));
  return extra === undefined ? undefined : `${extra} is installed but not in package-lock.json`;
}

function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) fail(`Node 20 or later is needed; this is Node ${process.version}.`);
  if (process.argv.includes('--chromium') && !existsSync(CHROMIUM)) {
    fail(
      `Chromium is missing at ${CHROMIUM}, and the end-to-end tests need it: install it with ` +
        '`apt-get install -y chromium` (as root), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  if (!existsSync(LOCKFILE)) fail(`package-lock.json is missing in ${root}.`);
  const reason = installMismatch();
  if (reason === undefined) return;
  console.log(`Installing the dependencies with npm ci (${reason})…`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (npm.error) fail(`npm ci could not start (${npm.error.message}): is npm on PATH?`);
  if (npm.status !== 0) fail(`npm ci failed (exit code ${npm.status ?? npm.signal}).`);
}

main();
