/**
 * The image's UI build, for real: the Dockerfile's build stage replayed in a fresh folder holding
 * exactly what that stage copies (the installed node_modules linked in instead of `npm ci`), its
 * build command run as the image runs it, with the environment each case sets and nothing of the
 * developer's own (.env files, VITE_ variables). Three builds, each a few seconds.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../../scripts/check-image';
import { checkBundle } from '../../../scripts/imageCheck/bundle';
import { parseDockerfile } from '../../../scripts/imageCheck/dockerfile';
import {
  contentSecurityPolicy,
  readContentSecurityPolicy,
} from '../../../src/build/contentSecurityPolicy';
import { readEmbeddedSettings } from '../../../src/config';

const ROOT = join(import.meta.dirname, '../../..');
const BUILD_TIMEOUT = 180_000;

const builder = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).stages.find(
  (stage) => stage.imageName === 'node',
);
if (builder === undefined) throw new Error('The Dockerfile has no node build stage');
/** What the build stage copies from the build context, .env.production aside (each case writes it). */
const CONTEXT_FILES = builder.copies
  .filter((copy) => copy.from === undefined)
  .flatMap((copy) => copy.sources)
  .filter((source) => source !== '.env.production');
/** The stage's last RUN: the build. */
const BUILD_COMMAND = builder.runs.at(-1)?.words.join(' ') ?? '';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface BuildResult {
  status: number | null;
  output: string;
  folder: string;
  /** Every built file's text, by path under dist/ui. */
  built(): Map<string, string>;
}

/** The build stage in a fresh folder, with this .env.production and these variables only. */
function buildImageUi(envProduction: string, variables: Record<string, string>): BuildResult {
  const folder = mkdtempSync(join(tmpdir(), 'image-build-'));
  folders.push(folder);
  for (const source of CONTEXT_FILES) {
    cpSync(join(ROOT, source), join(folder, source), { recursive: true });
  }
  writeFileSync(join(folder, '.env.production'), envProduction);
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
  // Nothing of this process's own build settings: no VITE_ variables, no NODE_ENV=test.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITE|VITEST|NODE_ENV$|EXTENSION_IMAGE$)/.test(name),
    ),
  );
  const result = spawnSync('sh', ['-c', BUILD_COMMAND], {
    cwd: folder,
    env: { ...inherited, ...variables },
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT,
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    folder,
    built() {
      const dist = join(folder, 'dist/ui');
      const files = existsSync(dist)
        ? readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((name) =>
            /\.(js|html|css|json|svg)$/.test(name),
          )
        : [];
      return new Map(files.map((name) => [name, readFileSync(join(dist, name), 'utf8')]));
    },
  };
}

const ACME_SETTINGS = [
  'VITE_OAUTH_ISSUER=https://id.acme.example/realms/acme',
  'VITE_OAUTH_CLIENT_ID=docker-extension',
  'VITE_EXTENSION_ID=acme/oauth-extension',
  'VITE_OAUTH_SCOPES=openid profile email offline_access',
  '',
].join('\n');

describe("the image's UI build", () => {
  it('runs `npm run build`, copying what it reads', () => {
    expect(BUILD_COMMAND).toBe('npm run build');
    expect(CONTEXT_FILES).toEqual(expect.arrayContaining(['index.html', 'vite.config.ts', 'src']));
  });

  it(
    'refuses to build without provider settings, naming the variables to set',
    () => {
      const result = buildImageUi('# Nothing set yet, as on a fresh clone.\n', {});
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(
        'The production build has no provider to sign in with: set VITE_OAUTH_ISSUER, ' +
          'VITE_OAUTH_CLIENT_ID and VITE_EXTENSION_ID in .env.production',
      );
      expect(existsSync(join(result.folder, 'dist/ui/index.html'))).toBe(false);
    },
    BUILD_TIMEOUT,
  );

  it(
    'refuses a VITE_OAUTH_CLIENT_SECRET in the environment, naming it and not its value',
    () => {
      const canary = 'canary-secret-8c1f9e2d';
      const result = buildImageUi(ACME_SETTINGS, { VITE_OAUTH_CLIENT_SECRET: canary });
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(
        'VITE_OAUTH_CLIENT_SECRET looks like a secret (its name says SECRET)',
      );
      expect(result.output).not.toContain(canary);
      expect(existsSync(join(result.folder, 'dist/ui/index.html'))).toBe(false);
    },
    BUILD_TIMEOUT,
  );

  it(
    'embeds only the named settings, intact whatever they hold, under a strict policy',
    () => {
      const canary = 'canary-unrelated-3b7d0a6e';
      const displayName =
        "Acme $& $` $' $$ $1 </script><script>alert(1)</script> <!-- \"quoted\" 'single' " +
        '\u2028\u2029 Zürich 東京 🚀 & </head>';
      const result = buildImageUi(ACME_SETTINGS, {
        VITE_OAUTH_PROVIDER_NAME: displayName,
        VITE_OAUTH_EXTRA_PARAMS: `prompt=consent&ui_locales=${encodeURIComponent("fr $' </script>")}`,
        VITE_OAUTH_CONNECT_ORIGINS: 'https://graph.acme.example',
        VITE_SOMETHING_ELSE: canary,
        EXTENSION_IMAGE: 'acme/oauth-extension',
      });
      expect(result.status, result.output).toBe(0);
      // Vite's config loader is satisfied: no notice about extension-less imports.
      expect(result.output).not.toMatch(/configLoader|without a file extension/);

      const built = result.built();
      for (const [name, text] of built) expect(text, name).not.toContain(canary);

      const html = built.get('index.html') ?? '';
      const page = new DOMParser().parseFromString(html, 'text/html');
      expect(readEmbeddedSettings(page)).toEqual({
        displayName,
        issuer: 'https://id.acme.example/realms/acme',
        clientId: 'docker-extension',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        extensionId: 'acme/oauth-extension',
        extraAuthorizationParams: { prompt: 'consent', ui_locales: "fr $' </script>" },
        // The defaults the build fills in: the page reads the block as it is.
        redirectStyle: 'docker-desktop',
        mode: 'page',
        flow: 'code',
      });
      // Nothing broke out of the block: the head holds what the build put there, no more.
      expect(Array.from(page.querySelectorAll('script'), (script) => script.type)).toEqual([
        'module',
        'application/json',
      ]);
      expect(page.body.innerHTML.trim()).toBe('<div id="root"></div>');

      expect(readContentSecurityPolicy(html)).toBe(
        contentSecurityPolicy(['https://id.acme.example', 'https://graph.acme.example']),
      );
      expect(checkBundle(readBundle(result.folder) ?? [])).toEqual([]);
    },
    BUILD_TIMEOUT,
  );
});
