/**
 * Build-time only (vite.config.ts): the provider settings a build embeds, and the page's
 * Content-Security-Policy, from the build's `VITE_` variables. Every refusal is a sentence
 * naming the variable to change; none repeats a value that may be a secret.
 *
 * - A variable that looks like a secret fails every build (secrets.ts).
 * - A real build (mode `production`, or any mode but the demo ones) needs the provider's
 *   settings and an https issuer: without them it fails, naming the variables, instead of
 *   shipping an extension that signs in against the demo's loopback server.
 * - The demo modes (`demo`: `npm run build:demo`, for `npm start` and the tests;
 *   `development`: `npm run dev`) fill unset settings with the demo server's.
 * - When the image build says which image it builds (EXTENSION_IMAGE, from the Makefile's IMAGE),
 *   VITE_EXTENSION_ID must be that image: Docker Desktop routes the redirect by it.
 */
import {
  CONNECT_ORIGINS_VARIABLE,
  demoProviderSettings,
  PRESET_VARIABLE,
  type ProviderSettings,
  providerSettingVariables,
  readProviderSettings,
} from '../config.ts';
import { isLoopbackHttpIssuer, secureUrl } from '../oauth/config.ts';
import { AuthError } from '../oauth/errors.ts';
import { presetSettings } from '../oauth/presets.ts';
import { loadProviderSettings, type ProviderSettingsConfig } from '../providerMode.ts';
import { connectSources, contentSecurityPolicy, plainOrigin } from './contentSecurityPolicy.ts';
import { findSecretVariables } from './secrets.ts';

/** The modes that may fall back to the demo's settings: explicit opt-ins, never `production`. */
export const DEMO_MODES: readonly string[] = ['demo', 'development'];

/** What a real build must set: without them there is no provider to sign in with. */
export const REQUIRED_VARIABLES: readonly string[] = [
  providerSettingVariables.issuer,
  providerSettingVariables.clientId,
  providerSettingVariables.extensionId,
];

/** With a preset (VITE_OAUTH_PRESET), which knows the issuer, and its own values. */
export const REQUIRED_WITH_PRESET: readonly string[] = [
  providerSettingVariables.clientId,
  providerSettingVariables.extensionId,
];

/** The image's repository as the Makefile builds it (IMAGE), a build argument of the Dockerfile. */
export const IMAGE_NAME_VARIABLE = 'EXTENSION_IMAGE';

/** A refusal of the build's settings; the message says what to change. */
export class BuildSettingsError extends Error {
  override name = 'BuildSettingsError';
}

export interface BuildSettings {
  /**
   * What the `oauth-config` block in index.html carries: the settings validated and normalised
   * (`loadProviderSettings`), which the page reads as they are (`readBuiltSettings`).
   */
  settings: ProviderSettingsConfig;
  /** The page's Content-Security-Policy (production builds only). */
  contentSecurityPolicy: string;
}

export interface BuildSettingsInput {
  /** Vite's mode: `production` for `vite build`, `development` for `vite`, or `--mode`. */
  mode: string;
  /** The build's `VITE_` variables, as Vite's `loadEnv` gives them (.env files and environment). */
  env: Readonly<Record<string, string | undefined>>;
  /** EXTENSION_IMAGE from the environment, when the image build passes it. */
  imageName?: string | undefined;
}

export function isDemoMode(mode: string): boolean {
  return DEMO_MODES.includes(mode);
}

