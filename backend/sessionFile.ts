/**
 * The session on disk: one JSON file in the extension's named volume, written atomically
 * (temporary file, fsync, rename, fsync of the folder), mode 0600, versioned, and bound to the
 * provider's issuer and the client id, so a session of another provider or client is never
 * offered to this one. Anything else found there (an older format, a truncated write, another
 * provider's session) is discarded with the reason only: the file holds the refresh token.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isObject, parseTokenSet } from '../src/desktop/tokenSetRecord';
import type { TokenSet } from '../src/oauth/types';

export const SESSION_FILE_VERSION = 1;

export interface SessionFileLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface SessionFileOptions {
  path: string;
  /** What the session is bound to. */
  issuer: string;
  clientId: string;
  logger: SessionFileLogger;
  clock?: { now(): number };
}

export interface SessionFile {
  /** The stored session, or null (nothing there, or something discarded, saying why). */
  load(): Promise<TokenSet | null>;
  /** Replaces the stored session in one atomic write. */
  save(tokens: TokenSet): Promise<void>;
  /** Removes the stored session. */
  clear(): Promise<void>;
}

export function createSessionFile({
  path,
  issuer,
  clientId,
  logger,
  clock = Date,
}: SessionFileOptions): SessionFile {
  const folder = dirname(path);
  const name = basename(path);

  const discard = async (reason: string) => {
    logger.warn(`Discarded the stored session (${path}): ${reason}.`);
    await removeFile(path);
  };

  return {
    async load() {
      await removeLeftovers(folder, name);
      let raw: string;
      try {
        raw = await readFile(path, 'utf8');
      } catch (error) {
        if (codeOf(error) === 'ENOENT') return null;
        logger.warn(`Could not read the stored session (${path}): ${codeOf(error) ?? 'error'}.`);
        return null;
      }
      const checked = parseSessionRecord(raw, issuer, clientId);
      if (typeof checked === 'string') {
        await discard(checked);
        return null;
      }
      return checked;
    },

    async save(tokens) {
      // The raw ID token is not kept: its claims are.
      const { idToken: _notKept, refreshable: _derived, ...kept } = tokens;
      const record = {
        version: SESSION_FILE_VERSION,
        issuer,
        clientId,
        savedAt: clock.now(),
        tokens: kept,
      };
      await writeAtomically(path, `${JSON.stringify(record)}\n`);
    },

    async clear() {
      await removeFile(path);
      await syncFolder(folder);
    },
  };
}

/** The token set in a session file's text, or why it is not one (a reason quoting no value). */
export function parseSessionRecord(
  raw: string,
  issuer: string,
  clientId: string,
): TokenSet | string {
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return 'it is not JSON';
  }
  if (!isObject(record) || !('version' in record)) return 'it is not a session record';
  if (record.version !== SESSION_FILE_VERSION) {
    return `it is not version ${SESSION_FILE_VERSION} of the record`;
  }
  if (record.issuer !== issuer || record.clientId !== clientId) {
    return 'it belongs to another issuer or client id (the provider settings changed)';
  }
  if (!isObject(record.tokens)) return 'it holds no tokens';
  return parseTokenSet(record.tokens);
}

/** Writes `text` to a temporary file beside `path` (mode 0600), syncs it, then renames it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await removeFile(temporary);
    throw error;
  }
  // The rename itself survives a crash only once the folder is synced.
  await syncFolder(dirname(path));
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to sync a folder; the rename is still atomic.
  }
}

/** Temporary files a crash left behind (they may hold a session): removed at start. */
async function removeLeftovers(folder: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return;
  }
  const leftover = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]+\\.tmp$`);
  await Promise.all(
    entries.filter((entry) => leftover.test(entry)).map((entry) => removeFile(join(folder, entry))),
  );
}

async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
