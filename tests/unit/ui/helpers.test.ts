/** Small pure helpers of the views. They render nothing, so they run once. */
import { describe, expect, it, vi } from 'vitest';
import { defaultTexts } from '../../../src/ui/texts';
import { initials } from '../../../src/ui/views/AuthorizedView';
import { describeLinkValidity, formatClockTime } from '../../../src/ui/views/linkValidity';

const T = Date.UTC(2026, 10, 25, 14, 22, 0);
const MINUTE = 60_000;
const LINK = {
  validUntil: defaultTexts.views.waiting.linkValidUntil,
  expired: defaultTexts.views.waiting.linkExpired,
};

describe('describeLinkValidity', () => {
  it('gives the end time and the minutes left', () => {
    expect(describeLinkValidity(T + 10 * MINUTE, T, LINK)).toBe(
      `This link stays valid until ${formatClockTime(T + 10 * MINUTE)} (10 minutes).`,
    );
  });

  it('rounds the minutes left up', () => {
    expect(describeLinkValidity(T + 90_000, T, LINK)).toContain('(2 minutes)');
    expect(describeLinkValidity(T + MINUTE, T, LINK)).toContain('(1 minute)');
    expect(describeLinkValidity(T + 59_000, T, LINK)).toContain('(less than a minute)');
  });

  it('says when the link has expired', () => {
    expect(describeLinkValidity(T, T, LINK)).toBe(
      'This link has expired: cancel and sign in again.',
    );
  });
});

describe('formatClockTime', () => {
  it('makes its Intl formatter on first use, once, not when the page loads it', async () => {
    // A page's first Intl formatter loads locale data: the first view, which shows no time,
    // must not pay for it.
    vi.resetModules();
    const Real = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class Counted extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made += 1;
      }
    } as typeof Real;
    try {
      const fresh = await import('../../../src/ui/views/linkValidity');
      expect(made).toBe(0);
      expect(fresh.formatClockTime(T)).toBe(formatClockTime(T));
      fresh.formatClockTime(T + MINUTE);
      expect(made).toBe(1);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });
});

describe('initials', () => {
  it.each([
    ['Dana Demo', 'DD'],
    ['Dana', 'D'],
    ['Dana Maria Demo', 'DD'],
    ['dana.demo@example.test', 'DD'],
    ['Émile Zola', 'ÉZ'],
    ['', ''],
  ])('%s → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
