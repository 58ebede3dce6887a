/**
 * Decides what the page shows and builds the sign-in: outside Docker Desktop a sentence saying
 * so, with an invalid provider configuration a view naming the field, otherwise the sign-in
 * App with its actor started once, here, before React renders anything.
 */
import type { ReactElement } from 'react';
import type { InspectionEvent } from 'xstate';
import type { AuthActor } from '../auth/actor';
import { createDesktopAuth, type DesktopAuth, type SignInLayer } from '../auth/desktopAuth';
import type { StartGate } from '../auth/startGate';
import { providerSettingVariables } from '../config';
import type { DesktopConnection } from '../desktop/desktopClient';
import type { KeyValueStorage } from '../desktop/storage';
import type { StoreLogger } from '../desktop/versionedRecord';
import type { AuthSettings } from '../machines/authMachine';
import { AuthError, type AuthFailure } from '../oauth/errors';
import type { OAuthClient, ProviderConfig } from '../oauth/types';
import { readBuiltSettings } from '../providerMode';
import { App, type AppProps } from './App';
import { StartGateView } from './startGate';
import { type SignInTexts, type TextOverrides, textFor } from './texts';
import { ThemeRoot } from './theme';
import { ConfigErrorView } from './views/ConfigErrorView';
import { DesktopUnavailableView } from './views/DesktopUnavailableView';
import { ProgressView } from './views/ProgressView';

export { NO_BACKEND } from '../auth/desktopAuth';

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
  /** An inspector for the actor (development only). */
  inspect?: (event: InspectionEvent) => void;
  /** An author's texts in place of the default ones (src/ui/texts.ts), entry by entry. */
  texts?: TextOverrides;
  /** The statechart's code, already imported: it starts at once (tests). */
  signInLayer?: SignInLayer;
}

export type Bootstrap =
  | { kind: 'unavailable'; element: ReactElement }
  | { kind: 'invalid-config'; element: ReactElement }
  | { kind: 'ready'; element: ReactElement; actor: AuthActor }
  /** Page mode: the actor starts once its code has loaded, after the first view. */
  | { kind: 'page'; element: ReactElement; gate: StartGate }
  /** Backend mode: the actor starts once the session is read from the backend. */
  | { kind: 'backend'; element: ReactElement; gate: StartGate };

/** `createDesktopAuth` with the settings as the build embeds them, and its views. */
export function bootstrap(options: BootstrapOptions): Bootstrap {
  const auth = createDesktopAuth({
    connection: options.connection,
    provider: () => readBuiltSettings(options.settings),
    storage: options.storage,
    ...(options.createClient ? { createClient: options.createClient } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.authSettings ? { timings: options.authSettings } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.texts ? { texts: options.texts } : {}),
    ...(options.signInLayer ? { signInLayer: options.signInLayer } : {}),
  });
  const element = <ThemeRoot>{authView(auth)}</ThemeRoot>;
  const { setup } = auth;
  if (setup.kind === 'ready') return { kind: 'ready', element, actor: setup.actor };
  if (setup.kind === 'backend' || setup.kind === 'page') {
    return { kind: setup.kind, element, gate: setup.gate };
  }
  return { kind: setup.kind, element };
}

/**
 * What the page shows for `auth`: outside Docker Desktop a sentence saying so, with an invalid
 * provider configuration a view naming the field, otherwise the sign-in App — behind the start
 * gate until the statechart runs (page mode: its first view meanwhile; backend mode: a progress
 * view). `signedIn` is the author's content shown below the signed-in view.
 */
export function authView(auth: DesktopAuth, signedIn?: ReactElement): ReactElement {
  const { setup, provider } = auth;
  if (setup.kind === 'unavailable') {
    return (
      <main>
        <DesktopUnavailableView reason={setup.reason} texts={auth.texts.views.unavailable} />
      </main>
    );
  }
  if (setup.kind === 'invalid-config' || provider === undefined) {
    return configError(setup.kind === 'invalid-config' ? setup.error : undefined, auth.texts);
  }
  const render = (actor?: AuthActor, starting?: AppProps['starting']) => (
    <App
      actor={actor}
      starting={starting}
      provider={{ displayName: provider.displayName, issuer: provider.issuer, flow: provider.flow }}
      storage={{
        get fallbackReason() {
          return auth.storageWarning;
        },
      }}
      signedIn={signedIn}
      texts={auth.texts}
    />
  );
  if (setup.kind === 'ready') return render(setup.actor);
  const { gate } = setup;
  const say = (failure: AuthFailure) => textFor(failure, provider.displayName, auth.texts);
  // Page mode: the first view, the same App (so nothing is drawn again when the actor comes).
  const whileConnecting =
    setup.kind === 'page' ? (
      render(undefined, { firstView: setup.firstView, send: gate.send })
    ) : (
      <main style={{ padding: 24 }}>
        <ProgressView title={auth.texts.views.start.connecting} />
      </main>
    );
  return (
    <StartGateView
      gate={gate}
      say={say}
      texts={auth.texts.views.start}
      whileConnecting={whileConnecting}
    >
      {render}
    </StartGateView>
  );
}

function configError(error: unknown, texts: SignInTexts): ReactElement {
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
    <main>
      <ConfigErrorView
        field={field}
        variable={variable}
        message={failure.message}
        detail={failure.detail}
        texts={texts.views.config}
      />
    </main>
  );
}
