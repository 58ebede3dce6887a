// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  buildRedirectUri,
  isLoopbackHttpIssuer,
  loadProviderConfig,
  redirectUriOf,
} from '../../../src/oauth/config';
import { AuthError } from '../../../src/oauth/errors';

const valid = {
  issuer: 'https://auth.example.com',
  clientId: 'docker-extension',
  extensionId: 'acme/oauth-extension',
};

function configError(raw: unknown): AuthError {
  try {
    loadProviderConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    const authError = error as AuthError;
    expect(authError.reason).toBe('invalid_configuration');
    expect(authError.message).toMatch(/^[A-Za-z].*\.$/);
    return authError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadProviderConfig', () => {
  describe('defaults', () => {
    it('fills in the redirect style, the scopes and the display name from the issuer host', () => {
      expect(loadProviderConfig(valid)).toEqual({
        ...valid,
        displayName: 'auth.example.com',
        scopes: ['openid', 'profile', 'email'],
        redirectStyle: 'docker-desktop',
      });
    });

    it('keeps the given values and drops unknown settings', () => {
      const config = loadProviderConfig({
        ...valid,
        displayName: 'Acme ID',
        scopes: ['openid', 'offline_access'],
        redirectStyle: 'open.docker.com',
        extraAuthorizationParams: { prompt: 'consent' },
        endpoints: {
          authorization: 'https://auth.example.com/authorize',
          token: 'https://auth.example.com/token',
        },
        somethingElse: true,
      });
      expect(config).toEqual({
        ...valid,
        displayName: 'Acme ID',
        scopes: ['openid', 'offline_access'],
        redirectStyle: 'open.docker.com',
        extraAuthorizationParams: { prompt: 'consent' },
        endpoints: {
          authorization: 'https://auth.example.com/authorize',
          token: 'https://auth.example.com/token',
        },
      });
    });

    it('accepts scopes as a space-separated text', () => {
      expect(loadProviderConfig({ ...valid, scopes: 'openid  email' }).scopes).toEqual([
        'openid',
        'email',
      ]);
    });

    it('includes the port of a loopback issuer in the display name', () => {
      expect(loadProviderConfig({ ...valid, issuer: 'http://127.0.0.1:4000' }).displayName).toBe(
        '127.0.0.1:4000',
      );
    });
  });

  describe('client secrets', () => {
    it.each([
      'clientSecret',
      'client_secret',
      'secret',
      'CLIENT_SECRET',
      'ClientSecret',
      'Secret',
      'client-secret',
    ])('refuses a %s, explaining that the extension is a public client', (key) => {
      const error = configError({ ...valid, [key]: 'very-secret-value' });
      expect(error.field).toBe(key);
      expect(error.message).toContain('public client');
      expect(error.message).toContain('can be read by anyone');
      expect(error.message).toContain('backend');
      expect(error.message).not.toContain('very-secret-value');
      expect(error.detail ?? '').not.toContain('very-secret-value');
    });

    it('refuses a secret hidden in the extra authorization parameters', () => {
      const error = configError({ ...valid, extraAuthorizationParams: { client_secret: 'x' } });
      expect(error.field).toBe('extraAuthorizationParams.client_secret');
    });
  });

  describe('required fields', () => {
    it('refuses a configuration that is not an object', () => {
      for (const raw of [undefined, null, 'https://auth.example.com', 42, []]) {
        expect(configError(raw).field).toBe('config');
      }
    });

    it.each([undefined, '', '   ', 42])('refuses clientId %j, naming clientId', (clientId) => {
      const error = configError({ ...valid, clientId });
      expect(error.field).toBe('clientId');
      expect(error.message).toContain('clientId');
    });

    it('refuses a missing issuer, naming issuer', () => {
      const { issuer: _, ...withoutIssuer } = valid;
      expect(configError(withoutIssuer).field).toBe('issuer');
    });

    it('refuses a missing extensionId', () => {
      const { extensionId: _, ...withoutId } = valid;
      const error = configError(withoutId);
      expect(error.field).toBe('extensionId');
      expect(error.message).toContain('acme/oauth-extension');
    });

    it('asks for both the authorization and token endpoints when endpoints are given', () => {
      const error = configError({
        ...valid,
        endpoints: { authorization: 'https://auth.example.com/authorize' },
      });
      expect(error.field).toBe('endpoints.token');
      expect(error.message).toBe('endpoints.token is required.');
      expect(configError({ ...valid, endpoints: 'https://auth.example.com' }).field).toBe(
        'endpoints',
      );
    });
  });

  describe('URLs', () => {
    const endpoints = {
      authorization: 'https://auth.example.com/authorize',
      token: 'https://auth.example.com/token',
    };

    it.each([
      ['issuer', { issuer: 'not a url' }],
      ['issuer', { issuer: 'auth.example.com' }],
      [
        'endpoints.authorization',
        { endpoints: { ...endpoints, authorization: 'https//auth.example.com' } },
      ],
      ['endpoints.token', { endpoints: { ...endpoints, token: '/token' } }],
      ['endpoints.userinfo', { endpoints: { ...endpoints, userinfo: 'http:' } }],
      ['endpoints.revocation', { endpoints: { ...endpoints, revocation: 42 } }],
    ])('names %s when it is malformed', (field, overrides) => {
      const error = configError({ ...valid, ...overrides });
      expect(error.field).toBe(field);
      expect(error.message.startsWith(field)).toBe(true);
    });

    it('requires https for a provider that is not on this machine', () => {
      const error = configError({ ...valid, issuer: 'http://auth.example.com' });
      expect(error.field).toBe('issuer');
      expect(error.message).toMatch(
        /^issuer must use https \(plain http only for a loopback issuer\)/,
      );
      expect(
        configError({
          ...valid,
          endpoints: { ...endpoints, token: 'http://auth.example.com/token' },
        }).field,
      ).toBe('endpoints.token');
      expect(configError({ ...valid, issuer: 'ftp://auth.example.com' }).field).toBe('issuer');
    });

    it.each([
      'http://127.0.0.1:4000',
      'http://localhost:4000',
      'http://[::1]:4000',
      'http://localhost',
    ])('allows plain http on the loopback host %s', (issuer) => {
      const config = loadProviderConfig({
        ...valid,
        issuer,
        endpoints: { authorization: `${issuer}/auth`, token: `${issuer}/token` },
      });
      expect(config.issuer).toBe(issuer);
      expect(isLoopbackHttpIssuer(issuer)).toBe(true);
    });

    it('refuses a loopback http endpoint for an https issuer (requests would not be allowed)', () => {
      const error = configError({
        ...valid,
        endpoints: { ...endpoints, token: 'http://127.0.0.1:4000/token' },
      });
      expect(error.field).toBe('endpoints.token');
    });

    it('does not treat look-alike hosts as loopback', () => {
      expect(configError({ ...valid, issuer: 'http://localhost.evil.example' }).field).toBe(
        'issuer',
      );
      expect(configError({ ...valid, issuer: 'http://127.0.0.1.nip.io' }).field).toBe('issuer');
      expect(isLoopbackHttpIssuer('https://localhost')).toBe(false);
    });

    it('refuses credentials, fragments, surrounding spaces, and a query in the issuer', () => {
      expect(configError({ ...valid, issuer: 'https://user:pass@auth.example.com' }).field).toBe(
        'issuer',
      );
      expect(configError({ ...valid, issuer: 'https://auth.example.com#x' }).field).toBe('issuer');
      expect(configError({ ...valid, issuer: ' https://auth.example.com' }).field).toBe('issuer');
      expect(configError({ ...valid, issuer: 'https://auth.example.com?tenant=a' }).field).toBe(
        'issuer',
      );
    });

    it('keeps the issuer exactly as written (it is compared with iss as a string)', () => {
      expect(
        loadProviderConfig({ ...valid, issuer: 'https://auth.example.com/realms/acme/' }).issuer,
      ).toBe('https://auth.example.com/realms/acme/');
    });

    it('keeps a query in an endpoint', () => {
      const config = loadProviderConfig({
        ...valid,
        endpoints: {
          ...endpoints,
          authorization: 'https://auth.example.com/authorize?tenant=acme',
        },
      });
      expect(config.endpoints?.authorization).toBe(
        'https://auth.example.com/authorize?tenant=acme',
      );
    });
  });

  describe('extensionId', () => {
    it.each([
      'acme/oauth-extension',
      'acme/oauth_extension.ui',
      'my-org/ext',
      'ghcr.io/acme/ext',
      'localhost:5000/acme/ext',
    ])('accepts the image repository %s', (extensionId) => {
      expect(loadProviderConfig({ ...valid, extensionId }).extensionId).toBe(extensionId);
    });

    it.each([
      'oauth-extension',
      'Acme/OAuth-Extension',
      'acme/oauth-extension:latest',
      'acme/oauth-extension@sha256:abc',
      'acme//oauth-extension',
      '/acme/oauth-extension',
      'acme/oauth-extension/',
      '-acme/ext',
      'acme/ext-',
      'acme/ext?x=1',
      'acme/ext name',
      42,
    ])('refuses %j, naming extensionId', (extensionId) => {
      expect(configError({ ...valid, extensionId }).field).toBe('extensionId');
    });
  });

  describe('other settings', () => {
    it('refuses an unknown redirect style', () => {
      expect(configError({ ...valid, redirectStyle: 'https' }).field).toBe('redirectStyle');
    });

    it.each([
      [['openid', 'has space']],
      [['openid', '']],
      [['"quoted"']],
      ['openid"'],
      [[42]],
      [{ openid: true }],
    ])('refuses the scopes %j', (scopes) => {
      expect(configError({ ...valid, scopes }).field).toBe('scopes');
    });

    it('refuses an empty display name', () => {
      expect(configError({ ...valid, displayName: ' ' }).field).toBe('displayName');
    });

    it.each([
      'state',
      'nonce',
      'redirect_uri',
      'code_challenge',
      'code_challenge_method',
      'client_id',
      'response_type',
      'scope',
    ])('refuses extra authorization parameter %s, which the sign-in sets itself', (name) => {
      expect(configError({ ...valid, extraAuthorizationParams: { [name]: 'x' } }).field).toBe(
        `extraAuthorizationParams.${name}`,
      );
    });

    it('refuses extra authorization parameters that are not text', () => {
      expect(configError({ ...valid, extraAuthorizationParams: { max_age: 0 } }).field).toBe(
        'extraAuthorizationParams.max_age',
      );
      expect(configError({ ...valid, extraAuthorizationParams: ['prompt'] }).field).toBe(
        'extraAuthorizationParams',
      );
    });
  });
});

