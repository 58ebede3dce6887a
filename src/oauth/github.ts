/**
 * GitHub's own API where it differs from OpenID Connect and RFC 7009: the user is read from its
 * REST API (`GET /user`, and `GET /user/emails` when the address is private), and a token is
 * revoked with `DELETE /applications/{client_id}/token`, which needs the app's client secret.
 *
 * GitHub's token and device endpoints send no CORS headers, so only the extension's backend
 * talks to GitHub: this module is used there (backend/), never bundled into the page.
 * Sources: docs.github.com, "Get the authenticated user", "List email addresses for the
 * authenticated user", "Delete an app token" (REST API version 2022-11-28).
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackHttpIssuer } from './config';
import { mapOAuthError, markNetworkFailures } from './errorMapping';
import { AuthError } from './errors';
import type { OAuthClient, ProviderConfig, TokenSet, UserProfile } from './types';

export interface GitHubApiOptions {
  /** Replaces the global `fetch` (tests). */
  fetch?: typeof fetch;
  /** The app's client secret: only with it can the extension revoke a token itself. */
  clientSecret?: string;
}

const API_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

interface GitHubUser {
  id: number | string;
  login: string;
  name?: string | null;
  email?: string | null;
  avatar_url?: string | null;
  [member: string]: unknown;
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * `client` with GitHub's user API and revocation. `config.endpoints.userinfo` is the REST API's
 * `/user` address (`https://api.github.com/user`, or `https://HOST/api/v3/user` on GitHub
 * Enterprise Server); the other addresses are found beside it.
 */
export function withGitHubApi(
  client: OAuthClient,
  config: ProviderConfig,
  options: GitHubApiOptions = {},
): OAuthClient {
  const userUrl = config.endpoints?.userinfo;
  if (!userUrl) {
    throw new AuthError('invalid_configuration', "GitHub's user API address is missing", {
      field: 'endpoints.userinfo',
    });
  }
  const apiBase = new URL('.', userUrl);
  const insecure = isLoopbackHttpIssuer(config.issuer);
  const send = markNetworkFailures(() => options.fetch ?? globalThis.fetch);

  async function call<T>(
    step: 'userinfo' | 'revocation',
    tokens: TokenSet,
    signal: AbortSignal | undefined,
    request: () => Promise<Response>,
  ): Promise<T> {
    try {
      signal?.throwIfAborted();
      const response = await request();
      if (!response.ok) {
        await response.body?.cancel();
        throw new AuthError('http_error', `${step}: HTTP ${response.status}`, {
          step,
          status: response.status,
          detail: `${step}: HTTP ${response.status} from the REST API.`,
          ...(response.status === 401 ? { kind: 'session-rejected' } : {}),
        });
      }
      return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
    } catch (error) {
      throw mapOAuthError(error, {
        step,
        signal,
        secrets: [tokens.accessToken, tokens.refreshToken, options.clientSecret],
      });
    }
  }

  const get = <T>(tokens: TokenSet, url: URL, signal: AbortSignal | undefined) =>
    call<T>('userinfo', tokens, signal, () =>
      oauth.protectedResourceRequest(
        tokens.accessToken,
        'GET',
        url,
        new Headers(API_HEADERS),
        null,
        {
          [oauth.customFetch]: send as (url: string, init: object) => Promise<Response>,
          [oauth.allowInsecureRequests]: insecure,
          signal,
        },
      ),
    );

  return {
    ...client,

    async fetchUserProfile({ tokens, signal }) {
      const user = await get<GitHubUser>(tokens, new URL(userUrl), signal);
      if (
        typeof user?.login !== 'string' ||
        (typeof user.id !== 'number' && typeof user.id !== 'string')
      ) {
        throw new AuthError('invalid_response', 'userinfo: no login or id', {
          kind: 'user',
          step: 'userinfo',
          detail: 'userinfo: the answer has no login or id.',
        });
      }
      let email = text(user.email);
      // A private address is only listed to a token with the user:email (or user) scope.
      if (!email && /(^|[ ,])user(:email)?([ ,]|$)/.test(tokens.scope ?? '')) {
        const emails = await get<GitHubEmail[]>(tokens, new URL('emails', `${userUrl}/`), signal);
        email = Array.isArray(emails)
          ? text(emails.find((each) => each?.primary && each.verified)?.email)
          : undefined;
      }
      const profile: UserProfile = {
        subject: String(user.id),
        name: text(user.name) ?? user.login,
        username: user.login,
        claims: { ...user },
      };
      if (email) profile.email = email;
      const picture = text(user.avatar_url);
      if (picture) profile.picture = picture;
      return profile;
    },

    async revoke({ tokens, signal }) {
      // Without the secret only the person can revoke, at GitHub (config.revocationPage).
      if (!options.clientSecret) return client.revoke({ tokens, ...(signal ? { signal } : {}) });
      const basic = btoa(`${config.clientId}:${options.clientSecret}`);
      await call<void>('revocation', tokens, signal, () =>
        send(new URL(`applications/${encodeURIComponent(config.clientId)}/token`, apiBase).href, {
          method: 'DELETE',
          headers: {
            ...API_HEADERS,
            authorization: `Basic ${basic}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ access_token: tokens.accessToken }),
          redirect: 'manual',
          ...(signal ? { signal } : {}),
        }),
      );
      return true;
    },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
