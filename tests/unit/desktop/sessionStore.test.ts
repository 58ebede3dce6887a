import { describe, expect, it } from 'vitest';
import {
  createMemorySessionStore,
  createSessionStore,
  SESSION_KEY,
} from '../../../src/desktop/sessionStore';
import { type KeyValueStorage, memoryKeyValueStorage } from '../../../src/desktop/storage';
import type { TokenSet } from '../../../src/oauth/types';

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
    const store = createSessionStore(storage);
    store.save(tokens);
    const record = JSON.parse(storage.items.get(SESSION_KEY) as string);
    expect(record.version).toBe(1);
    const { idToken: _raw, ...kept } = tokens;
    expect(store.load()).toEqual(kept);
  });

  it('does not keep the raw ID token', () => {
    const storage = memoryKeyValueStorage();
    createSessionStore(storage).save(tokens);
    expect(storage.items.get(SESSION_KEY)).not.toContain('SECRET-ID-TOKEN');
  });

  it('clear removes it', () => {
    const storage = memoryKeyValueStorage();
    const store = createSessionStore(storage);
    store.save(tokens);
    store.clear();
    expect(storage.items.size).toBe(0);
    expect(store.load()).toBeNull();
  });

  it.each([
    ['not JSON', '{"version":1,"data":', /not JSON/],
    ['another program', '"hello"', /not a record of ours/],
    ['an older format', '{"version":0,"data":{}}', /not version 1/],
    ['no access token', '{"version":1,"data":{"tokenType":"bearer"}}', /accessToken/],
    [
      'a bad expiry',
      '{"version":1,"data":{"accessToken":"SECRET-ACCESS","tokenType":"bearer","expiresAt":"soon"}}',
      /expiresAt/,
    ],
  ])('discards %s with a logged reason that quotes no value', (_name, raw, reason) => {
    const storage = memoryKeyValueStorage();
    storage.items.set(SESSION_KEY, raw);
    const logger = recordingLogger();
    expect(createSessionStore(storage, logger).load()).toBeNull();
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
    const store = createSessionStore(broken, logger);
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
