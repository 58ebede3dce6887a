/** The first view bench's arithmetic: which page loads when, medians and ratios. */

/** 'extension' and 'baseline', and 'before' when an earlier build is measured beside them. */
export type PageName = string;

/**
 * The order of `loads` loads of each page, alternating: one load of every page per round, each
 * round starting one page further (extension–baseline, then baseline–extension, …), so no page
 * always goes first while the machine warms up or gets busy.
 */
export function interleavedOrder(pages: readonly PageName[], loads: number): PageName[] {
  const order: PageName[] = [];
  for (let round = 0; round < loads; round += 1) {
    for (let i = 0; i < pages.length; i += 1) {
      order.push(pages[(round + i) % pages.length] as PageName);
    }
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
  /** The measured page's median. */
  page: number;
  /** The baseline's median. */
  baseline: number;
  /** page ÷ baseline, of the medians: 1.10 means the page takes 10 % longer. */
  ratio: number;
  /**
   * The median of each round's own ratio (the loads of one round ran one after the other, so
   * they met the same load on the machine): steadier than `ratio` on a busy machine.
   */
  pairedRatio: number;
  /** Loads with a finite value: the page's, the baseline's. */
  counted: { page: number; baseline: number };
}

/**
 * Both pages' medians of one figure, and their ratios. `page[i]` and `baseline[i]` were
 * measured in the same round.
 */
export function compare(page: readonly number[], baseline: readonly number[]): Comparison {
  const ours = median(page);
  const theirs = median(baseline);
  const rounds = page.map((value, round) => value / (baseline[round] ?? Number.NaN));
  return {
    page: ours,
    baseline: theirs,
    ratio: theirs > 0 ? ours / theirs : Number.NaN,
    pairedRatio: median(rounds),
    counted: {
      page: page.filter(Number.isFinite).length,
      baseline: baseline.filter(Number.isFinite).length,
    },
  };
}

/** One line of the bench's table: both medians and the ratio. */
export function comparisonLine(
  label: string,
  comparison: Comparison,
  { page = 'extension', unit = 'ms' } = {},
): string {
  const value = (n: number) => `${Number.isFinite(n) ? n.toFixed(1) : '–'} ${unit}`;
  const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
  return (
    `  ${label.padEnd(28)} ${page} ${value(comparison.page).padStart(10)}   ` +
    `baseline ${value(comparison.baseline).padStart(10)}   ratio ${times(comparison.ratio)}` +
    `   (per round ${times(comparison.pairedRatio)})`
  );
}
