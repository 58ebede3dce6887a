import * as oauth from 'oauth4webapi';
import type { ClientAuthentication } from './clientAuthentication';
import { clean, isLoopbackHttpIssuer, redirectUriOf, secureUrl } from './config';
import { mapOAuthError, markNetworkFailures, type OAuthStep } from './errorMapping';
import { AuthError } from './errors';
import { calculateCodeChallenge, generateCodeVerifier } from './pkce';
import { redirectSearchParams, sanitizeText } from './redirect';
import type {
  IdTokenClaims,
  OAuthClient,
  PendingAuthorization,
  ProviderConfig,
  ProviderMetadata,
  TokenSet,
  UserProfile,
} from './types';

export interface OAuthClientOptions {
  /** Replaces the global `fetch` (tests, or a proxy through the extension's backend). */
  fetch?: typeof fetch;
  /**
   * A confidential client's authentication (the extension's backend only, see
   * clientAuthentication.ts); absent: a public client.
   */
  clientAuthentication?: ClientAuthentication;
  /** Replace the random values (tests only): each must be fresh and high-entropy. */
  randomCodeVerifier?: () => string;
  randomState?: () => string;
  randomNonce?: () => string;
}

type Secrets = ReadonlyArray<string | undefined>;
type Server = oauth.AuthorizationServer;

/**
 * The protocol operations on oauth4webapi, for a public client (no secret, PKCE S256), or, in
 * the extension's backend, a confidential one (`clientAuthentication`; PKCE all the same).
 * Holds no sign-in state: only the provider's metadata, cached after the first discovery.
 */
