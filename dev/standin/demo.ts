/**
 * The demo: the embedded authorization server and the Docker Desktop stand-in wired together
 * the way `npm start` runs them, for a person in an ordinary browser. Shared by dev/start.ts,
 * the end-to-end tests and the bench. The extension is the production build, or with `dev` the
 * Vite dev server (hot reload); the provider is the embedded server, or with `provider` the
 * author's own (then no server is started here).
 *
 * The configuration asks for every scope the server offers and `prompt=consent`, so that
 * `offline_access` yields a refresh token (oidc-provider drops it otherwise).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../backend/app';
import { startBackend } from '../../backend/server';
import { clientSecretAuthentication } from '../../src/oauth/clientAuthentication';
import { PRESETS } from '../../src/oauth/presets';
import { loadProviderSettings } from '../../src/providerMode';
import {
  type AuthServer,
  type AuthServerOptions,
  DEFAULT_CLIENT_ID,
  DEFAULT_EXTENSION_ID,
  DEMO_PROVIDER_NAME,
  startAuthServer,
} from '../authServer/index';
import {
  type GitHubEmulator,
  type GitHubEmulatorOptions,
  startGitHubEmulator,
} from '../github/index';
import { buildVisualizerBundle } from '../visualizer/buildBundle';
import { type DevServerOptions, viteDevServer } from './devServer';
import {
  type BackendAnswers,
  type OAuthConfigBlock,
  type Standin,
  type StandinConfig,
  startStandin,
} from './server';

export { DEMO_PROVIDER_NAME };
export const DEMO_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

/** The configuration block without `issuer` (it carries the server's port). */
export function demoConfig(overrides: Partial<StandinConfig> = {}): StandinConfig {
  return {
    displayName: DEMO_PROVIDER_NAME,
    clientId: DEFAULT_CLIENT_ID,
    scopes: [...DEMO_SCOPES],
    extensionId: DEFAULT_EXTENSION_ID,
    redirectStyle: 'docker-desktop',
    extraAuthorizationParams: { prompt: 'consent' },
    ...overrides,
  };
}

export interface DemoOptions {
  /** The stand-in's port; 0 (default) picks a free one. */
  port?: number;
  /** The authorization server's port; 0 (default) picks a free one. */
  authPort?: number;
  /** The built extension UI; default 'dist/ui'. */
  uiDir?: string;
  /**
   * Serve the extension from the Vite dev server (hot reload) instead of the build in `uiDir`;
   * an object sets the dev server's options.
   */
  dev?: boolean | Omit<DevServerOptions, 'visualizer'>;
  /**
   * The development state visualizer (dev/visualizer) in the extension: built and injected into
   * the production build, or left in place in the dev server (src/main.tsx installs it).
   */
  visualizer?: boolean;
  /**
   * The author's own provider (from .env.production, ownProvider.ts) instead of the embedded
   * authorization server; its redirect URI is still the stand-in's loopback forwarder.
   */
  provider?: OAuthConfigBlock;
  /**
   * Backend mode: the extension's backend (backend/) on a temporary unix socket talks to the
   * provider, which registers the extension as a confidential client and sends no CORS headers,
   * so only the backend can complete the sign-in. With the embedded server only.
   */
  backend?: boolean;
  /** How the stand-in's vm.service answers (backend mode). */
  backendAnswers?: BackendAnswers;
  /**
   * `npm start -- --provider github`: the emulated GitHub (dev/github) instead of the embedded
   * server, configured by the GitHub preset: the device flow, through the extension's backend
   * (GitHub's endpoints send no CORS headers), which needs no secret for it.
   */
  github?: GitHubEmulatorOptions;
}

export interface Demo {
  standin: Standin;
  /** The embedded authorization server; absent with your own `provider`. */
  auth?: AuthServer;
  /** In backend mode. */
  backend?: DemoBackend;
  /** With `github`: the emulated GitHub. */
  github?: GitHubEmulator;
  close(): Promise<void>;
}

