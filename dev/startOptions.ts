/**
 * The flags of `npm start` (dev/start.ts): one table, which both the parser and the usage text
 * are made from. A new flag is a row here and a field of `StartOptions`.
 */
import { parseArgs } from 'node:util';

interface FlagSpec {
  type: 'string' | 'boolean';
  /** The value shown in the usage text, for string flags. */
  value?: string;
  /** The environment variable read when the flag is absent. */
  env?: string;
  short?: string;
  help: string;
}

export const FLAGS = {
  dev: {
    type: 'boolean',
    help: 'the Vite dev server with hot reload, instead of the production build',
  },
  port: {
    type: 'string',
    value: '8080',
    env: 'PORT',
    help: "the Docker Desktop stand-in's port (0: any free one)",
  },
  'auth-port': {
    type: 'string',
    value: '4000',
    env: 'AUTH_PORT',
    help: "the embedded authorization server's port",
  },
  'own-provider': {
    type: 'boolean',
    help: 'your provider (.env.production or .env.local), not the embedded one',
  },
  provider: {
    type: 'string',
    value: 'demo',
    help: 'demo (the embedded oidc-provider), or github (the emulated GitHub: device flow, backend)',
  },
  'github-port': {
    type: 'string',
    value: '4500',
    env: 'GITHUB_PORT',
    help: "the emulated GitHub's port, with --provider github",
  },
  backend: {
    type: 'boolean',
    help: "backend mode: the extension's backend talks to a provider that needs it (no CORS, a secret)",
  },
  'backend-answers': {
    type: 'string',
    value: 'plain',
    help: "how vm.service answers: plain, or wrapped (Desktop 4.42's {data, status, headers})",
  },
  'no-visualizer': { type: 'boolean', help: 'leave out the state visualizer' },
  build: {
    type: 'boolean',
    help: 'build the demo (npm run build:demo) first even when dist/ui is up to date',
  },
  'no-build': {
    type: 'boolean',
    help: 'never build (by default: when dist/ui is older than its sources)',
  },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies Record<string, FlagSpec>;

export type BuildPolicy = 'when-stale' | 'always' | 'never';

export interface StartOptions {
  dev: boolean;
  port: number;
  authPort: number;
  ownProvider: boolean;
  /** The embedded server, or the emulated GitHub (dev/github). */
  provider: 'demo' | 'github';
  githubPort: number;
  backend: boolean;
  backendAnswers: 'plain' | 'wrapped';
  visualizer: boolean;
  build: BuildPolicy;
  help: boolean;
}

const DEFAULT_PORT = 8080;
const DEFAULT_AUTH_PORT = 4000;
const DEFAULT_GITHUB_PORT = 4500;

function flagLine(name: string, spec: FlagSpec): string {
  const names = `${'short' in spec && spec.short ? `-${spec.short}, ` : ''}--${name}`;
  const left = spec.value === undefined ? names : `${names} ${spec.value}`;
  const env = spec.env === undefined ? '' : ` [env ${spec.env}]`;
  return `  ${left.padEnd(20)} ${spec.help}${env}`;
}

export const USAGE = `Usage: npm start -- [flags]    (npm hands the script what follows "--")

${Object.entries(FLAGS)
  .map(([name, spec]) => flagLine(name, spec))
  .join('\n')}

Examples:
  npm start -- --dev                  edit src/ and watch the extension change
  npm start -- --port 9000 --auth-port 9001
  npm start -- --own-provider --dev   your provider, before Docker Desktop
  npm start -- --backend              the extension's backend signs in (backend/)
  npm start -- --provider github      GitHub (emulated): the device flow, through the backend`;

/** A mistake in the command line: the message, then the usage text, is what the person sees. */
export class UsageError extends Error {}

function parsePort(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(`${flag} must be a port number (0-65535), got "${value}".`);
  }
  return port;
}

/** Flags npm kept for itself because they came before "--" (it exports them as npm_config_*). */
function flagsNpmKept(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(FLAGS)
    .map((name) => name.replace(/^no-/, ''))
    .filter((name) => env[`npm_config_${name.replaceAll('-', '_')}`] !== undefined);
}

export function parseStartOptions(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): StartOptions {
  const kept = flagsNpmKept(env);
  if (kept.length > 0) {
    throw new UsageError(
      `npm took --${kept.join(', --')} for itself: put the flags after "--", as in ` +
        '`npm start -- --port 9000`.',
    );
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...args], options: FLAGS, strict: true }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const dev = values.dev === true;
  const ownProvider = values['own-provider'] === true;
  const port = parsePort('--port', (values.port as string | undefined) ?? env.PORT, DEFAULT_PORT);
  const authPort = parsePort(
    '--auth-port',
    (values['auth-port'] as string | undefined) ?? env.AUTH_PORT,
    DEFAULT_AUTH_PORT,
  );

  if (values.build && values['no-build']) {
    throw new UsageError('--build and --no-build contradict each other: choose one.');
  }
  if (dev && (values.build || values['no-build'])) {
    throw new UsageError(
      '--build and --no-build are about the production build, which --dev does not use.',
    );
  }
  if (ownProvider && values['auth-port'] !== undefined) {
    throw new UsageError(
      '--auth-port sets the embedded authorization server, which --own-provider does not start.',
    );
  }
  const provider = (values.provider as string | undefined) ?? 'demo';
  if (provider !== 'demo' && provider !== 'github') {
    throw new UsageError(`--provider must be demo or github, got "${provider}".`);
  }
  const githubPort = parsePort(
    '--github-port',
    (values['github-port'] as string | undefined) ?? env.GITHUB_PORT,
    DEFAULT_GITHUB_PORT,
  );
  if (values['github-port'] !== undefined && provider !== 'github') {
    throw new UsageError('--github-port sets the emulated GitHub: add --provider github.');
  }
  if (provider === 'github' && (ownProvider || values['auth-port'] !== undefined)) {
    throw new UsageError(
      '--provider github runs the emulated GitHub instead of the embedded server and your own ' +
        'provider: leave out --own-provider and --auth-port.',
    );
  }
  // GitHub's endpoints send no CORS headers: its demo always runs the backend.
  const backend = values.backend === true || provider === 'github';
  const backendAnswers = (values['backend-answers'] as string | undefined) ?? 'plain';
  if (backendAnswers !== 'plain' && backendAnswers !== 'wrapped') {
    throw new UsageError(`--backend-answers must be plain or wrapped, got "${backendAnswers}".`);
  }
  if (values['backend-answers'] !== undefined && !backend) {
    throw new UsageError('--backend-answers is about the backend mode: add --backend.');
  }
  if (ownProvider && backend) {
    throw new UsageError(
      '--backend runs the embedded server as a provider that needs the backend; with ' +
        "--own-provider, run the backend yourself (see the README's backend section).",
    );
  }
  if (ownProvider && port === 0) {
    throw new UsageError(
      '--own-provider needs a fixed --port: the redirect URI registered at your provider carries it.',
    );
  }
  return {
    dev,
    port,
    authPort,
    ownProvider,
    provider,
    githubPort,
    backend,
    backendAnswers,
    visualizer: values['no-visualizer'] !== true,
    build: values.build ? 'always' : values['no-build'] ? 'never' : 'when-stale',
    help: values.help === true,
  };
}
