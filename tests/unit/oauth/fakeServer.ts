/**
 * An in-memory authorization server behind an injected `fetch`: real `Response` objects, no
 * network. Every request is recorded so tests can read what the client sent.
 */
import { expect } from 'vitest';
import { createOAuthClient, type OAuthClientOptions } from '../../../src/oauth/client';
import { AuthError } from '../../../src/oauth/errors';
import type { PendingAuthorization, ProviderConfig } from '../../../src/oauth/types';
import { loadProviderSettings } from '../../../src/providerMode';
import { textFor } from '../../../src/ui/texts';

export const ISSUER = 'https://auth.example.com';
export const CLIENT_ID = 'docker-extension';
export const EXTENSION_ID = 'acme/oauth-extension';
export const PROVIDER = 'Acme ID';
export const REGISTERED_REDIRECT_URI =
  'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: URLSearchParams;
  /** A body sent as text (JSON), as it was sent. */
  text?: string;
  signal: AbortSignal | undefined;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export interface FakeServer {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Requests to one path (origin ignored). */
  requestsTo(pathname: string): RecordedRequest[];
  /** Replaces (or adds) the handler of a path. */
  on(pathname: string, handler: Handler): void;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** An answer the way GitHub sends it to a client that did not ask for JSON. */
export function form(body: Record<string, string>, status = 200): Response {
  return new Response(new URLSearchParams(body).toString(), {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
}

export function html(body: string, status: number): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export function discoveryDocument(issuer = ISSUER, extra: Record<string, unknown> = {}) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/me`,
    revocation_endpoint: `${issuer}/token/revocation`,
    device_authorization_endpoint: `${issuer}/device/auth`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    ...extra,
  };
}

/**
 * A fake server answering discovery by default. The handlers see the request; a handler that
 * never resolves still ends when the request's signal aborts, like a real fetch.
 */
export function fakeServer(handlers: Record<string, Handler> = {}, issuer = ISSUER): FakeServer {
  const routes = new Map<string, Handler>(Object.entries(handlers));
  if (!routes.has('/.well-known/openid-configuration')) {
    routes.set('/.well-known/openid-configuration', () => json(discoveryDocument(issuer)));
  }
  const requests: RecordedRequest[] = [];

  const fakeFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init.signal ?? undefined;
    const body =
      init.body instanceof URLSearchParams ? new URLSearchParams(init.body) : new URLSearchParams();
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body,
      ...(typeof init.body === 'string' ? { text: init.body } : {}),
      signal,
    };
    requests.push(request);
    signal?.throwIfAborted();
    const handler = routes.get(new URL(url).pathname);
    const answer = Promise.resolve(
      handler === undefined ? html('<h1>Not Found</h1>', 404) : handler(request),
    );
    if (signal === undefined) return answer;
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };

  return {
    fetch: fakeFetch as typeof fetch,
    requests,
    requestsTo: (pathname) => requests.filter((r) => new URL(r.url).pathname === pathname),
    on: (pathname, handler) => {
      routes.set(pathname, handler);
    },
  };
}

/** The provider settings as the page and the backend load them (src/providerMode.ts). */
export function testConfig(overrides: Record<string, unknown> = {}): ProviderConfig {
  return loadProviderSettings({
    issuer: ISSUER,
    clientId: CLIENT_ID,
    extensionId: EXTENSION_ID,
    displayName: PROVIDER,
    ...overrides,
  });
}

export function testClient(
  server: FakeServer,
  overrides: Record<string, unknown> = {},
  options: OAuthClientOptions = {},
) {
  return createOAuthClient(testConfig(overrides), { fetch: server.fetch, ...options });
}

/** The redirect an authorization server would send back for `pending`, re-encoded. */
export function redirectFor(
  pending: PendingAuthorization,
  params: Record<string, string> = {},
  issuer = ISSUER,
): string {
  const query = new URLSearchParams({
    extensionId: EXTENSION_ID,
    code: 'authorization-code-1234',
    state: pending.state,
    iss: issuer,
    ...params,
  });
  return `?${query.toString()}`;
}

/** The rejection of `promise`, asserted to be an AuthError. */
export async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the operation to reject');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

/** What a person reads about `error` (src/ui/texts.ts), for the provider `displayName`. */
export function said(error: AuthError, displayName = PROVIDER): string {
  return textFor(error, displayName);
}

/** Asserts that none of `secrets` shows up in the error's message, text or detail. */
export function expectNoSecrets(
  error: AuthError,
  secrets: ReadonlyArray<string | undefined>,
): void {
  for (const secret of secrets) {
    if (!secret) continue;
    expect(error.message).not.toContain(secret);
    expect(said(error)).not.toContain(secret);
    expect(error.detail ?? '').not.toContain(secret);
    expect(error.description ?? '').not.toContain(secret);
  }
}

function base64url(data: ArrayBuffer | Uint8Array | string): string {
  const bytes =
    typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data as ArrayBuffer);
  return Buffer.from(bytes).toString('base64url');
}

let signingKey: Promise<CryptoKeyPair> | undefined;

/** An RS256 ID token signed with a real key (oauth4webapi checks its claims, not the key). */
export async function signIdToken(claims: Record<string, unknown>): Promise<string> {
  signingKey ??= crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign', 'verify'],
  ) as Promise<CryptoKeyPair>;
  const { privateKey } = await signingKey;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }));
  const payload = base64url(
    JSON.stringify({
      iss: ISSUER,
      aud: CLIENT_ID,
      sub: 'user-42',
      iat: nowSeconds,
      exp: nowSeconds + 300,
      ...claims,
    }),
  );
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    privateKey,
    new TextEncoder().encode(`${header}.${payload}`),
  );
  return `${header}.${payload}.${base64url(signature)}`;
}

/** A token endpoint answer. */
export function tokenResponse(extra: Record<string, unknown> = {}): Response {
  return json(
    {
      access_token: 'access-token-abcdef',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'refresh-token-123456',
      scope: 'openid profile email',
      ...extra,
    },
    200,
    { 'cache-control': 'no-store' },
  );
}
