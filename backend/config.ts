/**
 * The backend's configuration, read once at start from its environment (set by the compose
 * file in the image), its command line (`--settings`, command.ts) and from files:
 *
 *   BACKEND_SOCKET            the unix socket to listen on    default /run/guest-services/backend.sock
 *   BACKEND_PORT              or a TCP port on 127.0.0.1 (development; 0: any free port)
 *   SESSION_FILE              the session, in a named volume  default /data/session.json
 *   PROVIDER_SETTINGS_FILE    the provider settings (JSON)    default provider.json in the working
 *                             directory (the image's main.js: beside itself); --settings wins
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
import { resolve } from 'node:path';
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

/**
 * Where the backend listens: Docker Desktop's unix socket, or, for development, a TCP port on
 * 127.0.0.1 only (the backend answers the session to whoever reaches it).
 */
export type BackendAddress =
  | { socketPath: string; port?: undefined }
  | { port: number; socketPath?: undefined };

export type BackendConfig = BackendAddress & {
  sessionFile: string;
  provider: ProviderConfig;
  clientAuthentication?: ClientAuthentication;
  /** Where the secret came from, for the start-up log line (never the secret). */
  secretSource?: string;
  logLevel: string;
};

/** Where the provider settings come from, besides PROVIDER_SETTINGS_FILE. */
export interface SettingsFileOptions {
  /** The file given on the command line (`--settings`): wins over PROVIDER_SETTINGS_FILE. */
  settingsFile?: string;
  /** The file read when neither is given; default: provider.json in the working directory. */
  defaultSettingsFile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export class BackendConfigError extends Error {
  override readonly name = 'BackendConfigError';
}

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

export async function loadBackendConfig(
  env: Env,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
  options: SettingsFileOptions = {},
): Promise<BackendConfig> {
  const [settingsFile, settingsFrom] = options.settingsFile
    ? [options.settingsFile, '--settings']
    : env.PROVIDER_SETTINGS_FILE
      ? [env.PROVIDER_SETTINGS_FILE, 'PROVIDER_SETTINGS_FILE']
      : [
          options.defaultSettingsFile ?? resolve('provider.json'),
          'the default: give yours with --settings or PROVIDER_SETTINGS_FILE',
        ];
  const provider = loadProvider(
    settingsFile,
    await readOrFail(read, settingsFile, `the provider settings file`, settingsFrom),
  );
  const address = listenAddress(env);

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
      await readOrFail(
        read,
        env.OAUTH_CLIENT_SECRET_FILE,
        'the client secret file',
        'OAUTH_CLIENT_SECRET_FILE',
      )
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
    ...address,
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

/** BACKEND_SOCKET, or BACKEND_PORT for development; Docker Desktop's socket by default. */
function listenAddress(env: Env): BackendAddress {
  const port = env.BACKEND_PORT;
  if (!port) return { socketPath: env.BACKEND_SOCKET || DEFAULT_SOCKET };
  if (env.BACKEND_SOCKET) {
    throw new BackendConfigError('Set BACKEND_SOCKET or BACKEND_PORT, not both.');
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) {
    throw new BackendConfigError(
      `BACKEND_PORT must be a port number from 0 to 65535 (0: any free port), not "${port}".`,
    );
  }
  return { port: Number(port) };
}

/**
 * The settings, validated like the UI build's (`loadProviderSettings`), or a sentence naming the
 * file and the field at fault. The text itself is never quoted: an author may have put a secret
 * where it does not belong.
 */
function loadProvider(path: string, text: string): ProviderConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackendConfigError(`The provider settings file ${path} is not JSON.`);
  }
  try {
    return loadProviderSettings(raw);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw new BackendConfigError(
      `The provider settings in ${path} are not valid${error.field ? ` (${error.field})` : ''}: ${error.message}`,
    );
  }
}

/** Why a file could not be read, in words; the system's code for anything rarer. */
const READ_FAILURES: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a folder in its path is a file',
};

async function readOrFail(
  read: (path: string) => Promise<string>,
  path: string,
  what: string,
  from: string,
): Promise<string> {
  try {
    return await read(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new BackendConfigError(
      `Cannot read ${what} ${path} (${from}): ${READ_FAILURES[code] ?? code}.`,
    );
  }
}
