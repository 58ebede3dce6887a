// @vitest-environment node
/** The provider sources of createDesktopAuth: a preset with its values, full settings. */
import { describe, expect, it } from 'vitest';
import { presetProvider, providerSettings } from '../../../src/auth/provider';
import { muiMajor } from '../../../src/ui/theme';

const client = { clientId: 'docker-extension', extensionId: 'acme/oauth-extension' };

describe('presetProvider', () => {
  it('makes the settings of a preset from its own values', () => {
    const settings = presetProvider('gitlab', { ...client, url: 'https://gitlab.acme.example' })();
    expect(settings).toMatchObject({
      issuer: 'https://gitlab.acme.example',
      clientId: 'docker-extension',
      extensionId: 'acme/oauth-extension',
      flow: 'code',
      preset: 'gitlab',
    });
  });

  it('lets the author override what the preset sets', () => {
    const settings = presetProvider('oidc', {
      ...client,
      issuer: 'https://id.acme.example',
      displayName: 'Acme ID',
      scopes: ['openid', 'offline_access'],
    })();
    expect(settings).toMatchObject({
      displayName: 'Acme ID',
      scopes: ['openid', 'offline_access'],
    });
  });

  it('names a missing or refused value of the preset, and an unknown preset, by field', () => {
    expect(() => presetProvider('auth0', client)()).toThrow(
      expect.objectContaining({ reason: 'invalid_configuration', field: 'domain' }),
    );
    expect(() =>
      presetProvider('gitlab', { ...client, url: 'http://gitlab.acme.example' })(),
    ).toThrow(/gitlab preset's url must be an https address/);
    expect(() => presetProvider('nope' as 'oidc', client)()).toThrow(
      expect.objectContaining({ field: 'preset' }),
    );
    expect(() =>
      presetProvider('oidc', { ...client, issuer: 'https://id.acme.example', clientId: '' })(),
    ).toThrow(expect.objectContaining({ field: 'clientId' }));
  });
});

describe('providerSettings', () => {
  it('validates full settings with the build’s rules', () => {
    expect(providerSettings({ issuer: 'https://id.acme.example', ...client })()).toMatchObject({
      mode: 'page',
      flow: 'code',
      redirectStyle: 'docker-desktop',
    });
    expect(() => providerSettings({ issuer: 'http://id.acme.example', ...client })()).toThrow(
      expect.objectContaining({ field: 'issuer' }),
    );
  });
});

describe('muiMajor', () => {
  it("picks Docker's theme provider by the installed MUI major version", () => {
    expect(muiMajor('5.16.7')).toBe(5);
    expect(muiMajor('6.5.0')).toBe(6);
    expect(muiMajor()).toBe(6); // this repository's MUI
  });
});
