/**
 * The extension's backend as a Fastify application: one route per `OAuthClient` operation of
 * the page's statechart (src/oauth/types.ts), plus the session, each answering an envelope
 * (src/oauth/backendApi.ts). The protocol is the page's own module, `createOAuthClient`, here
 * with the client's secret when the provider insists on one. Tests call `app.inject()`; main.ts
 * listens on Docker Desktop's socket.
 */
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  type BackendError,
  type BackendRequestErrorReason,
  type BackendRequests,
  type PageTokenSet,
  BACKEND_ROUTES as ROUTES,
} from '../src/desktop/backendApi';
import { createOAuthClient } from '../src/oauth/client';
import type { ClientAuthentication } from '../src/oauth/clientAuthentication';
import { clean } from '../src/oauth/config';
import { AuthError, isTemporary } from '../src/oauth/errors';
import { withGitHubApi } from '../src/oauth/github';
import type { OAuthClient, ProviderConfig, TokenSet } from '../src/oauth/types';
import { type BackendLogOptions, loggerOptions } from './logging';
import {
  createPendingAuthorizations,
  createPendingDevices,
  type PendingAuthorizations,
  type PendingDevices,
} from './pendingAuthorizations';
import { requestSchemas, responseSchemas } from './schemas';
import { createSessionFile } from './sessionFile';
import { createSessionKeeper, type SessionKeeper, sessionEnded } from './sessionKeeper';

/** Bodies are small JSON objects; anything larger is refused (413). */
export const BODY_LIMIT = 64 * 1024;
/** Each request to the provider is given up after this long, as the page does. */
export const PROVIDER_TIMEOUT_MS = 30_000;
/**
 * Answers `{ok: true}` once the backend serves (its stored session read): for a health check.
 * Only the backend's own application has it; mounted in an author's backend, theirs is theirs.
 */
export const HEALTH_ROUTE = '/health';

export interface BackendOptions {
  /** The provider; `preset: 'github'` adds GitHub's own API (src/oauth/github.ts). */
  provider: ProviderConfig & { preset?: string };
  /** The session file, in the extension's named volume. */
  sessionFile: string;
  /** A confidential client's secret, when the provider insists on one. */
  clientAuthentication?: ClientAuthentication;
  /** Replaces the protocol client (tests). */
  oauth?: OAuthClient;
  /** Replaces `fetch` for the protocol client (tests). */
  fetch?: typeof fetch;
  clock?: { now(): number };
  log?: BackendLogOptions;
}

export type Backend = FastifyInstance & { session: SessionKeeper };

/** Builds the application and reads the stored session; call `listen` or `inject` on it. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  const app = Fastify({
    logger: loggerOptions(options.log),
    bodyLimit: BODY_LIMIT,
    // Refuse what does not fit instead of quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });
  const session = await mountBackend(app, options);
  app.get(HEALTH_ROUTE, { schema: { response: responseSchemas.done } }, async () => ({ ok: true }));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = ['GET', 'POST', 'DELETE'].filter((method) =>
      app.hasRoute({ method, url: path }),
    );
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return refuse(reply, 405, 'method_not_allowed', `${path} answers ${allowed.join(', ')}.`);
    }
    return refuse(reply, 404, 'not_found', `The backend has no route ${path}.`);
  });
  return Object.assign(app, { session }) as Backend;
}

/**
 * The backend's routes as a Fastify plugin, to mount in an extension's own Fastify backend
 * (`app.register(oauthBackend, { ...options, prefix: '/oauth' })`; the page's backend client
 * then needs the same prefix in front of its routes). The plugin keeps its own error handler
 * and reads the stored session before it is ready. `createBackend` is the same routes in an
 * application of their own, as the extension's image runs them.
 */
export const oauthBackend: FastifyPluginAsync<BackendOptions> = async (app, options) => {
  await mountBackend(app, options);
};

