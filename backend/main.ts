/**
 * The entry point of this repository's image (`npm run build:backend` bundles it, with its
 * dependencies, into dist/backend/main.js; the Dockerfile runs `node /backend/main.js`). It
 * starts the backend exactly as the package's bin does (run.ts); only the default provider
 * settings differ: provider.json beside main.js, where the image's build writes them.
 */
import { fileURLToPath } from 'node:url';
import { readCommandLine } from './command';
import { runBackend } from './run';

const program = {
  name: 'node main.js',
  defaultSettingsFile: fileURLToPath(new URL('./provider.json', import.meta.url)),
};

await runBackend(readCommandLine(process.argv.slice(2), program), program, process.env);
