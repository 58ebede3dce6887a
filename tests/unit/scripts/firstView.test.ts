// @vitest-environment node
/**
 * The pieces of `npm run bench`'s first view (scripts/firstView/): the order of the loads, the
 * statistics, the source-map lookup of the profile. Figures themselves are never asserted: the
 * bench prints them. tests/e2e/firstView.test.ts builds and loads both pages.
 */
import { describe, expect, it } from 'vitest';
import { sourceLocator } from '../../../scripts/firstView/profile';
import {
  compare,
  comparisonLine,
  interleavedOrder,
  median,
} from '../../../scripts/firstView/stats';

describe('interleavedOrder', () => {
  it('loads each page as often, alternating, neither page always first', () => {
    const order = interleavedOrder(['extension', 'baseline'], 4);
    expect(order).toEqual([
      'extension',
      'baseline',
      'baseline',
      'extension',
      'extension',
      'baseline',
      'baseline',
      'extension',
    ]);
    const thirty = interleavedOrder(['extension', 'baseline'], 30);
    expect(thirty.filter((page) => page === 'extension')).toHaveLength(30);
    expect(thirty.filter((page) => page === 'baseline')).toHaveLength(30);
    // Never three loads of one page in a row.
    for (let i = 2; i < thirty.length; i += 1) {
      expect(new Set(thirty.slice(i - 2, i + 1)).size).toBe(2);
    }
  });

  it('takes an earlier build as a third page, each round starting one page further', () => {
    expect(interleavedOrder(['extension', 'before', 'baseline'], 3)).toEqual([
      ...['extension', 'before', 'baseline'],
      ...['before', 'baseline', 'extension'],
      ...['baseline', 'extension', 'before'],
    ]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, of the finite values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, Number.NaN, 1, Number.POSITIVE_INFINITY, 3])).toBe(3);
    expect(median([])).toBeNaN();
    expect(median([Number.NaN])).toBeNaN();
  });

  it('leaves its input in order', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('compare', () => {
  it('gives both medians and the page over the baseline', () => {
    const comparison = compare([110, 120, 130, Number.NaN], [100, 100, 90]);
    expect(comparison).toEqual({
      page: 120,
      baseline: 100,
      ratio: 1.2,
      // Rounds: 110/100, 120/100, 130/90; the fourth has no figure.
      pairedRatio: 1.2,
      counted: { page: 3, baseline: 3 },
    });
    expect(comparisonLine('first contentful paint', comparison)).toBe(
      '  first contentful paint       extension   120.0 ms   baseline   100.0 ms   ratio 1.20×' +
        '   (per round 1.20×)',
    );
    expect(comparisonLine('first contentful paint', comparison, { page: 'before' })).toMatch(
      /^ {2}first contentful paint {7}before {3}120\.0 ms/,
    );
  });

  it('takes the ratio of each round, steadier when the machine slows down for a while', () => {
    // The second round met a busy machine: both pages took twice as long.
    const comparison = compare([110, 220, 110], [100, 200, 100]);
    expect(comparison.pairedRatio).toBeCloseTo(1.1);
    expect(compare([100, 300, 100], [100, 100, 300]).pairedRatio).toBe(1);
  });

  it('has no ratio without a baseline figure', () => {
    const comparison = compare([10], [Number.NaN]);
    expect(comparison.ratio).toBeNaN();
    expect(comparisonLine('script time', comparison)).toMatch(
      /baseline +– ms +ratio – +\(per round –\)$/,
    );
  });
});

describe('sourceLocator', () => {
  it('names the module of a bundle position from the source map', () => {
    // Line 1: column 0 from the first source, column 5 on from the second; line 2: the second.
    const locate = sourceLocator({
      sources: [
        '../../node_modules/react-dom/cjs/react-dom.production.js',
        '../../src/ui/theme.tsx',
      ],
      mappings: 'AAAA,KCAA;AAAA',
    });
    expect(locate(0, 0)).toBe('react-dom');
    expect(locate(0, 4)).toBe('react-dom');
    expect(locate(0, 7)).toBe('src/ui/theme.tsx');
    expect(locate(1, 3)).toBe('src/ui/theme.tsx');
    expect(locate(9, 0)).toBe('(bundle)');
  });

  it('names a package inside another package by both', () => {
    const locate = sourceLocator({
      sources: ['../node_modules/@mui/material-v5/node_modules/@mui/system/esm/index.js'],
      mappings: 'AAAA',
    });
    expect(locate(0, 0)).toBe('@mui/material-v5 > @mui/system');
  });
});
