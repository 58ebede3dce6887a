/**
 * The backend's configuration, read once at start from its environment (set by the compose
 * file in the image) and from files:
 *
 *   BACKEND_SOCKET            the unix socket to listen on    default /run/guest-services/backend.sock
 *   SESSION_FILE              the session, in a named volume  default /data/session.json
 *   PROVIDER_SETTINGS_FILE    the provider settings (JSON)    default provider.json beside the backend
 *   OAUTH_CLIENT_SECRET_FILE  a file holding the client secret (a Docker secret: /run/secrets/...)
 *   OAUTH_CLIENT_SECRET       or the secret itself
 *   OAUTH_CLIENT_AUTH_METHOD  client_secret_basic (default) | client_secret_post
 *   LOG_LEVEL                 pino level                      default info
 *
 * The provider settings are the same ones the UI is built with (.env.production, validated by
 * the same `loadProviderSettings`), written to provider.json when the image is built. The secret
 * is optional, never read from a VITE_* variable (those end up in the UI bundle), never logged,
 * never answered.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type ClientAuthentication,
  type ClientAuthenticationMethod,
  clientSecretAuthentication,
} from '../src/oauth/clientAuthentication';
import { AuthError } from '../src/oauth/errors';
import type { ProviderConfig } from '../src/oauth/types';
import { loadProviderSettings } from '../src/providerMode';

export const DEFAULT_SOCKET = '/run/guest-services/backend.sock';
export const DEFAULT_SESSION_FILE = '/data/session.json';

export interface BackendConfig {
  socketPath: string;
  sessionFile: string;
  provider: ProviderConfig;
  clientAuthentication?: ClientAuthentication;
  /** Where the secret came from, for the start-up log line (never the secret). */
  secretSource?: string;
  logLevel: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export class BackendConfigError extends Error {
  override readonly name = 'BackendConfigError';
}

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

export async function loadBackendConfig(
  env: Env,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<BackendConfig> {
  const settingsFile =
    env.PROVIDER_SETTINGS_FILE || fileURLToPath(new URL('./provider.json', import.meta.url));
  const provider = loadProvider(await readOrFail(read, settingsFile, 'PROVIDER_SETTINGS_FILE'));

  const leaked = Object.keys(env).find((name) => /^VITE_.*SECRET/i.test(name));
  if (leaked) {
    throw new BackendConfigError(
      `${leaked} must not be set: VITE_* variables end up in the UI bundle. Give the backend ` +
        'its secret in OAUTH_CLIENT_SECRET_FILE (a Docker secret) or OAUTH_CLIENT_SECRET.',
    );
  }
  if (env.OAUTH_CLIENT_SECRET_FILE && env.OAUTH_CLIENT_SECRET) {
    throw new BackendConfigError('Set OAUTH_CLIENT_SECRET_FILE or OAUTH_CLIENT_SECRET, not both.');
  }
  let secret: string | undefined;
  let secretSource: string | undefined;
  if (env.OAUTH_CLIENT_SECRET_FILE) {
    secret = (
      await readOrFail(read, env.OAUTH_CLIENT_SECRET_FILE, 'OAUTH_CLIENT_SECRET_FILE')
    ).trim();
    secretSource = `the file ${env.OAUTH_CLIENT_SECRET_FILE}`;
  } else if (env.OAUTH_CLIENT_SECRET) {
    secret = env.OAUTH_CLIENT_SECRET.trim();
    secretSource = 'the environment (OAUTH_CLIENT_SECRET)';
  }
  if (secret === '') {
    throw new BackendConfigError(`The client secret in ${secretSource} is empty.`);
  }

  const method = env.OAUTH_CLIENT_AUTH_METHOD || 'client_secret_basic';
  if (!(AUTH_METHODS as readonly string[]).includes(method)) {
    throw new BackendConfigError(
      `OAUTH_CLIENT_AUTH_METHOD must be ${AUTH_METHODS.join(' or ')}, not "${method}".`,
    );
  }
  if (env.OAUTH_CLIENT_AUTH_METHOD && secret === undefined) {
    throw new BackendConfigError('OAUTH_CLIENT_AUTH_METHOD is set, but no client secret is.');
  }

  return {
    socketPath: env.BACKEND_SOCKET || DEFAULT_SOCKET,
    sessionFile: env.SESSION_FILE || DEFAULT_SESSION_FILE,
    provider,
    ...(secret === undefined
      ? {}
      : {
          clientAuthentication: clientSecretAuthentication(
            secret,
            method as ClientAuthenticationMethod,
          ),
          secretSource,
        }),
    logLevel: env.LOG_LEVEL || 'info',
  };
}

function loadProvider(text: string): ProviderConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackendConfigError('The provider settings file is not JSON.');
  }
  try {
    return loadProviderSettings(raw);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw new BackendConfigError(
      `The provider settings are not valid${error.field ? ` (${error.field})` : ''}: ${error.message}`,
    );
  }
}

async function readOrFail(
  read: (path: string) => Promise<string>,
  path: string,
  variable: string,
): Promise<string> {
  try {
    return await read(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new BackendConfigError(`Cannot read ${path} (${variable}): ${code}.`);
  }
}
