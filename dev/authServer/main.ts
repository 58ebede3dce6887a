/**
 * Runs the demo authorization server until Ctrl-C:
 *   npx tsx dev/authServer/main.ts --port 4000
 * Options: --port, --extension-id, --client-id, --redirect-uri (repeatable, extra),
 * --cors-origin (repeatable; default any origin), --no-cors (no CORS header at all),
 * --client-secret SECRET (a confidential client, client_secret_basic), --access-token-ttl
 * (seconds), --provider-name.
 */
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERNAME, startAuthServer } from './index';

const USAGE = `Usage: npx tsx dev/authServer/main.ts [--port 4000] [--extension-id acme/oauth-extension]
  [--client-id docker-extension-demo] [--redirect-uri URI]... [--cors-origin ORIGIN]... [--no-cors]
  [--client-secret SECRET] [--access-token-ttl SECONDS] [--provider-name "Acme Accounts"]`;

function parseWholeNumber(name: string, value: string | undefined): number | undefined {
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
      port: { type: 'string', default: '4000' },
      'extension-id': { type: 'string' },
      'client-id': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'cors-origin': { type: 'string', multiple: true },
      'no-cors': { type: 'boolean' },
      'client-secret': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      'provider-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const server = await startAuthServer({
    port: parseWholeNumber('port', values.port),
    extensionId: values['extension-id'],
    clientId: values['client-id'],
    extraRedirectUris: values['redirect-uri'],
    corsOrigins: values['no-cors'] ? 'none' : (values['cors-origin'] ?? 'any'),
    clientSecret: values['client-secret'],
    accessTokenTtlSeconds: parseWholeNumber('access-token-ttl', values['access-token-ttl']),
    providerName: values['provider-name'],
  });

  console.log(`Demo authorization server (oidc-provider, in memory; data is lost on exit)
  issuer          ${server.issuer}
  discovery       ${server.issuer}/.well-known/openid-configuration
  client id       ${server.clientId} (${server.clientAuthMethod === 'none' ? 'public' : 'confidential, client_secret_basic'} native client, PKCE S256 required)
  redirect URIs   ${server.redirectUris.join('\n                  ')}
  scope           openid profile email offline_access
                  (a refresh token needs offline_access AND prompt=consent in the request)
  sign in as      ${DEMO_USERNAME} / ${DEMO_PASSWORD}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    server.close().then(
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
