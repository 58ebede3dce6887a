/**
 * The Dockerfile as the image check needs it: stages, each with its resolved labels, COPY
 * instructions and working folder. Parsed by dockerfile-ast; values then go through Docker's
 * word processing (words.ts) with the ARG and ENV values in scope, defaults only.
 */
import { posix } from 'node:path';
import {
  Add,
  Arg,
  Copy,
  DockerfileParser,
  Env,
  From,
  type Instruction,
  Label,
  Run,
  Workdir,
} from 'dockerfile-ast';
import { processWord } from './words';

export interface ResolvedLabel {
  value: string;
  /** 1-based line of the LABEL instruction. */
  line: number;
  undefinedVariables: string[];
}

export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  /** 1-based line. */
  line: number;
  /** The `--from` value (stage name, index or image), when there is one. */
  from: string | undefined;
  sources: string[];
  destination: string;
  /** The stage's working folder when the instruction runs. */
  workdir: string;
  /** Heredoc content (`COPY <<EOF`), which has no source to check. */
  inline: boolean;
  undefinedVariables: string[];
}

export interface RunInstruction {
  /** 1-based line. */
  line: number;
  /** The command's words as written (shell form) or the JSON form's strings; flags left out. */
  words: string[];
}

export interface Stage {
  index: number;
  /** The `AS` name, lowercased as BuildKit treats it. */
  name: string | undefined;
  /** The FROM image as written, e.g. `node:20-alpine`. */
  image: string;
  /** The image name without tag or registry, e.g. `node`. */
  imageName: string;
  /** The tag, e.g. `20-alpine`; undefined when the FROM line names none. */
  imageTag: string | undefined;
  /** The raw `--platform` value, e.g. `$BUILDPLATFORM`. */
  platform: string | undefined;
  line: number;
  labels: Map<string, ResolvedLabel>;
  copies: CopyInstruction[];
  runs: RunInstruction[];
  /** The ARG names the stage declares, with the line of the first declaration. */
  args: Map<string, number>;
  /** The working folder at the end of the stage. */
  workdir: string;
  /** The last `USER` (inherited from a parent stage), undefined: root. */
  user: string | undefined;
}

export interface ParsedDockerfile {
  stages: Stage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  let scope = new Map<string, string>();

  const word = (raw: string) => processWord(raw, (name) => scope.get(name), escapeChar);
  const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const image = instruction.getImage() ?? '';
      const parent = stages.find((candidate) => candidate.name === image.toLowerCase());
      stage = {
        index: stages.length,
        name: instruction.getBuildStage()?.toLowerCase() ?? undefined,
        image,
        imageName: (instruction.getImageName() ?? '').split('/').pop() ?? '',
        imageTag: instruction.getImageTag() ?? undefined,
        platform: instruction.getPlatformFlag()?.getValue() ?? undefined,
        line: lineOf(instruction),
        // A stage built on an earlier stage inherits its labels and working folder.
        labels: new Map(parent?.labels),
        copies: [],
        runs: [],
        args: new Map(),
        workdir: parent?.workdir ?? '/',
        user: parent?.user,
      };
      stages.push(stage);
      scope = new Map();
      continue;
    }
    if (stage === undefined) {
      // Before the first FROM only ARG is allowed: their defaults are what `ARG NAME` reuses.
      if (instruction instanceof Arg) {
        const property = instruction.getProperty();
        const raw = property?.getUnescapedValue();
        if (property !== null) {
          globalArgs.set(property.getName(), raw == null ? undefined : word(raw).value);
        }
      }
      continue;
    }
    if (instruction instanceof Arg) {
      const property = instruction.getProperty();
      if (property === null) continue;
      if (!stage.args.has(property.getName()))
        stage.args.set(property.getName(), lineOf(instruction));
      const raw = property.getUnescapedValue();
      const value = raw == null ? globalArgs.get(property.getName()) : word(raw).value;
      scope.set(property.getName(), value ?? '');
    } else if (instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        scope.set(property.getName(), word(property.getUnescapedValue() ?? '').value);
      }
    } else if (instruction instanceof Workdir) {
      const path = word(instruction.getPath() ?? '/').value;
      stage.workdir = posix.resolve(stage.workdir, path);
    } else if (instruction instanceof Label) {
      for (const property of instruction.getProperties()) {
        const name = word(property.getName()).value;
        const processed = word(property.getUnescapedValue() ?? '');
        stage.labels.set(name, {
          value: processed.value,
          line: lineOf(instruction),
          undefinedVariables: processed.undefinedVariables,
        });
      }
    } else if (instruction instanceof Run) {
      const json = instruction.getJSONStrings();
      const words =
        json.length > 0
          ? json.map((argument) => argument.getJSONValue())
          : instruction.getArguments().map((argument) => argument.getValue());
      stage.runs.push({ line: lineOf(instruction), words });
    } else if (instruction.getKeyword() === 'USER') {
      stage.user = word(instruction.getArgumentsContent() ?? '').value.trim();
    } else if (instruction instanceof Copy || instruction instanceof Add) {
      stage.copies.push(copyInstruction(instruction, stage.workdir, lineOf(instruction), word));
    }
  }
  return { stages };
}

function copyInstruction(
  instruction: Copy | Add,
  workdir: string,
  line: number,
  word: (raw: string) => { value: string; undefinedVariables: string[] },
): CopyInstruction {
  const undefinedVariables: string[] = [];
  const expand = (raw: string) => {
    const processed = word(raw);
    undefinedVariables.push(...processed.undefinedVariables);
    return processed.value;
  };
  const jsonForm = instruction.getJSONStrings();
  const paths =
    jsonForm.length > 0
      ? jsonForm.map((argument) => expand(argument.getJSONValue()))
      : instruction.getArguments().map((argument) => expand(argument.getValue()));
  const fromFlag = instruction.getFlags().find((flag) => flag.getName() === 'from');
  return {
    keyword: instruction instanceof Copy ? 'COPY' : 'ADD',
    line,
    from: fromFlag?.getValue() == null ? undefined : expand(fromFlag.getValue() ?? ''),
    sources: paths.slice(0, -1),
    destination: paths.at(-1) ?? '',
    workdir,
    inline: instruction instanceof Copy && instruction.getHeredocs().length > 0,
    undefinedVariables,
  };
}

/** The stage a `--from` names: an `AS` name or an index, and only an earlier stage. */
export function findStage(stages: Stage[], reference: string, before: number): Stage | undefined {
  const earlier = stages.slice(0, before);
  if (/^\d+$/.test(reference)) return earlier[Number(reference)];
  return earlier.find((stage) => stage.name === reference.toLowerCase());
}