export function createOAuthClient(
  config: ProviderConfig,
  options: OAuthClientOptions = {},
): OAuthClient {
  const { issuer, clientId, endpoints, scopes } = config;
  const client: oauth.Client = { client_id: clientId };
  const { clientAuthentication: authentication } = options;
  const clientAuth = authentication?.auth ?? oauth.None();
  // The secret is redacted from every message, like the codes and tokens.
  const clientSecret = authentication?.secret;
  const redirectUri = redirectUriOf(config);
  // Plain http only for a loopback test issuer, never for a configured production provider.
  const insecure = isLoopbackHttpIssuer(issuer);
  // Resolved at each request (never at import), and called as a plain function: a browser's
  // fetch refuses any other `this`.
  const send = markNetworkFailures(() => options.fetch ?? globalThis.fetch);
  const http = (signal: AbortSignal | undefined) => ({
    [oauth.customFetch]: send,
    [oauth.allowInsecureRequests]: insecure,
    signal,
  });
  /** For the token and device endpoints: their answers are made readable (`readableAnswer`). */
  const tokenHttp = (signal: AbortSignal | undefined) => ({
    ...http(signal),
    [oauth.customFetch]: async (url: string, init: RequestInit) =>
      readableAnswer(await send(url, init)),
  });
  /** Runs a step; whatever it throws becomes an AuthError (or the caller's AbortError). */
  async function attempt<T>(
    step: OAuthStep,
    signal: AbortSignal | undefined,
    secrets: Secrets,
    operation: () => Promise<T>,
  ): Promise<T> {
    try {
      signal?.throwIfAborted();
      return await operation();
    } catch (error) {
      throw mapOAuthError(error, { step, secrets: [...secrets, clientSecret], signal });
    }
  }

  /**
   * A step that needs the provider's metadata: the metadata `kept` with a sign-in in progress
   * when it is this issuer's (so a sign-in that outlives the page, which Docker Desktop reloads,
   * fetches discovery once), else this client's, discovered on first use.
   */
  const run = <T>(
    step: OAuthStep,
    signal: AbortSignal | undefined,
    secrets: Secrets,
    operation: (as: Server) => Promise<T>,
    kept?: ProviderMetadata,
  ) =>
    attempt(step, signal, secrets, async () => {
      if (kept?.issuer === issuer) server ??= kept as Server;
      return operation(await metadata(signal));
    });

  let server: Server | undefined = endpoints && {
    issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    device_authorization_endpoint: endpoints.deviceAuthorization,
    userinfo_endpoint: endpoints.userinfo,
    revocation_endpoint: endpoints.revocation,
  };

  /** The provider's metadata; a failed discovery is not cached, so the next call retries. */
  async function metadata(signal: AbortSignal | undefined): Promise<Server> {
    server ??= await attempt('discovery', signal, [], async () => {
      const url = new URL(issuer);
      let response = await oauth.discoveryRequest(url, { ...http(signal), algorithm: 'oidc' });
      if (response.status === 404) {
        // Not an OpenID provider: try RFC 8414 OAuth authorization server metadata.
        await response.body?.cancel();
        response = await oauth.discoveryRequest(url, { ...http(signal), algorithm: 'oauth2' });
      }
      const as = await oauth.processDiscoveryResponse(url, response);
      const methods = as.code_challenge_methods_supported;
      if (Array.isArray(methods) && !methods.includes('S256')) {
        throw new AuthError('invalid_configuration', 'discovery: no PKCE S256', {
          kind: 'pkce',
          detail: `code_challenge_methods_supported: ${methods}`,
          field: 'issuer',
        });
      }
      return as;
    });
    return server;
  }

  /** oauth4webapi's own validation (state, iss, error answers), then: is there a code? */
  function validate(as: Server, params: URLSearchParams, pending: PendingAuthorization) {
    const validated = oauth.validateAuthResponse(as, client, params, pending.state);
    if (!validated.get('code')) {
      throw new AuthError('invalid_redirect', 'redirect: no code', {
        detail: 'The redirect has no code.',
      });
    }
    return validated;
  }

  const redirectSecrets = (pending: PendingAuthorization, params: URLSearchParams) => [
    pending.state,
    pending.codeVerifier,
    pending.nonce,
    ...params.getAll('code'),
  ];

  const operations: OAuthClient = {
    prepareAuthorization: async ({ now, signal }) =>
      run('authorization', signal, [], async (as) => {
        const url = secureUrl(as.authorization_endpoint, insecure);
        if (!url) {
          throw new AuthError('invalid_response', 'authorization: no https endpoint', {
            kind: 'authorization-https',
            detail: `authorization_endpoint: ${sanitizeText(String(as.authorization_endpoint))}`,
          });
        }
        const codeVerifier = (options.randomCodeVerifier ?? generateCodeVerifier)();
        const state = (options.randomState ?? oauth.generateRandomState)();
        const nonce = scopes.includes('openid')
          ? (options.randomNonce ?? oauth.generateRandomNonce)()
          : undefined;
        const params = {
          response_type: 'code',
          client_id: clientId,
          redirect_uri: redirectUri,
          scope: scopes.join(' ') || undefined,
          state,
          code_challenge: await calculateCodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          nonce,
          ...config.extraAuthorizationParams,
        };
        for (const [name, value] of Object.entries(params)) {
          if (value !== undefined) url.searchParams.set(name, value);
        }
        return {
          state,
          codeVerifier,
          ...(nonce ? { nonce } : {}),
          redirectUri,
          startedAt: now,
          authorizationUrl: url.href,
          metadata: as,
        };
      }),

    async validateRedirect({ search, pending, signal }) {
      assertPending(pending);
      const params = redirectSearchParams(search);
      return run(
        'redirect',
        signal,
        redirectSecrets(pending, params),
        async (as) => ({ params: validate(as, params, pending).toString() }),
        pending.metadata,
      );
    },

    async exchangeCode({ redirect, pending, now, signal }) {
      assertPending(pending);
      const params = new URLSearchParams(redirect.params);
      const secrets = redirectSecrets(pending, params);
      // The grant needs oauth4webapi's own validated parameters: validate again (cheap).
      const validated = await run(
        'redirect',
        signal,
        secrets,
        async (as) => validate(as, params, pending),
        pending.metadata,
      );
      return run('token', signal, secrets, async (as) => {
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          validated,
          pending.redirectUri,
          pending.codeVerifier as string,
          tokenHttp(signal),
        );
        return toTokenSet(
          await oauth.processAuthorizationCodeResponse(as, client, response, {
            expectedNonce: pending.nonce,
          }),
          now,
        );
      });
    },

    async refresh({ tokens, now, signal }) {
      const { refreshToken, idTokenClaims } = tokens;
      if (!refreshToken) {
        throw new AuthError('token_error', 'refresh: no refresh token', {
          kind: 'no-refresh-token',
          detail: 'No refresh token was issued (ask for the offline_access scope).',
        });
      }
      return run('refresh', signal, tokenSecrets(tokens), async (as) => {
        const response = await oauth.refreshTokenGrantRequest(
          as,
          client,
          clientAuth,
          refreshToken,
          tokenHttp(signal),
        );
        const next = toTokenSet(await oauth.processRefreshTokenResponse(as, client, response), now);
        // OpenID Connect Core §12.2: a refreshed ID token is about the same user.
        if (next.idTokenClaims && idTokenClaims && next.idTokenClaims.sub !== idTokenClaims.sub) {
          throw new AuthError('account_mismatch', 'refresh: another sub', {
            detail: 'The refreshed ID token has another sub.',
          });
        }
        // Rotation (RFC 9700): the new refresh token replaces the old one; the old one, scope
        // and ID token stay when the server sent none.
        const { scope, idToken } = tokens;
        return {
          ...(next.idTokenClaims ? {} : clean({ idTokenClaims, idToken })),
          ...clean({ scope, refreshToken }),
          ...next,
        };
      });
    },

    async fetchUserProfile({ tokens, signal }) {
      return run('userinfo', signal, tokenSecrets(tokens), async (as) => {
        const claims = tokens.idTokenClaims;
        if (typeof as.userinfo_endpoint === 'string') {
          const response = await oauth.userInfoRequest(
            as,
            client,
            tokens.accessToken,
            http(signal),
          );
          return toUserProfile(
            await oauth.processUserInfoResponse(
              as,
              client,
              claims?.sub ?? oauth.skipSubjectCheck,
              response,
            ),
          );
        }
        if (claims) return toUserProfile(claims);
        throw new AuthError('invalid_configuration', 'userinfo: no endpoint, no ID token', {
          kind: 'no-userinfo',
          field: 'endpoints.userinfo',
        });
      });
    },

    startDeviceAuthorization: ({ now, signal }) =>
      run('device', signal, [], async (as) => {
        const answer = await oauth.processDeviceAuthorizationResponse(
          as,
          client,
          await oauth.deviceAuthorizationRequest(
            as,
            client,
            clientAuth,
            clean({ scope: scopes.join(' ') || undefined }) as Record<string, string>,
            tokenHttp(signal),
          ),
        );
        // Opened in the person's browser: https only (plain http for a loopback test server).
        const page = (value: unknown) => secureUrl(value, insecure)?.href;
        const verificationUri = page(answer.verification_uri);
        if (!verificationUri) {
          throw new AuthError('invalid_response', 'device: no https verification page', {
            kind: 'verification-https',
            detail: `verification_uri: ${sanitizeText(answer.verification_uri)}`,
          });
        }
        return clean({
          deviceCode: answer.device_code,
          userCode: answer.user_code,
          verificationUri,
          verificationUriComplete: page(answer.verification_uri_complete),
          intervalMs: (answer.interval ?? 5) * 1000,
          startedAt: now,
          expiresAt: now + answer.expires_in * 1000,
          metadata: as,
        });
      }),

    pollDeviceToken: ({ device, now, signal }) =>
      run(
        'token',
        signal,
        [device.deviceCode],
        async (as) => {
          try {
            const response = await oauth.deviceCodeGrantRequest(
              as,
              client,
              clientAuth,
              device.deviceCode,
              tokenHttp(signal),
            );
            const tokens = toTokenSet(
              await oauth.processDeviceCodeResponse(as, client, response),
              now,
            );
            return { status: 'tokens', tokens };
          } catch (error) {
            const code = error instanceof oauth.ResponseBodyError && error.error;
            if (code === 'authorization_pending') return { status: 'pending' };
            if (code !== 'slow_down') throw error;
            // RFC 8628 §3.5: five seconds more from now on, or what the server asks (GitHub does).
            const asked = Number((error as oauth.ResponseBodyError).cause.interval) * 1000;
            return {
              status: 'slow_down',
              intervalMs: Math.max(device.intervalMs + 5000, asked || 0),
            };
          }
        },
        device.metadata,
      ),

    async revoke({ tokens, signal }) {
      return run('revocation', signal, tokenSecrets(tokens), async (as) => {
        if (typeof as.revocation_endpoint !== 'string') {
          if (!config.revocationPage) return false;
          throw new AuthError('revocation_unsupported', 'revocation: only at the provider', {
            revocationPage: config.revocationPage,
          });
        }
        const failures: unknown[] = [];
        // The refresh token first: revoking it usually ends the access tokens it issued too.
        for (const hint of ['refresh_token', 'access_token'] as const) {
          const token = hint === 'access_token' ? tokens.accessToken : tokens.refreshToken;
          if (!token) continue;
          try {
            const response = await oauth.revocationRequest(as, client, clientAuth, token, {
              ...http(signal),
              additionalParameters: { token_type_hint: hint },
            });
            await oauth.processRevocationResponse(response);
            // Read the answer to its end: a dropped body shows as an aborted request.
            await response.arrayBuffer();
          } catch (error) {
            if (signal?.aborted) throw error;
            // RFC 7009 §2.2.1: a server may not revoke access tokens; that is not a failure.
            const unsupported =
              error instanceof oauth.ResponseBodyError && error.error === 'unsupported_token_type';
            if (!(unsupported && hint === 'access_token')) failures.push(error);
          }
        }
        if (failures.length > 0) throw failures[0];
        return true;
      });
    },
  };
  if (config.providerLogout) {
    operations.endSessionUrl = ({ tokens, signal }) =>
      run('revocation', signal, tokenSecrets(tokens), async (as) => {
        const url = secureUrl(as.end_session_endpoint, insecure);
        if (!url) {
          throw new AuthError('revocation_unsupported', 'logout: no https end_session_endpoint', {
            kind: 'no-end-session',
          });
        }
        url.searchParams.set('client_id', clientId);
        if (tokens.idToken) url.searchParams.set('id_token_hint', tokens.idToken);
        return url.href;
      });
  }
  return operations;
}

