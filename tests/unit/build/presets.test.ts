// @vitest-environment node
/**
 * Provider presets (src/oauth/presets.ts) through the build (src/build/settings.ts): an author
 * names the provider and gives its few values; the build embeds settings the page and the
 * backend accept, and refuses a missing or wrong value naming its variable.
 */
import { describe, expect, it } from 'vitest';
import { resolveBuildSettings } from '../../../src/build/settings';
import { PRESETS, type PresetName } from '../../../src/oauth/presets';
import { loadProviderSettings } from '../../../src/providerMode';
import { refusal } from './support';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BASE = {
  VITE_OAUTH_CLIENT_ID: 'docker-extension',
  VITE_EXTENSION_ID: 'acme/oauth-extension',
};

/** The smallest set of variables each preset needs. */
const GIVEN: Record<PresetName, Record<string, string>> = {
  github: {},
  gitlab: {},
  google: {},
  microsoft: { VITE_OAUTH_TENANT_ID: TENANT },
  auth0: { VITE_OAUTH_AUTH0_DOMAIN: 'acme.eu.auth0.com' },
  okta: { VITE_OAUTH_OKTA_URL: 'https://acme.okta.com' },
  keycloak: {
    VITE_OAUTH_KEYCLOAK_URL: 'https://sso.acme.example',
    VITE_OAUTH_KEYCLOAK_REALM: 'staff',
  },
  oidc: { VITE_OAUTH_ISSUER: 'https://id.acme.example' },
};

function build(preset: string, extra: Record<string, string> = {}, mode = 'production') {
  return resolveBuildSettings({
    mode,
    env: { ...BASE, VITE_OAUTH_PRESET: preset, ...extra },
  }).settings;
}

const refused = (preset: string, extra: Record<string, string> = {}) =>
  refusal({ mode: 'production', env: { ...BASE, VITE_OAUTH_PRESET: preset, ...extra } });

describe('every preset', () => {
  it.each(Object.keys(PRESETS) as PresetName[])(
    '%s: its few values make settings that the page and the backend load',
    (name) => {
      const settings = build(name, GIVEN[name]);
      const config = loadProviderSettings(settings);
      const preset = PRESETS[name];
      expect(config.preset).toBe(name);
      expect(config.flow).toBe(preset.settings(valuesOf(name)).flow);
      expect(config.mode).toBe(preset.settings(valuesOf(name)).mode);
      expect(config.clientId).toBe('docker-extension');
      expect(new URL(config.issuer).protocol).toBe('https:');
      // Documented: the catalog says how it reads the user, revokes and logs out.
      expect(preset.profile).not.toBe('');
      expect(preset.revocation).not.toBe('');
      expect(preset.logout).not.toBe('');
    },
  );

  it.each(
    (Object.entries(PRESETS) as [PresetName, (typeof PRESETS)[PresetName]][]).flatMap(
      ([name, preset]) =>
        Object.values(preset.values)
          .filter((value) => value.default === undefined)
          .map((value) => [name, value.variable] as const),
    ),
  )('%s: refuses to build without %s, naming it', (name, variable) => {
    const { [variable]: _missing, ...rest } = GIVEN[name];
    expect(refused(name, rest)).toMatch(new RegExp(`^The ${name} preset needs ${variable}: `));
  });
});

function valuesOf(name: PresetName): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, spec] of Object.entries(PRESETS[name].values)) {
    values[key] = GIVEN[name][spec.variable] ?? spec.default ?? '';
  }
  return values;
}

