import * as oauth from 'oauth4webapi';
import { isLoopbackHttpIssuer, isLoopbackUrl, redirectUriOf, tryParseUrl } from './config';
import { mapOAuthError, markNetworkFailures, type OAuthStep } from './errorMapping';
import { AuthError } from './errors';
import { calculateCodeChallenge, generateCodeVerifier } from './pkce';
import { redirectSearchParams, sanitizeText } from './redirect';
import type {
  IdTokenClaims,
  OAuthClient,
  PendingAuthorization,
  ProviderConfig,
  TokenSet,
  UserProfile,
  ValidatedRedirect,
} from './types';

export interface OAuthClientOptions {
  /** Replaces the global `fetch` (tests, or a proxy through the extension's backend). */
  fetch?: typeof fetch;
  /** Replace the random values (tests only): each must be fresh and high-entropy. */
  randomCodeVerifier?: () => string;
  randomState?: () => string;
  randomNonce?: () => string;
}

type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

interface RequestOptions {
  signal?: AbortSignal;
  [oauth.customFetch]: Fetcher;
  [oauth.allowInsecureRequests]?: boolean;
}

type Secrets = ReadonlyArray<string | undefined>;

/**
 * The protocol operations on oauth4webapi, for a public client (no secret, PKCE S256).
 * Holds no sign-in state: only the provider's metadata, cached after the first discovery.
 */
