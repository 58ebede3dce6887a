import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The baseline's own build: a production build like the extension's (`base: './'`, the same
 * React plugin, minified, no source maps), into the folder the bench gives (`build.outDir`).
 *
 * MUI 5 is installed beside the extension's MUI 6 under an npm alias (`@mui/material-v5`). The
 * baseline imports it by that name, and the alias below sends Docker's theme's own
 * `import … from '@mui/material'` there too, so the page carries one MUI, version 5, as the
 * sample does (tests/unit/scripts/firstView.test.ts checks the built modules).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@mui\/material(?=\/|$)/, replacement: '@mui/material-v5' }],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  logLevel: 'silent',
});
