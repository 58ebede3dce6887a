/**
 * The package is drop-in, tested from what `npm publish` would upload: the tarball `npm pack`
 * writes, packed once for this file and installed (`npm install <tarball>`) in temporary
 * folders, never linked to the sources.
 *
 * - The example extension (examples/minimal-extension), its other dependencies from npm's cache,
 *   signs in through the Docker Desktop stand-in against the embedded oidc-provider in Chromium
 *   and shows its own content.
 * - The backend's bin (`docker-extension-oauth-backend`), installed as an author's backend image
 *   installs it: it starts, answers its health route on 127.0.0.1, stops on SIGTERM, and refuses
 *   unusable settings with a sentence.
 *
 * Packing builds the library (tsc for the declarations) and the example's install copies a
 * whole node_modules: minutes on a loaded machine. Generous time limits, no timed assertion.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
import { printed, runProgram } from './support/npmStart';

const run = promisify(execFile);
const MINUTES = 60_000;
const npmQuiet = ['--prefer-offline', '--no-audit', '--no-fund'];

let work: string;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'packed-package-'));
  // What `npm publish` would upload (prepack builds dist/lib, and says so on stdout).
  await run('npm', ['pack', '--pack-destination', work], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const filename = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (filename === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, filename);
}, 10 * MINUTES);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the example extension, built from the packed package', () => {
  let app: string;
  let env: E2eEnvironment | undefined;

  beforeAll(async () => {
    app = join(work, 'app');
    // The stand-in reads the build lazily: it is served once it exists.
    env = await startE2eEnvironment({ uiDir: join(app, 'dist') });
    cpSync(join(REPO_ROOT, 'examples/minimal-extension'), app, {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
    });
    await run('npm', ['install', tarball, ...npmQuiet], {
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
  });

  it('ships only what consumers need', async () => {
    const listed = await run('tar', ['-tzf', tarball]);
    const files = listed.stdout.trim().split('\n');
    expect(files).toContain('package/dist/lib/index.js');
    expect(files).toContain('package/dist/lib/bin/backend.js');
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

describe('the backend’s bin, installed from the packed package', () => {
  const settings = {
    displayName: 'Acme ID',
    issuer: 'https://id.acme.example',
    clientId: 'docker-extension',
    extensionId: 'acme/oauth-extension',
    mode: 'backend',
  };
  // Given to the backend as its client secret: it must never be printed.
  const secret = 'never-printed-client-secret-7f3a';
  let backend: string;
  let bin: string;
  let withoutFastify: { help: Outcome; run: Outcome };

  interface Outcome {
    code: number | null;
    stdout: string;
    output: string;
  }

  /** The installed bin, run in the backend's folder with only the environment given. */
  function start(args: string[], env: Record<string, string> = {}) {
    return runProgram(bin, args, {
      cwd: backend,
      env: { PATH: process.env.PATH, SESSION_FILE: join(backend, 'session.json'), ...env },
    });
  }

  async function runToEnd(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
    const started = start(args, env);
    const code = await started.exit;
    return { code, stdout: started.stdout(), output: started.output() };
  }

  beforeAll(async () => {
    // As an author's backend image installs it (backend/README.md): the package alone first
    // (a plain install: the UI entries' peers are optional, so no React conflict), then Fastify.
    backend = join(work, 'backend');
    mkdirSync(backend);
    writeFileSync(join(backend, 'package.json'), '{ "private": true }\n');
    const install = (...names: string[]) =>
      run('npm', ['install', ...names, ...npmQuiet], {
        cwd: backend,
        maxBuffer: 64 * 1024 * 1024,
      });
    await install(tarball);
    bin = join(backend, 'node_modules/.bin/docker-extension-oauth-backend');
    writeFileSync(join(backend, 'provider.json'), JSON.stringify(settings));
    withoutFastify = { help: await runToEnd(['--help']), run: await runToEnd([]) };
    await install('fastify@5');
  }, 10 * MINUTES);

  it('is the package’s file from the tarball, with its #! line', () => {
    const target = realpathSync(bin);
    expect(target).toBe(
      join(realpathSync(backend), 'node_modules/docker-extension-oauth/dist/lib/bin/backend.js'),
    );
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('answers --help, and says it needs Fastify, before Fastify is installed', () => {
    expect(withoutFastify.help.code).toBe(0);
    expect(withoutFastify.help.stdout).toMatch(
      /^Usage: docker-extension-oauth-backend \[--settings <file>\]/,
    );
    expect(withoutFastify.help.stdout).toContain(`else ${join(backend, 'provider.json')}`);
    expect(withoutFastify.run.code).toBe(1);
    expect(withoutFastify.run.output).toBe(
      'The backend cannot start: it needs Fastify 5 beside docker-extension-oauth (npm install fastify@5).\n',
    );
  });

  it(
    'starts with the settings, answers its health route on 127.0.0.1, and stops on SIGTERM',
    async () => {
      const started = start(['--settings', join(backend, 'provider.json')], {
        BACKEND_PORT: '0',
        OAUTH_CLIENT_SECRET: secret,
      });
      try {
        const [line] = await printed(started, /^.*"backend ready".*$/m, 'the backend', MINUTES);
        const ready = JSON.parse(line) as Record<string, string>;
        expect(ready).toMatchObject({
          listening: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
          issuer: settings.issuer,
          clientId: settings.clientId,
          clientAuthentication: 'client_secret_basic',
          secretFrom: 'the environment (OAUTH_CLIENT_SECRET)',
        });
        const health = await fetch(`${ready.listening}/health`);
        expect({ status: health.status, body: await health.json() }).toEqual({
          status: 200,
          body: { ok: true },
        });
        const session = await fetch(`${ready.listening}/session`);
        expect(await session.json()).toEqual({ ok: true, tokens: null });
      } finally {
        started.child.kill('SIGTERM');
      }
      expect(await started.exit).toBe(0);
      expect(started.output()).toContain('SIGTERM: stopping');
      expect(started.output()).not.toContain(secret);
    },
    2 * MINUTES,
  );

  it('refuses unusable settings with a sentence naming the file and the field, exit code 1', async () => {
    const bad = join(backend, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...settings, issuer: 'http://id.acme.example' }));
    const invalid = await runToEnd(['--settings', bad], { BACKEND_PORT: '0' });
    expect(invalid.code).toBe(1);
    expect(invalid.output).toMatch(
      new RegExp(
        `^The backend cannot start: The provider settings in ${bad} are not valid \\(issuer\\): .+\\n$`,
      ),
    );

    writeFileSync(bad, '{"issuer": ');
    const notJson = await runToEnd([], { PROVIDER_SETTINGS_FILE: bad, BACKEND_PORT: '0' });
    expect(notJson).toMatchObject({
      code: 1,
      output: `The backend cannot start: The provider settings file ${bad} is not JSON.\n`,
    });

    const missing = join(backend, 'missing.json');
    expect(await runToEnd(['--settings', missing], { BACKEND_PORT: '0' })).toMatchObject({
      code: 1,
      output: `The backend cannot start: Cannot read the provider settings file ${missing} (--settings): there is no such file.\n`,
    });
  });
});
