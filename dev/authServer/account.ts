import type { Account, FindAccount } from 'oidc-provider';

/** The one person who can sign in to the embedded authorization server. */
export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'docker-desktop-demo';

/** Stable subject identifier of the demo account (`sub`). */
export const DEMO_SUBJECT = 'demo-user-0001';

export const AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="Dana Demo">
<rect width="96" height="96" rx="48" fill="#1d63ed"/>
<text x="48" y="60" font-family="sans-serif" font-size="40" font-weight="700" fill="#fff" text-anchor="middle">DD</text>
</svg>
`;

/**
 * The demo account's picture, inline: the extension shows an avatar only from https or a
 * `data:image/...` URL (never plain http), and the demo server is plain http on loopback.
 */
export const AVATAR_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(AVATAR_SVG).toString('base64')}`;

/** Claims by scope, as the provider's `claims` setting wants them. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'picture'],
  email: ['email', 'email_verified'],
} as const;

/** Checks a username and password; answers the account id, or undefined when they are wrong. */
export function authenticate(username: string, password: string): string | undefined {
  return username === DEMO_USERNAME && password === DEMO_PASSWORD ? DEMO_SUBJECT : undefined;
}

export function usernameOf(accountId: string): string | undefined {
  return accountId === DEMO_SUBJECT ? DEMO_USERNAME : undefined;
}

/** `findAccount` for the provider. */
export function demoAccounts(): FindAccount {
  return (_ctx, sub): Account | undefined => {
    if (sub !== DEMO_SUBJECT) return undefined;
    return {
      accountId: DEMO_SUBJECT,
      // The provider filters these by the granted scopes and claims.
      claims: () => ({
        sub: DEMO_SUBJECT,
        name: 'Dana Demo',
        preferred_username: DEMO_USERNAME,
        email: 'dana@example.test',
        email_verified: true,
        picture: AVATAR_DATA_URL,
      }),
    };
  };
}
