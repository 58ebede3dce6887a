// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connectToDesktop, NOT_IN_DESKTOP } from '../../../src/desktop/desktopClient';
import { browserKeyValueStorage } from '../../../src/desktop/storage';

describe('outside a browser (no window at all)', () => {
  it('connectToDesktop answers unavailable without throwing', () => {
    expect(globalThis.window).toBeUndefined();
    expect(connectToDesktop()).toEqual({ kind: 'unavailable', reason: NOT_IN_DESKTOP });
  });

  it('browserKeyValueStorage keeps values in memory, and says so', () => {
    const storage = browserKeyValueStorage();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    expect(storage.backing).toBe('memory');
    expect(storage.fallbackReason).toMatch(/no browser window/);
  });
});
