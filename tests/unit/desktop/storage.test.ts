import { afterEach, describe, expect, it } from 'vitest';
import { browserKeyValueStorage } from '../../../src/desktop/storage';

afterEach(() => {
  window.localStorage.clear();
});

function failingStorage(failOn: 'setItem' | 'all'): Storage {
  const quota = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  const inner = new Map<string, string>();
  return {
    get length() {
      return inner.size;
    },
    clear: () => inner.clear(),
    key: () => null,
    getItem: failOn === 'all' ? quota : (key: string) => inner.get(key) ?? null,
    setItem: quota,
    removeItem: failOn === 'all' ? quota : (key: string) => void inner.delete(key),
  };
}

describe('browserKeyValueStorage over localStorage', () => {
  it('saves, reads and removes values in window.localStorage', () => {
    const storage = browserKeyValueStorage(window);
    storage.setItem('pending', '{"state":"s1"}');
    expect(window.localStorage.getItem('pending')).toBe('{"state":"s1"}');
    expect(storage.getItem('pending')).toBe('{"state":"s1"}');
    storage.removeItem('pending');
    expect(storage.getItem('pending')).toBeNull();
    expect(storage.backing).toBe('localStorage');
    expect(storage.fallbackReason).toBeUndefined();
  });

  it('reads what an earlier page saved (the page reloads between browser and redirect)', () => {
    browserKeyValueStorage(window).setItem('pending', 'p1');
    expect(browserKeyValueStorage(window).getItem('pending')).toBe('p1');
  });
});

describe('browserKeyValueStorage when localStorage fails', () => {
  it('falls back to memory, and says so, when reading localStorage throws', () => {
    const win = {
      get localStorage(): Storage {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    };
    const storage = browserKeyValueStorage(win);
    storage.setItem('pending', 'p1');
    expect(storage.getItem('pending')).toBe('p1');
    storage.removeItem('pending');
    expect(storage.getItem('pending')).toBeNull();
    expect(storage.backing).toBe('memory');
    expect(storage.fallbackReason).toMatch(/memory only.*SecurityError/);
  });

  it('keeps a value that localStorage refused to save, and says so', () => {
    const storage = browserKeyValueStorage({ localStorage: failingStorage('setItem') });
    expect(storage.backing).toBe('localStorage');
    expect(() => storage.setItem('pending', 'p1')).not.toThrow();
    expect(storage.getItem('pending')).toBe('p1');
    expect(storage.backing).toBe('memory');
    expect(storage.fallbackReason).toMatch(/QuotaExceededError/);
  });

  it('never throws when every localStorage call throws', () => {
    const storage = browserKeyValueStorage({ localStorage: failingStorage('all') });
    expect(storage.getItem('missing')).toBeNull();
    expect(() => storage.removeItem('missing')).not.toThrow();
    expect(storage.backing).toBe('memory');
  });
});
