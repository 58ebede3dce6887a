/**
 * `npm start`: the demo, offline, on 127.0.0.1. Builds the extension when dist/ui is missing or
 * older than its sources, starts the embedded authorization server and the Docker Desktop
 * stand-in, and prints the address to open and the demo account. Ctrl-C stops both.
 *
 *   npm start [-- --port 8080] [--auth-port 4000] [--build | --no-build] [--backend]
 *   (or PORT / AUTH_PORT in the environment; 0 picks free ports)
 *
 * An ordinary browser cannot follow a docker-desktop:// redirect, so the demo registers the
 * stand-in's loopback forwarder (it plays https://open.docker.com/dashboard/extension-tab) as the
 * redirect URI, and puts it in the extension's configuration as `redirectUri`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERNAME } from './authServer/index';
import { DEMO_PROVIDER_NAME, type Demo, startDemo } from './standin/demo';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UI_DIR = join(ROOT, 'dist/ui');
/** What the production build is made of: newer than dist/ui/index.html means rebuild. */
const BUILD_INPUTS = ['src', 'index.html', 'vite.config.ts', 'public', 'package.json'];

const USAGE = `Usage: npm start [-- --port 8080] [--auth-port 4000] [--build | --no-build]
  --port       the Docker Desktop stand-in (env PORT; default 8080; 0 = a free port)
  --auth-port  the demo authorization server (env AUTH_PORT; default 4000; 0 = a free port)
  --build      always run \`vite build\` first; --no-build never (default: when dist/ui is stale)
  --no-visualizer  leave out the development state visualizer
  --backend    backend mode: the extension's backend (backend/) talks to the provider, which
               accepts only a confidential client and sends no CORS headers to the page
  --backend-answers plain|wrapped  how vm.service answers (wrapped: Desktop 4.42's {data, status, headers})`;

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`${name} must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

class UsageError extends Error {}

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

/** Runs the local Vite (never a download): node node_modules/vite/bin/vite.js build. */
function viteBuild(): Promise<void> {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    return Promise.reject(new Error('Vite is not installed: run `npm ci` first.'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'auth-port': { type: 'string' },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'no-visualizer': { type: 'boolean' },
      backend: { type: 'boolean' },
      'backend-answers': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort('--port', values.port ?? process.env.PORT, 8080);
  const authPort = parsePort('--auth-port', values['auth-port'] ?? process.env.AUTH_PORT, 4000);
  const backendAnswers = values['backend-answers'] ?? 'plain';
  if (backendAnswers !== 'plain' && backendAnswers !== 'wrapped') {
    throw new UsageError(`--backend-answers must be plain or wrapped, got "${backendAnswers}"`);
  }

  const reason = values.build ? 'asked with --build' : staleBuildReason();
  if (reason !== undefined && !values['no-build']) {
    console.log(`Building the extension UI (${reason})…`);
    await viteBuild();
  } else if (!existsSync(join(UI_DIR, 'index.html'))) {
    throw new Error('dist/ui/index.html is missing: run without --no-build.');
  }

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

  const visualizer = !values['no-visualizer'];
  if (visualizer) console.log('Building the state visualizer (--no-visualizer skips it)…');
  demo = await startDemo({
    port,
    authPort,
    uiDir: UI_DIR,
    visualizer,
    backend: values.backend === true,
    backendAnswers,
  });
  const { standin, auth, backend } = demo;
  const mode = backend
    ? `
  Mode            backend: the extension's backend (backend/) talks to the provider
  Backend         ${backend.socketPath}  (vm.service answers: ${backendAnswers})
  Backend logs    ${backend.logFile}
                  (the server accepts only the confidential client and sends no CORS headers)`
    : `
  Mode            page: the extension's page talks to the provider (npm start -- --backend for the other)`;
  console.log(`
Docker Desktop stand-in with the OAuth extension (offline, everything in memory)

  Open            ${standin.url}
  Sign in with    ${DEMO_PROVIDER_NAME} as  ${DEMO_USERNAME} / ${DEMO_PASSWORD}

  Authorization   ${auth.issuer}  (oidc-provider; discovery at /.well-known/openid-configuration)
  Redirect URI    ${standin.forwarderRedirectUri}
                  (the stand-in plays Docker's https forwarder, open.docker.com, at this address)
${mode}

${visualizer ? '  Visualizer      the "State chart" button in the extension, or Alt+Shift+S\n' : ''}
Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(1);
});
