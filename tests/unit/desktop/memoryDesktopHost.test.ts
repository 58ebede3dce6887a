import { describe, expect, it, vi } from 'vitest';
import { DEV_ONLY_MARKER } from '../../../scripts/check-image';
import type { DesktopHost } from '../../../src/desktop/desktopClient';
import { createMemoryDesktopHost } from '../../../src/desktop/memoryDesktopHost';

describe('createMemoryDesktopHost', () => {
  it('is a DesktopHost', () => {
    const host: DesktopHost = createMemoryDesktopHost();
    expect(host.readLocationSearch()).toBe('');
  });

  it('records the URLs it was asked to open', () => {
    const host = createMemoryDesktopHost();
    host.openExternal('https://id.example.com/authorize?state=a');
    host.openExternal('https://id.example.com/authorize?state=b');
    expect(host.openedUrls).toEqual([
      'https://id.example.com/authorize?state=a',
      'https://id.example.com/authorize?state=b',
    ]);
  });

  it('refuses what Desktop would refuse, and fails on demand', () => {
    const host = createMemoryDesktopHost();
    expect(() => host.openExternal('docker-desktop://dashboard/open')).toThrow(/http and https/);
    host.failOpenExternal(new Error('no browser'));
    expect(() => host.openExternal('https://id.example.com/')).toThrow('no browser');
    host.failOpenExternal(undefined);
    host.openExternal('https://id.example.com/');
    expect(host.openedUrls).toEqual(['https://id.example.com/']);
  });

  it('records toasts in order', () => {
    const host = createMemoryDesktopHost();
    host.toast.success('a');
    host.toast.warning('b');
    host.toast.error('c');
    expect(host.toasts).toEqual([
      { level: 'success', message: 'a' },
      { level: 'warning', message: 'b' },
      { level: 'error', message: 'c' },
    ]);
  });

  it('lets a test set the query as a redirect would, and clears it like replaceState', () => {
    const host = createMemoryDesktopHost({ search: 'code=c1&state=s1' });
    expect(host.readLocationSearch()).toBe('?code=c1&state=s1');
    host.clearLocationQuery();
    host.clearLocationQuery();
    expect(host.readLocationSearch()).toBe('');
    expect(host.clearedQueries).toBe(1);
    host.setLocationSearch('?error=access_denied');
    expect(host.readLocationSearch()).toBe('?error=access_denied');
    host.setLocationSearch('?');
    expect(host.readLocationSearch()).toBe('');
  });

  it('has a backend only when given one', async () => {
    expect(createMemoryDesktopHost().backend).toBeUndefined();
    const backend = {
      get: vi.fn(async () => 'ok'),
      post: vi.fn(async () => 'posted'),
      delete: vi.fn(async () => 'deleted'),
    };
    const host = createMemoryDesktopHost({ backend });
    await expect(host.backend?.post('/token', { code: 'c' })).resolves.toBe('posted');
  });

  it('switches the colour scheme and tells watchers', () => {
    const host = createMemoryDesktopHost({ colorScheme: 'dark' });
    const seen: string[] = [];
    const stop = host.watchColorScheme((scheme) => seen.push(scheme));
    host.setColorScheme('light');
    stop();
    host.setColorScheme('dark');
    expect(seen).toEqual(['light']);
    expect(host.readColorScheme()).toBe('dark');
  });

  it('carries the dev-only marker the image check looks for in the bundle', () => {
    expect(createMemoryDesktopHost().label).toContain(DEV_ONLY_MARKER);
  });
});
