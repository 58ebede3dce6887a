/**
 * `npm start -- --own-provider`: the stand-in against the author's own provider, read from the
 * same settings the production build embeds (VITE_OAUTH_* in .env.production, .env.local,
 * .env.production.local or the environment; src/config.ts documents them), before anything
 * goes into Docker Desktop. Only the redirect URI differs: an ordinary browser cannot follow
 * docker-desktop://, so it is the stand-in's loopback forwarder, which the author registers at
 * the provider as a development redirect URI.
 */
import { loadEnv } from 'vite';
import { BuildSettingsError, readConnectOrigins } from '../../src/build/settings';
import {
  CONNECT_ORIGINS_VARIABLE,
  demoProviderSettings,
  providerSettingVariables,
  readProviderSettings,
} from '../../src/config';
import { loadProviderConfig } from '../../src/oauth/config';
import { AuthError } from '../../src/oauth/errors';
import type { OAuthConfigBlock } from './html';

/** The files Vite reads in a production build, most specific last (as `vite build` reads them). */
export const OWN_PROVIDER_FILES = [
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
] as const;

/** Settings that fall back to the demo server when unset: an own provider must set them. */
const REQUIRED: ReadonlyArray<keyof typeof providerSettingVariables> = ['issuer', 'clientId'];

export class OwnProviderError extends Error {}

/**
 * The configuration block for the provider in `root`'s .env files (and VITE_* variables of the
 * environment, which win, as in `vite build`). Throws an `OwnProviderError` naming the variable
 * to set or fix.
 */
export function readOwnProvider(root: string): OAuthConfigBlock {
  const env = loadEnv('production', root, 'VITE_');
  for (const setting of REQUIRED) {
    const variable = providerSettingVariables[setting];
    if (!env[variable]) {
      throw new OwnProviderError(
        `--own-provider signs in with the provider set in .env.production or .env.local (or the environment), and ${variable} is not set there: ` +
          'see "Configure a provider" in the README.',
      );
    }
  }
  // The issuer and client id are the author's (checked above); the rest, when unset, as the
  // demo has them (the stand-in replaces redirectStyle and redirectUri with its forwarder).
  const settings = readProviderSettings(env, demoProviderSettings);
  try {
    loadProviderConfig(settings);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const setting = error.field?.split('.')[0] as keyof typeof providerSettingVariables;
    const variable = providerSettingVariables[setting];
    throw new OwnProviderError(
      `Your provider settings are not usable: ${error.message}${variable ? ` (set by ${variable})` : ''}`,
    );
  }
  // As the production build reads them: the stand-in's policy lets the page call them too.
  let connectOrigins: string[];
  try {
    connectOrigins = readConnectOrigins(env[CONNECT_ORIGINS_VARIABLE], true);
  } catch (error) {
    if (!(error instanceof BuildSettingsError)) throw error;
    throw new OwnProviderError(`Your provider settings are not usable: ${error.message}`);
  }
  // Validated above; the stand-in replaces redirectStyle and redirectUri with its forwarder.
  return {
    ...(settings as OAuthConfigBlock),
    ...(connectOrigins.length > 0 ? { connectOrigins } : {}),
  };
}
