// @vitest-environment node
/**
 * scripts/ensure-deps.mjs, the first step of `npm start` and `npm test`, run as npm runs it
 * (plain node, in the project folder) against a small project in a temporary folder, with a fake
 * `npm` first on PATH that records its call and installs what the lockfile lists, as `npm ci`
 * does. No network, no real install.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts/ensure-deps.mjs');

type LockPackages = Record<string, Record<string, unknown>>;

const LOCK_PACKAGES: LockPackages = {
  '': { name: 'tiny', version: '1.0.0' },
  'node_modules/left-pad': {
    version: '1.3.0',
    resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
    integrity: 'sha512-left',
    dev: true,
  },
  'node_modules/fsevents': {
    version: '2.3.3',
    resolved: 'https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz',
    integrity: 'sha512-fsevents',
    optional: true,
    os: ['darwin'],
  },
};

/** What `npm ci` records on this platform: every package but the project and skipped optionals. */
function installedRecord(packages: LockPackages): LockPackages {
  return Object.fromEntries(
    Object.entries(packages).filter(([path, entry]) => path !== '' && !entry.optional),
  );
}

// The fake npm: records its arguments and folder, then writes npm's record of the install.
const FAKE_NPM = `#!${process.execPath}
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
appendFileSync(process.env.FAKE_NPM_LOG, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }) + '\\n');
if (process.env.FAKE_NPM_FAIL) process.exit(7);
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.optional));
mkdirSync('node_modules', { recursive: true });
writeFileSync('node_modules/.package-lock.json', JSON.stringify({ name: lock.name, lockfileVersion: 3, requires: true, packages }));
`;

let project: string;
let npmLog: string;

function writeLockfile(packages: LockPackages): void {
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({
      name: 'tiny',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages,
    }),
  );
}

function writeInstalled(packages: LockPackages): void {
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(
    join(project, 'node_modules/.package-lock.json'),
    JSON.stringify({ name: 'tiny', lockfileVersion: 3, requires: true, packages }),
  );
}

function run(args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${join(project, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NPM_LOG: npmLog,
      CHROMIUM_PATH: process.execPath, // a file that exists, unless a test says otherwise
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function npmCalls(): Array<{ args: string[]; cwd: string }> {
  if (!existsSync(npmLog)) return [];
  return readFileSync(npmLog, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'ensure-deps-'));
  npmLog = join(project, 'npm-calls.log');
  mkdirSync(join(project, 'bin'));
  writeFileSync(join(project, 'bin/npm'), FAKE_NPM);
  chmodSync(join(project, 'bin/npm'), 0o755);
  writeLockfile(LOCK_PACKAGES);
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('when node_modules matches package-lock.json', () => {
  it('skips the install and prints nothing', () => {
    writeInstalled(installedRecord(LOCK_PACKAGES));
    const result = run();
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(npmCalls()).toEqual([]);
  });

  it('accepts an optional package installed (on its platform) as well as skipped', () => {
    const { '': _project, ...everything } = LOCK_PACKAGES;
    writeInstalled(everything);
    expect(run().status).toBe(0);
    expect(npmCalls()).toEqual([]);
  });
});

describe('when node_modules does not match', () => {
  it('runs npm ci in the project when node_modules is missing, then skips it next time', () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Installing the dependencies with npm ci (node_modules is missing)',
    );
    expect(npmCalls()).toEqual([{ args: ['ci', '--no-audit', '--no-fund'], cwd: project }]);

    expect(run().status).toBe(0);
    expect(npmCalls()).toHaveLength(1);
  });

  it('runs npm ci when the lockfile moved to another version', () => {
    writeInstalled(installedRecord(LOCK_PACKAGES));
    writeLockfile({
      ...LOCK_PACKAGES,
      'node_modules/left-pad': {
        version: '1.3.1',
        resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.1.tgz',
        integrity: 'sha512-newer',
        dev: true,
      },
    });
    const result = run();
    expect(result.stdout).toContain('node_modules/left-pad differs from package-lock.json');
    expect(npmCalls()).toHaveLength(1);
  });

  it('runs npm ci when a required package is not installed', () => {
    writeInstalled({});
    expect(run().stdout).toContain('node_modules/left-pad is not installed');
    expect(npmCalls()).toHaveLength(1);
  });

  it('runs npm ci when a package is installed that the lockfile no longer lists', () => {
    writeInstalled({
      ...installedRecord(LOCK_PACKAGES),
      'node_modules/gone': { version: '1.0.0', resolved: 'x', integrity: 'y' },
    });
    expect(run().stdout).toContain('node_modules/gone is installed but not in package-lock.json');
    expect(npmCalls()).toHaveLength(1);
  });

  it('stops with a sentence and npm’s exit code when npm ci fails', () => {
    const result = run([], { FAKE_NPM_FAIL: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('npm ci failed (exit code 7).');
  });
});

describe('--chromium (npm test)', () => {
  it('stops at once, before any install, with one sentence naming the install command', () => {
    const missing = join(project, 'no-chromium-here');
    const result = run(['--chromium'], { CHROMIUM_PATH: missing });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Chromium is missing at ${missing}`);
    expect(lines[0]).toContain('apt-get install -y chromium');
    expect(lines[0]).toContain('CHROMIUM_PATH');
    expect(npmCalls()).toEqual([]);
  });

  it('goes on to the dependencies when Chromium is there', () => {
    expect(run(['--chromium']).status).toBe(0);
    expect(npmCalls()).toHaveLength(1);
  });
});

describe('the npm scripts', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('check the dependencies first in npm start and npm test (and Chromium for the tests)', () => {
    expect(pkg.scripts.start).toMatch(/^node scripts\/ensure-deps\.mjs && /);
    expect(pkg.scripts.test).toMatch(/^node scripts\/ensure-deps\.mjs --chromium && /);
  });

  it('leave the install to npm test in CI, so CI proves it', () => {
    const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
    expect(ci).not.toMatch(/^\s*npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
