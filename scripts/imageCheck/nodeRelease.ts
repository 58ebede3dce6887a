/**
 * The Node.js release a `FROM node:...` stage builds with: a long-term-support line that has not
 * reached its end of life. An EOL base gets no security fixes, and the UI's whole dependency tree
 * runs in it at build time.
 */
import type { Stage } from './dockerfile';
import type { Failure } from './types';

interface ReleaseLine {
  /** When the line became LTS; absent for odd (never LTS) lines. */
  lts?: string;
  endOfLife: string;
}

/**
 * From the Node.js release schedule (github.com/nodejs/Release, schedule.json). Lines above the
 * table are newer than this check knows and pass; update it when a line is added.
 */
export const NODE_RELEASES: Readonly<Record<number, ReleaseLine>> = {
  16: { lts: '2021-10-26', endOfLife: '2023-09-11' },
  17: { endOfLife: '2022-06-01' },
  18: { lts: '2022-10-25', endOfLife: '2025-04-30' },
  19: { endOfLife: '2023-06-01' },
  20: { lts: '2023-10-24', endOfLife: '2026-04-30' },
  21: { endOfLife: '2024-06-01' },
  22: { lts: '2024-10-29', endOfLife: '2027-04-30' },
  23: { endOfLife: '2025-06-01' },
  24: { lts: '2025-10-28', endOfLife: '2028-04-30' },
  25: { endOfLife: '2026-06-01' },
  26: { lts: '2026-10-28', endOfLife: '2029-04-30' },
};

const KNOWN = Object.keys(NODE_RELEASES).map(Number);
const OLDEST_KNOWN = Math.min(...KNOWN);
const NEWEST_KNOWN = Math.max(...KNOWN);

/** The LTS lines supported on `today`, e.g. "node:22-alpine or node:24-alpine". */
function supportedLts(today: string): string {
  const lines = KNOWN.filter((major) => {
    const line = NODE_RELEASES[major] as ReleaseLine;
    return line.lts !== undefined && line.lts <= today && today < line.endOfLife;
  });
  const names = lines.map((major) => `node:${major}-alpine`);
  return names.length === 0 ? 'a current LTS' : names.join(' or ');
}

/** Why `stage`'s Node base is not acceptable on `today` (YYYY-MM-DD), or undefined. */
export function nodeBaseProblem(stage: Stage, today: string): string | undefined {
  const use = `use a supported LTS such as ${supportedLts(today)}`;
  const major = /^(\d+)(?=$|[.-])/.exec(stage.imageTag ?? '')?.[1];
  if (major === undefined) {
    return `${stage.image} names no Node version: ${use}, so the build cannot drift onto an unsupported one`;
  }
  const number = Number(major);
  if (number > NEWEST_KNOWN) return undefined;
  const line = NODE_RELEASES[number];
  if (number < OLDEST_KNOWN || line === undefined || today >= line.endOfLife) {
    const when = line === undefined ? '' : ` on ${line.endOfLife}`;
    return `${stage.image} is Node ${number}, which reached its end of life${when} and gets no security fixes: ${use}`;
  }
  if (line.lts === undefined) {
    return `${stage.image} is Node ${number}, which is never a long-term-support release: ${use}`;
  }
  if (today < line.lts) {
    return `${stage.image} is Node ${number}, which is not a long-term-support release before ${line.lts}: ${use}`;
  }
  return undefined;
}

export function checkNodeBases(stages: readonly Stage[], today: Date): Failure[] {
  const day = today.toISOString().slice(0, 10);
  return stages
    .filter((stage) => stage.imageName === 'node')
    .flatMap((stage) => {
      const problem = nodeBaseProblem(stage, day);
      return problem === undefined
        ? []
        : [{ subject: 'Dockerfile', message: `line ${stage.line}: ${problem}` }];
    });
}
