// @vitest-environment node
/**
 * `npm start -- --own-provider` reads the provider from the files `vite build` reads
 * (dev/standin/ownProvider.ts), here from a temporary project folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnProviderError, readOwnProvider } from '../../../dev/standin/ownProvider';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'own-provider-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(file: string, lines: string[]): void {
  writeFileSync(join(root, file), `${lines.join('\n')}\n`);
}

describe('readOwnProvider', () => {
  it('answers the configuration block for the provider in .env.production', () => {
    write('.env.production', [
      '# comments are fine',
      'VITE_OAUTH_PROVIDER_NAME=Acme ID',
      'VITE_OAUTH_ISSUER=https://id.acme.example',
      'VITE_OAUTH_CLIENT_ID=docker-extension',
      'VITE_OAUTH_SCOPES=openid email offline_access',
      'VITE_OAUTH_EXTRA_PARAMS=prompt=consent',
    ]);
    expect(readOwnProvider(root)).toEqual({
      displayName: 'Acme ID',
      issuer: 'https://id.acme.example',
      clientId: 'docker-extension',
      scopes: ['openid', 'email', 'offline_access'],
      extensionId: 'acme/oauth-extension',
      redirectStyle: 'docker-desktop',
      mode: 'page',
      extraAuthorizationParams: { prompt: 'consent' },
    });
  });

  it('takes what .env.local adds, and .env.production.local over .env.production', () => {
    write('.env.production', ['VITE_OAUTH_ISSUER=https://id.acme.example']);
    write('.env.local', ['VITE_OAUTH_CLIENT_ID=from-env-local']);
    write('.env.production.local', ['VITE_OAUTH_ISSUER=https://dev-id.acme.example']);
    expect(readOwnProvider(root)).toMatchObject({
      issuer: 'https://dev-id.acme.example',
      clientId: 'from-env-local',
    });
  });

  it('refuses to fall back to the demo server, naming the variable to set', () => {
    write('.env.production', ['VITE_OAUTH_ISSUER=https://id.acme.example']);
    expect(() => readOwnProvider(root)).toThrow(OwnProviderError);
    expect(() => readOwnProvider(root)).toThrow('VITE_OAUTH_CLIENT_ID is not set there');
  });

  it('refuses an unusable setting, naming its variable', () => {
    write('.env.production', [
      'VITE_OAUTH_ISSUER=http://id.acme.example',
      'VITE_OAUTH_CLIENT_ID=docker-extension',
    ]);
    expect(() => readOwnProvider(root)).toThrow(/\(set by VITE_OAUTH_ISSUER\)$/);
  });

  it('reads VITE_OAUTH_CONNECT_ORIGINS for the policy, and refuses one that is not an origin', () => {
    write('.env.production', [
      'VITE_OAUTH_ISSUER=https://login.acme.example/tenant/v2.0',
      'VITE_OAUTH_CLIENT_ID=docker-extension',
      'VITE_OAUTH_CONNECT_ORIGINS=https://graph.acme.example',
    ]);
    expect(readOwnProvider(root).connectOrigins).toEqual(['https://graph.acme.example']);
    write('.env.production.local', ['VITE_OAUTH_CONNECT_ORIGINS=https://graph.acme.example/v1.0']);
    expect(() => readOwnProvider(root)).toThrow(
      /^Your provider settings are not usable: VITE_OAUTH_CONNECT_ORIGINS holds "https:\/\/graph\.acme\.example\/v1\.0"/,
    );
  });
});
