// @vitest-environment node
/** The mode setting (src/providerMode.ts): checked with the provider settings, naming the field. */
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
});
