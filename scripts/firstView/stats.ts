/** The first view bench's arithmetic: which page loads when, medians and ratios. */

export type PageName = 'extension' | 'baseline';

/**
 * The order of `loads` loads of each page, alternating: pairs in turn extension–baseline and
 * baseline–extension, so neither page always goes first while the machine warms up or gets busy.
 */
export function interleavedOrder(loads: number): PageName[] {
  const order: PageName[] = [];
  for (let pair = 0; pair < loads; pair += 1) {
    order.push(
      ...(pair % 2 === 0
        ? (['extension', 'baseline'] as const)
        : (['baseline', 'extension'] as const)),
    );
  }
  return order;
}

/** The median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Comparison {
  extension: number;
  baseline: number;
  /** extension ÷ baseline: 1.10 means the extension takes 10 % longer. */
  ratio: number;
  /** Loads with a finite value, per page. */
  counted: { extension: number; baseline: number };
}

/** Both pages' medians of one figure, and their ratio. */
export function compare(extension: readonly number[], baseline: readonly number[]): Comparison {
  const ours = median(extension);
  const theirs = median(baseline);
  return {
    extension: ours,
    baseline: theirs,
    ratio: theirs > 0 ? ours / theirs : Number.NaN,
    counted: {
      extension: extension.filter(Number.isFinite).length,
      baseline: baseline.filter(Number.isFinite).length,
    },
  };
}

/** One line of the bench's table: both medians and the ratio. */
export function comparisonLine(label: string, comparison: Comparison, unit = 'ms'): string {
  const value = (n: number) => `${Number.isFinite(n) ? n.toFixed(1) : '–'} ${unit}`;
  return (
    `  ${label.padEnd(28)} extension ${value(comparison.extension).padStart(10)}   ` +
    `baseline ${value(comparison.baseline).padStart(10)}   ratio ${
      Number.isFinite(comparison.ratio) ? `${comparison.ratio.toFixed(2)}×` : '–'
    }`
  );
}
