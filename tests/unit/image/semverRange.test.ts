// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseRange, satisfies } from '../../../scripts/imageCheck/semverRange';

describe('satisfies', () => {
  it.each([
    ['>= 0.3.3', true],
    ['>=0.3.3', true],
    ['0.3.3', true],
    ['>= 0.3.3 <1.0.0', true],
    ['>= 0.2.0, < 0.4', true],
    ['0.3', true],
    ['>= 0.4.0', false],
    ['>= 0.3.4', false],
    ['> 0.3.3', false],
    ['< 0.3.3', false],
    ['0.4.2', false],
    ['>= 0.4.0 || 0.3.3', true],
  ])('0.3.3 against "%s" is %s', (range, expected) => {
    expect(satisfies('0.3.3', range)).toBe(expected);
  });

  it('refuses ranges it cannot read', () => {
    expect(parseRange('^0.3.3').ok).toBe(false);
    expect(parseRange('latest').ok).toBe(false);
    expect(parseRange('>= 0.3.3 ||').ok).toBe(false);
    expect(() => satisfies('0.3.3', '~0.3')).toThrow(/not a version range/);
  });
});
