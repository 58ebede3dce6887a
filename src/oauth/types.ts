/**
 * The data that crosses between the protocol module (src/oauth) and the statechart
 * (src/machines). Plain, serialisable values: the statechart never sees an oauth4webapi object.
 */

/** How the provider is reached. Validated by `loadProviderConfig` (config.ts). */
export interface ProviderConfig {
  /** Shown to the user: "Sign in with <displayName>". */
  displayName: string;
  /**
   * The issuer identifier. With `endpoints` absent, its OpenID Connect / RFC 8414 discovery
   * document is fetched; with `endpoints` present, it is only used to check `iss`.
   */
  issuer: string;
  /** Explicit endpoints, for providers without discovery. */
  endpoints?: ProviderEndpoints;
  clientId: string;
  /** Scopes to ask for, e.g. ['openid', 'profile', 'email', 'offline_access']. */
  scopes: string[];
  /** The extension's image repository, e.g. 'acme/oauth-extension'. */
  extensionId: string;
  /**
   * 'docker-desktop' (default): docker-desktop://dashboard/extension-tab?extensionId=<id>.
   * 'open.docker.com': https://open.docker.com/dashboard/extension-tab?extensionId=<id>, for
   * providers that refuse custom-scheme redirect URIs.
   */
  redirectStyle: RedirectStyle;
  /**
   * An explicit redirect URI, overriding `redirectStyle` (for a development forwarder on a
   * loopback address). Sent exactly as written; it must carry `extensionId=<extensionId>`.
   */
  redirectUri?: string;
  /** Extra authorization request parameters (e.g. { prompt: 'consent' }). */
  extraAuthorizationParams?: Record<string, string>;
  /**
   * The address where a person revokes the extension's access themselves, for providers that
   * let only the app's owner (with its secret) revoke tokens, such as GitHub.
   */
  revocationPage?: string;
  /**
   * Sign-out also ends the person's session at the provider, in the browser: OpenID Connect
   * RP-Initiated Logout 1.0, at the provider's `end_session_endpoint`.
   */
  providerLogout?: boolean;
}

export type SignInFlow = 'code' | 'device';

export type RedirectStyle = 'docker-desktop' | 'open.docker.com';

export interface ProviderEndpoints {
  authorization: string;
  token: string;
  /** RFC 8628 device authorization endpoint, for `flow: 'device'`. */
  deviceAuthorization?: string;
  userinfo?: string;
  revocation?: string;
}

/**
 * Saved before the browser opens (Docker Desktop may reload the page before the redirect comes
 * back) and consumed before the token request, so a code is never exchanged twice.
 */
export interface PendingAuthorization {
  state: string;
  /** The PKCE verifier; absent in the page when the extension's backend keeps it. */
  codeVerifier?: string;
  /** Present when the scope includes `openid`. */
  nonce?: string;
  /** The exact registered redirect URI, sent unchanged in the token request. */
  redirectUri: string;
  /** Epoch milliseconds, from the injected clock. */
  startedAt: number;
  /** The authorization URL, so the browser can be opened again with the same URL. */
  authorizationUrl: string;
  /**
   * The provider's metadata (its discovery document) this sign-in started with, kept so that
   * the page Docker Desktop reloads does not fetch discovery again (absent from a backend).
   */
  metadata?: ProviderMetadata;
}

/** A provider's metadata (RFC 8414 / OpenID Connect Discovery), as discovered. */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly [name: string]: unknown;
}

/**
 * A device authorization in progress (RFC 8628 §3.2), saved so that a reload of the extension
 * tab resumes polling until it expires. `deviceCode` is what the polls carry: the provider's
 * device code, or, when the extension's backend keeps that, the backend's handle for it.
 */
export interface DeviceAuthorization {
  deviceCode: string;
  /** What the person types at the verification page. */
  userCode: string;
  verificationUri: string;
  /** The verification page with the code filled in, when the provider offers one. */
  verificationUriComplete?: string;
  /** The least time between two polls, in milliseconds (RFC 8628 §3.5: 5 s by default). */
  intervalMs: number;
  /** Epoch milliseconds, from the injected clock. */
  startedAt: number;
  /** Epoch milliseconds after which the device code is no longer good. */
  expiresAt: number;
  /** As for PendingAuthorization: the metadata the device sign-in started with. */
  metadata?: ProviderMetadata;
}

