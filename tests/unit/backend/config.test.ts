// @vitest-environment node
/**
 * The backend's configuration: the provider settings file (validated like the UI's), the
 * optional client secret from a file or the environment, the socket and the session file.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendConfigError, loadBackendConfig } from '../../../backend/config';

const settings = {
  displayName: 'Acme ID',
  issuer: 'https://id.example.test',
  clientId: 'docker-extension',
  extensionId: 'acme/oauth-extension',
};

function files(entries: Record<string, string>) {
  return async (path: string) => {
    const text = entries[path];
    if (text === undefined) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
    return text;
  };
}

const base = { PROVIDER_SETTINGS_FILE: '/app/provider.json' };
const read = files({
  '/app/provider.json': JSON.stringify(settings),
  '/run/secrets/oauth_client_secret': 'from-a-file-secret\n',
});

describe('loadBackendConfig', () => {
  it('defaults to Docker Desktop’s socket and the volume, a public client', async () => {
    const config = await loadBackendConfig(base, read);
    expect(config).toEqual({
      socketPath: '/run/guest-services/backend.sock',
      sessionFile: '/data/session.json',
      provider: expect.objectContaining({ issuer: settings.issuer, clientId: settings.clientId }),
      logLevel: 'info',
    });
    expect(config).not.toHaveProperty('clientAuthentication');
  });

  it('reads the secret from a file (a Docker secret), without its final newline', async () => {
    const config = await loadBackendConfig(
      { ...base, OAUTH_CLIENT_SECRET_FILE: '/run/secrets/oauth_client_secret' },
      read,
    );
    expect(config.clientAuthentication).toMatchObject({
      method: 'client_secret_basic',
      secret: 'from-a-file-secret',
    });
    expect(config.secretSource).toBe('the file /run/secrets/oauth_client_secret');
  });

  it('or from the environment, with client_secret_post when asked', async () => {
    const config = await loadBackendConfig(
      {
        ...base,
        OAUTH_CLIENT_SECRET: 'env-secret',
        OAUTH_CLIENT_AUTH_METHOD: 'client_secret_post',
      },
      read,
    );
    expect(config.clientAuthentication).toMatchObject({
      method: 'client_secret_post',
      secret: 'env-secret',
    });
    expect(config.secretSource).not.toContain('env-secret');
  });

  it('takes the socket, session file and log level from the environment', async () => {
    const config = await loadBackendConfig(
      { ...base, BACKEND_SOCKET: '/tmp/b.sock', SESSION_FILE: '/tmp/s.json', LOG_LEVEL: 'debug' },
      read,
    );
    expect(config).toMatchObject({
      socketPath: '/tmp/b.sock',
      sessionFile: '/tmp/s.json',
      logLevel: 'debug',
    });
  });

  it.each([
    [
      'a secret in a VITE_ variable',
      { VITE_OAUTH_CLIENT_SECRET: 'x' },
      /VITE_OAUTH_CLIENT_SECRET must not be set: VITE_\* variables end up in the UI bundle/,
    ],
    [
      'both secret sources',
      { OAUTH_CLIENT_SECRET: 'a', OAUTH_CLIENT_SECRET_FILE: '/run/secrets/oauth_client_secret' },
      /not both/,
    ],
    ['an empty secret', { OAUTH_CLIENT_SECRET: '  ' }, /is empty/],
    [
      'a missing secret file',
      { OAUTH_CLIENT_SECRET_FILE: '/run/secrets/none' },
      /^Cannot read the client secret file \/run\/secrets\/none \(OAUTH_CLIENT_SECRET_FILE\): there is no such file\.$/,
    ],
    [
      'an unknown auth method',
      { OAUTH_CLIENT_SECRET: 'a', OAUTH_CLIENT_AUTH_METHOD: 'private_key_jwt' },
      /must be client_secret_basic or client_secret_post/,
    ],
    [
      'an auth method without a secret',
      { OAUTH_CLIENT_AUTH_METHOD: 'client_secret_post' },
      /no client secret/,
    ],
    [
      'a missing settings file',
      { PROVIDER_SETTINGS_FILE: '/nowhere.json' },
      /^Cannot read the provider settings file \/nowhere.json \(PROVIDER_SETTINGS_FILE\): there is no such file\.$/,
    ],
    [
      'both a socket and a port',
      { BACKEND_SOCKET: '/tmp/b.sock', BACKEND_PORT: '8000' },
      /Set BACKEND_SOCKET or BACKEND_PORT, not both/,
    ],
    ['a port that is not one', { BACKEND_PORT: '80a' }, /BACKEND_PORT must be a port number/],
    ['a port out of range', { BACKEND_PORT: '65536' }, /not "65536"/],
  ])('refuses %s with a sentence', async (_what, env, message) => {
    const error = await loadBackendConfig({ ...base, ...env }, read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('validates the provider settings like the UI build, naming the file and the field', async () => {
    const bad = files({
      '/p.json': JSON.stringify({ ...settings, issuer: 'http://id.example.test' }),
    });
    await expect(loadBackendConfig({ PROVIDER_SETTINGS_FILE: '/p.json' }, bad)).rejects.toThrow(
      /^The provider settings in \/p.json are not valid \(issuer\)/,
    );
    const notJson = files({ '/p.json': '{"clientId": "docker-extension",' });
    await expect(loadBackendConfig({ PROVIDER_SETTINGS_FILE: '/p.json' }, notJson)).rejects.toThrow(
      /^The provider settings file \/p.json is not JSON\.$/,
    );
  });

  it('says why a file cannot be read, in words', async () => {
    const refusing = (code: string) => async () => {
      throw Object.assign(new Error('denied'), { code });
    };
    for (const [code, words] of [
      ['EACCES', 'permission denied'],
      ['EISDIR', 'it is a folder, not a file'],
      ['EIO', 'EIO'],
    ]) {
      await expect(loadBackendConfig(base, refusing(code as string))).rejects.toThrow(
        `Cannot read the provider settings file /app/provider.json (PROVIDER_SETTINGS_FILE): ${words}.`,
      );
    }
  });

  it('takes the settings file from --settings over PROVIDER_SETTINGS_FILE, else the default', async () => {
    const both = files({
      '/app/provider.json': JSON.stringify(settings),
      '/given.json': JSON.stringify({ ...settings, clientId: 'from-the-command-line' }),
      '/image/provider.json': JSON.stringify({ ...settings, clientId: 'from-the-default' }),
    });
    const given = await loadBackendConfig(base, both, { settingsFile: '/given.json' });
    expect(given.provider.clientId).toBe('from-the-command-line');
    const fromEnv = await loadBackendConfig(base, both, {
      defaultSettingsFile: '/image/provider.json',
    });
    expect(fromEnv.provider.clientId).toBe('docker-extension');
    const byDefault = await loadBackendConfig({}, both, {
      defaultSettingsFile: '/image/provider.json',
    });
    expect(byDefault.provider.clientId).toBe('from-the-default');
    await expect(loadBackendConfig({}, both, { settingsFile: '/none.json' })).rejects.toThrow(
      'Cannot read the provider settings file /none.json (--settings): there is no such file.',
    );
    await expect(loadBackendConfig({}, both)).rejects.toThrow(
      `Cannot read the provider settings file ${resolve('provider.json')} (the default: give yours with --settings or PROVIDER_SETTINGS_FILE)`,
    );
  });

  it('listens on a loopback TCP port instead of the socket when BACKEND_PORT is set', async () => {
    const config = await loadBackendConfig({ ...base, BACKEND_PORT: '0' }, read);
    expect(config.port).toBe(0);
    expect(config.socketPath).toBeUndefined();
    expect((await loadBackendConfig({ ...base, BACKEND_PORT: '54190' }, read)).port).toBe(54190);
  });

  it('refuses a secret inside the provider settings: the settings are shared with the UI', async () => {
    const leaky = files({ '/p.json': JSON.stringify({ ...settings, clientSecret: 'oops' }) });
    await expect(loadBackendConfig({ PROVIDER_SETTINGS_FILE: '/p.json' }, leaky)).rejects.toThrow(
      /clientSecret/,
    );
  });
});
