/**
 * The backend's command line, the same for the image's entry point (main.ts) and the package's
 * bin (bin.ts): `--settings <file>` and `--help`; everything else comes from the environment
 * (config.ts). No Fastify here, so `--help` and a mistyped argument are answered even where
 * Fastify is not installed.
 */
import { DEFAULT_SESSION_FILE, DEFAULT_SOCKET } from './config';

export interface BackendProgram {
  /** How the command is typed, for its help: `docker-extension-oauth-backend`… */
  name: string;
  /** The provider settings read when neither --settings nor PROVIDER_SETTINGS_FILE is given. */
  defaultSettingsFile: string;
}

/** What the command line asks: run (with the settings file it names, if any), help, or a mistake. */
export type BackendCommand =
  | { run: { settingsFile?: string } }
  | { help: string }
  | { mistake: string };

export function parseCommand(args: readonly string[], program: BackendProgram): BackendCommand {
  let settingsFile: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '--help' || arg === '-h') return { help: helpText(program) };
    const inline = arg.startsWith('--settings=') ? arg.slice('--settings='.length) : undefined;
    if (arg === '--settings' || inline !== undefined) {
      if (inline === undefined) index += 1;
      const file = inline ?? args[index];
      if (file === undefined || file === '' || (inline === undefined && file.startsWith('-'))) {
        return { mistake: '--settings needs the provider settings file: --settings <file>.' };
      }
      if (settingsFile !== undefined) return { mistake: 'Give --settings once.' };
      settingsFile = file;
      continue;
    }
    return { mistake: `Unknown argument "${arg}".` };
  }
  return { run: settingsFile === undefined ? {} : { settingsFile } };
}

/**
 * The command line, or the help on stdout and exit 0, or the mistake on stderr and exit 2 (a
 * usage error, apart from the backend's own failures to start, exit 1).
 */
export function readCommandLine(
  args: readonly string[],
  program: BackendProgram,
): { settingsFile?: string } {
  const command = parseCommand(args, program);
  if ('run' in command) return command.run;
  if ('help' in command) {
    process.stdout.write(command.help);
    process.exit(0);
  }
  process.stderr.write(`${program.name}: ${command.mistake} See ${program.name} --help.\n`);
  process.exit(2);
}

export function helpText({ name, defaultSettingsFile }: BackendProgram): string {
  return `Usage: ${name} [--settings <file>]

The Docker Desktop extension's backend (docker-extension-oauth): it talks to the OAuth provider
for the extension's page in backend mode and keeps the session. Docker Desktop runs it in the
extension's container (metadata.json "vm", docker-compose.yaml).

Options:
  --settings <file>  the provider settings (JSON: the settings the UI is built with)
                     default: PROVIDER_SETTINGS_FILE, else ${defaultSettingsFile}
  -h, --help         this help

Environment:
  BACKEND_SOCKET            the unix socket to listen on (default ${DEFAULT_SOCKET})
  BACKEND_PORT              or a TCP port on 127.0.0.1, for development (0: any free port)
  SESSION_FILE              the session, in the extension's volume (default ${DEFAULT_SESSION_FILE})
  PROVIDER_SETTINGS_FILE    the provider settings, when --settings is not given
  OAUTH_CLIENT_SECRET_FILE  a file holding the client secret, when the provider insists on one
  OAUTH_CLIENT_SECRET       or the secret itself (never a VITE_* variable)
  OAUTH_CLIENT_AUTH_METHOD  client_secret_basic (default) or client_secret_post
  LOG_LEVEL                 pino's level (default info); the log is JSON on stdout

It stops cleanly on SIGTERM (docker stop) and SIGINT. A configuration it cannot use stops it at
once with a sentence naming the file or the variable, and exit code 1.
`;
}