async function mountBackend(app: FastifyInstance, options: BackendOptions): Promise<SessionKeeper> {
  const { provider, clock = Date } = options;
  const protocol =
    options.oauth ??
    createOAuthClient(provider, {
      ...(options.clientAuthentication
        ? { clientAuthentication: options.clientAuthentication }
        : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  // GitHub: the user from its REST API, revocation with the secret or by the person.
  const oauth =
    !options.oauth && provider.preset === 'github'
      ? withGitHubApi(protocol, provider, {
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.clientAuthentication
            ? { clientSecret: options.clientAuthentication.secret }
            : {}),
        })
      : protocol;
  const session = createSessionKeeper({
    file: createSessionFile({
      path: options.sessionFile,
      issuer: provider.issuer,
      clientId: provider.clientId,
      logger: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
      clock,
    }),
    oauth,
    clock,
    requestTimeoutMs: PROVIDER_TIMEOUT_MS,
    log: (message, fields) => app.log.info(fields ?? {}, message),
  });
  await session.load();

  app.setErrorHandler(refuseRequest);
  app.addHook('onClose', () => session.settled());
  // LOG_LEVEL=trace shows what each request carried, for debugging: secrets redacted.
  app.addHook('preHandler', async (request) => {
    if (request.body !== undefined) request.log.trace({ body: request.body }, 'request body');
  });

  await app.register(oauthRoutes, {
    oauth,
    session,
    pending: createPendingAuthorizations(clock),
    devices: createPendingDevices(clock),
  });
  return session;
}

interface RouteDependencies {
  oauth: OAuthClient;
  session: SessionKeeper;
  pending: PendingAuthorizations;
  devices: PendingDevices;
}

/** The routes: each one short, a protocol step of the shared module and the session. */
const oauthRoutes: FastifyPluginAsync<RouteDependencies> = async (
  app,
  { oauth, session, pending, devices },
) => {
  const signal = () => AbortSignal.timeout(PROVIDER_TIMEOUT_MS);
  const post = <K extends keyof BackendRequests>(
    name: K,
    response: object,
    run: (body: BackendRequests[K], request: FastifyRequest) => Promise<object>,
  ) =>
    app.post<{ Body: BackendRequests[K] }>(
      ROUTES[name],
      { schema: { body: requestSchemas[name], response } },
      (request) => outcome(request, name, () => run(request.body as BackendRequests[K], request)),
    );

  post('prepareAuthorization', responseSchemas.prepareAuthorization, async ({ now }) => {
    const started = await oauth.prepareAuthorization({ now, signal: signal() });
    pending.add(started);
    const { codeVerifier: _keptHere, ...forThePage } = started;
    return { pending: forThePage };
  });

  post('validateRedirect', responseSchemas.validateRedirect, async ({ search, state }) => {
    const started = pending.find(state);
    try {
      return {
        redirect: await oauth.validateRedirect({ search, pending: started, signal: signal() }),
      };
    } catch (error) {
      // A refused answer ends that sign-in: the page starts a fresh one.
      pending.take(state);
      throw error;
    }
  });

  post('exchangeCode', responseSchemas.tokens, async ({ params, state, now }) => {
    const started = pending.take(state);
    const tokens = await oauth.exchangeCode({
      redirect: { params },
      pending: started,
      now,
      signal: signal(),
    });
    return { tokens: toPageTokens(await session.replace(tokens)) };
  });

  post('refresh', responseSchemas.tokens, async ({ accessToken, now }) => ({
    tokens: toPageTokens(await session.refresh(accessToken, now)),
  }));

  post('revoke', responseSchemas.revoke, async ({ accessToken }) => ({
    revoked: await session.revoke(accessToken),
  }));

  // The device flow (RFC 8628): the device code stays here; the page polls with a handle.
  post('startDeviceAuthorization', responseSchemas.startDeviceAuthorization, async ({ now }) => ({
    device: devices.add(await oauth.startDeviceAuthorization({ now, signal: signal() })),
  }));

  post('pollDeviceToken', responseSchemas.pollDeviceToken, async ({ deviceCode: handle, now }) => {
    const device = devices.find(handle);
    let poll: Awaited<ReturnType<OAuthClient['pollDeviceToken']>>;
    try {
      poll = await oauth.pollDeviceToken({ device, now, signal: signal() });
    } catch (error) {
      // Declined, expired, refused: that sign-in is over. "Not now" keeps it for the next poll.
      if (!isTemporary(error)) devices.drop(handle);
      throw error;
    }
    if (poll.status === 'slow_down') devices.slowDown(handle, poll.intervalMs);
    if (poll.status !== 'tokens') return { poll };
    // Redeemed: never polled again.
    devices.drop(handle);
    return { poll: { status: 'tokens', tokens: toPageTokens(await session.replace(poll.tokens)) } };
  });

  app.get(ROUTES.userProfile, { schema: { response: responseSchemas.userProfile } }, (request) =>
    outcome(request, 'userProfile', async () => {
      const tokens = session.current();
      if (!tokens) throw sessionEnded('The backend holds no session.', 401);
      return { profile: await oauth.fetchUserProfile({ tokens, signal: signal() }) };
    }),
  );

  app.get(ROUTES.session, { schema: { response: responseSchemas.session } }, (request) =>
    outcome(request, 'getSession', async () => {
      const tokens = session.current();
      return { tokens: tokens ? toPageTokens(tokens) : null };
    }),
  );

  app.delete(ROUTES.session, { schema: { response: responseSchemas.done } }, (request) =>
    outcome(request, 'deleteSession', async () => {
      await session.forget();
      return {};
    }),
  );
};

/** What the page receives of a token set: no refresh token, no raw ID token. */
export function toPageTokens(tokens: TokenSet): PageTokenSet {
  const { accessToken, tokenType, expiresAt, scope, idTokenClaims, refreshToken } = tokens;
  return clean({
    accessToken,
    tokenType,
    expiresAt,
    scope,
    idTokenClaims,
    refreshable: Boolean(refreshToken),
  });
}

/** The envelope of an operation: its result, or the AuthError it failed with (HTTP 200). */
async function outcome(
  request: FastifyRequest,
  operation: string,
  run: () => Promise<object>,
): Promise<object> {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const { reason, message, kind, step, detail, oauthError, status, field, revocationPage } =
      error;
    request.log.warn({ operation, reason, kind, oauthError, status }, 'operation refused');
    // The data the page words the failure from (its texts are the page's).
    return {
      ok: false,
      error: clean({
        reason,
        message,
        kind,
        step,
        detail,
        oauthError,
        status,
        field,
        revocationPage,
      }) satisfies BackendError,
    };
  }
}

/** Requests the backend refuses itself: bad input, too large, a failure of its own. */
function refuseRequest(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (error.validation) {
    return refuse(
      reply,
      400,
      'bad_request',
      `The request does not fit the route: ${error.message}.`,
    );
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return refuse(reply, 413, 'payload_too_large', 'The request body is too large.');
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return refuse(reply, 415, 'unsupported_media_type', 'The request body must be JSON.');
  }
  if (status >= 400 && status < 500) {
    const what = /JSON/i.test(error.message)
      ? 'The request body is not valid JSON.'
      : error.message;
    return refuse(reply, status, 'bad_request', what);
  }
  // Name and code only: an unexpected error's message may quote data.
  request.log.error({ name: error.name, code: error.code }, 'request failed');
  return refuse(reply, 500, 'internal_error', "The extension's backend failed to answer.");
}

function refuse(
  reply: FastifyReply,
  status: number,
  reason: BackendRequestErrorReason,
  message: string,
) {
  return reply
    .code(status)
    .type('application/json')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send({ ok: false, error: { reason, message } });
}
