// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  calculateCodeChallenge,
  generateCodeVerifier,
  isValidCodeVerifier,
} from '../../../src/oauth/pkce';
import { fakeServer, testClient } from './fakeServer';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636)', () => {
  it('computes the S256 challenge of the RFC 7636 Appendix B example', async () => {
    expect(await calculateCodeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('sends that challenge, with method S256, for that verifier', async () => {
    const client = testClient(fakeServer(), {}, { randomCodeVerifier: () => RFC_VERIFIER });
    const pending = await client.prepareAuthorization({ now: 0 });
    const url = new URL(pending.authorizationUrl);
    expect(pending.codeVerifier).toBe(RFC_VERIFIER);
    expect(url.searchParams.get('code_challenge')).toBe(RFC_CHALLENGE);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.has('code_verifier')).toBe(false);
  });

  it('generates fresh 43-character base64url verifiers (256 bits)', () => {
    const verifiers = new Set(Array.from({ length: 200 }, generateCodeVerifier));
    expect(verifiers.size).toBe(200);
    for (const verifier of verifiers) {
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isValidCodeVerifier(verifier)).toBe(true);
    }
  });

  it.each([
    '',
    'short',
    'a'.repeat(42),
    'a'.repeat(129),
    `${'a'.repeat(42)}+`,
    `${'a'.repeat(42)}/`,
    `${'a'.repeat(42)} `,
  ])('refuses the malformed verifier %j', async (verifier) => {
    expect(isValidCodeVerifier(verifier)).toBe(false);
    await expect(calculateCodeChallenge(verifier)).rejects.toThrow(RangeError);
  });

  it('accepts the longest and the unreserved characters', async () => {
    await expect(calculateCodeChallenge('a'.repeat(128))).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(calculateCodeChallenge(`${'a'.repeat(39)}-._~`)).resolves.toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
  });
});
