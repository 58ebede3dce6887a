/**
 * Listening on the unix socket Docker Desktop names (`/run/guest-services/<name>.sock`), the
 * way Docker's `samples/vm-service` does: a socket file left by a previous run is removed first,
 * anything else at that path is left alone and refused. For development, a TCP port on
 * 127.0.0.1 instead, never another interface: the backend answers the session to whoever asks.
 */
import { lstat, unlink } from 'node:fs/promises';
import { type Backend, type BackendOptions, createBackend } from './app';
import type { BackendAddress } from './config';

export async function removeStaleSocket(path: string): Promise<void> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket()) {
    throw new Error(`${path} exists and is not a socket: the backend will not remove it.`);
  }
  await unlink(path);
}

/**
 * The backend, listening on `socketPath` (or on 127.0.0.1:`port`). Close it with
 * `backend.close()`; `listeningOn(backend)` says where it listens.
 */
export async function startBackend(options: BackendOptions & BackendAddress): Promise<Backend> {
  const backend = await createBackend(options);
  try {
    if (options.port !== undefined) {
      await backend.listen({ host: '127.0.0.1', port: options.port });
    } else {
      await removeStaleSocket(options.socketPath);
      await backend.listen({ path: options.socketPath });
    }
  } catch (error) {
    await backend.close();
    throw error;
  }
  return backend;
}

/** The socket's path, or `http://127.0.0.1:<port>` (the port chosen when 0 was asked). */
export function listeningOn(backend: Backend): string {
  const address = backend.server.address();
  return typeof address === 'string' || address === null
    ? String(address)
    : `http://${address.address}:${address.port}`;
}
