// @vitest-environment node
/**
 * src/build/settings.ts: what a build embeds and refuses. A real build needs the provider's
 * settings; only the demo modes fall back to the demo server; every refusal names the variable.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MODES, resolveBuildSettings } from '../../../src/build/settings';
import { demoProviderSettings } from '../../../src/config';
import { loadProviderSettings, readBuiltSettings } from '../../../src/providerMode';
import { refusal } from './support';

const ACME = {
  VITE_OAUTH_PROVIDER_NAME: 'Acme ID',
  VITE_OAUTH_ISSUER: 'https://id.acme.example/tenant',
  VITE_OAUTH_CLIENT_ID: 'docker-extension',
  VITE_EXTENSION_ID: 'acme/oauth-extension',
};

describe('a production build', () => {
  it('refuses to build without provider settings, naming the variables to set', () => {
    expect(refusal({ mode: 'production', env: {} })).toMatch(
      /^The production build has no provider to sign in with: set VITE_OAUTH_ISSUER, VITE_OAUTH_CLIENT_ID and VITE_EXTENSION_ID in \.env\.production/,
    );
  });

  it('names only what is missing, and counts an empty value as missing', () => {
    const message = refusal({
      mode: 'production',
      env: { VITE_OAUTH_ISSUER: 'https://id.acme.example', VITE_EXTENSION_ID: '  ' },
    });
    expect(message).toContain('set VITE_OAUTH_CLIENT_ID and VITE_EXTENSION_ID in');
    expect(message).not.toContain('VITE_OAUTH_ISSUER');
  });

  it('treats any mode but the demo ones as a real build', () => {
    expect(refusal({ mode: 'staging', env: {} })).toMatch(/^The staging build has no provider/);
  });

  it('embeds the settings it was given, validated and with their defaults, and none of the demo', () => {
    const { settings } = resolveBuildSettings({ mode: 'production', env: ACME });
    expect(settings).toEqual({
      displayName: 'Acme ID',
      issuer: 'https://id.acme.example/tenant',
      clientId: 'docker-extension',
      extensionId: 'acme/oauth-extension',
      scopes: ['openid', 'profile', 'email'],
      redirectStyle: 'docker-desktop',
      mode: 'page',
      flow: 'code',
    });
    // What the page reads as it is.
    expect(readBuiltSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it("refuses the demo's loopback issuer", () => {
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_OAUTH_ISSUER: 'http://127.0.0.1:4000' } }),
    ).toMatch(/^VITE_OAUTH_ISSUER is http:\/\/127\.0\.0\.1:4000, a loopback address/);
  });

  it('names the variable behind a bad value', () => {
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_EXTENSION_ID: 'Acme/X:1' } }),
    ).toMatch(/extensionId must be the image repository.*\(set by VITE_EXTENSION_ID\)$/);
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_OAUTH_EXTRA_PARAMS: 'client_id=x' } }),
    ).toMatch(/\(set by VITE_OAUTH_EXTRA_PARAMS\)$/);
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_OAUTH_PROVIDER_LOGOUT: 'yes' } }),
    ).toBe('providerLogout must be true or false. (set by VITE_OAUTH_PROVIDER_LOGOUT)');
  });

  it('embeds VITE_OAUTH_PROVIDER_LOGOUT=true as true, and false as nothing', () => {
    const on = { ...ACME, VITE_OAUTH_PROVIDER_LOGOUT: 'true' };
    expect(resolveBuildSettings({ mode: 'production', env: on }).settings.providerLogout).toBe(
      true,
    );
    const off = { ...ACME, VITE_OAUTH_PROVIDER_LOGOUT: 'false' };
    expect(resolveBuildSettings({ mode: 'production', env: off }).settings).not.toHaveProperty(
      'providerLogout',
    );
  });
});

describe('the demo builds', () => {
  it.each(DEMO_MODES)('mode %s fills unset settings with the demo server', (mode) => {
    const { settings } = resolveBuildSettings({ mode, env: {} });
    expect(settings).toEqual(loadProviderSettings(demoProviderSettings));
  });

  it('still take a setting that is given', () => {
    const { settings } = resolveBuildSettings({
      mode: 'demo',
      env: { VITE_OAUTH_PROVIDER_NAME: 'Acme Accounts' },
    });
    expect(settings).toEqual(
      loadProviderSettings({ ...demoProviderSettings, displayName: 'Acme Accounts' }),
    );
  });
});

describe('secrets', () => {
  it.each(['production', ...DEMO_MODES])(
    'fail the %s build naming the variable, never its value',
    (mode) => {
      const message = refusal({
        mode,
        env: {
          ...ACME,
          VITE_OAUTH_CLIENT_SECRET: 'canary-5f1e',
          VITE_SIGNING: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJkYW5hIn0.',
        },
      });
      expect(message).toMatch(
        /^VITE_OAUTH_CLIENT_SECRET looks like a secret \(its name says SECRET\); VITE_SIGNING looks like a secret \(its value looks like a JSON Web Token\)\. The build refuses it/,
      );
      expect(message).not.toContain('canary-5f1e');
      expect(message).not.toContain('eyJ');
    },
  );
});

describe('the extension id and the image', () => {
  it('refuses an image built under another name than VITE_EXTENSION_ID', () => {
    expect(refusal({ mode: 'production', env: ACME, imageName: 'acme/other-extension' })).toBe(
      'VITE_EXTENSION_ID is "acme/oauth-extension", but the image is built as ' +
        '"acme/other-extension" (IMAGE in the Makefile, passed to the build as EXTENSION_IMAGE). ' +
        'Docker Desktop routes the sign-in redirect by the extension id, so every sign-in would ' +
        'fail: make them the same.',
    );
  });

  it('accepts the same name, or none (a build outside the image)', () => {
    for (const imageName of ['acme/oauth-extension', '', undefined]) {
      expect(() =>
        resolveBuildSettings({ mode: 'production', env: ACME, imageName }),
      ).not.toThrow();
    }
  });
});

describe('the Content-Security-Policy', () => {
  const connectSrc = (policy: string) =>
    policy
      .split('; ')
      .find((directive) => directive.startsWith('connect-src '))
      ?.slice('connect-src '.length);

  it("allows connections to the issuer's origin only", () => {
    const { contentSecurityPolicy } = resolveBuildSettings({ mode: 'production', env: ACME });
    expect(connectSrc(contentSecurityPolicy)).toBe('https://id.acme.example');
  });

  it('adds the origins of VITE_OAUTH_CONNECT_ORIGINS', () => {
    const { contentSecurityPolicy } = resolveBuildSettings({
      mode: 'production',
      env: {
        ...ACME,
        VITE_OAUTH_CONNECT_ORIGINS: ' https://graph.microsoft.com  https://api.acme.example/ ',
      },
    });
    expect(connectSrc(contentSecurityPolicy)).toBe(
      'https://id.acme.example https://graph.microsoft.com https://api.acme.example',
    );
  });

  it.each([
    'https://api.acme.example/v1',
    'http://api.acme.example',
    '*',
    'https://*.acme.example',
    "'unsafe-inline'",
    'https://api.acme.example;script-src',
    'https://user:pw@api.acme.example',
  ])('refuses %s in VITE_OAUTH_CONNECT_ORIGINS', (origin) => {
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_OAUTH_CONNECT_ORIGINS: origin } }),
    ).toMatch(/^VITE_OAUTH_CONNECT_ORIGINS holds ".*", which is not an https origin/);
  });
});

describe('an issuer the policy cannot name', () => {
  it('fails the build naming VITE_OAUTH_ISSUER', () => {
    expect(
      refusal({ mode: 'production', env: { ...ACME, VITE_OAUTH_ISSUER: 'https://id;frame-src' } }),
    ).toBe('https://id;frame-src has no origin a policy can name (set by VITE_OAUTH_ISSUER)');
  });
});
