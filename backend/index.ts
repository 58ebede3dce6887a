/**
 * docker-extension-oauth/backend: the extension's backend (Fastify), which talks to the provider
 * and keeps the session for the page in backend mode. Run it as is —
 * `startBackend({ ...(await loadBackendConfig(process.env)), log: { level: 'info' } })` on
 * Docker Desktop's socket, as the image's `backend/main.ts` does (set PROVIDER_SETTINGS_FILE to
 * the provider settings your UI is built with: the default, provider.json beside the module,
 * is where this repository's image build writes them) — or mount its routes in an extension's
 * own Fastify backend with `app.register(oauthBackend, options)`.
 *
 * @packageDocumentation
 * @module docker-extension-oauth/backend
 */
export {
  type Backend,
  type BackendOptions,
  BODY_LIMIT,
  createBackend,
  oauthBackend,
  PROVIDER_TIMEOUT_MS,
} from './app';
export {
  type BackendConfig,
  BackendConfigError,
  DEFAULT_SESSION_FILE,
  DEFAULT_SOCKET,
  loadBackendConfig,
} from './config';
export type { BackendLogOptions } from './logging';
export { removeStaleSocket, startBackend } from './server';
