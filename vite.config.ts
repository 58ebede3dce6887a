import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { loadEnv, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
// Explicit `.ts` extensions here and in what these modules import: Vite's config loader asks for
// them (it warns about extension-less imports in everything the config loads).
import { contentSecurityPolicyMeta } from './src/build/contentSecurityPolicy.ts';
import { insertAtHeadStart, insertBeforeHeadEnd } from './src/build/indexHtml.ts';
import { packageAliases } from './src/build/packageEntries.ts';
import {
  type BuildSettings,
  IMAGE_NAME_VARIABLE,
  resolveBuildSettings,
} from './src/build/settings.ts';
import { configBlockHtml } from './src/config.ts';

/**
 * Embeds the provider settings (VITE_OAUTH_* variables, src/config.ts) in index.html as a JSON
 * block, after validating them (src/build/settings.ts: a secret, a bad value or, in a production
 * build, a missing one fails the build naming the variable), and in builds the page's
 * Content-Security-Policy. `npm run dev` gets no policy: React's refresh preamble is inline.
 */
function embedProviderSettings(): Plugin {
  let resolve: () => BuildSettings;
  let building = false;
  return {
    name: 'embed-provider-settings',
    configResolved(config) {
      building = config.command === 'build';
      let resolved: BuildSettings | undefined;
      resolve = () => {
        resolved ??= resolveBuildSettings({
          mode: config.mode,
          env: loadEnv(config.mode, config.envDir || config.root, 'VITE_'),
          imageName: process.env[IMAGE_NAME_VARIABLE],
        });
        return resolved;
      };
    },
    // Before any bundling, so a refused setting costs no time.
    buildStart() {
      if (building) resolve();
    },
    transformIndexHtml(html) {
      const { settings, contentSecurityPolicy } = resolve();
      const withBlock = insertBeforeHeadEnd(html, configBlockHtml(settings));
      return building
        ? insertAtHeadStart(withBlock, contentSecurityPolicyMeta(contentSecurityPolicy))
        : withBlock;
    },
  };
}

/**
 * The extension imports the package by its public names, resolved to their sources under
 * Vite's root (which the dev loop's tests move to a copy of the sources).
 */
function packageEntries(): Plugin {
  return {
    name: 'package-entries',
    config(config) {
      const root = resolvePath(config.root ?? process.cwd());
      return { resolve: { alias: packageAliases(root) } };
    },
  };
}

// The extension UI: built into dist/ui, which the Dockerfile copies to /ui in the image.
// `base: './'` because Docker Desktop serves the UI from the image's files, not from a web root.
export default defineConfig({
  base: './',
  plugins: [react(), embedProviderSettings(), packageEntries()],
  server: { port: 3000, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist/ui',
    emptyOutDir: true,
    sourcemap: false,
    // React, MUI and Docker's theme in a `vendor` chunk. The sign-in layer (XState, the
    // statechart, oauth4webapi and the protocol client) is the chunk of its dynamic import
    // (src/auth/signInLayer.ts), loaded after the first view; scripts/report-size.ts weighs it.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@mui|@emotion|@docker[\\/]docker-mui-theme)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    // Docker's extension client declares only a `browser` entry, written as ESM inside a
    // CommonJS package: Node's resolution finds no entry, and Node would not load it as ESM.
    // Tests take the same file, inlined so that Vite transforms it (as the page's build does).
    alias: {
      '@docker/extension-api-client': fileURLToPath(
        new URL('./node_modules/@docker/extension-api-client/dist/index.js', import.meta.url),
      ),
    },
    server: { deps: { inline: ['@docker/extension-api-client'] } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          // A limit, not an assertion: on a loaded machine (CI, or several engineers on two
          // cores) a test that spawns npm or renders MUI can take longer than Vitest's 5 s.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
