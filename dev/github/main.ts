/**
 * Runs the emulated GitHub until Ctrl-C:
 *   npx tsx dev/github/main.ts --port 45000
 * Options: --port, --client-id, --client-secret, --app-name, --github-app (expiring tokens),
 * --interval (seconds between polls), --device-code-lifetime (seconds).
 */
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../authServer/account';
import { startGitHubEmulator } from './index';

const USAGE = `Usage: npx tsx dev/github/main.ts [--port 45000] [--client-id ID] [--client-secret SECRET]
  [--app-name NAME] [--github-app] [--interval 5] [--device-code-lifetime 900]`;

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`--${name} must be a whole number, got "${value}"`);
  }
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '45000' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'app-name': { type: 'string' },
      'github-app': { type: 'boolean' },
      interval: { type: 'string' },
      'device-code-lifetime': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const github = await startGitHubEmulator({
    port: wholeNumber('port', values.port),
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    appName: values['app-name'],
    appType: values['github-app'] ? 'github-app' : 'oauth-app',
    intervalSeconds: wholeNumber('interval', values.interval),
    deviceCodeLifetimeSeconds: wholeNumber('device-code-lifetime', values['device-code-lifetime']),
  });
  console.log(`Emulated GitHub (in memory; data is lost on exit; no CORS headers, like github.com)
  web                ${github.url}
  device code        POST ${github.endpoints.deviceAuthorization}
  token              POST ${github.endpoints.token}
  verification page  ${github.verificationUri}
  REST API           ${github.apiUrl}  (GET /user, GET /user/emails)
  client id          ${github.clientId}
  sign in as         ${DEMO_USERNAME} / ${DEMO_PASSWORD}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    github.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
