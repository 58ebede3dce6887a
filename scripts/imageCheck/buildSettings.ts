/**
 * What keeps the image's UI build honest about its provider settings (src/build/settings.ts):
 * - the build stage builds in production mode, never a demo mode, so a missing setting fails the
 *   image build instead of shipping the demo's loopback issuer;
 * - the image's name reaches the build (ARG EXTENSION_IMAGE, passed by the Makefile as its IMAGE),
 *   which refuses a VITE_EXTENSION_ID that differs: Desktop routes the redirect by that id;
 * - the Makefile's IMAGE and .env.production's VITE_EXTENSION_ID agree;
 * - local override files (.env*.local) stay out of git and out of the build context.
 */
import { parseEnv } from 'node:util';
import { IMAGE_NAME_VARIABLE, isDemoMode } from '../../src/build/settings';
import type { Stage } from './dockerfile';
import type { DockerIgnore } from './dockerignore';
import type { Failure } from './types';

/** Local override files Vite reads (`.env.local`, `.env.<mode>.local`). */
export const LOCAL_ENV_FILES = [
  '.env.local',
  '.env.production.local',
  '.env.demo.local',
  '.env.development.local',
];

const VITE_BUILD = /\bvite(\.js)?\s+build\b/;
const NPM_RUN = /\bnpm\s+(?:run|run-script)\s+([\w:.-]+)/g;

/** `command` with the npm scripts it runs, and theirs, written out (package.json `scripts`). */
function expandScripts(
  command: string,
  scripts: Readonly<Record<string, string>>,
  problems: string[],
  depth = 0,
): string[] {
  const expanded = [command];
  if (depth > 5) return expanded;
  for (const [, name = ''] of command.matchAll(NPM_RUN)) {
    const script = scripts[name];
    if (script === undefined) problems.push(`runs \`npm run ${name}\`, which package.json lacks`);
    else expanded.push(...expandScripts(script, scripts, problems, depth + 1));
  }
  return expanded;
}

function readScripts(packageJsonText: string | undefined): Record<string, string> {
  try {
    const scripts = (JSON.parse(packageJsonText ?? '{}') as { scripts?: unknown }).scripts;
    return typeof scripts === 'object' && scripts !== null
      ? (scripts as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

/** The build stage(s): node stages. The one that runs `vite build` must build for production. */
export function checkImageBuild(
  stages: readonly Stage[],
  packageJsonText: string | undefined,
): Failure[] {
  const failures: Failure[] = [];
  const scripts = readScripts(packageJsonText);
  let builds = false;
  for (const stage of stages.filter((candidate) => candidate.imageName === 'node')) {
    for (const run of stage.runs) {
      const where = `RUN on Dockerfile line ${run.line}`;
      const problems: string[] = [];
      const commands = expandScripts(run.words.join(' '), scripts, problems);
      for (const problem of problems) {
        failures.push({ subject: 'Dockerfile', message: `${where} ${problem}` });
      }
      if (!commands.some((command) => VITE_BUILD.test(command))) continue;
      builds = true;
      for (const command of commands) {
        const mode = /--mode(?:\s+|=)(\S+)/.exec(command)?.[1];
        if (mode !== undefined && isDemoMode(mode)) {
          failures.push({
            subject: 'Dockerfile',
            message:
              `${where} builds the UI in the "${mode}" mode (\`${command}\`), which falls back to the ` +
              "demo's loopback settings: the image must build in production mode, which refuses to " +
              'build without the provider settings',
          });
        }
      }
      const declared = stage.args.get(IMAGE_NAME_VARIABLE);
      if (declared === undefined || declared > run.line) {
        failures.push({
          subject: 'Dockerfile',
          message:
            `the build stage must declare \`ARG ${IMAGE_NAME_VARIABLE}\` before the ${where}: the ` +
            "build checks VITE_EXTENSION_ID against the image's name (the Makefile passes " +
            `--build-arg ${IMAGE_NAME_VARIABLE}=$(IMAGE))`,
        });
      }
    }
  }
  if (!builds) {
    failures.push({
      subject: 'Dockerfile',
      message: 'no node stage builds the UI (`npm run build`, which runs `vite build`)',
    });
  }
  return failures;
}

/** The Makefile passes IMAGE to every image build, and IMAGE agrees with .env.production. */
export function checkMakefile(
  makefileText: string | undefined,
  envProductionText: string | undefined,
): Failure[] {
  if (makefileText === undefined) return [];
  const failures: Failure[] = [];
  // Recipe lines continued with a backslash are one command, reported at their first line.
  const lines = makefileText.split('\n').map((line, index, all) => {
    if (index > 0 && /\\$/.test(all[index - 1] ?? '')) return '';
    let command = line;
    for (let next = index + 1; /\\$/.test(all[next - 1] ?? '') && next < all.length; next += 1) {
      command += ` ${all[next]}`;
    }
    return command;
  });
  const passesImage = new RegExp(
    `--build-arg[ =]${IMAGE_NAME_VARIABLE}=(\\$\\(IMAGE\\)|\\$\\{IMAGE\\})(\\s|$)`,
  );
  lines.forEach((line, index) => {
    if (/\bdocker\s+(buildx\s+)?build\b/.test(line) && !passesImage.test(line)) {
      failures.push({
        subject: 'Makefile',
        message:
          `line ${index + 1} builds the image without --build-arg ${IMAGE_NAME_VARIABLE}=$(IMAGE): ` +
          'the build could not check VITE_EXTENSION_ID against the name the image is published under',
      });
    }
  });
  const image = /^IMAGE\s*\??=\s*(\S+)\s*$/m.exec(makefileText)?.[1];
  const extensionId = parseEnv(envProductionText ?? '').VITE_EXTENSION_ID;
  if (image !== undefined && extensionId !== undefined && extensionId !== image) {
    failures.push({
      subject: 'Makefile',
      message:
        `IMAGE is "${image}" but .env.production sets VITE_EXTENSION_ID=${extensionId}: Docker ` +
        'Desktop routes the sign-in redirect by the extension id, so every sign-in would fail. ' +
        'Make them the same.',
    });
  }
  return failures;
}

/**
 * `.env*.local` files are ignored by git and left out of the build context. `gitignore` is read
 * with the .dockerignore matcher, which anchors patterns at the root: for these root-level files
 * git's own matching agrees.
 */
export function checkLocalEnvFiles(
  dockerignore: DockerIgnore,
  gitignore: DockerIgnore | undefined,
): Failure[] {
  const failures: Failure[] = [];
  const notIgnored = (ignore: DockerIgnore) =>
    LOCAL_ENV_FILES.filter((file) => ignore.excludedBy(file) === undefined);
  const why = 'local override files hold what must not be shared or shipped: add `.env*.local`';
  const fromContext = notIgnored(dockerignore);
  if (fromContext.length > 0) {
    failures.push({
      subject: '.dockerignore',
      message: `does not exclude ${fromContext.join(', ')}: ${why}`,
    });
  }
  const fromGit = gitignore === undefined ? LOCAL_ENV_FILES : notIgnored(gitignore);
  if (fromGit.length > 0) {
    failures.push({
      subject: '.gitignore',
      message: `does not ignore ${fromGit.join(', ')}: ${why}`,
    });
  }
  return failures;
}