describe('buildRedirectUri', () => {
  it('builds the docker-desktop:// redirect by default, with the id placed literally', () => {
    expect(buildRedirectUri('acme/oauth-extension')).toBe(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
    expect(buildRedirectUri('acme/oauth-extension', 'docker-desktop')).toBe(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
  });

  it('builds the https open.docker.com redirect for providers that refuse custom schemes', () => {
    expect(buildRedirectUri('acme/oauth-extension', 'open.docker.com')).toBe(
      'https://open.docker.com/dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
  });
});

describe('redirectUriOf', () => {
  it('uses the style when no explicit redirect URI is configured', () => {
    expect(redirectUriOf(loadProviderConfig(valid))).toBe(
      'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
    );
  });

  it('uses an explicit loopback forwarder exactly as written', () => {
    const redirectUri =
      'http://127.0.0.1:8080/open.docker.com/dashboard/extension-tab?extensionId=acme/oauth-extension';
    expect(redirectUriOf(loadProviderConfig({ ...valid, redirectUri }))).toBe(redirectUri);
  });

  it('refuses an explicit redirect URI on a non-loopback http host', () => {
    const redirectUri = 'http://example.com/cb?extensionId=acme/oauth-extension';
    expect(configError({ ...valid, redirectUri }).field).toBe('redirectUri');
  });

  it('refuses an explicit redirect URI for another extension', () => {
    const redirectUri = 'https://example.com/cb?extensionId=acme/other';
    expect(configError({ ...valid, redirectUri }).field).toBe('redirectUri');
  });

  it('refuses an explicit redirect URI that is not a URL', () => {
    expect(configError({ ...valid, redirectUri: 'not a url' }).field).toBe('redirectUri');
    expect(configError({ ...valid, redirectUri: 42 }).field).toBe('redirectUri');
  });
});
