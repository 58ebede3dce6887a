/**
 * The backend's logger (pino, through Fastify): what Docker Desktop shows in the backend
 * container's logs. Handlers log outcomes (a reason, an OAuth error code, a status) and never a
 * value; redaction is the second line: any member named like a code, verifier, state, token or
 * secret is replaced wherever it shows up, and request lines carry the path without its query.
 */
import type { FastifyServerOptions } from 'fastify';

const SECRET_NAMES = [
  'code',
  'codeVerifier',
  'code_verifier',
  'state',
  'nonce',
  'search',
  'params',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'clientSecret',
  'client_secret',
  'secret',
  'authorization',
  'cookie',
];

/** pino `redact` paths: each name at the top level and one or two levels down. */
export const REDACTED_PATHS = SECRET_NAMES.flatMap((name) => [name, `*.${name}`, `*.*.${name}`]);

export interface BackendLogOptions {
  /** pino level; default 'info'. */
  level?: string;
  /** Where the lines go; default stdout (what `docker logs` shows). */
  stream?: { write(line: string): void };
}

export function loggerOptions({
  level = 'info',
  stream,
}: BackendLogOptions = {}): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: { method?: string; url?: string }) => ({
        method: request.method,
        // Routes take their data in bodies; a query, if anyone sends one, is not logged.
        url: request.url?.split('?')[0],
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
