/**
 * The backend's build for the image: one ES module bundle for Node (backend/main.ts with its
 * dependencies, Fastify included, so the image needs no node_modules), and provider.json beside
 * it: the provider settings of the UI build (.env.production through src/config.ts), validated
 * the same way. One source for both halves of the extension.
 *
 *   npm run build:backend      → dist/backend/main.js, dist/backend/provider.json
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { IMAGE_NAME_VARIABLE, resolveBuildSettings } from '../src/build/settings.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Writes the provider settings as provider.json: resolved and refused exactly as the UI build
 * does (src/build/settings.ts: no secret, nothing missing in production, the image's name).
 */
function providerSettingsFile(mode: string): Plugin {
  return {
    name: 'provider-settings-file',
    generateBundle() {
      const { settings } = resolveBuildSettings({
        mode,
        env: loadEnv(mode, root, 'VITE_'),
        imageName: process.env[IMAGE_NAME_VARIABLE],
      });
      this.emitFile({
        type: 'asset',
        fileName: 'provider.json',
        source: `${JSON.stringify(settings, null, 2)}\n`,
      });
    },
  };
}

export default defineConfig(({ mode }) => ({
  root,
  envDir: root,
  publicDir: false,
  plugins: [providerSettingsFile(mode)],
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: fileURLToPath(new URL('./main.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../dist/backend', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: { output: { format: 'esm', entryFileNames: 'main.js', codeSplitting: false } },
  },
}));
