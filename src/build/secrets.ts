/**
 * Build-time only (vite.config.ts): the `VITE_` variables of the build's environment that look
 * like a secret, by name or by value. A Docker extension is a public client: anything in its
 * image can be read by anyone (RFC 8252 §8.5), so the build refuses them rather than trusting
 * that nothing reads them. Messages name the variable and why, never the value.
 */
import { CONNECT_ORIGINS_VARIABLE, providerSettingVariables } from '../config.ts';

export interface SecretFinding {
  variable: string;
  /** Why it looks like a secret, e.g. "its name says SECRET". */
  reason: string;
}

/** Words that name a credential. */
const SECRET_NAME =
  /SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_?KEY|TOKEN|API_?KEY|ACCESS_?KEY|SIGNING_?KEY|CREDENTIAL/i;

interface ValuePattern {
  what: string;
  pattern: RegExp;
}

/** Shapes of a credential, whatever the variable is called. */
const SECRET_VALUES: readonly ValuePattern[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/ },
  {
    what: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  },
  {
    what: 'a provider credential (its prefix is a known secret format)',
    // Google client secrets, GitHub and GitLab tokens, Stripe and Slack keys, AWS access keys.
    pattern:
      /\b(GOCSPX-|gh[pousr]_[A-Za-z0-9]{20}|github_pat_|glpat-|sk_(live|test)_|xox[abpr]-|AKIA[0-9A-Z]{16}\b)/,
  },
];

/**
 * The provider settings are public by definition (a client id, an issuer URL...): a client id
 * may well be 32 random characters (Auth0), so they are spared the randomness test below.
 */
const PUBLIC_SETTINGS = new Set([
  ...Object.values(providerSettingVariables),
  CONNECT_ORIGINS_VARIABLE,
]);

/**
 * A long random-looking single word: 24 characters or more of a key's alphabet, mixing upper
 * case, lower case and digits, with at least 3.5 bits of entropy per character (base62 and
 * base64 keys). Hex (commit hashes), UUIDs and lower-case ids such as `release-2026-11-28-abc123`
 * are left alone: build ids are legitimate values.
 */
export function looksRandom(value: string): boolean {
  const text = value.trim();
  if (!/^[A-Za-z0-9+/=_~.-]{24,}$/.test(text)) return false;
  if (!/[A-Z]/.test(text) || !/[a-z]/.test(text) || !/[0-9]/.test(text)) return false;
  if (/^[0-9a-f]+$/i.test(text)) return false;
  if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(text)) return false;
  return shannonEntropy(text) >= 3.5;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Every `VITE_` variable of `env` that looks like a secret, by name or by value. */
export function findSecretVariables(
  env: Readonly<Record<string, string | undefined>>,
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('VITE_') || value === undefined) continue;
    const word = SECRET_NAME.exec(variable.slice('VITE_'.length));
    if (word !== null) {
      findings.push({ variable, reason: `its name says ${word[0].toUpperCase()}` });
      continue;
    }
    const shape = SECRET_VALUES.find(({ pattern }) => pattern.test(value));
    if (shape !== undefined) {
      findings.push({ variable, reason: `its value looks like ${shape.what}` });
    } else if (!PUBLIC_SETTINGS.has(variable) && looksRandom(value)) {
      findings.push({ variable, reason: 'its value looks like a random key' });
    }
  }
  return findings;
}
