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
import {
  type AuthServer,
  DEFAULT_CLIENT_ID,
  DEFAULT_EXTENSION_ID,
  DEMO_PROVIDER_NAME,
  startAuthServer,
} from '../authServer/index';
import { buildVisualizerBundle } from '../visualizer/buildBundle';
import { type DevServerOptions, viteDevServer } from './devServer';
import { type OAuthConfigBlock, type Standin, type StandinConfig, startStandin } from './server';

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
}

export interface Demo {
  standin: Standin;
  /** The embedded authorization server; absent with your own `provider`. */
  auth?: AuthServer;
  close(): Promise<void>;
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
}: DemoOptions = {}): Promise<Demo> {
  const visualizerScript = visualizer && !dev ? await buildVisualizerBundle() : undefined;
  const standin = await startStandin({
    port,
    ...(uiDir === undefined ? {} : { uiDir }),
    ...(dev ? { extensionFiles: viteDevServer({ ...(dev === true ? {} : dev), visualizer }) } : {}),
    ...(visualizerScript === undefined ? {} : { visualizerScript }),
    config: provider ?? demoConfig(),
    useForwarder: true,
  }).catch((error: unknown) => {
    throw explainListenError(error, 'Docker Desktop stand-in', '--port');
  });
  if (provider !== undefined) return { standin, close: () => standin.close() };
  let auth: AuthServer;
  try {
    auth = await startAuthServer({
      port: authPort,
      extraRedirectUris: [standin.forwarderRedirectUri],
    });
  } catch (error) {
    await standin.close();
    throw explainListenError(error, 'authorization server', '--auth-port');
  }
  standin.setAuthServer(auth);
  return {
    standin,
    auth,
    async close() {
      const results = await Promise.allSettled([standin.close(), auth.close()]);
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
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
