/**
 * The wire between the extension's page and its backend (backend/, a container in Docker
 * Desktop's VM reached through `ddClient.extension.vm.service`): one route per `OAuthClient`
 * operation, plus the session. Types and route names only, shared by both sides.
 *
 * Every answer is an envelope: `{ ok: true, ...result }` or `{ ok: false, error }`. A protocol
 * outcome (the provider refused, could not be reached...) is answered with HTTP 200 and
 * `ok: false`, because some Docker Desktop releases turned every non-2xx answer into an opaque
 * rejection; only the backend's own refusals of a request (bad input, unknown route, too large)
 * use 4xx/5xx, with the same envelope in the body.
 */
import type { AuthErrorReason } from '../oauth/errors';
import type {
  DeviceAuthorization,
  IdTokenClaims,
  PendingAuthorization,
  UserProfile,
  ValidatedRedirect,
} from '../oauth/types';

export const BACKEND_ROUTES = {
  prepareAuthorization: '/prepare-authorization',
  validateRedirect: '/validate-redirect',
  exchangeCode: '/exchange-code',
  refresh: '/refresh',
  userProfile: '/user-profile',
  revoke: '/revoke',
  startDeviceAuthorization: '/start-device-authorization',
  pollDeviceToken: '/poll-device-token',
  session: '/session',
} as const;

/** What the page receives of a token set: never the refresh token or the raw ID token. */
export interface PageTokenSet {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  scope?: string;
  idTokenClaims?: IdTokenClaims;
  /** The backend holds a refresh token for this session. */
  refreshable: boolean;
}

/** What the page keeps of a pending sign-in: the verifier stays in the backend. */
export type PagePendingAuthorization = Omit<PendingAuthorization, 'codeVerifier'>;

/** Request bodies, by route. */
export interface BackendRequests {
  prepareAuthorization: { now: number };
  validateRedirect: { search: string; state: string };
  exchangeCode: { params: string; state: string; now: number };
  /** `accessToken`: the one the page holds, so a refresh another tab already made is reused. */
  refresh: { accessToken: string; now: number };
  revoke: { accessToken: string };
  startDeviceAuthorization: { now: number };
  /** `deviceCode`: the backend's handle for the device code, which stays in the backend. */
  pollDeviceToken: { deviceCode: string; now: number };
}

/** A device poll's outcome as the page receives it: the tokens without their refresh token. */
export type PageDevicePoll =
  | { status: 'pending' }
  | { status: 'slow_down'; intervalMs: number }
  | { status: 'tokens'; tokens: PageTokenSet };

/** Successful answers, by route (each inside `{ ok: true, ... }`). */
export interface BackendResults {
  prepareAuthorization: { pending: PagePendingAuthorization };
  validateRedirect: { redirect: ValidatedRedirect };
  exchangeCode: { tokens: PageTokenSet };
  refresh: { tokens: PageTokenSet };
  userProfile: { profile: UserProfile };
  revoke: { revoked: boolean };
  /** `device.deviceCode` is the backend's handle for the device code. */
  startDeviceAuthorization: { device: DeviceAuthorization };
  pollDeviceToken: { poll: PageDevicePoll };
  getSession: { tokens: PageTokenSet | null };
  deleteSession: Record<string, never>;
}

/** The backend refusing a request itself (not a protocol outcome). */
export type BackendRequestErrorReason =
  | 'bad_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error';

export interface BackendError {
  reason: AuthErrorReason | BackendRequestErrorReason;
  /** A short technical text; the page words the failure from its data (src/ui/texts.ts). */
  message: string;
  /** The AuthError's data, as the page's own AuthErrors carry it (src/oauth/errors.ts). */
  kind?: string;
  step?: string;
  detail?: string;
  oauthError?: string;
  /** The provider's HTTP status, for protocol failures (a 401 from userinfo...). */
  status?: number;
  field?: string;
  revocationPage?: string;
}

export type BackendEnvelope<T> = ({ ok: true } & T) | { ok: false; error: BackendError };
