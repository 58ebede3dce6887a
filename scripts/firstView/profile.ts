/**
 * Where a page's first view spends its script time: a CPU profile (CDP Profiler, 100 µs
 * sampling) of loads of the extension and of the baseline, each built unminified with source
 * maps, from navigation until the sign-in button shows. Prints, per page, the self time by
 * module (through the source map) and the functions with the most self time, averaged over the
 * loads. `npm run bench -- --profile [--loads N]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { freshContext, type StaticServer, waitForFirstView } from './firstView';
import type { PageName } from './stats';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Samples per source line (1-based) of this function. */
  positionTicks?: Array<{ line: number; ticks: number }>;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one source map segment (base64 VLQ). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * The module (source) of a position in a bundle, from its source map: per generated line, the
 * segments' columns and source indexes.
 */
export function sourceLocator(map: {
  sources: string[];
  mappings: string;
}): (line: number, column: number) => string {
  let source = 0;
  const lines = map.mappings.split(';').map((line) => {
    const segments: Array<[column: number, source: number]> = [];
    let column = 0;
    for (const text of line.split(',')) {
      if (text === '') continue;
      const [columnDelta = 0, sourceDelta] = decodeSegment(text);
      column += columnDelta;
      if (sourceDelta === undefined) continue;
      source += sourceDelta;
      // The source line, column and name that follow are deltas too, but are not needed.
      segments.push([column, source]);
    }
    return segments;
  });
  return (line, column) => {
    const segments = lines[line] ?? [];
    let found: number | undefined;
    for (const [start, index] of segments) {
      if (start > column) break;
      found = index;
    }
    if (found === undefined) found = segments[0]?.[1];
    return found === undefined ? '(bundle)' : shortModule(map.sources[found] ?? '(bundle)');
  };
}

/** `react-dom`, `@mui/material-v5 > @mui/system`, or our own `src/ui/theme.tsx`. */
function shortModule(path: string): string {
  const inPackage =
    /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/node_modules\/((?:@[^/]+\/)?[^/]+))?/.exec(path);
  if (inPackage) {
    return inPackage[2] ? `${inPackage[1]} > ${inPackage[2]}` : (inPackage[1] as string);
  }
  return path.replace(/^(\.\.\/)+/, '');
}

export interface ProfileSummary {
  loads: number;
  /** Self time (ms) by module, summed over the loads. */
  byModule: Map<string, number>;
  /** Self time (ms) by function (`name module:line`). */
  byFunction: Map<string, number>;
  /** Self time (ms) outside any script of the page (GC, the program, idle). */
  other: Map<string, number>;
}

/** Profiles `loads` loads of one page and sums their self times by module and by function. */
export async function profilePage(
  browser: Browser,
  server: StaticServer,
  page: PageName,
  loads: number,
): Promise<ProfileSummary> {
  const summary: ProfileSummary = {
    loads,
    byModule: new Map(),
    byFunction: new Map(),
    other: new Map(),
  };
  const locators = new Map<string, (line: number, column: number) => string>();
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);
  for (let load = 0; load < loads; load += 1) {
    const context = await freshContext(browser);
    try {
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await tab.goto(server.url(page));
      await waitForFirstView(tab);
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
      const selfTime = new Map<number, number>();
      profile.samples.forEach((id, index) => {
        selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
      });
      for (const [id, ms] of selfTime) {
        const node = nodes.get(id);
        if (!node) continue;
        const { url, functionName, lineNumber, columnNumber } = node.callFrame;
        const name = functionName || '(anonymous)';
        if (!url.startsWith(server.origin) || !url.endsWith('.js')) {
          add(summary.other, name, ms);
          continue;
        }
        let locate = locators.get(url);
        if (!locate) {
          const file = new URL(url).pathname.split('/').slice(2).join('/');
          const mapFile = `${server.root(page)}/${file}.map`;
          locate = existsSync(mapFile)
            ? sourceLocator(JSON.parse(readFileSync(mapFile, 'utf8')))
            : () => file.split('/').pop() ?? file;
          locators.set(url, locate);
        }
        // A chunk's top level holds many modules' top-level code: split it by line.
        const ticks = node.positionTicks ?? [];
        const allTicks = ticks.reduce((sum, each) => sum + each.ticks, 0);
        const topLevel = lineNumber === 0 && columnNumber === 0;
        const parts: Array<[module: string, ms: number]> =
          allTicks > 0
            ? ticks.map((each) => [locate(each.line - 1, 0), (ms * each.ticks) / allTicks])
            : [[locate(lineNumber, columnNumber), ms]];
        for (const [module, share] of parts) {
          add(summary.byModule, module, share);
          add(summary.byFunction, `${topLevel ? '(top level)' : name}  ${module}`, share);
        }
      }
    } finally {
      await context.close();
    }
  }
  return summary;
}

export function printProfile(page: PageName, summary: ProfileSummary, top = 25): void {
  const per = (ms: number) => (ms / summary.loads).toFixed(1).padStart(7);
  const total = [...summary.byModule.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(
    `${page}: ${per(total)} ms of the page's own scripts per load (self time, ${summary.loads} loads)`,
  );
  console.log('  by module');
  for (const [module, ms] of [...summary.byModule].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${per(ms)} ms  ${module}`);
  }
  console.log('  by function');
  for (const [name, ms] of [...summary.byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${per(ms)} ms  ${name}`);
  }
  console.log('  outside the page scripts');
  for (const [name, ms] of [...summary.other].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${per(ms)} ms  ${name}`);
  }
  console.log('');
}
