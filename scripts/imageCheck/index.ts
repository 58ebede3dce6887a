/**
 * Checks the extension image without a Docker engine: the Dockerfile's stages, Node base and
 * labels, metadata.json against what the final stage will contain, the build context against
 * .dockerignore, that the UI build cannot fall back to the demo's settings and builds under the
 * Makefile's image name, and the production bundle for secrets, development-only code and its
 * Content-Security-Policy.
 * Pure: every input comes in through `ImageCheckInput`, so tests can feed broken images.
 */
import { posix } from 'node:path';
import { checkBackend, hasBackend } from './backend';
import { checkImageBuild, checkLocalEnvFiles, checkMakefile } from './buildSettings';
import { checkBundle } from './bundle';
import {
  type CopyInstruction,
  findStage,
  type ParsedDockerfile,
  parseDockerfile,
  type Stage,
} from './dockerfile';
import { type DockerIgnore, normaliseContextPath, parseDockerIgnore } from './dockerignore';
import { checkLabels } from './labels';
import { checkNodeBases } from './nodeRelease';
import type { Failure, ImageCheckInput, PathKind } from './types';
import { hasWildcard } from './words';

export { DEV_ONLY_MARKER, MEMORY_DESKTOP_HOST } from './bundle';
export { ALLOWED_CATEGORIES, MIN_API_VERSION, PROJECT_LABELS, REQUIRED_LABELS } from './labels';
export { satisfies } from './semverRange';
export type { BundleFile, Failure, ImageCheckInput, PathKind } from './types';

export interface ImageCheckReport {
  failures: Failure[];
  /** What was looked at, for the summary line. */
  stages: number;
  labels: number;
  imagePaths: string[];
  bundleFiles: number;
}

export function checkImage(input: ImageCheckInput): Failure[] {
  return inspectImage(input).failures;
}

export function inspectImage(input: ImageCheckInput): ImageCheckReport {
  const dockerfile = parseDockerfile(input.dockerfileText);
  const ignore = parseDockerIgnore(input.dockerignoreText);
  const failures: Failure[] = [];

  const metadata = parseJsonObject(input.metadataText);
  const backend = hasBackend(metadata);
  failures.push(...checkStages(dockerfile, backend));
  failures.push(...checkNodeBases(dockerfile.stages, input.today ?? new Date()));
  failures.push(...checkImageBuild(dockerfile.stages, input.packageJsonText));
  failures.push(...checkMakefile(input.makefileText, input.envProductionText));
  failures.push(
    ...checkLocalEnvFiles(
      ignore,
      input.gitignoreText === undefined ? undefined : parseDockerIgnore(input.gitignoreText),
    ),
  );
  const final = dockerfile.stages.at(-1);
  if (final !== undefined) failures.push(...checkLabels(final.labels));
  failures.push(...checkCopySources(dockerfile, input, ignore));

  const image = final === undefined ? [] : finalImage(dockerfile, final, input);
  failures.push(...checkMetadata(input.metadataText, image, input, ignore));
  if (input.bundleFiles !== undefined) failures.push(...checkBundle(input.bundleFiles));
  if (metadata !== undefined) {
    failures.push(
      ...checkBackend({
        metadata,
        readFile: input.readFile ?? (() => undefined),
        final,
        bundleFiles: input.bundleFiles,
      }),
    );
  }

  return {
    failures,
    stages: dockerfile.stages.length,
    labels: final?.labels.size ?? 0,
    imagePaths: image.map((entry) => entry.imagePath),
    bundleFiles: input.bundleFiles?.length ?? 0,
  };
}

/** A `pathKind` over a list of files, for tests: folders are the files' parents. */
export function pathKindFromList(files: readonly string[]): (path: string) => PathKind {
  const normalised = files.map(normaliseContextPath);
  return (path) => {
    const target = normaliseContextPath(path);
    if (target === '.') return 'directory';
    if (normalised.includes(target)) return 'file';
    return normalised.some((file) => file.startsWith(`${target}/`)) ? 'directory' : 'missing';
  };
}

// ---- Stages ---------------------------------------------------------------------------------

/** `$BUILDPLATFORM` or `${BUILDPLATFORM}`, as written in the FROM line. */
function isBuildPlatform(platform: string | undefined): boolean {
  return platform !== undefined && /^\$(BUILDPLATFORM|\{BUILDPLATFORM\})$/.test(platform);
}

/**
 * The build stage on $BUILDPLATFORM, and a final stage that is not the builder. With a backend
 * (metadata.json "vm") the final stage runs Node, so a node image is right there.
 */
