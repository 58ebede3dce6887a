/**
 * Provider presets: an extension author names the provider (`VITE_OAUTH_PRESET=github`) and
 * gives the few values it needs; the preset knows the rest — discovery or endpoints, default
 * scopes, the flow (code or device), the mode (page or backend), the redirect style, how the
 * user's name, e-mail and picture are read, whether and how tokens are revoked, RP-initiated
 * logout, and the provider's known quirks. README "Provider presets" has, for each one, what to
 * register at the provider and which behaviour is exercised here, with the sources.
 *
 * Build-time data: src/build/settings.ts turns a preset into the provider settings the page
 * and the backend load; the page never imports this module (it is not in the sign-in layer).
 */
import type { RedirectStyle, SignInFlow } from './types.ts';

export type PresetName =
  | 'github'
  | 'gitlab'
  | 'google'
  | 'microsoft'
  | 'auth0'
  | 'okta'
  | 'keycloak'
  | 'oidc';

/** A value an author gives for a preset, from its own build variable. */
export interface PresetValue {
  variable: string;
  /** What it is and where to find it, for the build's messages. */
  what: string;
  /** Used when the variable is unset; without one, the value is required. */
  default?: string;
  /** Why a given value is refused (a sentence), or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

/** The provider settings a preset yields (the keys of src/config.ts's ProviderSettings). */
export interface PresetSettings {
  displayName: string;
  issuer: string;
  endpoints?: {
    authorization: string;
    token: string;
    deviceAuthorization?: string;
    userinfo?: string;
    revocation?: string;
  };
  scopes: string[];
  flow: SignInFlow;
  mode: 'page' | 'backend';
  redirectStyle: RedirectStyle;
  extraAuthorizationParams?: Record<string, string>;
  revocationPage?: string;
  preset: PresetName;
}

export interface ProviderPreset {
  name: PresetName;
  /** The provider's name, shown as "Sign in with <name>". */
  label: string;
  values: Readonly<Record<string, PresetValue>>;
  /** How the user's name, e-mail address and picture are read. */
  profile: string;
  /** Whether and how tokens are revoked at sign-out. */
  revocation: string;
  /** RP-initiated logout (OpenID Connect `end_session_endpoint`). */
  logout: string;
  quirks: readonly string[];
  settings(values: Readonly<Record<string, string>>): PresetSettings;
}

/** An https address without a path, query or fragment, such as https://gitlab.example.com. */
function httpsOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      return 'must be an https address';
    }
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      return 'must be an address without a path, such as https://gitlab.example.com';
    }
    return undefined;
  } catch {
    return 'is not an address';
  }
}

const origin = (value: string) => new URL(value).origin;
const OIDC_PROFILE = 'userinfo (or the ID token): `name`, `email`, `picture`';

