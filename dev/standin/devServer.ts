/**
 * The extension's files from the Vite dev server, for `npm start -- --dev`: Vite runs in
 * middleware mode inside the stand-in's own server, under /extension/, with its hot-reload
 * socket on the same port. A change to a view is swapped in place (React Fast Refresh) in the
 * extension's frame; a change to the statechart reloads that frame only, and the sign-in goes on
 * from what it saved. The stand-in shell around it is never reloaded.
 *
 * The configuration is the project's own vite.config.ts (its plugins, aliases, provider-settings
 * block); only what hosting needs is overridden here, inline. index.html goes through Vite's
 * `transformIndexHtml` (the hot-reload client, React's refresh preamble), then through the
 * stand-in's rewriting like the production build's (configuration block, ddClient shim).
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin } from 'vite';
import type { ExtensionFilesFactory } from './server';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the stand-in serves the extension: Vite's base in dev. */
export const EXTENSION_BASE = '/extension/';

export interface DevServerOptions {
  /** The folder holding index.html, src/ and dev/visualizer/; default the repository. */
  root?: string;
  /**
   * false: leave out the state visualizer, which src/main.tsx installs in development (its
   * module is answered with a no-op). Default true.
   */
  visualizer?: boolean;
  /** Vite's dependency cache; default node_modules/.vite, shared with `npm run dev`. */
  cacheDir?: string;
  /** Vite's own messages (hot updates, reloads); default 'info'. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** The stand-in's `extensionFiles`: Vite's dev server mounted on the stand-in's socket. */
export function viteDevServer(options: DevServerOptions = {}): ExtensionFilesFactory {
  const root = resolve(options.root ?? REPO_ROOT);
  return async (server: Server) => {
    const vite = await createServer({
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      root,
      base: EXTENSION_BASE,
      // The stand-in answers index.html itself (it rewrites it); Vite serves the rest.
      appType: 'custom',
      clearScreen: false,
      logLevel: options.logLevel ?? 'info',
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      plugins: options.visualizer === false ? [withoutVisualizer(root)] : [],
      server: {
        middlewareMode: true,
        // The hot-reload socket shares the stand-in's port (Vite answers only its own upgrades).
        ws: { server },
        port: (server.address() as AddressInfo).port,
        // A copy of the sources (the tests use one) still reaches the repository's node_modules.
        fs: { allow: [root, REPO_ROOT] },
      },
    });
    return {
      async indexHtml() {
        const html = await readFile(join(root, 'index.html'), 'utf8');
        return vite.transformIndexHtml('/index.html', html);
      },
      serve(req, res) {
        vite.middlewares(req, res, () => {
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end('Not found.');
        });
      },
      close: () => vite.close(),
    };
  };
}

/** Answers dev/visualizer/install.ts, which src/main.tsx imports in development, with a no-op. */
function withoutVisualizer(root: string): Plugin {
  const panel = join(root, 'dev/visualizer/install.ts');
  return {
    name: 'standin-without-visualizer',
    enforce: 'pre',
    load(id) {
      if (id.split('?')[0] !== panel) return undefined;
      return 'export function installDevtoolsPanel() {}\n';
    },
  };
}