/** The pending sign-in this client made: with its PKCE verifier (a page-side client keeps it). */
function assertPending(pending: PendingAuthorization): void {
  if (![pending?.state, pending?.codeVerifier, pending?.redirectUri].every(isText)) {
    throw new AuthError('no_pending_login', 'no pending sign-in record', {
      kind: 'incomplete-record',
      detail: 'The pending sign-in record is missing or incomplete.',
    });
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function tokenSecrets(tokens: TokenSet): Secrets {
  return [tokens.accessToken, tokens.refreshToken, tokens.idToken];
}

/** A year: longer lives are cut to it, so an expiry is always a finite, storable time. */
const MAX_EXPIRES_IN_S = 365 * 24 * 3600;

/**
 * A token or device endpoint's JSON answer made readable by oauth4webapi:
 * - an error answered with HTTP 200 (GitHub's way: `{"error": "authorization_pending"}`) becomes
 *   the 400 of RFC 6749 §5.2, so it is read as the OAuth error it is, not as a malformed success;
 * - an `expires_in` that says nothing usable about the token's life — negative, zero, not a
 *   number — is dropped (oauth4webapi would refuse the whole answer): the token is then of
 *   unknown life, and a 401 tells when it ends. A number in a string is read, and an absurdly
 *   long life is cut to a year.
 * Anything else is passed on untouched.
 */
export async function readableAnswer(response: Response): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    body = (await response.clone().json()) as Record<string, unknown>;
  } catch {
    return response;
  }
  const given = body?.expires_in;
  const error = response.status === 200 && typeof body?.error === 'string';
  if (
    !error &&
    (!response.ok ||
      given === undefined ||
      (typeof given === 'number' && given > 0 && given <= MAX_EXPIRES_IN_S))
  ) {
    return response;
  }
  if (!error) {
    const seconds = Number(given ?? Number.NaN);
    body.expires_in = seconds > 0 ? Math.min(seconds, MAX_EXPIRES_IN_S) : undefined;
  }
  return new Response(JSON.stringify(body), {
    status: error ? 400 : response.status,
    headers: { 'content-type': 'application/json' },
  });
}

