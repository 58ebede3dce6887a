import react from '@vitejs/plugin-react';
import { loadEnv, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { configBlockHtml, providerSettingVariables, readProviderSettings } from './src/config';
import { AuthError } from './src/oauth/errors';
import { loadProviderSettings } from './src/providerMode';

/**
 * Embeds the provider settings (VITE_OAUTH_* variables, src/config.ts) in index.html as a JSON
 * block, after validating them: a bad setting, or a client secret, fails the build naming the
 * variable to fix.
 */
function embedProviderConfig(mode: string): Plugin {
  return {
    name: 'embed-provider-config',
    transformIndexHtml(html) {
      const settings = readProviderSettings(loadEnv(mode, process.cwd(), 'VITE_'));
      try {
        loadProviderSettings(settings);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        const key = error.field?.split('.')[0] as keyof typeof providerSettingVariables;
        const variable = providerSettingVariables[key];
        throw new Error(`${error.message}${variable ? ` (set by ${variable})` : ''}`);
      }
      return html.replace('</head>', `    ${configBlockHtml(settings)}\n  </head>`);
    },
  };
}

// The extension UI: built into dist/ui, which the Dockerfile copies to /ui in the image.
// `base: './'` because Docker Desktop serves the UI from the image's files, not from a web root.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [react(), embedProviderConfig(mode)],
  server: { port: 3000, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist/ui',
    emptyOutDir: true,
    sourcemap: false,
    // Two named chunks so scripts/report-size.ts can weigh the sign-in layer against its budget.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              priority: 2,
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@mui|@emotion|@docker[\\/]docker-mui-theme)[\\/]/,
            },
            {
              name: 'signin',
              priority: 1,
              test: /[\\/]node_modules[\\/](xstate|oauth4webapi)[\\/]|[\\/]src[\\/](machines|oauth)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
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
}));
