// @vitest-environment node
/**
 * src/build/secrets.ts: which VITE_ variables of a build's environment look like a secret.
 * No false alarm on the settings the README and the demo use.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findSecretVariables, looksRandom } from '../../../src/build/secrets';
import { demoProviderSettings } from '../../../src/config';

const root = new URL('../../../', import.meta.url);

/** The `VITE_…=` lines of a text, commented out or not, as an environment. */
function exampleSettings(text: string): Record<string, string> {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/^#\s*/, '').trim())
    .filter((line) => /^VITE_[A-Z_]+=/.test(line))
    // The README's examples carry trailing comments after the value.
    .map((line) => line.replace(/\s+#.*$/, ''));
  return parseEnv(lines.join('\n')) as Record<string, string>;
}

describe('variables named like a secret', () => {
  it.each([
    'VITE_OAUTH_CLIENT_SECRET',
    'VITE_client_secret',
    'VITE_DB_PASSWORD',
    'VITE_SIGNING_PRIVATE_KEY',
    'VITE_GITHUB_TOKEN',
    'VITE_API_KEY',
    'VITE_AWS_ACCESS_KEY',
    'VITE_SERVICE_CREDENTIALS',
  ])('refuses %s whatever its value', (variable) => {
    expect(findSecretVariables({ [variable]: 'x' })).toEqual([
      { variable, reason: expect.stringMatching(/^its name says [A-Z_]+$/) },
    ]);
  });

  it('looks only at VITE_ variables: the rest never reaches the page', () => {
    expect(findSecretVariables({ NPM_TOKEN: 'x', CLIENT_SECRET: 'x' })).toEqual([]);
  });
});

describe('values shaped like a secret', () => {
  it.each([
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow'],
    [
      'a JSON Web Token',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['a provider credential', 'GOCSPX-1a2b3c4d5e6f7g8h9i0j'],
    ['a provider credential', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['a random key', 'q8Zr2LmX0vB7tN4kP1sW9yC3hJ6dF5gA'],
  ])('refuses %s under an innocent name', (what, value) => {
    const [finding] = findSecretVariables({ VITE_LICENSE: value });
    expect(finding?.reason).toContain(what);
  });

  it('still refuses a credential pasted into a provider setting', () => {
    expect(
      findSecretVariables({ VITE_OAUTH_CLIENT_ID: 'GOCSPX-1a2b3c4d5e6f7g8h9i0j' }),
    ).toHaveLength(1);
  });
});

describe('no false alarm', () => {
  it("on the README's and .env.production's example settings", () => {
    const readme = exampleSettings(readFileSync(new URL('README.md', root), 'utf8'));
    const envProduction = exampleSettings(readFileSync(new URL('.env.production', root), 'utf8'));
    expect(Object.keys(readme)).toContain('VITE_OAUTH_CLIENT_ID');
    expect(Object.keys(envProduction)).toContain('VITE_OAUTH_CLIENT_ID');
    expect(findSecretVariables({ ...readme, ...envProduction })).toEqual([]);
  });

  it('on the demo settings and the development switches', () => {
    expect(
      findSecretVariables({
        VITE_OAUTH_PROVIDER_NAME: demoProviderSettings.displayName,
        VITE_OAUTH_ISSUER: demoProviderSettings.issuer,
        VITE_OAUTH_CLIENT_ID: demoProviderSettings.clientId,
        VITE_OAUTH_SCOPES: demoProviderSettings.scopes.join(' '),
        VITE_EXTENSION_ID: demoProviderSettings.extensionId,
        VITE_STATELY_INSPECT: 'true',
      }),
    ).toEqual([]);
  });

  it("on real providers' public settings", () => {
    expect(
      findSecretVariables({
        // An Auth0 client id is 32 random characters, and public.
        VITE_OAUTH_CLIENT_ID: 'q8Zr2LmX0vB7tN4kP1sW9yC3hJ6dF5gA',
        VITE_OAUTH_ISSUER:
          'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
        VITE_OAUTH_CONNECT_ORIGINS: 'https://graph.microsoft.com',
        VITE_OAUTH_EXTRA_PARAMS: 'prompt=consent&login_hint=dana%40example.com',
      }),
    ).toEqual([]);
  });

  it.each([
    ['a commit hash', 'f3d11cb2e9a44c3f0d1b7a6e5c4d3b2a1f0e9d8c'],
    ['a UUID', '9188040d-6c67-4c5b-b112-36a304b66dad'],
    ['a long word', 'a-rather-long-feature-flag-name-for-the-build'],
    ['a version', '1.2.3-beta.4+build.56'],
    ['a short id', 'abc123XYZ'],
    ['a lower-case build id', 'release-2026-11-28-abc123def456'],
  ])('on %s', (_what, value) => {
    expect(looksRandom(value)).toBe(false);
    expect(findSecretVariables({ VITE_BUILD_INFO: value })).toEqual([]);
  });
});