/** The extension's backend as the demo and the tests run it: in process, on a temporary socket. */
export interface DemoBackend {
  socketPath: string;
  sessionFile: string;
  /** Where its log lines go. */
  logFile: string;
  readonly running: boolean;
  /** Stops it (the socket then refuses), as when Desktop's backend container is down. */
  stop(): Promise<void>;
  /** Starts it again on the same socket and session file. */
  start(): Promise<void>;
  /** Forgets the stored session (a fresh installation), leaving the backend running. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The auth server options that make the backend necessary: a secret, no CORS. */
export function confidentialServerOptions(secret: string): AuthServerOptions {
  return { clientSecret: secret, corsOrigins: 'none' };
}

/** A fresh client secret for one run (never written anywhere but the two processes' memory). */
export function demoClientSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Starts the backend with the stand-in's provider settings (its configuration block), as a
 * confidential client with `secret`, or a public one without (the device flow needs none).
 */
export async function startDemoBackend(settings: unknown, secret?: string): Promise<DemoBackend> {
  const folder = mkdtempSync(join(tmpdir(), 'oauth-extension-backend-'));
  const socketPath = join(folder, 'backend.sock');
  const sessionFile = join(folder, 'session.json');
  const logFile = join(folder, 'backend.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const provider = loadProviderSettings(settings);
  let backend: Backend | undefined;
  const start = async () => {
    backend ??= await startBackend({
      provider,
      socketPath,
      sessionFile,
      ...(secret === undefined ? {} : { clientAuthentication: clientSecretAuthentication(secret) }),
      log: { level: 'info', stream: logStream },
    });
  };
  const stop = async () => {
    const current = backend;
    backend = undefined;
    await current?.close();
  };
  await start();
  return {
    socketPath,
    sessionFile,
    logFile,
    get running() {
      return backend !== undefined;
    },
    start,
    stop,
    async reset() {
      await stop();
      rmSync(sessionFile, { force: true });
      await start();
    },
    async close() {
      await stop();
      logStream.end();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * An ordinary browser cannot follow a docker-desktop:// redirect, so the demo's redirect URI is
 * the stand-in's loopback forwarder (it plays https://open.docker.com/dashboard/extension-tab):
 * the stand-in starts first, the server registers its forwarder address, the stand-in's
 * configuration block then names the server's issuer.
 */
export async function startDemo({
  port = 0,
  authPort = 0,
  uiDir,
  dev = false,
  visualizer = false,
  provider,
  backend: withBackend = false,
  backendAnswers,
  github,
}: DemoOptions = {}): Promise<Demo> {
  const visualizerScript = visualizer && !dev ? await buildVisualizerBundle() : undefined;
  if (github !== undefined) {
    return startGitHubDemo({
      port,
      github,
      ...(uiDir === undefined ? {} : { uiDir }),
      ...(dev
        ? { extensionFiles: viteDevServer({ ...(dev === true ? {} : dev), visualizer }) }
        : {}),
      ...(visualizerScript === undefined ? {} : { visualizerScript }),
      ...(backendAnswers ? { backendAnswers } : {}),
    });
  }
  // The backend's socket path is known once it starts, after the stand-in: the proxy asks then.
  const secret = withBackend && provider === undefined ? demoClientSecret() : undefined;
  let backend: DemoBackend | undefined;
  let backendSocket: string | undefined;
  const standin = await startStandin({
    port,
    ...(uiDir === undefined ? {} : { uiDir }),
    ...(dev ? { extensionFiles: viteDevServer({ ...(dev === true ? {} : dev), visualizer }) } : {}),
    ...(visualizerScript === undefined ? {} : { visualizerScript }),
    config: provider ?? demoConfig(secret ? { mode: 'backend' } : {}),
    useForwarder: true,
    ...(secret ? { backendSocket: () => backendSocket } : {}),
    ...(backendAnswers ? { backendAnswers } : {}),
  }).catch((error: unknown) => {
    throw explainListenError(error, 'Docker Desktop stand-in', '--port');
  });
  if (provider !== undefined) return { standin, close: () => standin.close() };
  let auth: AuthServer;
  try {
    auth = await startAuthServer({
      port: authPort,
      extraRedirectUris: [standin.forwarderRedirectUri],
      ...(secret ? confidentialServerOptions(secret) : {}),
    });
  } catch (error) {
    await standin.close();
    throw explainListenError(error, 'authorization server', '--auth-port');
  }
  standin.setAuthServer(auth);
  if (secret) {
    try {
      backend = await startDemoBackend(standin.config, secret);
      backendSocket = backend.socketPath;
    } catch (error) {
      await Promise.allSettled([standin.close(), auth.close()]);
      throw error;
    }
  }
  return {
    standin,
    auth,
    ...(backend ? { backend } : {}),
    async close() {
      const results = await Promise.allSettled([
        standin.close(),
        auth.close(),
        backend?.close() ?? Promise.resolve(),
      ]);
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/**
 * The GitHub demo: the emulated GitHub, the stand-in with the GitHub preset's settings pointing
 * at it, and the extension's backend (public client: the device flow needs no secret).
 */
async function startGitHubDemo(options: {
  port: number;
  github: GitHubEmulatorOptions;
  uiDir?: string;
  extensionFiles?: ReturnType<typeof viteDevServer>;
  visualizerScript?: string;
  backendAnswers?: BackendAnswers;
}): Promise<Demo> {
  const github = await startGitHubEmulator(options.github).catch((error: unknown) => {
    throw explainListenError(error, 'emulated GitHub', '--github-port');
  });
  let backend: DemoBackend | undefined;
  let standin: Standin | undefined;
  try {
    standin = await startStandin({
      port: options.port,
      ...(options.uiDir === undefined ? {} : { uiDir: options.uiDir }),
      ...(options.extensionFiles ? { extensionFiles: options.extensionFiles } : {}),
      ...(options.visualizerScript === undefined
        ? {}
        : { visualizerScript: options.visualizerScript }),
      config: gitHubConfig(github),
      backendSocket: () => backend?.socketPath,
      ...(options.backendAnswers ? { backendAnswers: options.backendAnswers } : {}),
    }).catch((error: unknown) => {
      throw explainListenError(error, 'Docker Desktop stand-in', '--port');
    });
    backend = await startDemoBackend(standin.config);
  } catch (error) {
    await Promise.allSettled([github.close(), standin?.close()]);
    throw error;
  }
  const started = standin;
  const running = backend;
  return {
    standin: started,
    backend: running,
    github,
    async close() {
      const results = await Promise.allSettled([started.close(), running.close(), github.close()]);
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** The GitHub preset's settings (src/oauth/presets.ts), pointed at the emulated GitHub. */
export function gitHubConfig(github: GitHubEmulator): StandinConfig {
  const { endpoints, ...preset } = PRESETS.github.settings({ url: github.url });
  return {
    ...preset,
    endpoints: Object.fromEntries(
      Object.entries(endpoints ?? {}).filter((entry): entry is [string, string] => !!entry[1]),
    ),
    clientId: github.clientId,
    extensionId: DEFAULT_EXTENSION_ID,
  };
}

function explainListenError(error: unknown, what: string, flag: string): Error {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    return new Error(
      `The ${what}'s port is in use: choose another with ${flag} (0 picks a free one).`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
