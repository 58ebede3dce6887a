/**
 * The pending sign-in record: what survives Docker Desktop's reload of the tab. Plain
 * functions, no React: these tests render nothing, so they run once.
 */
import { describe, expect, it } from 'vitest';
import {
  createPendingLoginStore,
  PENDING_LOGIN_KEY,
  PENDING_LOGIN_VERSION,
} from '../../../src/desktop/pendingLoginStore';
import { memoryKeyValueStorage } from '../../../src/desktop/storage';
import { binding, pendingLogin } from '../machines/support';

function storeWith(raw: string | undefined) {
  const storage = memoryKeyValueStorage(raw === undefined ? {} : { [PENDING_LOGIN_KEY]: raw });
  const warnings: string[] = [];
  const store = createPendingLoginStore(storage, binding, { warn: (m) => warnings.push(m) });
  return { storage, warnings, store };
}

const secret = pendingLogin({ state: 'SECRET-STATE', codeVerifier: 'SECRET-VERIFIER' });
const record = (data: unknown, version: unknown = PENDING_LOGIN_VERSION) =>
  JSON.stringify({ version, binding, data });

describe('createPendingLoginStore', () => {
  it('reads back what it saved, under oauth.pendingLogin.v1, as a versioned record', () => {
    const { store, storage } = storeWith(undefined);
    store.save(secret);
    expect(JSON.parse(storage.items.get('oauth.pendingLogin.v1') ?? '')).toEqual({
      version: 2,
      binding,
      data: secret,
    });
    expect(store.load()).toEqual(secret);
  });

  it('discards a sign-in started under another issuer, client id or redirect URI', () => {
    for (const changed of ['issuer', 'clientId', 'redirectUri'] as const) {
      const storage = memoryKeyValueStorage();
      createPendingLoginStore(storage, binding).save(secret);
      const warnings: string[] = [];
      const other = { ...binding, [changed]: `${binding[changed]}-new` };
      const store = createPendingLoginStore(storage, other, { warn: (m) => warnings.push(m) });
      expect(store.load()).toBeNull();
      expect(storage.items.size).toBe(0);
      expect(warnings).toEqual([
        `Discarded the saved sign-in (${PENDING_LOGIN_KEY}): it was made for another provider or client (${changed} differ).`,
      ]);
    }
  });

  it('keeps a sign-in whose verifier a backend holds (no codeVerifier in the page)', () => {
    const { store } = storeWith(undefined);
    const { codeVerifier: _inBackend, ...inPage } = secret;
    store.save(inPage);
    expect(store.load()).toEqual(inPage);
  });

  it("keeps the provider's metadata the sign-in started with (no second discovery)", () => {
    const { store } = storeWith(undefined);
    const metadata = { issuer: binding.issuer, token_endpoint: `${binding.issuer}/token` };
    store.save({ ...secret, metadata });
    expect(store.load()?.metadata).toEqual(metadata);
  });

  it('answers null when nothing is saved, without a warning', () => {
    const { store, warnings } = storeWith(undefined);
    expect(store.load()).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('keeps an absent nonce absent', () => {
    const { store } = storeWith(undefined);
    const { nonce: _none, ...withoutNonce } = secret;
    store.save(withoutNonce);
    expect(store.load()).toEqual(withoutNonce);
    expect(store.load()).not.toHaveProperty('nonce');
  });

  it('clears the record', () => {
    const { store, storage } = storeWith(record(secret));
    store.clear();
    expect(storage.items.has(PENDING_LOGIN_KEY)).toBe(false);
    expect(store.load()).toBeNull();
  });

  it.each([
    ['text that is not JSON', 'SECRET-STATE{', 'it is not JSON'],
    ['another program’s value', JSON.stringify(['SECRET-STATE']), 'it is not a record of ours'],
    ['another version', record(secret, 1), 'it is not version 2 of the record'],
    ['a record without data', JSON.stringify({ version: 2, binding }), 'it holds no data'],
    [
      'a verifier that is not text',
      record({ ...secret, codeVerifier: 42 }),
      '"codeVerifier" is not text',
    ],
    ['an empty state', record({ ...secret, state: '' }), '"state" is missing or not text'],
    [
      'a start time that is not a number',
      record({ ...secret, startedAt: '2026-11-25' }),
      '"startedAt" is missing or not a time',
    ],
    ['a nonce that is not text', record({ ...secret, nonce: 7 }), '"nonce" is not text'],
    [
      'metadata without an issuer',
      record({ ...secret, metadata: { token_endpoint: 'https://x' } }),
      '"metadata" is not a provider\'s metadata',
    ],
  ])('discards %s, saying why and never what it held', (_what, raw, reason) => {
    const { store, storage, warnings } = storeWith(raw);
    expect(store.load()).toBeNull();
    expect(storage.items.has(PENDING_LOGIN_KEY)).toBe(false);
    expect(warnings).toEqual([`Discarded the saved sign-in (${PENDING_LOGIN_KEY}): ${reason}.`]);
    expect(warnings.join(' ')).not.toMatch(/SECRET/);
  });

  it('answers null when the storage cannot be read, without throwing', () => {
    const warnings: string[] = [];
    const store = createPendingLoginStore(
      {
        getItem: () => {
          throw new DOMException('SECRET-STATE', 'SecurityError');
        },
        setItem: () => {},
        removeItem: () => {},
      },
      binding,
      { warn: (m) => warnings.push(m) },
    );
    expect(store.load()).toBeNull();
    expect(warnings).toEqual([
      `Could not read the saved sign-in (${PENDING_LOGIN_KEY}): SecurityError.`,
    ]);
  });

  it('does not throw when the storage refuses to save', () => {
    const warnings: string[] = [];
    const store = createPendingLoginStore(
      {
        getItem: () => null,
        setItem: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
        removeItem: () => {},
      },
      binding,
      { warn: (m) => warnings.push(m) },
    );
    expect(() => store.save(secret)).not.toThrow();
    expect(warnings).toEqual([
      `Could not save the saved sign-in (${PENDING_LOGIN_KEY}): QuotaExceededError.`,
    ]);
  });
});
