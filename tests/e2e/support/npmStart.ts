/**
 * `npm start` as a person runs it: dev/start.ts in its own process (through the repository's
 * tsx, as the npm script does), with the flags and environment the test gives. Answers once the
 * stand-in's address is printed; `stop()` sends Ctrl-C's signal and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './desktop';

const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface NpmStart {
  /** The stand-in's address, from the "Open" line. */
  url: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on now (the stand-in of `--own-provider` needs one known in advance). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('No port');
  return address.port;
}

/** A program run by a test, its output collected. */
export interface Run {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Only what it printed on stdout. */
  stdout(): string;
  /** The exit code (null after a signal). */
  exit: Promise<number | null>;
}

export function runProgram(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Run {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, stdout: () => stdout, exit };
}

/**
 * The first match of `pattern` in what `started` prints on stdout; fails with its output when it
 * ends first or prints nothing matching within `timeoutMs` (a limit, not an assertion).
 */
export function printed(
  started: Run,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`${what} printed no ${pattern} in ${timeoutMs} ms:\n${started.output()}`)),
      timeoutMs,
    );
    started.child.stdout?.on('data', () => {
      const match = pattern.exec(started.stdout());
      if (match === null) return;
      clearTimeout(timer);
      resolve(match);
    });
    started.exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${what} ended (exit code ${code}):\n${started.output()}`));
    });
  });
}

function run(args: string[], env: Record<string, string>): Run {
  return runProgram(process.execPath, [TSX_CLI, 'dev/start.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
}

export async function npmStart(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<NpmStart> {
  const started = run(args, env);
  const stop = async () => {
    started.child.kill('SIGTERM');
    await started.exit;
  };
  try {
    const [, url] = await printed(started, /^\s*Open\s+(http\S+)/m, 'npm start', timeoutMs);
    return { url: url as string, output: started.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `npm start` with `args` until it ends by itself: its exit code and output. */
export async function npmStartUntilExit(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const started = run(args, env);
  const code = await started.exit;
  return { code, output: started.output() };
}
