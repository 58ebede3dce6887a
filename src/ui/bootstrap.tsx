/**
 * Decides what the page shows and builds the sign-in: outside Docker Desktop a sentence saying
 * so, with an invalid provider configuration a view naming the field, otherwise the sign-in
 * App with its actor started once, here, before React renders anything.
 */
import type { ReactElement } from 'react';
import type { InspectionEvent } from 'xstate';
import { providerSettingVariables } from '../config';
import { createBackendOAuthClient, createBackendSessionStore } from '../desktop/backendClient';
import type { DesktopConnection, DesktopHost } from '../desktop/desktopClient';
import type { KeyValueStorage } from '../desktop/storage';
import { bindingOf, type StoreLogger } from '../desktop/versionedRecord';
import type { AuthSettings, SessionStore } from '../machines/authMachine';
import { createOAuthClient } from '../oauth/client';
import { AuthError, type AuthFailure } from '../oauth/errors';
import type { OAuthClient, ProviderConfig } from '../oauth/types';
import { type ProviderSettingsConfig, readBuiltSettings } from '../providerMode';
import { App } from './App';
import { type AuthActor, startAuthActor } from './authActor';
import { type AuthDependencyOptions, createAuthDependencies } from './authDependencies';
import { type BackendGate, BackendGateView, openBackendGate } from './backendGate';
import { type TextOverrides, textFor, textsWith } from './texts';
import { ThemeRoot } from './theme';
import { ConfigErrorView } from './views/ConfigErrorView';
import { DesktopUnavailableView } from './views/DesktopUnavailableView';

export interface BootstrapOptions {
  connection: DesktopConnection;
  /** The provider settings as the build embeds them (validated and normalised by the build). */
  settings: unknown;
  storage: KeyValueStorage & { readonly fallbackReason?: string | undefined };
  /** Replaces the protocol client (tests). */
  createClient?: (config: ProviderConfig) => OAuthClient;
  clock?: { now(): number };
  authSettings?: Partial<AuthSettings>;
  logger?: StoreLogger;
  /** A further inspector for the actor (development only). */
  inspect?: (event: InspectionEvent) => void;
  /** An author's texts in place of the default ones (src/ui/texts.ts), entry by entry. */
  texts?: TextOverrides;
}

export type Bootstrap =
  | { kind: 'unavailable'; element: ReactElement }
  | { kind: 'invalid-config'; element: ReactElement }
  | { kind: 'ready'; element: ReactElement; actor: AuthActor }
  /** Backend mode: the actor starts once the session is read from the backend. */
  | { kind: 'backend'; element: ReactElement; gate: BackendGate };

export const NO_BACKEND =
  'This extension signs in through its backend, but Docker Desktop runs no backend for it: ' +
  'its metadata.json must declare the "vm" service (see the README).';

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

  let config: ProviderSettingsConfig;
  try {
    config = readBuiltSettings(options.settings);
  } catch (error) {
    return { kind: 'invalid-config', element: configError(error) };
  }

  const host = connection.host;
  const texts = textsWith(options.texts);
  const dependencyOptions: Omit<AuthDependencyOptions, 'oauth'> = {
    host,
    providerName: config.displayName,
    texts,
    storage: options.storage,
    extensionId: config.extensionId,
    binding: bindingOf(config),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const render = (actor: AuthActor) => (
    <App
      actor={actor}
      provider={{ displayName: config.displayName, issuer: config.issuer, flow: config.flow }}
      storage={options.storage}
      texts={texts}
    />
  );
  const start: StartActor = (oauth, sessionStore) =>
    startAuthActor(
      createAuthDependencies({
        ...dependencyOptions,
        oauth,
        ...(sessionStore ? { sessionStore } : {}),
      }),
      options.authSettings,
      options.inspect,
      config.flow,
    );

  if (config.mode === 'backend') {
    return backendMode(host, config, options, start, render, (failure) =>
      textFor(failure, config.displayName, texts),
    );
  }
  const createClient = options.createClient ?? ((c: ProviderConfig) => createOAuthClient(c));
  const actor = start(createClient(config));
  return { kind: 'ready', actor, element: <ThemeRoot>{render(actor)}</ThemeRoot> };
}

type StartActor = (oauth: OAuthClient, sessionStore?: SessionStore) => AuthActor;

/**
 * The extension's backend talks to the provider and keeps the session: the page's protocol
 * client and session store go through `vm.service`, and the session is read before the actor
 * starts.
 */
function backendMode(
  host: DesktopHost,
  config: ProviderConfig,
  options: BootstrapOptions,
  start: StartActor,
  render: (actor: AuthActor) => ReactElement,
  say: (failure: AuthFailure) => string,
): Bootstrap {
  const service = host.backend;
  if (!service) {
    const noBackend = new AuthError('invalid_configuration', NO_BACKEND, { field: 'mode' });
    return { kind: 'invalid-config', element: configError(noBackend) };
  }
  const sessionStore = createBackendSessionStore(service, options.logger);
  const oauth = options.createClient?.(config) ?? createBackendOAuthClient(service);
  const gate = openBackendGate(
    () => sessionStore.hydrate(),
    () => start(oauth, sessionStore),
    say,
  );
  return {
    kind: 'backend',
    gate,
    element: (
      <ThemeRoot>
        <BackendGateView gate={gate}>{render}</BackendGateView>
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