export function resolveBuildSettings({ mode, env, imageName }: BuildSettingsInput): BuildSettings {
  const secrets = findSecretVariables(env);
  if (secrets.length > 0) {
    throw new BuildSettingsError(
      `${secrets.map(({ variable, reason }) => `${variable} looks like a secret (${reason})`).join('; ')}. ` +
        'The build refuses it: VITE_ variables are meant for the extension page, which anyone can ' +
        'read from the public image, and a Docker extension is a public client (authorization ' +
        'code with PKCE, no secret). Remove it from the .env files and the build environment; a ' +
        "secret belongs in the extension's backend, never in its UI.",
    );
  }

  const demo = isDemoMode(mode);
  const presetName = env[PRESET_VARIABLE]?.trim();
  if (!demo) {
    const required = presetName ? REQUIRED_WITH_PRESET : REQUIRED_VARIABLES;
    const missing = required.filter((name) => !env[name]?.trim());
    if (missing.length > 0) {
      throw new BuildSettingsError(
        `The ${mode} build has no provider to sign in with: set ${listOf(missing)} in ` +
          '.env.production or the build environment (src/config.ts describes every setting). ' +
          'Only the demo builds (`npm run build:demo`, `npm run dev`) use the local demo server.',
      );
    }
  }

  let defaults: Partial<ProviderSettings> = demo ? demoProviderSettings : {};
  if (presetName) {
    const preset = presetSettings(presetName, env);
    if (typeof preset === 'string') throw new BuildSettingsError(preset);
    const issuerVariable = providerSettingVariables.issuer;
    if (presetName !== 'oidc' && env[issuerVariable]?.trim()) {
      throw new BuildSettingsError(
        `${issuerVariable} is set beside ${PRESET_VARIABLE}=${presetName}, whose issuer the ` +
          `preset knows: remove ${issuerVariable}, or the preset.`,
      );
    }
    // The preset's settings; the demo's only for what neither the preset nor a variable sets.
    defaults = { ...defaults, ...preset };
  }
  const settings = readProviderSettings(env, defaults);
  let config: ProviderSettingsConfig;
  try {
    config = loadProviderSettings(settings);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const key = error.field?.split('.')[0] as keyof ProviderSettings | undefined;
    const variable = key === undefined ? undefined : providerSettingVariables[key];
    throw new BuildSettingsError(`${error.message}${variable ? ` (set by ${variable})` : ''}`);
  }

  const { issuer, extensionId, endpoints } = config;
  if (!demo && isLoopbackHttpIssuer(issuer)) {
    throw new BuildSettingsError(
      `${providerSettingVariables.issuer} is ${issuer}, a loopback address: a published extension ` +
        "would sign in against a server on each user's own machine. Set the provider's https " +
        'issuer; the demo builds with `npm run build:demo`.',
    );
  }

  if (imageName !== undefined && imageName !== '' && imageName !== extensionId) {
    throw new BuildSettingsError(
      `${providerSettingVariables.extensionId} is "${extensionId}", but the image is built as ` +
        `"${imageName}" (IMAGE in the Makefile, passed to the build as ${IMAGE_NAME_VARIABLE}). ` +
        'Docker Desktop routes the sign-in redirect by the extension id, so every sign-in would ' +
        'fail: make them the same.',
    );
  }

  const extra = readConnectOrigins(env[CONNECT_ORIGINS_VARIABLE], demo);
  let connect: string[];
  try {
    connect = connectSources({ issuer, ...(endpoints ? { endpoints } : {}) }, extra);
  } catch (error) {
    throw new BuildSettingsError(
      `${(error as Error).message} (set by ${providerSettingVariables.issuer})`,
    );
  }
  return { settings: config, contentSecurityPolicy: contentSecurityPolicy(connect) };
}

/**
 * The space-separated origins of VITE_OAUTH_CONNECT_ORIGINS: https (loopback http in a demo, or
 * in a trial of your own provider in the stand-in). Throws a `BuildSettingsError` naming it.
 */
export function readConnectOrigins(
  value: string | undefined,
  allowLoopbackHttp: boolean,
): string[] {
  const words = (value ?? '').split(/\s+/).filter((word) => word !== '');
  return words.map((word) => {
    const url = secureUrl(word, allowLoopbackHttp);
    const origin = url === null ? undefined : plainOrigin(word);
    if (
      origin === undefined ||
      url?.username !== '' ||
      url.password !== '' ||
      !/^[a-z]+:\/\/[^/?#]+\/?$/i.test(word)
    ) {
      throw new BuildSettingsError(
        `${CONNECT_ORIGINS_VARIABLE} holds "${word}", which is not an https origin such as ` +
          'https://graph.microsoft.com (scheme and host only, no path, no wildcard).',
      );
    }
    return origin;
  });
}

function listOf(names: readonly string[]): string {
  return names.length === 1
    ? (names[0] as string)
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