describe('github', () => {
  it('knows GitHub: its endpoints (no discovery), the device flow through the backend, the revocation page', () => {
    expect(build('github')).toEqual({
      displayName: 'GitHub',
      issuer: 'https://github.com',
      clientId: 'docker-extension',
      extensionId: 'acme/oauth-extension',
      scopes: ['read:user', 'user:email'],
      redirectStyle: 'docker-desktop',
      mode: 'backend',
      flow: 'device',
      endpoints: {
        authorization: 'https://github.com/login/oauth/authorize',
        token: 'https://github.com/login/oauth/access_token',
        deviceAuthorization: 'https://github.com/login/device/code',
        userinfo: 'https://api.github.com/user',
      },
      revocationPage: 'https://github.com/settings/applications',
      preset: 'github',
    });
  });

  it('finds the REST API of a GitHub Enterprise Server under /api/v3', () => {
    const settings = build('github', { VITE_OAUTH_GITHUB_URL: 'https://ghe.acme.example' });
    expect(settings.endpoints?.userinfo).toBe('https://ghe.acme.example/api/v3/user');
    expect(settings.endpoints?.deviceAuthorization).toBe(
      'https://ghe.acme.example/login/device/code',
    );
  });

  it('refuses the page mode: github.com sends no CORS headers', () => {
    expect(refused('github', { VITE_OAUTH_MODE: 'page' })).toMatch(
      /set the mode to "backend"\. \(set by VITE_OAUTH_MODE\)/,
    );
  });

  it('takes the emulated GitHub on a loopback address in the demo build only', () => {
    const url = 'http://127.0.0.1:45000';
    expect(build('github', { VITE_OAUTH_GITHUB_URL: url }, 'demo').issuer).toBe(url);
    expect(refused('github', { VITE_OAUTH_GITHUB_URL: url })).toMatch(/a loopback address/);
  });
});

describe('values and overrides', () => {
  it('refuses a Microsoft tenant that has no fixed issuer', () => {
    for (const tenant of ['common', 'organizations', 'consumers', 'acme.onmicrosoft.com']) {
      expect(refused('microsoft', { VITE_OAUTH_TENANT_ID: tenant })).toMatch(
        /^VITE_OAUTH_TENANT_ID must be the tenant ID, a GUID/,
      );
    }
    expect(build('microsoft', { VITE_OAUTH_TENANT_ID: TENANT }).issuer).toBe(
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
    );
  });

  it('refuses an address with a path, or without https, naming the variable', () => {
    expect(refused('gitlab', { VITE_OAUTH_GITLAB_URL: 'https://gitlab.acme.example/x' })).toMatch(
      /^VITE_OAUTH_GITLAB_URL must be an address without a path/,
    );
    expect(refused('okta', { VITE_OAUTH_OKTA_URL: 'http://acme.okta.com' })).toMatch(
      /^VITE_OAUTH_OKTA_URL must be an https address/,
    );
    expect(refused('auth0', { VITE_OAUTH_AUTH0_DOMAIN: 'https://acme.auth0.com' })).toMatch(
      /^VITE_OAUTH_AUTH0_DOMAIN must be a domain name/,
    );
  });

  it('builds each issuer the way its provider publishes it', () => {
    expect(build('auth0', GIVEN.auth0).issuer).toBe('https://acme.eu.auth0.com/');
    expect(build('okta', GIVEN.okta).issuer).toBe('https://acme.okta.com/oauth2/default');
    expect(build('keycloak', GIVEN.keycloak).issuer).toBe('https://sso.acme.example/realms/staff');
    expect(build('gitlab').issuer).toBe('https://gitlab.com');
    expect(build('google').issuer).toBe('https://accounts.google.com');
  });

  it('lets the variables override the preset’s scopes, name, flow and mode', () => {
    const settings = build('keycloak', {
      ...GIVEN.keycloak,
      VITE_OAUTH_SCOPES: 'openid email offline_access',
      VITE_OAUTH_PROVIDER_NAME: 'Acme SSO',
      VITE_OAUTH_FLOW: 'device',
      VITE_OAUTH_MODE: 'backend',
    });
    expect(settings).toMatchObject({
      scopes: ['openid', 'email', 'offline_access'],
      displayName: 'Acme SSO',
      flow: 'device',
      mode: 'backend',
    });
  });

  it('refuses an unknown preset, and an issuer beside a preset that knows its own', () => {
    expect(refused('bitbucket')).toMatch(
      /^VITE_OAUTH_PRESET is "bitbucket", which is not a preset: use one of github, gitlab/,
    );
    expect(refused('gitlab', { VITE_OAUTH_ISSUER: 'https://gitlab.com' })).toMatch(
      /^VITE_OAUTH_ISSUER is set beside VITE_OAUTH_PRESET=gitlab/,
    );
  });

  it('still needs the client id and the extension id, naming them', () => {
    expect(refusal({ mode: 'production', env: { VITE_OAUTH_PRESET: 'github' } })).toMatch(
      /set VITE_OAUTH_CLIENT_ID and VITE_EXTENSION_ID in/,
    );
  });
});
