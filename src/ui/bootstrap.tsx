/**
 * Decides what the page shows and builds the sign-in: outside Docker Desktop a sentence saying
 * so, with an invalid provider configuration a view naming the field, otherwise the sign-in
 * App with its actor started once, here, before React renders anything.
 */
import type { ReactElement } from 'react';
import type { InspectionEvent } from 'xstate';
import { providerSettingVariables } from '../config';
import type { DesktopConnection } from '../desktop/desktopClient';
import type { KeyValueStorage } from '../desktop/storage';
import { bindingOf, type StoreLogger } from '../desktop/versionedRecord';
import type { AuthSettings } from '../machines/authMachine';
import { createOAuthClient } from '../oauth/client';
import { loadProviderConfig } from '../oauth/config';
import { AuthError } from '../oauth/errors';
import type { OAuthClient, ProviderConfig } from '../oauth/types';
import { App } from './App';
import { type AuthActor, startAuthActor } from './authActor';
import { createAuthDependencies } from './authDependencies';
import { ThemeRoot } from './theme';
import { ConfigErrorView } from './views/ConfigErrorView';
import { DesktopUnavailableView } from './views/DesktopUnavailableView';

export interface BootstrapOptions {
  connection: DesktopConnection;
  /** The raw provider settings (src/config.ts), validated here. */
  settings: unknown;
  storage: KeyValueStorage & { readonly fallbackReason?: string | undefined };
  /** Replaces the protocol client (tests). */
  createClient?: (config: ProviderConfig) => OAuthClient;
  clock?: { now(): number };
  authSettings?: Partial<AuthSettings>;
  logger?: StoreLogger;
  /** A further inspector for the actor (development only). */
  inspect?: (event: InspectionEvent) => void;
}

export type Bootstrap =
  | { kind: 'unavailable'; element: ReactElement }
  | { kind: 'invalid-config'; element: ReactElement }
  | { kind: 'ready'; element: ReactElement; actor: AuthActor };

export function bootstrap(options: BootstrapOptions): Bootstrap {
  const { connection } = options;
  if (connection.kind === 'unavailable') {
    return {
      kind: 'unavailable',
      element: (
        <ThemeRoot>
          <main>
            <DesktopUnavailableView reason={connection.reason} />
          </main>
        </ThemeRoot>
      ),
    };
  }

  let config: ProviderConfig;
  try {
    config = loadProviderConfig(options.settings);
  } catch (error) {
    return { kind: 'invalid-config', element: configError(error) };
  }

  const createClient = options.createClient ?? ((c: ProviderConfig) => createOAuthClient(c));
  const deps = createAuthDependencies({
    host: connection.host,
    oauth: createClient(config),
    storage: options.storage,
    extensionId: config.extensionId,
    binding: bindingOf(config),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const actor = startAuthActor(deps, options.authSettings, options.inspect);
  return {
    kind: 'ready',
    actor,
    element: (
      <ThemeRoot>
        <App
          actor={actor}
          provider={{ displayName: config.displayName, issuer: config.issuer }}
          storage={options.storage}
        />
      </ThemeRoot>
    ),
  };
}

function configError(error: unknown): ReactElement {
  const failure =
    error instanceof AuthError
      ? error
      : new AuthError('invalid_configuration', 'The provider configuration could not be read.');
  const field = failure.field;
  const topLevel = field?.split('.')[0];
  const variable =
    topLevel !== undefined && topLevel in providerSettingVariables
      ? providerSettingVariables[topLevel as keyof typeof providerSettingVariables]
      : undefined;
  return (
    <ThemeRoot>
      <main>
        <ConfigErrorView
          field={field}
          variable={variable}
          message={failure.message}
          detail={failure.detail}
        />
      </main>
    </ThemeRoot>
  );
}
