// @vitest-environment node
/**
 * Listening on a unix socket as in Docker Desktop: a stale socket file is removed first,
 * anything else at that path is left alone.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listeningOn, startBackend } from '../../../backend/server';
import { provider, temporaryFolder } from './support';

function getOverSocket(
  socketPath: string,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const quiet = { level: 'silent' };

describe('startBackend', () => {
  it('replaces a stale socket file left by a previous run and answers over the socket', async () => {
    const folder = temporaryFolder();
    const socketPath = join(folder, 'backend.sock');
    // A socket file at the path, as a backend that was killed leaves behind (this one still
    // listens on it, which only makes it harder: the backend must replace it all the same).
    const stale = createServer();
    await new Promise<void>((resolve) => stale.listen(socketPath, resolve));
    const backend = await startBackend({
      provider,
      socketPath,
      sessionFile: join(folder, 'session.json'),
      log: quiet,
    });
    try {
      expect(listeningOn(backend)).toBe(socketPath);
      const answer = await getOverSocket(socketPath, '/session');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, tokens: null });
    } finally {
      await backend.close();
      stale.close();
    }
  });

  it('listens on 127.0.0.1 only when given a port (development), any free one for 0', async () => {
    const folder = temporaryFolder();
    const backend = await startBackend({
      provider,
      port: 0,
      sessionFile: join(folder, 'session.json'),
      log: quiet,
    });
    try {
      const address = listeningOn(backend);
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(address).not.toBe('http://127.0.0.1:0');
      const answer = await fetch(`${address}/health`);
      expect(await answer.json()).toEqual({ ok: true });
    } finally {
      await backend.close();
    }
  });

  it('refuses to remove a file that is not a socket', async () => {
    const folder = temporaryFolder();
    const socketPath = join(folder, 'backend.sock');
    writeFileSync(socketPath, 'not a socket');
    await expect(
      startBackend({ provider, socketPath, sessionFile: join(folder, 's.json'), log: quiet }),
    ).rejects.toThrow(/is not a socket/);
    expect(readFileSync(socketPath, 'utf8')).toBe('not a socket');
  });
});