function checkStages({ stages }: ParsedDockerfile, backend: boolean): Failure[] {
  const failures: Failure[] = [];
  const nodeStages = stages.filter((stage) => stage.imageName === 'node');
  const builder = nodeStages.find((stage) => isBuildPlatform(stage.platform));
  if (nodeStages.length === 0) {
    failures.push({
      subject: 'Dockerfile',
      message: 'has no build stage `FROM --platform=$BUILDPLATFORM node:... AS <name>`',
    });
  } else if (builder === undefined) {
    failures.push({
      subject: 'Dockerfile',
      message: `the node stage (line ${nodeStages[0]?.line}) lacks --platform=$BUILDPLATFORM: the UI would be built under emulation for each platform`,
    });
  }
  const final = stages.at(-1);
  if (final === undefined || stages.length < 2) {
    failures.push({
      subject: 'Dockerfile',
      message:
        'needs a final stage after the build stage, holding only the labels and the built files',
    });
  } else {
    if ((final.imageName === 'node' && !backend) || final === builder) {
      failures.push({
        subject: 'Dockerfile',
        message: `the final stage (line ${final.line}) is a node image: ship the built files on alpine or scratch`,
      });
    }
    if (isBuildPlatform(final.platform)) {
      failures.push({
        subject: 'Dockerfile',
        message: `the final stage (line ${final.line}) is pinned to $BUILDPLATFORM: the image would not be multi-platform`,
      });
    }
  }
  return failures;
}

// ---- Build context --------------------------------------------------------------------------

