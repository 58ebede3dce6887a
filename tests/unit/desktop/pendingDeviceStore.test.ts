/**
 * The device sign-in record: what lets a reload of the tab resume polling. Plain functions, no
 * React: these tests render nothing, so they run once.
 */
import { describe, expect, it } from 'vitest';
import {
  createPendingDeviceStore,
  PENDING_DEVICE_KEY,
  PENDING_DEVICE_VERSION,
} from '../../../src/desktop/pendingDeviceStore';
import { memoryKeyValueStorage } from '../../../src/desktop/storage';
import { binding, deviceAuthorization } from '../machines/support';

function storeWith(raw: string | undefined) {
  const storage = memoryKeyValueStorage(raw === undefined ? {} : { [PENDING_DEVICE_KEY]: raw });
  const warnings: string[] = [];
  const store = createPendingDeviceStore(storage, binding, { warn: (m) => warnings.push(m) });
  return { storage, warnings, store };
}

const device = deviceAuthorization({ deviceCode: 'SECRET-DEVICE-CODE' });
const record = (data: unknown, version: unknown = PENDING_DEVICE_VERSION) =>
  JSON.stringify({ version, binding, data });

describe('createPendingDeviceStore', () => {
  it('reads back what it saved, under oauth.pendingDevice.v1, as a versioned bound record', () => {
    const { store, storage } = storeWith(undefined);
    store.save(device);
    expect(JSON.parse(storage.items.get('oauth.pendingDevice.v1') ?? '')).toEqual({
      version: 1,
      binding,
      data: device,
    });
    expect(store.load()).toEqual(device);
  });

  it('keeps a device sign-in without a complete verification URI (GitHub)', () => {
    const { store } = storeWith(undefined);
    const { verificationUriComplete: _none, ...github } = device;
    store.save(github);
    expect(store.load()).toEqual(github);
  });

  it("keeps the provider's metadata the device sign-in started with, and refuses a broken one", () => {
    const { store } = storeWith(undefined);
    const metadata = { issuer: binding.issuer, token_endpoint: `${binding.issuer}/token` };
    store.save({ ...device, metadata });
    expect(store.load()?.metadata).toEqual(metadata);
    const broken = storeWith(record({ ...device, metadata: 'SECRET-DEVICE-CODE' }));
    expect(broken.store.load()).toBeNull();
    expect(broken.warnings.join(' ')).toContain('"metadata" is not a provider\'s metadata');
  });

  it('discards a device sign-in made for another issuer, client id or redirect URI', () => {
    const storage = memoryKeyValueStorage();
    createPendingDeviceStore(storage, binding).save(device);
    const warnings: string[] = [];
    const other = { ...binding, clientId: 'another-client' };
    expect(createPendingDeviceStore(storage, other, { warn: (m) => warnings.push(m) }).load()).toBe(
      null,
    );
    expect(storage.items.size).toBe(0);
    expect(warnings).toEqual([
      `Discarded the device sign-in (${PENDING_DEVICE_KEY}): it was made for another provider or client (clientId differ).`,
    ]);
  });

  it.each([
    ['no device code', { ...device, deviceCode: '' }, '"deviceCode" is missing or not text'],
    ['no user code', { ...device, userCode: 42 }, '"userCode" is missing or not text'],
    [
      'no page',
      { ...device, verificationUri: undefined },
      '"verificationUri" is missing or not text',
    ],
    ['no interval', { ...device, intervalMs: 'soon' }, '"intervalMs" is missing or not a time'],
    ['no expiry', { ...device, expiresAt: null }, '"expiresAt" is missing or not a time'],
    [
      'a bad complete URI',
      { ...device, verificationUriComplete: 7 },
      '"verificationUriComplete" is not text',
    ],
  ])('discards a record with %s, naming the field and never the code', (_name, data, reason) => {
    const { store, warnings, storage } = storeWith(record(data));
    expect(store.load()).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(warnings).toEqual([`Discarded the device sign-in (${PENDING_DEVICE_KEY}): ${reason}.`]);
    expect(warnings.join('')).not.toContain('SECRET-DEVICE-CODE');
  });

  it('clears the record', () => {
    const { store, storage } = storeWith(record(device));
    store.clear();
    expect(storage.items.size).toBe(0);
    expect(store.load()).toBeNull();
  });
});
