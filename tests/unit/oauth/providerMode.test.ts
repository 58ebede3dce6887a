// @vitest-environment node
/**
 * The settings beyond the protocol (src/providerMode.ts): mode, flow, revocation page, preset,
 * checked with the provider settings, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { loadProviderSettings } from '../../../src/providerMode';

const valid = {
  issuer: 'https://auth.example.com',
  clientId: 'docker-extension',
  extensionId: 'acme/oauth-extension',
};

const github = {
  ...valid,
  issuer: 'https://github.com/login/oauth',
  endpoints: {
    authorization: 'https://github.com/login/oauth/authorize',
    token: 'https://github.com/login/oauth/access_token',
  },
};

describe('loadProviderSettings', () => {
  it('is the page mode by default, and keeps the backend mode', () => {
    expect(loadProviderSettings(valid)).toMatchObject({
      mode: 'page',
      clientId: 'docker-extension',
    });
    expect(loadProviderSettings({ ...valid, mode: 'backend' }).mode).toBe('backend');
  });

  it('refuses a mode other than page or backend, naming the field', () => {
    expect(() => loadProviderSettings({ ...valid, mode: 'server' })).toThrow(
      expect.objectContaining({ reason: 'invalid_configuration', field: 'mode' }),
    );
  });

  it('refuses the page mode for a provider only a backend can use (GitHub)', () => {
    expect(() => loadProviderSettings(github)).toThrow(
      expect.objectContaining({
        field: 'mode',
        message: expect.stringMatching(/set the mode to "backend"/),
      }),
    );
    expect(loadProviderSettings({ ...github, mode: 'backend' }).mode).toBe('backend');
  });

  it('still refuses what the provider loader refuses, a secret first of all', () => {
    expect(() => loadProviderSettings({ ...valid, mode: 'backend', clientSecret: 'x' })).toThrow(
      expect.objectContaining({ field: 'clientSecret' }),
    );
  });

  it('is the code flow by default, and takes the device flow', () => {
    expect(loadProviderSettings(valid).flow).toBe('code');
    const endpoints = {
      authorization: 'https://auth.example.com/authorize',
      token: 'https://auth.example.com/token',
      deviceAuthorization: 'https://auth.example.com/device/code',
    };
    expect(loadProviderSettings({ ...valid, flow: 'device', endpoints })).toMatchObject({
      flow: 'device',
      endpoints,
    });
  });

  it('asks for the device authorization endpoint when the device flow has explicit endpoints', () => {
    expect(() =>
      loadProviderSettings({
        ...valid,
        flow: 'device',
        endpoints: {
          authorization: 'https://auth.example.com/authorize',
          token: 'https://auth.example.com/token',
        },
      }),
    ).toThrow(expect.objectContaining({ field: 'endpoints.deviceAuthorization' }));
  });

  it('refuses an unknown flow', () => {
    expect(() => loadProviderSettings({ ...valid, flow: 'implicit' })).toThrow(
      expect.objectContaining({ field: 'flow' }),
    );
  });

  it('takes an https revocation page for people, and refuses anything else', () => {
    const revocationPage = 'https://github.com/settings/applications';
    expect(loadProviderSettings({ ...valid, revocationPage }).revocationPage).toBe(revocationPage);
    for (const bad of ['http://github.com/x', 'javascript:alert(1)', 42]) {
      expect(() => loadProviderSettings({ ...valid, revocationPage: bad })).toThrow(
        expect.objectContaining({ field: 'revocationPage' }),
      );
    }
  });

  it('keeps the preset name, and refuses one that is not a name', () => {
    expect(loadProviderSettings({ ...valid, preset: 'github' }).preset).toBe('github');
    expect(() => loadProviderSettings({ ...valid, preset: '../x' })).toThrow(
      expect.objectContaining({ field: 'preset' }),
    );
  });

  it("takes providerLogout as true or false, in the page mode only (the backend's routes lack it)", () => {
    expect(loadProviderSettings({ ...valid, providerLogout: true }).providerLogout).toBe(true);
    expect(loadProviderSettings({ ...valid, providerLogout: false })).not.toHaveProperty(
      'providerLogout',
    );
    expect(() => loadProviderSettings({ ...valid, providerLogout: 'yes' })).toThrow(
      'providerLogout must be true or false.',
    );
    expect(() => loadProviderSettings({ ...valid, mode: 'backend', providerLogout: true })).toThrow(
      /^providerLogout is not offered in backend mode yet/,
    );
  });
});
