import * as oauth from 'oauth4webapi';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A fresh, high-entropy PKCE code verifier (32 random bytes, base64url). */
export function generateCodeVerifier(): string {
  return oauth.generateRandomCodeVerifier();
}

export function isValidCodeVerifier(verifier: string): boolean {
  return CODE_VERIFIER.test(verifier);
}

/** The S256 code challenge: BASE64URL(SHA-256(verifier)), RFC 7636 §4.2. */
export async function calculateCodeChallenge(verifier: string): Promise<string> {
  if (!isValidCodeVerifier(verifier)) {
    throw new RangeError('A PKCE code verifier must be 43 to 128 unreserved characters.');
  }
  return oauth.calculatePKCECodeChallenge(verifier);
}