/**
 * What one poll of the token endpoint says: the person has not finished yet; poll slower from
 * now on (`intervalMs` is the new least interval); or the tokens.
 */
export type DevicePoll =
  | { status: 'pending' }
  | { status: 'slow_down'; intervalMs: number }
  | { status: 'tokens'; tokens: TokenSet };

/** The answer of the token endpoint, parsed and validated. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds at which the access token expires, when the server said. */
  expiresAt?: number;
  refreshToken?: string;
  /**
   * True when a refresh token exists but is kept out of the page (by the extension's backend):
   * the session can be renewed although `refreshToken` is absent here.
   */
  refreshable?: boolean;
  /** Granted scope (space-separated), when the server said. */
  scope?: string;
  /** Claims of the validated ID token, when one was issued. */
  idTokenClaims?: IdTokenClaims;
  /** The raw ID token, kept only to offer `id_token_hint` at sign-out. */
  idToken?: string;
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  [claim: string]: unknown;
}

/** The user's data, from the userinfo endpoint (or the ID token when there is none). */
export interface UserProfile {
  subject: string;
  name?: string;
  /** The account's handle (`preferred_username`, GitHub's `login`), when it differs from the name. */
  username?: string;
  email?: string;
  picture?: string;
  /** Everything the endpoint returned, for extension authors who need more. */
  claims: Record<string, unknown>;
}

/**
 * The protocol operations the statechart invokes. `createOAuthClient(config)` (client.ts)
 * implements them on oauth4webapi; tests replace them with fakes.
 * Every operation rejects with an `AuthError` (errors.ts) and honours its `signal`.
 */
export interface OAuthClient {
  /** Discovery (cached), fresh PKCE verifier, `state` and `nonce`, and the authorization URL. */
  prepareAuthorization(options: {
    now: number;
    signal?: AbortSignal;
  }): Promise<PendingAuthorization>;
  /**
   * Validates the redirect's query (`window.location.search`) against the pending sign-in:
   * `state`, `iss` where the server supports RFC 9207, and error answers. Resolves with the
   * validated parameters (serialised), ready for `exchangeCode`.
   */
  validateRedirect(options: {
    search: string;
    pending: PendingAuthorization;
    signal?: AbortSignal;
  }): Promise<ValidatedRedirect>;
  /** The authorization-code grant with the PKCE verifier. */
  exchangeCode(options: {
    redirect: ValidatedRedirect;
    pending: PendingAuthorization;
    now: number;
    signal?: AbortSignal;
  }): Promise<TokenSet>;
  /** The refresh-token grant; the answer's refresh token (rotated) replaces the old one. */
  refresh(options: { tokens: TokenSet; now: number; signal?: AbortSignal }): Promise<TokenSet>;
  /** The user's data with the access token. */
  fetchUserProfile(options: { tokens: TokenSet; signal?: AbortSignal }): Promise<UserProfile>;
  /** RFC 8628 §3.1: asks for a device code and the code the person enters. */
  startDeviceAuthorization(options: {
    now: number;
    signal?: AbortSignal;
  }): Promise<DeviceAuthorization>;
  /**
   * RFC 8628 §3.4: one poll of the token endpoint with the device code. Rejects with
   * `device_code_expired` or `access_denied` (the person declined), among the usual failures.
   */
  pollDeviceToken(options: {
    device: DeviceAuthorization;
    now: number;
    signal?: AbortSignal;
  }): Promise<DevicePoll>;
  /**
   * RFC 7009 revocation of the refresh and access tokens; resolves false when unsupported, and
   * rejects with `revocation_unsupported` when only the person can revoke (`revocationPage`).
   */
  revoke(options: { tokens: TokenSet; signal?: AbortSignal }): Promise<boolean>;
  /**
   * With `providerLogout` only: the provider's sign-out page (OpenID Connect RP-Initiated Logout
   * 1.0) for the browser, with `client_id` and, while the ID token is at hand, `id_token_hint`.
   * Rejects with `revocation_unsupported` when the provider lists no `end_session_endpoint`.
   */
  endSessionUrl?(options: { tokens: TokenSet; signal?: AbortSignal }): Promise<string>;
}

/** The redirect's parameters after validation: only `code` (and `iss`) remain of interest. */
export interface ValidatedRedirect {
  /** The validated query, serialised (URLSearchParams string) so it can sit in a snapshot. */
  params: string;
}
