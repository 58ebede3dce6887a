/**
 * The package's library build (`npm run build:lib`): one ES module per entry point of
 * package.json "exports" (src/build/packageEntries.ts), with the modules they share in common
 * chunks, into dist/lib; the type declarations come from `tsc -p tsconfig.lib.json` beside them.
 * Every dependency and peer dependency stays an import, resolved by the author's bundler (or
 * Node, for the backend), so an extension has one React, one MUI, one XState.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { PACKAGE_ENTRIES } from './src/build/packageEntries.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const externals = [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
];
const isExternal = (id: string) =>
  id.startsWith('node:') ||
  externals.some((name) => id === name || id.startsWith(`${name}/`)) ||
  ['react/', 'react-dom/'].some((prefix) => id.startsWith(prefix));

/**
 * `./react` → `react`, `.` → `index`: the file name of each entry in dist/lib; and the bin
 * (package.json "bin": `docker-extension-oauth-backend` → dist/lib/bin/backend.js, its
 * `#!/usr/bin/env node` line kept).
 */
const entries = {
  ...Object.fromEntries(
    Object.entries(PACKAGE_ENTRIES).map(([entry, source]) => [
      entry === '.' ? 'index' : entry.slice(2),
      `${root}${source}`,
    ]),
  ),
  'bin/backend': `${root}backend/bin.ts`,
};

export default defineConfig({
  root,
  publicDir: false,
  // The JSX of the views (React's automatic runtime, imported from the author's React).
  plugins: [react()],
  build: {
    outDir: 'dist/lib',
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external: isExternal,
      output: { entryFileNames: '[name].js', chunkFileNames: 'shared/[name]-[hash].js' },
    },
  },
});
