/**
 * The package is drop-in: the example extension (examples/minimal-extension), built from the
 * packed package exactly as an author would get it (`npm pack`, then `npm install <tarball>` in
 * a copy of the example, its other dependencies from npm's cache), signs in through the Docker
 * Desktop stand-in against the embedded oidc-provider in Chromium and shows its own content.
 *
 * Packing builds the library (tsc for the declarations) and the install copies a whole
 * node_modules: minutes on a loaded machine. Generous time limits, no timed assertion.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DesktopSession,
  type E2eEnvironment,
  REPO_ROOT,
  startE2eEnvironment,
} from './support/desktop';
import { region, signIn } from './support/flows';

const run = promisify(execFile);
const MINUTES = 60_000;

let work: string;
let app: string;
let env: E2eEnvironment | undefined;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'minimal-extension-'));
  app = join(work, 'app');
  // The stand-in reads the build lazily: it is served once it exists.
  env = await startE2eEnvironment({ uiDir: join(app, 'dist') });

  // What `npm publish` would upload (prepack builds dist/lib, and says so on stdout).
  await run('npm', ['pack', '--pack-destination', work], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const filename = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (filename === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, filename);

  cpSync(join(REPO_ROOT, 'examples/minimal-extension'), app, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
  });
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: app,
    maxBuffer: 64 * 1024 * 1024,
  });
  await run('npx', ['vite', 'build'], {
    cwd: app,
    env: {
      ...process.env,
      VITE_OAUTH_ISSUER: env.auth.issuer,
      VITE_OAUTH_CLIENT_ID: env.auth.clientId,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}, 20 * MINUTES);

afterAll(async () => {
  await env?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the example extension, built from the packed package', () => {
  it('ships only what consumers need', async () => {
    const listed = await run('tar', ['-tzf', tarball]);
    const files = listed.stdout.trim().split('\n');
    expect(files).toContain('package/dist/lib/index.js');
    expect(files).toContain('package/dist/lib/types/src/ui/index.d.ts');
    expect(files).toContain('package/CHANGELOG.md');
    const outside = files.filter(
      (file) =>
        !/^package\/(dist\/lib\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(file),
    );
    expect(outside).toEqual([]);
    // The development tools (the visualizer, the stand-in) and the tests stay out.
    expect(files.filter((file) => /\/(tests|dev|visualizer)\//.test(file))).toEqual([]);
  });

  it('is installed from the tarball, not linked', () => {
    const installed = join(app, 'node_modules/docker-extension-oauth');
    expect(existsSync(join(installed, 'dist/lib/react.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['docker-extension-oauth']).toMatch(/^file:.*\.tgz$/);
    expect(readdirSync(join(app, 'dist/assets')).some((file) => file.endsWith('.js'))).toBe(true);
  });

  it(
    'signs in through the stand-in and shows its own content to the signed-in person',
    async () => {
      const desktop = await DesktopSession.open(env as E2eEnvironment);
      try {
        await signIn(desktop);
        const signedIn = region(desktop, 'authorized');
        await signedIn.getByText('Hello, Dana Demo! This is the extension').waitFor();
        expect(await signedIn.getByText('Dana Demo').first().isVisible()).toBe(true);
        expect(desktop.pageErrors).toEqual([]);
      } finally {
        await desktop.close();
      }
    },
    5 * MINUTES,
  );
});
