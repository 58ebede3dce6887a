/**
 * Listening on the unix socket Docker Desktop names (`/run/guest-services/<name>.sock`), the
 * way Docker's `samples/vm-service` does: a socket file left by a previous run is removed first,
 * anything else at that path is left alone and refused.
 */
import { lstat, unlink } from 'node:fs/promises';
import { type Backend, type BackendOptions, createBackend } from './app';

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

/** The backend, listening on `socketPath`. Close it with `backend.close()`. */
export async function startBackend(
  options: BackendOptions & { socketPath: string },
): Promise<Backend> {
  const backend = await createBackend(options);
  try {
    await removeStaleSocket(options.socketPath);
    await backend.listen({ path: options.socketPath });
  } catch (error) {
    await backend.close();
    throw error;
  }
  return backend;
}
