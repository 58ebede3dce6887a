#!/usr/bin/env node
/**
 * The package's bin, `docker-extension-oauth-backend` (package.json "bin", built into
 * dist/lib/bin/backend.js): the extension's backend run as is from an installed package, started
 * exactly as this repository's image starts it (run.ts). The provider settings default to
 * provider.json in the working directory. Fastify is an optional peer dependency of the
 * package: without it, a sentence saying to install it instead of Node's module trace.
 */
import { resolve } from 'node:path';
import { readCommandLine } from './command';

const program = {
  name: 'docker-extension-oauth-backend',
  defaultSettingsFile: resolve('provider.json'),
};

const command = readCommandLine(process.argv.slice(2), program);
try {
  await import('fastify');
} catch (error) {
  const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
  console.error(
    missing
      ? 'The backend cannot start: it needs Fastify 5 beside docker-extension-oauth ' +
          '(npm install fastify@5).'
      : `The backend cannot start: Fastify does not load (${(error as Error)?.name ?? 'Error'}).`,
  );
  process.exit(1);
}
const { runBackend } = await import('./run');
await runBackend(command, program, process.env);
