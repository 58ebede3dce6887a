/**
 * src/config.ts: the provider settings from Vite's build-time variables, and the block that
 * carries them in index.html. Plain functions, no React: these tests render nothing, so they
 * run once.
 */
import { describe, expect, it } from 'vitest';
import {
  CONFIG_BLOCK_ID,
  configBlockHtml,
  demoProviderSettings,
  providerSettingVariables,
  readEmbeddedAuthSettings,
  readEmbeddedSettings,
  readProviderSettings,
} from '../../../src/config';
import { loadProviderConfig } from '../../../src/oauth/config';
import { AuthError } from '../../../src/oauth/errors';

describe('readProviderSettings', () => {
  it('fills unset settings from the demo server when given its defaults, which the protocol module accepts', () => {
    const settings = readProviderSettings({}, demoProviderSettings);
    expect(settings).toEqual(demoProviderSettings);
    expect(loadProviderConfig(settings)).toMatchObject({
      issuer: 'http://127.0.0.1:4000',
      clientId: 'docker-extension-demo',
      extensionId: 'acme/oauth-extension',
      redirectStyle: 'docker-desktop',
    });
  });

  it('reads every setting from its VITE_ variable', () => {
    const settings = readProviderSettings({
      VITE_OAUTH_PROVIDER_NAME: 'Acme ID',
      VITE_OAUTH_ISSUER: 'https://id.acme.example',
      VITE_OAUTH_CLIENT_ID: 'acme-extension',
      VITE_OAUTH_SCOPES: ' openid  email offline_access ',
      VITE_EXTENSION_ID: 'acme/desktop-extension',
      VITE_OAUTH_REDIRECT_STYLE: 'open.docker.com',
      VITE_OAUTH_MODE: 'backend',
    });
    expect(settings).toEqual({
      displayName: 'Acme ID',
      issuer: 'https://id.acme.example',
      clientId: 'acme-extension',
      scopes: ['openid', 'email', 'offline_access'],
      extensionId: 'acme/desktop-extension',
      redirectStyle: 'open.docker.com',
      mode: 'backend',
    });
    expect(() => loadProviderConfig(settings)).not.toThrow();
  });

  it('leaves unset settings unset without defaults: a real build never gets the demo', () => {
    expect(readProviderSettings({})).toEqual({ issuer: '', clientId: '', extensionId: '' });
    expect(
      readProviderSettings({
        VITE_OAUTH_ISSUER: 'https://id.acme.example',
        VITE_OAUTH_CLIENT_ID: 'acme',
        VITE_EXTENSION_ID: 'acme/oauth-extension',
      }),
    ).toEqual({
      issuer: 'https://id.acme.example',
      clientId: 'acme',
      extensionId: 'acme/oauth-extension',
    });
  });

  it('reads each setting by its name and nothing else of the environment', () => {
    const settings = readProviderSettings({
      VITE_OAUTH_ISSUER: 'https://id.acme.example',
      VITE_SOMETHING_ELSE: 'canary',
      VITE_OAUTH_CLIENT_SECRET: 'canary',
    });
    expect(JSON.stringify(settings)).not.toContain('canary');
  });

  it('passes an empty variable on as empty, so the mistake is reported by name', () => {
    const settings = readProviderSettings({ VITE_OAUTH_CLIENT_ID: '' }, demoProviderSettings);
    expect(settings.clientId).toBe('');
    const error = (() => {
      try {
        loadProviderConfig(settings);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).field).toBe('clientId');
  });

  it('names a variable for every setting', () => {
    for (const key of Object.keys(demoProviderSettings)) {
      expect(providerSettingVariables).toHaveProperty(key);
    }
  });

  it('reads the optional redirect URI and extra authorization parameters', () => {
    const settings = readProviderSettings({
      VITE_OAUTH_REDIRECT_URI: 'http://127.0.0.1:8080/cb?extensionId=acme/oauth-extension',
      VITE_OAUTH_EXTRA_PARAMS: 'prompt=consent&max_age=0',
    });
    expect(settings.redirectUri).toBe('http://127.0.0.1:8080/cb?extensionId=acme/oauth-extension');
    expect(settings.extraAuthorizationParams).toEqual({ prompt: 'consent', max_age: '0' });
  });
});

describe('the embedded configuration block', () => {
  it('round-trips the settings through index.html, with < escaped', () => {
    const settings = { ...demoProviderSettings, displayName: '</script><b>Demo' };
    const html = configBlockHtml(settings);
    expect(html).not.toContain('</script><b>');
    document.head.innerHTML = html;
    expect(readEmbeddedSettings(document)).toEqual(settings);
  });

  it('carries any characters intact and cannot be ended or commented out by them', () => {
    const displayName =
      "Acme $& $` $' $$ </script><script>alert(1)</script> <!-- --> \"quotes\" 'single' " +
      '\u2028\u2029 Zürich 東京 🚀 & &amp; \\ </SCRIPT >';
    const settings = { ...demoProviderSettings, displayName };
    const page = `<!doctype html><html><head>${configBlockHtml(settings)}</head><body><p id="after">after</p></body></html>`;
    const parsed = new DOMParser().parseFromString(page, 'text/html');
    expect(parsed.querySelectorAll('script')).toHaveLength(1);
    expect(parsed.getElementById('after')?.textContent).toBe('after');
    expect(readEmbeddedSettings(parsed)).toEqual(settings);
  });

  it('is undefined when the page has no block, and says so when it is not JSON', () => {
    document.head.innerHTML = '';
    expect(readEmbeddedSettings(document)).toBeUndefined();
    document.head.innerHTML = `<script type="application/json" id="${CONFIG_BLOCK_ID}">{</script>`;
    expect(readEmbeddedSettings(document)).toMatch(/not JSON/);
  });
});

describe('readEmbeddedAuthSettings', () => {
  it('takes positive whole milliseconds and ignores everything else', () => {
    expect(
      readEmbeddedAuthSettings({
        authSettings: {
          exchangeTimeoutMs: 2_000,
          refreshMarginMs: 5_000,
          browserTimeoutMs: -1,
          pendingMaxAgeMs: '600000',
          refreshBackoffMs: 1.5,
          unknown: 3,
        },
      }),
    ).toEqual({ exchangeTimeoutMs: 2_000, refreshMarginMs: 5_000 });
  });

  it('is empty without an authSettings member', () => {
    expect(readEmbeddedAuthSettings({ issuer: 'x' })).toEqual({});
    expect(readEmbeddedAuthSettings(undefined)).toEqual({});
    expect(readEmbeddedAuthSettings({ authSettings: null })).toEqual({});
  });
});