export const PRESETS: Readonly<Record<PresetName, ProviderPreset>> = {
  github: {
    name: 'github',
    label: 'GitHub',
    values: {
      url: {
        variable: 'VITE_OAUTH_GITHUB_URL',
        what: 'the GitHub address: https://github.com, or your GitHub Enterprise Server',
        default: 'https://github.com',
        check: httpsOrigin,
      },
    },
    profile:
      'REST API `GET /user` (`name` or `login`, `avatar_url`), `GET /user/emails` when the address is private',
    revocation:
      "only with the app's client secret (`DELETE /applications/{client_id}/token`, in the backend); without it the sign-in view says to revoke at github.com/settings/applications",
    logout: 'not offered (no OpenID Connect)',
    quirks: [
      'no discovery: the endpoints are known',
      'device flow errors with HTTP 200',
      'form-encoded answers unless `Accept: application/json`',
      'no CORS headers: the backend talks to GitHub',
      'OAuth App tokens never expire; GitHub App tokens last 8 hours with single-use refresh tokens',
    ],
    settings({ url = 'https://github.com' }) {
      const base = origin(url);
      const api = base === 'https://github.com' ? 'https://api.github.com' : `${base}/api/v3`;
      return {
        displayName: 'GitHub',
        issuer: base,
        endpoints: {
          authorization: `${base}/login/oauth/authorize`,
          token: `${base}/login/oauth/access_token`,
          deviceAuthorization: `${base}/login/device/code`,
          userinfo: `${api}/user`,
        },
        scopes: ['read:user', 'user:email'],
        flow: 'device',
        mode: 'backend',
        redirectStyle: 'docker-desktop',
        revocationPage: `${base}/settings/applications`,
        preset: 'github',
      };
    },
  },
  gitlab: {
    name: 'gitlab',
    label: 'GitLab',
    values: {
      url: {
        variable: 'VITE_OAUTH_GITLAB_URL',
        what: 'the GitLab address: https://gitlab.com, or your self-managed instance',
        default: 'https://gitlab.com',
        check: httpsOrigin,
      },
    },
    profile: OIDC_PROFILE,
    revocation: 'RFC 7009 at `/oauth/revoke` (from discovery)',
    logout: 'not offered (no `end_session_endpoint` in its discovery document)',
    quirks: ['refresh tokens rotate: the old pair stops working'],
    settings: ({ url = 'https://gitlab.com' }) => ({
      displayName: 'GitLab',
      issuer: origin(url),
      scopes: ['openid', 'profile', 'email'],
      flow: 'code',
      mode: 'page',
      redirectStyle: 'docker-desktop',
      preset: 'gitlab',
    }),
  },
  google: {
    name: 'google',
    label: 'Google',
    values: {},
    profile: OIDC_PROFILE,
    revocation: 'at `https://oauth2.googleapis.com/revoke` (from discovery)',
    logout: 'not offered (no `end_session_endpoint`)',
    quirks: [
      'Desktop clients accept only loopback redirects (not docker-desktop://): the device flow, with a "TVs and Limited Input devices" client',
      'the device flow asks for the client secret, which Google says is not confidential for such clients: in the backend',
      'device flow scopes are limited to openid, email and profile (and a few APIs)',
    ],
    settings: () => ({
      displayName: 'Google',
      issuer: 'https://accounts.google.com',
      scopes: ['openid', 'email', 'profile'],
      flow: 'device',
      mode: 'backend',
      redirectStyle: 'docker-desktop',
      preset: 'google',
    }),
  },
  microsoft: {
    name: 'microsoft',
    label: 'Microsoft',
    values: {
      tenant: {
        variable: 'VITE_OAUTH_TENANT_ID',
        what:
          'the directory (tenant) ID, a GUID (Microsoft Entra admin center → App registrations → ' +
          'your app → Overview)',
        check: (value) =>
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
            ? undefined
            : 'must be the tenant ID, a GUID: "common", "organizations", "consumers" and domain ' +
              'names have no fixed issuer to check ID tokens against',
      },
    },
    profile:
      'userinfo at graph.microsoft.com/oidc/userinfo: `name`, `email`; its `picture` needs a Graph token, so the initials are shown',
    revocation: 'none (no revocation endpoint): sign-out forgets the tokens here',
    logout: '`end_session_endpoint` in its discovery document',
    quirks: [
      'cross-origin token requests only for "Single-page application" registrations (else AADSTS9002326), which take no docker-desktop:// redirect: the backend talks to Microsoft',
      'refresh tokens rotate',
    ],
    settings: ({ tenant = '' }) => ({
      displayName: 'Microsoft',
      issuer: `https://login.microsoftonline.com/${tenant.toLowerCase()}/v2.0`,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      flow: 'code',
      mode: 'backend',
      redirectStyle: 'docker-desktop',
      preset: 'microsoft',
    }),
  },
  auth0: {
    name: 'auth0',
    label: 'Auth0',
    values: {
      domain: {
        variable: 'VITE_OAUTH_AUTH0_DOMAIN',
        what: 'the tenant domain, such as acme.eu.auth0.com, or your custom domain',
        check: (value) =>
          /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)
            ? undefined
            : 'must be a domain name such as acme.eu.auth0.com, without https:// or a path',
      },
    },
    profile: OIDC_PROFILE,
    revocation: 'RFC 7009 at `/oauth/revoke` (from discovery)',
    logout:
      '`end_session_endpoint` when the tenant enables "RP-Initiated Logout End Session Endpoint Discovery"',
    quirks: [
      'the issuer ends with a slash (https://DOMAIN/)',
      'cross-origin requests need the extension page in "Allowed Web Origins"',
      'refresh token rotation with reuse detection',
    ],
    settings: ({ domain = '' }) => ({
      displayName: 'Auth0',
      issuer: `https://${domain.toLowerCase()}/`,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      flow: 'code',
      mode: 'page',
      redirectStyle: 'docker-desktop',
      preset: 'auth0',
    }),
  },
  okta: {
    name: 'okta',
    label: 'Okta',
    values: {
      url: {
        variable: 'VITE_OAUTH_OKTA_URL',
        what: 'the org address, such as https://acme.okta.com',
        check: httpsOrigin,
      },
      server: {
        variable: 'VITE_OAUTH_OKTA_SERVER',
        what: 'the authorization server ID (Security → API → Authorization Servers)',
        default: 'default',
        check: (value) =>
          /^[A-Za-z0-9]+$/.test(value) ? undefined : 'must be an authorization server ID',
      },
    },
    profile: OIDC_PROFILE,
    revocation: 'RFC 7009 at `/oauth2/<server>/v1/revoke` (from discovery)',
    logout: '`end_session_endpoint` in its discovery document',
    quirks: [
      'cross-origin requests only from configured Trusted Origins, and the extension page has no origin to trust: the backend talks to Okta',
    ],
    settings: ({ url = '', server = 'default' }) => ({
      displayName: 'Okta',
      issuer: `${origin(url)}/oauth2/${server}`,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      flow: 'code',
      mode: 'backend',
      redirectStyle: 'docker-desktop',
      preset: 'okta',
    }),
  },
  keycloak: {
    name: 'keycloak',
    label: 'Keycloak',
    values: {
      url: {
        variable: 'VITE_OAUTH_KEYCLOAK_URL',
        what: 'the Keycloak address, such as https://sso.example.com',
        check: httpsOrigin,
      },
      realm: {
        variable: 'VITE_OAUTH_KEYCLOAK_REALM',
        what: 'the realm name',
        check: (value) =>
          /^[A-Za-z0-9._-]+$/.test(value) ? undefined : 'must be a realm name, without slashes',
      },
    },
    profile: OIDC_PROFILE,
    revocation: 'RFC 7009 at `/realms/<realm>/protocol/openid-connect/revoke` (from discovery)',
    logout: '`end_session_endpoint` in its discovery document',
    quirks: [
      'cross-origin requests need the extension page in the client\'s "Web Origins"',
      'refresh token rotation is off by default',
    ],
    settings: ({ url = '', realm = '' }) => ({
      displayName: 'Keycloak',
      issuer: `${origin(url)}/realms/${encodeURIComponent(realm)}`,
      scopes: ['openid', 'profile', 'email'],
      flow: 'code',
      mode: 'page',
      redirectStyle: 'docker-desktop',
      preset: 'keycloak',
    }),
  },
  oidc: {
    name: 'oidc',
    label: 'OpenID Connect',
    values: {
      issuer: {
        variable: 'VITE_OAUTH_ISSUER',
        what: 'the issuer, whose /.well-known/openid-configuration lists the endpoints',
      },
    },
    profile: OIDC_PROFILE,
    revocation: 'RFC 7009 when discovery lists a `revocation_endpoint`',
    logout: '`end_session_endpoint` when discovery lists one',
    quirks: [],
    settings: ({ issuer = '' }) => ({
      displayName: new URL(issuer).host,
      issuer,
      scopes: ['openid', 'profile', 'email'],
      flow: 'code',
      mode: 'page',
      redirectStyle: 'docker-desktop',
      preset: 'oidc',
    }),
  },
};

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/**
 * The settings of preset `name` from the build's variables, or the first problem: an unknown
 * preset, a required value missing or a value refused, as a sentence naming its variable.
 */
export function presetSettings(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): PresetSettings | string {
  if (!isPresetName(name)) {
    return `VITE_OAUTH_PRESET is "${name}", which is not a preset: use one of ${Object.keys(PRESETS).join(', ')}.`;
  }
  const preset = PRESETS[name];
  const values: Record<string, string> = {};
  for (const [key, spec] of Object.entries(preset.values)) {
    const given = env[spec.variable]?.trim();
    const value = given || spec.default;
    if (value === undefined) {
      return `The ${name} preset needs ${spec.variable}: ${spec.what}.`;
    }
    const problem = spec.check?.(value);
    if (problem) return `${spec.variable} ${problem} (the ${name} preset: ${spec.what}).`;
    values[key] = value;
  }
  try {
    return preset.settings(values);
  } catch {
    return `The ${name} preset's values do not make a provider address (${Object.values(
      preset.values,
    )
      .map((spec) => spec.variable)
      .join(', ')}).`;
  }
}
