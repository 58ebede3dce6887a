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

interface Run {
  child: ChildProcess;
  output(): string;
  /** The exit code (null after a signal). */
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [TSX_CLI, 'dev/start.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exit };
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
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`npm start printed no address in ${timeoutMs} ms:\n${started.output()}`),
          ),
        timeoutMs,
      );
      started.child.stdout?.on('data', () => {
        const match = /^\s*Open\s+(http\S+)/m.exec(started.output());
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        resolve(match[1]);
      });
      started.exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm start ended (exit code ${code}):\n${started.output()}`));
      });
    });
    return { url, output: started.output, stop };
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
