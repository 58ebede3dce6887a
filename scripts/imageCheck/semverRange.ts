/**
 * Just enough of semver ranges for `com.docker.desktop.extension.api.version`, in the forms
 * Docker's documentation shows: `0.3.3`, `>= 0.3.3`, `>=0.3.3`, `>= 0.3.3 < 1.0.0`,
 * `>= 1.4.7, < 2.0`, and alternatives joined by `||`. (The `semver` package is not installed.)
 */

type Version = readonly [number, number, number];
type Operator = '>=' | '<=' | '>' | '<' | '=';

interface Comparator {
  operator: Operator;
  version: Version;
}

export type ParsedRange = { ok: true; sets: Comparator[][] } | { ok: false; error: string };

const COMPARATOR = /\s*(>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*(?:,\s*)?/y;

export function parseRange(range: string): ParsedRange {
  const sets: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    const set: Comparator[] = [];
    COMPARATOR.lastIndex = 0;
    const text = alternative.trim();
    while (COMPARATOR.lastIndex < text.length) {
      const match = COMPARATOR.exec(text);
      if (match === null) {
        return { ok: false, error: `"${range}" is not a version range this check understands` };
      }
      const [, operator, major, minor, patch] = match;
      const version: Version = [Number(major), Number(minor ?? 0), Number(patch ?? 0)];
      if (operator !== undefined) {
        set.push({ operator: operator as Operator, version });
      } else if (patch !== undefined) {
        set.push({ operator: '=', version });
      } else {
        // A partial bare version is an X-range: `1.4` means >=1.4.0 <1.5.0.
        const upper: Version =
          minor === undefined ? [version[0] + 1, 0, 0] : [version[0], version[1] + 1, 0];
        set.push({ operator: '>=', version }, { operator: '<', version: upper });
      }
    }
    if (set.length === 0) return { ok: false, error: `"${range}" has an empty alternative` };
    sets.push(set);
  }
  return { ok: true, sets };
}

export function parseVersion(version: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Whether `version` (x.y.z) satisfies `range`; throws on a range or version it cannot read. */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseRange(range);
  if (!parsed.ok) throw new Error(parsed.error);
  const target = parseVersion(version);
  if (target === undefined) throw new Error(`"${version}" is not an x.y.z version`);
  return parsed.sets.some((set) => set.every((comparator) => holds(target, comparator)));
}

function holds(version: Version, { operator, version: bound }: Comparator): boolean {
  const order = compare(version, bound);
  switch (operator) {
    case '>=':
      return order >= 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
  }
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
