/**
 * docker-extension-oauth/backend: the extension's backend (Fastify), which talks to the provider
 * and keeps the session for the page in backend mode. Run it as is with the package's command,
 * `docker-extension-oauth-backend --settings provider.json` (the provider settings your UI is
 * built with; `--help` lists the environment it reads), which listens on Docker Desktop's socket
 * as this repository's image does; or start it from your own code with
 * `startBackend({ ...(await loadBackendConfig(process.env)), log: { level: 'info' } })`; or mount
 * its routes in an extension's own Fastify backend with `app.register(oauthBackend, options)`.
 *
 * @packageDocumentation
 * @module docker-extension-oauth/backend
 */
export {
  type Backend,
  type BackendOptions,
  BODY_LIMIT,
  createBackend,
  HEALTH_ROUTE,
  oauthBackend,
  PROVIDER_TIMEOUT_MS,
} from './app';
export {
  type BackendAddress,
  type BackendConfig,
  BackendConfigError,
  DEFAULT_SESSION_FILE,
  DEFAULT_SOCKET,
  loadBackendConfig,
  type SettingsFileOptions,
} from './config';
export type { BackendLogOptions } from './logging';
export { listeningOn, removeStaleSocket, startBackend } from './server';
