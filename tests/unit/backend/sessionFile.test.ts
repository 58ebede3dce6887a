// @vitest-environment node
/**
 * The session file: atomic writes, mode 0600, one versioned record bound to the issuer and the
 * client id; whatever else is found is discarded with a reason that quotes no value.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSessionFile } from '../../../backend/sessionFile';
import { createSessionKeeper } from '../../../backend/sessionKeeper';
import type { TokenSet } from '../../../src/oauth/types';
import { deferred, fakeOAuth, T0, tokens } from '../machines/support';
import { temporaryFolder } from './support';

const secretTokens: TokenSet = {
  ...tokens,
  accessToken: 'SECRET-ACCESS',
  refreshToken: 'SECRET-REFRESH',
  idToken: 'SECRET-ID-TOKEN',
};

function sessionFile(
  folder = temporaryFolder(),
  bound = { issuer: 'https://id.example.test', clientId: 'c' },
) {
  const warnings: string[] = [];
  const path = join(folder, 'session.json');
  const file = createSessionFile({
    path,
    ...bound,
    logger: { info: () => {}, warn: (message) => warnings.push(message) },
    clock: { now: () => T0 },
  });
  return { file, path, folder, warnings };
}

describe('writing', () => {
  it('writes one versioned record bound to the issuer and client id, mode 0600, without the raw ID token', async () => {
    const { file, path, folder } = sessionFile();
    await file.save(secretTokens);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const record = JSON.parse(readFileSync(path, 'utf8'));
    expect(record).toEqual({
      version: 1,
      issuer: 'https://id.example.test',
      clientId: 'c',
      savedAt: T0,
      tokens: {
        accessToken: 'SECRET-ACCESS',
        tokenType: 'bearer',
        expiresAt: tokens.expiresAt,
        refreshToken: 'SECRET-REFRESH',
        scope: tokens.scope,
      },
    });
    // Only the file itself: the temporary one was renamed onto it.
    expect(readdirSync(folder)).toEqual(['session.json']);
  });

  it('reads back what it wrote, and a rewrite replaces it whole', async () => {
    const { file } = sessionFile();
    await file.save(secretTokens);
    await file.save({ ...tokens, refreshToken: 'rotated' });
    expect(await file.load()).toEqual({ ...tokens, refreshToken: 'rotated' });
  });

  it('clears, also when there is nothing to clear', async () => {
    const { file, path } = sessionFile();
    await file.clear();
    await file.save(tokens);
    await file.clear();
    expect(existsSync(path)).toBe(false);
    expect(await file.load()).toBeNull();
  });

  it('a session that cannot be written leaves the previous one in place', async () => {
    const { file, path, folder } = sessionFile();
    await file.save(tokens);
    // A token set that cannot be serialised fails the write before the rename.
    const broken = { ...tokens, scope: 1n } as unknown as TokenSet;
    await expect(file.save(broken)).rejects.toThrow();
    expect(await file.load()).toEqual(tokens);
    expect(readdirSync(folder)).toEqual(['session.json']);
    expect(existsSync(path)).toBe(true);
  });
});

describe('reading what is found', () => {
  it('answers null when there is no file, without a warning', async () => {
    const { file, warnings } = sessionFile();
    expect(await file.load()).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('removes temporary files a crash left behind', async () => {
    const { file, folder } = sessionFile();
    writeFileSync(join(folder, 'session.json.0a1b2c.tmp'), 'SECRET-REFRESH');
    writeFileSync(join(folder, 'other.txt'), 'kept');
    await file.load();
    expect(readdirSync(folder)).toEqual(['other.txt']);
  });

  const record = (changes: Record<string, unknown>) =>
    JSON.stringify({
      version: 1,
      issuer: 'https://id.example.test',
      clientId: 'c',
      tokens: secretTokens,
      ...changes,
    });

  it.each([
    ['text that is not JSON', 'SECRET-REFRESH{', 'it is not JSON'],
    ['another program’s value', JSON.stringify(['SECRET-REFRESH']), 'it is not a session record'],
    ['another version', record({ version: 2 }), 'it is not version 1 of the record'],
    [
      'another issuer’s session',
      record({ issuer: 'https://other.example.test' }),
      'it belongs to another issuer or client id (the provider settings changed)',
    ],
    [
      'another client’s session',
      record({ clientId: 'other' }),
      'it belongs to another issuer or client id (the provider settings changed)',
    ],
    ['a record without tokens', record({ tokens: 'SECRET-REFRESH' }), 'it holds no tokens'],
    [
      'tokens without an access token',
      record({ tokens: { tokenType: 'bearer', refreshToken: 'SECRET-REFRESH' } }),
      '"accessToken" is missing or not text',
    ],
  ])('discards %s, saying why and never what it held', async (_what, raw, reason) => {
    const { file, path, warnings } = sessionFile();
    writeFileSync(path, raw);
    expect(await file.load()).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(warnings).toEqual([`Discarded the stored session (${path}): ${reason}.`]);
    expect(warnings.join(' ')).not.toMatch(/SECRET/);
  });
});

describe('the session keeper', () => {
  it('answers a refresh only once the rotated refresh token is on disk', async () => {
    const written = deferred<void>();
    const saved: TokenSet[] = [];
    const file = {
      load: async () => tokens,
      save: async (next: TokenSet) => {
        await written.promise;
        saved.push(next);
      },
      clear: async () => {},
    };
    const oauth = fakeOAuth();
    const rotated = { ...tokens, accessToken: 'access-2', refreshToken: 'refresh-2' };
    oauth.refresh.mockResolvedValueOnce(rotated);
    const keeper = createSessionKeeper({ file, oauth });
    await keeper.load();
    let answered = false;
    const refreshing = keeper.refresh(tokens.accessToken, T0).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(oauth.refresh).toHaveBeenCalledTimes(1);
    expect(answered).toBe(false);
    written.resolve();
    expect(await refreshing).toEqual(rotated);
    expect(saved).toEqual([rotated]);
  });
});
