import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The extension UI: built into dist/ui, which the Dockerfile copies to /ui in the image.
// `base: './'` because Docker Desktop serves the UI from the image's files, not from a web root.
export default defineConfig({
  base: './',
  plugins: [react()],
  server: { port: 3000, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist/ui',
    emptyOutDir: true,
    sourcemap: false,
    // Two named chunks so scripts/report-size.ts can weigh the sign-in layer against its budget.
    // `vendor` has the higher priority, or @xstate/react would drag React into `signin`.
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
              test: /[\\/]node_modules[\\/](xstate|@xstate[\\/]react|oauth4webapi)[\\/]|[\\/]src[\\/](machines|oauth)[\\/]/,
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
});