function toTokenSet(result: oauth.TokenEndpointResponse, now: number): TokenSet {
  const { token_type: tokenType, expires_in: expiresIn, id_token: idToken } = result;
  // Only Bearer is sent (userinfo, APIs): a DPoP-bound token would be unusable.
  if (tokenType !== 'bearer') {
    throw new oauth.UnsupportedOperationError(
      `token_type is ${JSON.stringify(sanitizeText(tokenType) ?? '')}, expected "bearer"`,
    );
  }
  const claims = oauth.getValidatedIdTokenClaims(result);
  return clean({
    accessToken: result.access_token,
    tokenType,
    expiresAt: typeof expiresIn === 'number' ? now + expiresIn * 1000 : undefined,
    refreshToken: result.refresh_token,
    scope: result.scope,
    idTokenClaims: claims && idToken ? ({ ...claims } as IdTokenClaims) : undefined,
    idToken: claims && idToken,
  }) as TokenSet;
}

function toUserProfile(claims: Readonly<Record<string, unknown>>): UserProfile {
  const text = (...names: string[]) => names.map((name) => claims[name]).find(isText);
  return clean({
    subject: String(claims.sub),
    name: text('name', 'preferred_username', 'nickname'),
    email: text('email'),
    picture: text('picture'),
    claims: { ...claims },
  }) as UserProfile;
}
