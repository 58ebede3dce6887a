/**
 * The backend's entry point: reads its configuration (config.ts), listens on Docker Desktop's
 * socket, and stops cleanly on SIGTERM (what `docker stop` sends), letting the session's
 * queued writes finish.
 */
import { BackendConfigError, loadBackendConfig } from './config';
import { startBackend } from './server';

async function main(): Promise<void> {
  const config = await loadBackendConfig(process.env);
  const backend = await startBackend({ ...config, log: { level: config.logLevel } });
  backend.log.info(
    {
      socket: config.socketPath,
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
}

main().catch((error: unknown) => {
  // A configuration error is a sentence; anything else by name only (it may quote data).
  const text =
    error instanceof BackendConfigError
      ? error.message
      : `${(error as Error)?.name ?? 'Error'} ${(error as { code?: string })?.code ?? ''}`.trim();
  console.error(`The backend cannot start: ${text}`);
  process.exit(1);
});