function checkCopySources(
  { stages }: ParsedDockerfile,
  input: ImageCheckInput,
  ignore: DockerIgnore,
): Failure[] {
  const failures: Failure[] = [];
  for (const stage of stages) {
    for (const copy of stage.copies) {
      const where = `${copy.keyword} on Dockerfile line ${copy.line}`;
      if (copy.undefinedVariables.length > 0) {
        failures.push({
          subject: 'Dockerfile',
          message: `${where} uses ${copy.undefinedVariables.map((name) => `$${name}`).join(', ')}, which nothing defines`,
        });
      }
      if (copy.inline) continue;
      if (copy.from !== undefined) {
        // A bare name that is no earlier stage is almost surely a misspelt stage, not an image.
        if (findStage(stages, copy.from, stage.index) === undefined && !/[:/@]/.test(copy.from)) {
          failures.push({
            subject: 'Dockerfile',
            message: `${where} copies --from=${copy.from}, which names no earlier stage`,
          });
        }
        continue;
      }
      for (const source of copy.sources) {
        if (/^[a-z]+:\/\//i.test(source)) continue; // ADD <url>
        const path = normaliseContextPath(source);
        if (path === '..' || path.startsWith('../')) {
          failures.push({ subject: source, message: `${where} reaches outside the build context` });
        } else if (hasWildcard(path)) {
          failures.push({
            subject: source,
            message: `${where} uses a wildcard: name the files so they can be checked`,
          });
        } else if (input.pathKind(path) === 'missing') {
          failures.push({
            subject: path,
            message: `${where} copies it, but it does not exist in the build context`,
          });
        } else {
          const pattern = ignore.excludedBy(path);
          if (pattern !== undefined) {
            failures.push({
              subject: path,
              message: `${where} copies it, but .dockerignore excludes it (pattern "${pattern}")`,
            });
          }
        }
      }
    }
  }
  return failures;
}

// ---- What the final stage contains -----------------------------------------------------------

type Origin =
  | { kind: 'context'; path: string }
  | { kind: 'stage'; stage: Stage; stagePath: string; localPath: string | undefined }
  | { kind: 'image'; image: string };

interface ImageEntry {
  /** Absolute path in the image: the file itself, or the folder that received a folder's contents. */
  imagePath: string;
  origin: Origin;
}

/**
 * The files of the final stage, from its COPY instructions. Paths a build stage produced are
 * mapped back to the project through that stage's working folder (`/ui/dist/ui` → `dist/ui`),
 * which holds because the build stage mirrors the project's layout.
 */
function finalImage(
  dockerfile: ParsedDockerfile,
  final: Stage,
  input: ImageCheckInput,
): ImageEntry[] {
  const entries: ImageEntry[] = [];
  for (const copy of final.copies) {
    if (copy.inline) continue;
    const stage =
      copy.from === undefined ? undefined : findStage(dockerfile.stages, copy.from, final.index);
    const destination = posix.resolve(copy.workdir, copy.destination);
    const intoFolder = copy.sources.length > 1 || /\/$|(^|\/)\.\.?$/.test(copy.destination);
    for (const source of copy.sources) {
      let origin: Origin;
      let kind: PathKind | 'unknown';
      if (copy.from === undefined) {
        const path = normaliseContextPath(source);
        origin = { kind: 'context', path };
        kind = input.pathKind(path);
      } else if (stage === undefined) {
        origin = { kind: 'image', image: copy.from };
        kind = 'unknown';
      } else {
        const stagePath = posix.resolve('/', source);
        const relative = posix.relative(stage.workdir, stagePath);
        const localPath = relative.startsWith('..') ? undefined : relative || '.';
        origin = { kind: 'stage', stage, stagePath, localPath };
        kind =
          localPath !== undefined && input.bundleFiles !== undefined
            ? input.pathKind(localPath)
            : 'unknown';
      }
      // A folder's contents land in the destination; a file lands in it, or becomes it.
      const isFolder = kind === 'directory' || (kind !== 'file' && posix.extname(source) === '');
      const imagePath =
        isFolder || !intoFolder ? destination : posix.join(destination, posix.basename(source));
      entries.push({ imagePath, origin });
    }
  }
  return entries;
}

type Located = { found: true } | { found: false; subject: string; message: string };

function locate(
  imagePath: string,
  image: ImageEntry[],
  input: ImageCheckInput,
  ignore: DockerIgnore,
): Located {
  const covering = image.filter(
    (entry) =>
      imagePath === entry.imagePath ||
      imagePath.startsWith(`${entry.imagePath.replace(/\/$/, '')}/`),
  );
  if (covering.length === 0) {
    return {
      found: false,
      subject: imagePath,
      message: 'is not in the final image: no COPY of the final stage puts it there',
    };
  }
  let last: Located = { found: false, subject: imagePath, message: 'is not in the final image' };
  for (const entry of covering.reverse()) {
    const rest = posix.relative(entry.imagePath, imagePath);
    const { origin } = entry;
    if (origin.kind === 'image') return { found: true };
    if (origin.kind === 'context') {
      const local = normaliseContextPath(posix.join(origin.path, rest));
      if (input.pathKind(local) !== 'missing' && ignore.excludedBy(local) === undefined)
        return { found: true };
      last = {
        found: false,
        subject: local,
        message: `is where ${imagePath} in the image comes from, and it is missing from the build context`,
      };
      continue;
    }
    if (origin.localPath === undefined) {
      last = {
        found: false,
        subject: imagePath,
        message: `comes from ${origin.stagePath} in stage "${origin.stage.name ?? origin.stage.index}", outside its WORKDIR ${origin.stage.workdir}: cannot map it to the project`,
      };
      continue;
    }
    if (input.bundleFiles === undefined) return { found: true }; // build output not checked
    const local = normaliseContextPath(posix.join(origin.localPath, rest));
    if (input.pathKind(local) !== 'missing') return { found: true };
    last = {
      found: false,
      subject: local,
      message: `is where ${imagePath} in the image comes from (stage "${origin.stage.name ?? origin.stage.index}"), and the build did not produce it`,
    };
  }
  return last;
}

// ---- metadata.json -------------------------------------------------------------------------

function checkMetadata(
  metadataText: string | undefined,
  image: ImageEntry[],
  input: ImageCheckInput,
  ignore: DockerIgnore,
): Failure[] {
  if (metadataText === undefined) return [{ subject: 'metadata.json', message: 'does not exist' }];
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataText);
  } catch (error) {
    return [
      {
        subject: 'metadata.json',
        message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      },
    ];
  }
  if (!isRecord(metadata)) return [{ subject: 'metadata.json', message: 'must be a JSON object' }];

  const failures: Failure[] = [];
  const inImage = (imagePath: string, what: string) => {
    const located = locate(imagePath, image, input, ignore);
    if (!located.found) {
      failures.push({
        subject: located.subject,
        message: `${located.message} (metadata.json ${what})`,
      });
    }
  };

  inImage('/metadata.json', 'must be at the image root');

  if (typeof metadata.icon !== 'string' || metadata.icon.trim() === '') {
    failures.push({ subject: 'metadata.json', message: '"icon" must name the icon file' });
  } else {
    inImage(posix.resolve('/', metadata.icon), `"icon": "${metadata.icon}"`);
  }

  const tab = isRecord(metadata.ui) ? metadata.ui['dashboard-tab'] : undefined;
  if (!isRecord(tab)) {
    failures.push({ subject: 'metadata.json', message: '"ui" must have a "dashboard-tab" object' });
  } else {
    for (const key of ['title', 'root', 'src'] as const) {
      if (typeof tab[key] !== 'string' || tab[key].trim() === '') {
        failures.push({
          subject: 'metadata.json',
          message: `"ui.dashboard-tab.${key}" must be a non-empty string`,
        });
      }
    }
    if (
      typeof tab.root === 'string' &&
      typeof tab.src === 'string' &&
      tab.root !== '' &&
      tab.src !== ''
    ) {
      if (!tab.root.startsWith('/')) {
        failures.push({
          subject: 'metadata.json',
          message: '"ui.dashboard-tab.root" must be an absolute path such as "/ui"',
        });
      }
      inImage(
        posix.resolve('/', tab.root, tab.src),
        `"ui.dashboard-tab": root "${tab.root}" + src "${tab.src}"`,
      );
    }
  }

  if (isRecord(metadata.vm) && typeof metadata.vm.composefile === 'string') {
    inImage(posix.resolve('/', metadata.vm.composefile), `"vm.composefile"`);
  }
  return failures;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type { CopyInstruction, Stage };

/** metadata.json as an object, or undefined when missing or not JSON (checkMetadata says so). */
function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
