/**
 * `npm start`: the demo, offline, on 127.0.0.1: the embedded authorization server and the Docker
 * Desktop stand-in hosting the extension, then the address to open and the demo account. Ctrl-C
 * stops everything. The flags (dev/startOptions.ts, `npm start -- --help`):
 *
 *   --dev           the Vite dev server with hot reload instead of the production build, which
 *                   is otherwise built first when dist/ui is older than its sources
 *   --own-provider  the provider in .env.production / .env.local instead of the embedded server
 *   --backend       backend mode: the extension's backend (backend/) on a temporary socket talks
 *                   to the embedded server, which then accepts only a confidential client and
 *                   sends no CORS headers (--backend-answers plain|wrapped: vm.service's shape)
 *   --port, --auth-port, --no-visualizer, --build, --no-build
 *
 * An ordinary browser cannot follow a docker-desktop:// redirect, so the stand-in's loopback
 * forwarder (it plays https://open.docker.com/dashboard/extension-tab) is the redirect URI, put
 * in the extension's configuration as `redirectUri` and registered at the provider.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DEMO_USERNAME } from './authServer/index';
import { DEMO_PROVIDER_NAME, type Demo, startDemo } from './standin/demo';
import { readOwnProvider } from './standin/ownProvider';
import type { OAuthConfigBlock } from './standin/server';
import { parseStartOptions, type StartOptions, USAGE, UsageError } from './startOptions';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UI_DIR = join(ROOT, 'dist/ui');
/** What the production build is made of: newer than dist/ui/index.html means rebuild. */
const BUILD_INPUTS = ['src', 'index.html', 'vite.config.ts', 'public', 'package.json'];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(path, entry)).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or undefined when dist/ui is up to date. */
function staleBuildReason(root = ROOT): string | undefined {
  const index = join(root, 'dist/ui/index.html');
  if (!existsSync(index)) return 'dist/ui is missing';
  const built = statSync(index).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestChange(join(root, input)) > built);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

/**
 * The demo build, with the local Vite (never a download): node node_modules/vite/bin/vite.js
 * build --mode demo. The stand-in serves it with its own settings block and policy.
 */
function viteBuild(): Promise<void> {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    return Promise.reject(new Error('Vite is not installed: run `npm ci` first.'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--mode', 'demo'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`vite build --mode demo failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Builds dist/ui when the options ask for it or it is stale; `--dev` needs no build. */
async function prepareBuild(options: StartOptions): Promise<void> {
  if (options.dev) return;
  const reason = options.build === 'always' ? 'asked with --build' : staleBuildReason();
  if (reason !== undefined && options.build !== 'never') {
    console.log(`Building the extension UI (${reason})…`);
    await viteBuild();
  } else if (!existsSync(join(UI_DIR, 'index.html'))) {
    throw new Error('dist/ui/index.html is missing: run without --no-build.');
  }
}

/** What the person reads once everything listens. */
function banner(options: StartOptions, demo: Demo, provider: OAuthConfigBlock | undefined): string {
  const { standin, auth, backend, github } = demo;
  const lines = [
    `Docker Desktop stand-in with the OAuth extension${options.dev ? ', development mode (hot reload)' : ''}`,
    '',
    `  Open            ${standin.url}`,
  ];
  if (github !== undefined) {
    lines.push(
      `  Sign in with    GitHub (emulated) as  ${DEMO_USERNAME} / ${DEMO_PASSWORD}`,
      '                  press Sign in with GitHub, copy the code the extension shows, enter it on',
      '                  the page that opens, then Authorize',
      '',
      `  GitHub          ${github.url}  (dev/github: GitHub's device flow and REST API, in memory)`,
      `  Revoke at       ${github.revocationPage}`,
    );
  } else if (provider === undefined && auth !== undefined) {
    lines.push(
      `  Sign in with    ${DEMO_PROVIDER_NAME} as  ${DEMO_USERNAME} / ${DEMO_PASSWORD}`,
      '',
      `  Authorization   ${auth.issuer}  (oidc-provider, in memory; discovery at /.well-known/openid-configuration)`,
      `  Redirect URI    ${standin.forwarderRedirectUri}`,
      "                  (the stand-in plays Docker's https forwarder, open.docker.com, at this address)",
    );
  } else if (provider !== undefined) {
    lines.push(
      `  Sign in with    ${provider.displayName}: ${provider.issuer}, client ${provider.clientId}`,
      '                  (your provider, from .env.production / .env.local)',
      '',
      `  Redirect URI    ${standin.forwarderRedirectUri}`,
      '                  register this exact URI at your provider (a development redirect URI)',
      `  Page origin     ${new URL(standin.url).origin}  (for a provider that lists allowed origins)`,
    );
  }
  if (backend !== undefined && github !== undefined) {
    lines.push(
      '',
      "  Mode            backend: the extension's backend (backend/) talks to GitHub, whose",
      '                  endpoints send no CORS headers; the device flow needs no client secret',
      `  Backend         ${backend.socketPath}  (vm.service answers: ${options.backendAnswers})`,
      `  Backend logs    ${backend.logFile}`,
    );
  } else if (backend !== undefined) {
    lines.push(
      '',
      "  Mode            backend: the extension's backend (backend/) talks to the provider, which",
      '                  accepts only its confidential client and sends no CORS headers',
      `  Backend         ${backend.socketPath}  (vm.service answers: ${options.backendAnswers})`,
      `  Backend logs    ${backend.logFile}`,
    );
  } else if (auth !== undefined) {
    lines.push(
      '',
      "  Mode            page: the extension's page talks to the provider (--backend: the other)",
    );
  }
  lines.push('');
  if (options.dev) {
    lines.push(
      '  Hot reload      edit src/: a view changes in place, a statechart change reloads the',
      "                  extension's frame (a sign-in in progress carries on from what it saved)",
    );
  }
  if (options.visualizer) {
    lines.push('  Visualizer      the "State chart" button in the extension, or Alt+Shift+S');
  }
  lines.push('', 'Press Ctrl-C to stop.');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const provider = options.ownProvider ? readOwnProvider(ROOT) : undefined;
  await prepareBuild(options);

  let demo: Demo | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    (demo?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (options.visualizer && !options.dev) {
    console.log('Building the state visualizer (--no-visualizer skips it)…');
  }
  demo = await startDemo({
    port: options.port,
    authPort: options.authPort,
    uiDir: UI_DIR,
    dev: options.dev,
    visualizer: options.visualizer,
    backend: options.backend,
    backendAnswers: options.backendAnswers,
    ...(provider === undefined ? {} : { provider }),
    ...(options.provider === 'github' ? { github: { port: options.githubPort } } : {}),
  });
  console.log(`\n${banner(options, demo, provider)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(1);
});