export function createOAuthClient(
  config: ProviderConfig,
  options: OAuthClientOptions = {},
): OAuthClient {
  const provider = config.displayName;
  const client: oauth.Client = { client_id: config.clientId };
  const redirectUri = redirectUriOf(config);
  // Plain http only for a loopback test issuer, never for a configured production provider.
  const insecure = isLoopbackHttpIssuer(config.issuer);
  const randomCodeVerifier = options.randomCodeVerifier ?? generateCodeVerifier;
  const randomState = options.randomState ?? oauth.generateRandomState;
  const randomNonce = options.randomNonce ?? oauth.generateRandomNonce;

  // Resolved at each request (never at import), and called as a plain function: a browser's
  // fetch refuses any other `this`.
  const send: Fetcher = markNetworkFailures(() => options.fetch ?? globalThis.fetch);

  function http(signal: AbortSignal | undefined): RequestOptions {
    const request: RequestOptions = { [oauth.customFetch]: send };
    if (insecure) request[oauth.allowInsecureRequests] = true;
    if (signal !== undefined) request.signal = signal;
    return request;
  }

  async function run<T>(
    step: OAuthStep,
    signal: AbortSignal | undefined,
    secrets: Secrets,
    operation: () => Promise<T>,
  ): Promise<T> {
    try {
      signal?.throwIfAborted();
      return await operation();
    } catch (error) {
      throw mapOAuthError(error, {
        step,
        provider,
        secrets,
        ...(signal === undefined ? {} : { signal }),
      });
    }
  }

  let server: oauth.AuthorizationServer | undefined = config.endpoints && {
    issuer: config.issuer,
    authorization_endpoint: config.endpoints.authorization,
    token_endpoint: config.endpoints.token,
    ...(config.endpoints.userinfo ? { userinfo_endpoint: config.endpoints.userinfo } : {}),
    ...(config.endpoints.revocation ? { revocation_endpoint: config.endpoints.revocation } : {}),
  };

  /** The provider's metadata; a failed discovery is not cached, so the next call retries. */
  async function authorizationServer(signal: AbortSignal | undefined) {
    if (server !== undefined) return server;
    const discovered = await run('discovery', signal, [], async () => {
      const issuer = new URL(config.issuer);
      let response = await oauth.discoveryRequest(issuer, { ...http(signal), algorithm: 'oidc' });
      if (response.status === 404) {
        // Not an OpenID provider: try RFC 8414 OAuth authorization server metadata.
        await response.body?.cancel();
        response = await oauth.discoveryRequest(issuer, { ...http(signal), algorithm: 'oauth2' });
      }
      return oauth.processDiscoveryResponse(issuer, response);
    });
    const methods = discovered.code_challenge_methods_supported;
    if (Array.isArray(methods) && !methods.includes('S256')) {
      throw new AuthError(
        'invalid_configuration',
        `${provider} does not support PKCE with S256, which this extension requires.`,
        { field: 'issuer', detail: `code_challenge_methods_supported: ${methods.join(', ')}` },
      );
    }
    server = discovered;
    return discovered;
  }

  function authorizationEndpoint(as: oauth.AuthorizationServer): URL {
    const url =
      typeof as.authorization_endpoint === 'string' ? tryParseUrl(as.authorization_endpoint) : null;
    if (url === null) {
      throw new AuthError(
        'invalid_response',
        `${provider}'s metadata does not list an authorization endpoint.`,
        {
          detail: 'authorization_endpoint is missing or not a URL.',
        },
      );
    }
    const allowed =
      url.protocol === 'https:' || (insecure && url.protocol === 'http:' && isLoopbackUrl(url));
    if (!allowed) {
      throw new AuthError(
        'invalid_response',
        `${provider} lists an endpoint that does not use https.`,
        {
          detail: `authorization_endpoint uses ${url.protocol}`,
        },
      );
    }
    return url;
  }

  /**
   * `iss` (RFC 9207) and `state`, checked here in oauth4webapi's order so each failure gets its
   * own reason; `validateAuthResponse` then repeats them and handles `error` and the rest.
   */
  function checkIssuerAndState(
    as: oauth.AuthorizationServer,
    params: URLSearchParams,
    expectedState: string,
  ): void {
    const issuers = params.getAll('iss');
    const states = params.getAll('state');
    if (issuers.length > 1 || states.length > 1) {
      throw new AuthError(
        'invalid_redirect',
        `The answer from ${provider} was not a valid sign-in response.`,
        {
          detail: 'The redirect repeats the "iss" or "state" parameter.',
        },
      );
    }
    const [iss] = issuers;
    if (iss === undefined && as.authorization_response_iss_parameter_supported === true) {
      throw new AuthError(
        'issuer_mismatch',
        `The sign-in answer did not say that it came from ${provider}. Please sign in again.`,
        { detail: `The redirect has no "iss" parameter; expected ${as.issuer} (RFC 9207).` },
      );
    }
    if (iss !== undefined && iss !== as.issuer) {
      throw new AuthError(
        'issuer_mismatch',
        `The sign-in answer came from another server than ${provider}. Please sign in again.`,
        {
          detail: `The redirect's "iss" is ${JSON.stringify(sanitizeText(iss) ?? '')}; expected ${as.issuer} (RFC 9207).`,
        },
      );
    }
    const [state] = states;
    if (state !== expectedState) {
      throw new AuthError(
        'state_mismatch',
        'This sign-in answer does not belong to the sign-in started here. Please sign in again.',
        {
          detail:
            state === undefined
              ? 'The redirect has no "state" parameter.'
              : 'The redirect\'s "state" differs from the pending sign-in\'s.',
        },
      );
    }
  }

  function validateParams(
    as: oauth.AuthorizationServer,
    params: URLSearchParams,
    pending: PendingAuthorization,
  ): URLSearchParams {
    checkIssuerAndState(as, params, pending.state);
    const validated = oauth.validateAuthResponse(as, client, params, pending.state);
    if (!validated.get('code')) {
      throw new AuthError(
        'invalid_redirect',
        `The answer from ${provider} did not contain a sign-in code.`,
        {
          detail: 'The redirect has neither "code" nor "error".',
        },
      );
    }
    return validated;
  }

  async function validateRedirect({
    search,
    pending,
    signal,
  }: {
    search: string;
    pending: PendingAuthorization;
    signal?: AbortSignal;
  }): Promise<ValidatedRedirect> {
    assertPending(pending);
    const params = redirectSearchParams(search);
    const as = await authorizationServer(signal);
    return run(
      'redirect',
      signal,
      [...pendingSecrets(pending), ...params.getAll('code')],
      async () => ({
        params: validateParams(as, params, pending).toString(),
      }),
    );
  }

  return {
    async prepareAuthorization({ now, signal }) {
      const as = await authorizationServer(signal);
      return run('authorization', signal, [], async () => {
        const url = authorizationEndpoint(as);
        const codeVerifier = randomCodeVerifier();
        const codeChallenge = await calculateCodeChallenge(codeVerifier);
        const state = randomState();
        const nonce = config.scopes.includes('openid') ? randomNonce() : undefined;

        const query = url.searchParams;
        query.set('response_type', 'code');
        query.set('client_id', config.clientId);
        query.set('redirect_uri', redirectUri);
        if (config.scopes.length > 0) query.set('scope', config.scopes.join(' '));
        query.set('state', state);
        query.set('code_challenge', codeChallenge);
        query.set('code_challenge_method', 'S256');
        if (nonce !== undefined) query.set('nonce', nonce);
        for (const [name, value] of Object.entries(config.extraAuthorizationParams ?? {})) {
          query.set(name, value);
        }

        const pending: PendingAuthorization = {
          state,
          codeVerifier,
          redirectUri,
          startedAt: now,
          authorizationUrl: url.href,
        };
        if (nonce !== undefined) pending.nonce = nonce;
        return pending;
      });
    },

    validateRedirect,

    async exchangeCode({ redirect, pending, now, signal }) {
      assertPending(pending);
      const params = new URLSearchParams(redirect.params);
      const secrets = [...pendingSecrets(pending), ...params.getAll('code')];
      const as = await authorizationServer(signal);
      // The grant needs oauth4webapi's own validated parameters: validate again (cheap).
      const validated = await run('redirect', signal, secrets, async () =>
        validateParams(as, params, pending),
      );
      return run('token', signal, secrets, async () => {
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          oauth.None(),
          validated,
          pending.redirectUri,
          pending.codeVerifier,
          http(signal),
        );
        const result = await oauth.processAuthorizationCodeResponse(
          as,
          client,
          response,
          pending.nonce === undefined ? {} : { expectedNonce: pending.nonce },
        );
        return toTokenSet(result, now, provider);
      });
    },

    async refresh({ tokens, now, signal }) {
      const refreshToken = tokens.refreshToken;
      if (!refreshToken) {
        throw new AuthError(
          'token_error',
          'This session cannot be renewed. Please sign in again.',
          {
            detail:
              'No refresh token was issued (providers often require the offline_access scope).',
          },
        );
      }
      const as = await authorizationServer(signal);
      return run('refresh', signal, tokenSecrets(tokens), async () => {
        const response = await oauth.refreshTokenGrantRequest(
          as,
          client,
          oauth.None(),
          refreshToken,
          http(signal),
        );
        const result = await oauth.processRefreshTokenResponse(as, client, response);
        const next = toTokenSet(result, now, provider);
        // Rotation (RFC 9700): the new refresh token replaces the old one; keep the old one
        // only when the server issued none.
        next.refreshToken ??= refreshToken;
        if (next.scope === undefined && tokens.scope !== undefined) next.scope = tokens.scope;
        if (next.idTokenClaims === undefined) {
          if (tokens.idTokenClaims !== undefined) next.idTokenClaims = tokens.idTokenClaims;
          if (tokens.idToken !== undefined) next.idToken = tokens.idToken;
        } else if (
          tokens.idTokenClaims !== undefined &&
          next.idTokenClaims.sub !== tokens.idTokenClaims.sub
        ) {
          // OpenID Connect Core §12.2: a refreshed ID token is about the same user.
          throw new AuthError(
            'invalid_response',
            `The renewed session from ${provider} belongs to another account.`,
            {
              detail: 'The refreshed ID token has a different "sub" claim.',
            },
          );
        }
        return next;
      });
    },

    async fetchUserProfile({ tokens, signal }) {
      const as = await authorizationServer(signal);
      if (typeof as.userinfo_endpoint !== 'string') {
        if (tokens.idTokenClaims !== undefined) return toUserProfile(tokens.idTokenClaims);
        throw new AuthError(
          'invalid_configuration',
          `${provider} offers no user information: set endpoints.userinfo, or ask for the openid scope.`,
          { field: 'endpoints.userinfo' },
        );
      }
      return run('userinfo', signal, tokenSecrets(tokens), async () => {
        const response = await oauth.userInfoRequest(as, client, tokens.accessToken, http(signal));
        const expectedSubject = tokens.idTokenClaims?.sub ?? oauth.skipSubjectCheck;
        const info = await oauth.processUserInfoResponse(as, client, expectedSubject, response);
        return toUserProfile(info);
      });
    },

    async revoke({ tokens, signal }) {
      const as = await authorizationServer(signal);
      if (typeof as.revocation_endpoint !== 'string') return false;
      return run('revocation', signal, tokenSecrets(tokens), async () => {
        const failures: unknown[] = [];
        // The refresh token first: revoking it usually ends the access tokens it issued too.
        const targets: Array<[string | undefined, string]> = [
          [tokens.refreshToken, 'refresh_token'],
          [tokens.accessToken, 'access_token'],
        ];
        for (const [token, hint] of targets) {
          if (!token) continue;
          try {
            const response = await oauth.revocationRequest(as, client, oauth.None(), token, {
              ...http(signal),
              additionalParameters: { token_type_hint: hint },
            });
            await oauth.processRevocationResponse(response);
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
}

function assertPending(pending: PendingAuthorization): void {
  const usable =
    typeof pending === 'object' &&
    pending !== null &&
    typeof pending.state === 'string' &&
    pending.state !== '' &&
    typeof pending.codeVerifier === 'string' &&
    pending.codeVerifier !== '' &&
    typeof pending.redirectUri === 'string' &&
    pending.redirectUri !== '';
  if (!usable) {
    throw new AuthError(
      'no_pending_login',
      'No sign-in was started here, or it was cancelled. Please sign in again.',
      {
        detail: 'The pending sign-in record is missing or incomplete.',
      },
    );
  }
}

function pendingSecrets(pending: PendingAuthorization): Secrets {
  return [pending.state, pending.codeVerifier, pending.nonce];
}

function tokenSecrets(tokens: TokenSet): Secrets {
  return [tokens.accessToken, tokens.refreshToken, tokens.idToken];
}

function toTokenSet(result: oauth.TokenEndpointResponse, now: number, provider: string): TokenSet {
  // Only Bearer is sent (userinfo, APIs): a DPoP-bound token would be unusable.
  if (result.token_type !== 'bearer') {
    throw new AuthError(
      'invalid_response',
      `${provider} issued a kind of token this extension cannot use.`,
      {
        detail: `token_type is "${sanitizeText(result.token_type) ?? ''}", expected "bearer".`,
      },
    );
  }
  const tokens: TokenSet = { accessToken: result.access_token, tokenType: result.token_type };
  if (typeof result.expires_in === 'number') tokens.expiresAt = now + result.expires_in * 1000;
  if (result.refresh_token !== undefined) tokens.refreshToken = result.refresh_token;
  if (result.scope !== undefined) tokens.scope = result.scope;
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (claims !== undefined && result.id_token !== undefined) {
    tokens.idTokenClaims = { ...claims } as IdTokenClaims;
    tokens.idToken = result.id_token;
  }
  return tokens;
}

function toUserProfile(claims: Readonly<Record<string, unknown>>): UserProfile {
  const text = (name: string): string | undefined => {
    const value = claims[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const profile: UserProfile = { subject: String(claims.sub), claims: { ...claims } };
  const name = text('name') ?? text('preferred_username') ?? text('nickname');
  if (name !== undefined) profile.name = name;
  const email = text('email');
  if (email !== undefined) profile.email = email;
  const picture = text('picture');
  if (picture !== undefined) profile.picture = picture;
  return profile;
}
