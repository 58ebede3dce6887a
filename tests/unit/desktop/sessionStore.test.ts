import { describe, expect, it } from 'vitest';
import {
  createMemorySessionStore,
  createSessionStore,
  SESSION_KEY,
} from '../../../src/desktop/sessionStore';
import { type KeyValueStorage, memoryKeyValueStorage } from '../../../src/desktop/storage';
import type { TokenSet } from '../../../src/oauth/types';
import { binding } from '../machines/support';

function recordingLogger() {
  const messages: string[] = [];
  return { messages, warn: (message: string) => messages.push(message) };
}

const tokens: TokenSet = {
  accessToken: 'SECRET-ACCESS',
  tokenType: 'bearer',
  expiresAt: 1_800_000_000_000,
  refreshToken: 'SECRET-REFRESH',
  scope: 'openid offline_access',
  idTokenClaims: { iss: 'https://id.example.test', sub: 'user-1', aud: 'c', exp: 1, iat: 0 },
  idToken: 'SECRET-ID-TOKEN',
};

describe('createSessionStore', () => {
  it('keeps the session in one versioned record and reads it back', () => {
    const storage = memoryKeyValueStorage();
    const store = createSessionStore(storage, binding);
    store.save(tokens);
    const record = JSON.parse(storage.items.get(SESSION_KEY) as string);
    expect(record.version).toBe(2);
    expect(record.binding).toEqual(binding);
    const { idToken: _raw, ...kept } = tokens;
    expect(store.load()).toEqual(kept);
  });

  it('keeps "refreshable" (a refresh token kept by the backend) and never the token itself', () => {
    const storage = memoryKeyValueStorage();
    const { refreshToken: _kept, idToken: _raw, ...inPage } = tokens;
    const store = createSessionStore(storage, binding);
    store.save({ ...inPage, refreshable: true });
    expect(store.load()).toEqual({ ...inPage, refreshable: true });
    expect(storage.items.get(SESSION_KEY)).not.toContain('SECRET-REFRESH');
  });

  it('never hands a session made for one provider to another', () => {
    const storage = memoryKeyValueStorage();
    createSessionStore(storage, binding).save(tokens);
    const logger = recordingLogger();
    const moved = createSessionStore(
      storage,
      { ...binding, issuer: 'https://new-id.example.test' },
      logger,
    );
    expect(moved.load()).toBeNull();
    expect(storage.items.has(SESSION_KEY)).toBe(false);
    expect(logger.messages).toEqual([
      `Discarded the saved session (${SESSION_KEY}): it was made for another provider or client (issuer differ).`,
    ]);
  });

  it('does not keep the raw ID token', () => {
    const storage = memoryKeyValueStorage();
    createSessionStore(storage, binding).save(tokens);
    expect(storage.items.get(SESSION_KEY)).not.toContain('SECRET-ID-TOKEN');
  });

  it('clear removes it', () => {
    const storage = memoryKeyValueStorage();
    const store = createSessionStore(storage, binding);
    store.save(tokens);
    store.clear();
    expect(storage.items.size).toBe(0);
    expect(store.load()).toBeNull();
  });

  const bound = JSON.stringify(binding);
  it.each([
    ['not JSON', '{"version":2,"data":', /not JSON/],
    ['another program', '"hello"', /not a record of ours/],
    ['an older format', '{"version":1,"data":{}}', /not version 2/],
    [
      'a record without its provider (version 1 had none)',
      '{"version":2,"data":{"accessToken":"SECRET-ACCESS","tokenType":"bearer"}}',
      /another provider or client \(issuer, clientId, redirectUri differ\)/,
    ],
    [
      'a session of another issuer',
      JSON.stringify({
        version: 2,
        binding: { ...binding, issuer: 'https://old-id.example.test' },
        data: { accessToken: 'SECRET-ACCESS', tokenType: 'bearer' },
      }),
      /another provider or client \(issuer differ/,
    ],
    [
      'a session of another client id',
      JSON.stringify({
        version: 2,
        binding: { ...binding, clientId: 'old-client' },
        data: { accessToken: 'SECRET-ACCESS', tokenType: 'bearer' },
      }),
      /\(clientId differ/,
    ],
    [
      'no access token',
      `{"version":2,"binding":${bound},"data":{"tokenType":"bearer"}}`,
      /accessToken/,
    ],
    [
      'a bad expiry',
      `{"version":2,"binding":${bound},"data":{"accessToken":"SECRET-ACCESS","tokenType":"bearer","expiresAt":"soon"}}`,
      /expiresAt/,
    ],
  ])('discards %s with a logged reason that quotes no value', (_name, raw, reason) => {
    const storage = memoryKeyValueStorage();
    storage.items.set(SESSION_KEY, raw);
    const logger = recordingLogger();
    expect(createSessionStore(storage, binding, logger).load()).toBeNull();
    expect(storage.items.has(SESSION_KEY)).toBe(false);
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toMatch(reason);
    expect(logger.messages[0]).not.toContain('SECRET');
  });

  it('survives a storage that throws', () => {
    const logger = recordingLogger();
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    const store = createSessionStore(broken, binding, logger);
    expect(store.load()).toBeNull();
    store.save(tokens);
    expect(logger.messages.join('\n')).toMatch(/SecurityError[\s\S]*QuotaExceededError/);
  });
});

describe('createMemorySessionStore', () => {
  it('keeps the session until cleared', () => {
    const store = createMemorySessionStore();
    expect(store.load()).toBeNull();
    store.save(tokens);
    expect(store.load()).toBe(tokens);
    store.clear();
    expect(store.load()).toBeNull();
  });
});
