/**
 * How the backend starts, the same for the image's entry point (main.ts) and the package's bin
 * (bin.ts): its configuration (config.ts), listening (server.ts), a log line saying where and
 * for which provider (never a secret), and a clean stop on SIGTERM (what `docker stop` sends) or
 * SIGINT, letting the session's queued writes finish. When it cannot start: a sentence on
 * stderr and exit code 1.
 */
import type { BackendProgram } from './command';
import { BackendConfigError, loadBackendConfig } from './config';
import { listeningOn, startBackend } from './server';

export async function runBackend(
  command: { settingsFile?: string },
  program: BackendProgram,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  try {
    const config = await loadBackendConfig(env, undefined, {
      ...command,
      defaultSettingsFile: program.defaultSettingsFile,
    });
    const backend = await startBackend({ ...config, log: { level: config.logLevel } });
    backend.log.info(
      {
        listening: listeningOn(backend),
        sessionFile: config.sessionFile,
        issuer: config.provider.issuer,
        clientId: config.provider.clientId,
        clientAuthentication: config.clientAuthentication?.method ?? 'none (public client)',
        ...(config.secretSource ? { secretFrom: config.secretSource } : {}),
      },
      'backend ready',
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      backend.log.info(`${signal}: stopping`);
      backend.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    console.error(`The backend cannot start: ${startFailure(error)}`);
    process.exit(1);
  }
}

const SYSTEM_FAILURES: Record<string, string> = {
  EACCES: 'permission denied',
  EADDRINUSE: 'the address is in use',
  ENOENT: 'no such file or folder',
};

/**
 * A configuration error is a sentence already; a system error (the socket's folder, the
 * session's) says what was tried where, which holds no secret; anything else by name only (its
 * message may quote data).
 */
export function startFailure(error: unknown): string {
  if (error instanceof BackendConfigError) return error.message;
  const {
    name = 'Error',
    code,
    syscall,
    address,
    path,
    port,
  } = (error ?? {}) as {
    name?: string;
    code?: string;
    syscall?: string;
    address?: string;
    path?: string;
    port?: number;
  };
  if (code && syscall) {
    const where = address ?? path;
    const target =
      where === undefined ? '' : ` ${where}${port === undefined || port < 0 ? '' : `:${port}`}`;
    return `${syscall}${target}: ${SYSTEM_FAILURES[code] ?? code} (${code}).`;
  }
  return `${name}${code ? ` ${code}` : ''}`;
}
