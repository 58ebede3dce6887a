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
import { providerSettingVariables, readProviderSettings } from '../src/config';
import { AuthError } from '../src/oauth/errors';
import { loadProviderSettings } from '../src/providerMode';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Writes the validated provider settings as provider.json (never a secret: the loader refuses one). */
function providerSettingsFile(mode: string): Plugin {
  return {
    name: 'provider-settings-file',
    generateBundle() {
      const settings = readProviderSettings(loadEnv(mode, root, 'VITE_'));
      try {
        loadProviderSettings(settings);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        const key = error.field?.split('.')[0] as keyof typeof providerSettingVariables;
        const variable = providerSettingVariables[key];
        throw new Error(`${error.message}${variable ? ` (set by ${variable})` : ''}`);
      }
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
