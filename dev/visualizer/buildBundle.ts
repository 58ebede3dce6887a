/**
 * Builds the development panel as a single classic script (IIFE, React and ELK bundled in) for
 * the local stand-in: `buildVisualizerBundle()` → dist/devtools/visualizer.js. Also runnable:
 * `npx tsx dev/visualizer/buildBundle.ts [outDir]`.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const BUNDLE_FILE = 'visualizer.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Returns the absolute path of the script. `outDir` is relative to the repository root. */
export async function buildVisualizerBundle(outDir = 'dist/devtools'): Promise<string> {
  const out = resolve(root, outDir);
  // Vite keeps a NODE_ENV it finds (vitest sets 'test'), and @vitejs/plugin-react then emits
  // the development JSX runtime, which the production React bundled below does not have.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildOnce(out);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return resolve(out, BUNDLE_FILE);
}

async function buildOnce(out: string): Promise<void> {
  await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    plugins: [react()],
    // Library mode leaves process.env.NODE_ENV alone; React needs it decided (production build).
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: out,
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      reportCompressedSize: false,
      lib: {
        entry: resolve(root, 'dev/visualizer/standalone.ts'),
        formats: ['iife'],
        name: 'AuthDevtoolsPanel',
        fileName: () => BUNDLE_FILE,
      },
    },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const file = await buildVisualizerBundle(process.argv[2]);
  const { statSync } = await import('node:fs');
  console.log(
    `${file}: ${statSync(file).size} bytes in ${Math.round(performance.now() - started)} ms`,
  );
}
