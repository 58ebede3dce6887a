/**
 * Renders the sign-in statechart: one view per state, fed from the actor's snapshot. Views
 * only read the snapshot and send events; every effect (browser, storage, requests, toasts)
 * belongs to the statechart's dependencies.
 *
 * The actor is created and started outside React (authActor.ts) and handed in: React
 * StrictMode's unmount/remount of effects then cannot restart its invocations (see
 * authActor.ts for why `useActorRef` is not used).
 */
import Box from '@mui/material/Box';
import { Component, type ReactNode, useEffect, useRef } from 'react';
import type { AuthEvent } from '../machines/authMachine';
import type { FirstView } from '../machines/firstView';
import type { AuthFailure } from '../oauth/errors';
import type { UserProfile } from '../oauth/types';
import { type AuthActor, type AuthSnapshot, useSnapshotOf } from './authActor';
import {
  type CrashedTexts,
  defaultTexts,
  type SignInTexts,
  signOutWarningText,
  textFor,
} from './texts';
import { AuthorizedView, type SessionStatus } from './views/AuthorizedView';
import { DeviceCodeView, pageAddress, spellCode } from './views/DeviceCodeView';
import { ErrorView } from './views/ErrorView';
import { IdleView, type ProviderInfo } from './views/IdleView';
import { ProgressView } from './views/ProgressView';
import { ViewHeadingRef, ViewLayout, visuallyHidden } from './views/ViewLayout';
import { WaitingView } from './views/WaitingView';

export interface AppProps {
  /** The running statechart; absent while its code loads (see `starting`). */
  actor?: AuthActor | undefined;
  /**
   * While the statechart's code loads (createDesktopAuth's page mode): what it will show first
   * (src/machines/firstView.ts; null: only it can tell, nothing is shown yet) and where the
   * person's events wait for it. Rendered by this same component, so when the statechart comes
   * the view stays as it is (same elements, same focus) unless its first state differs.
   */
  starting?: { firstView: FirstView | null; send(event: AuthEvent): void } | undefined;
  provider: ProviderInfo;
  /** Where the pending sign-in is kept; its `fallbackReason` is shown when it is memory only. */
  storage?: { readonly fallbackReason?: string | undefined };
  /** What the views say (src/ui/texts.ts): the default table, or one with an author's entries. */
  texts?: SignInTexts;
  /** The extension's own content for signed-in people, shown in the signed-in view. */
  signedIn?: ReactNode;
}

export function App(props: AppProps) {
  return (
    <Box component="main" sx={{ p: 3 }}>
      <CrashBoundary texts={(props.texts ?? defaultTexts).views.crashed}>
        <SignIn {...props} />
      </CrashBoundary>
    </Box>
  );
}

function SignIn(props: AppProps) {
  const snapshot = useSnapshotOf(props.actor);
  const context = contextOf(props, props.actor?.send ?? props.starting?.send ?? ignore);
  const shown = snapshot
    ? { ...viewFor(snapshot, context), status: statusMessage(snapshot, context.words) }
    : firstShown(props.starting?.firstView ?? null, context);
  return <Shown {...shown} label={context.words.texts.status.label} />;
}

/**
 * Before the statechart runs: its first view where that is certain, else nothing yet. The same
 * views as `viewFor` gives for those states, so nothing changes on screen when it starts.
 */
function firstShown(firstView: FirstView | null, context: ViewContext) {
  if (firstView?.view === 'signed-in') {
    const status = firstView.refreshing ? 'refreshing' : 'loadingProfile';
    return {
      ...authorizedView(context, status, null, null),
      status: signedInStatus(context.words, null, false),
    };
  }
  if (firstView?.view === 'signed-out') {
    return { ...idleView(context, null, null), status: signedOutStatus(context.words) };
  }
  return { name: 'starting', view: null, status: '' };
}

const ignore = () => {};

function contextOf(
  { provider, storage, signedIn, texts = defaultTexts }: AppProps,
  send: (event: AuthEvent) => void,
): ViewContext {
  return { provider, storage, signedIn, send, words: wordsFor(provider.displayName, texts) };
}

/**
 * A view and the live region's sentence (`label`: the region's name), with focus moved to the
 * heading on a new state.
 */
function Shown({
  name,
  view,
  status,
  label,
}: {
  name: string;
  view: ReactNode;
  status: string;
  label: string;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    // Not on the first view (nor the statechart's first after none): focus moves only when the
    // state changes under the user.
    if (name === 'starting') return;
    if (shownKey.current !== null && shownKey.current !== name) headingRef.current?.focus();
    shownKey.current = name;
  }, [name]);

  return (
    <>
      <ViewHeadingRef.Provider value={headingRef}>{view}</ViewHeadingRef.Provider>
      <Box role="status" aria-live="polite" aria-label={label} sx={visuallyHidden}>
        {status}
      </Box>
    </>
  );
}

/** The texts for one provider: what the views and the live region say about the snapshot. */
interface Words {
  texts: SignInTexts;
  failure(failure: AuthFailure): string;
  signOutWarning(failure: AuthFailure | null): string | null;
}

function wordsFor(provider: string, texts: SignInTexts): Words {
  return {
    texts,
    failure: (failure) => textFor(failure, provider, texts),
    signOutWarning: (failure) => signOutWarningText(failure, provider, texts),
  };
}

interface ViewContext {
  provider: ProviderInfo;
  storage: AppProps['storage'];
  signedIn: ReactNode;
  send(event: AuthEvent): void;
  words: Words;
}

function viewFor(snapshot: AuthSnapshot, view: ViewContext) {
  const { provider, send, words } = view;
  const { context } = snapshot;
  const { notices, views } = words.texts;
  const answerNotice = context.answerNotice && notices[context.answerNotice];
  const cancel = () => send({ type: 'CANCEL' });
  const progress = (title: string) => (
    <ProgressView title={title} cancelLabel={views.progress.cancel} onCancel={cancel} />
  );

  if (snapshot.matches({ 'awaiting-browser': 'waiting' }) && context.pending) {
    const { settings } = context;
    const lifetime = Math.min(settings.browserTimeoutMs, settings.pendingMaxAgeMs);
    return {
      name: 'awaiting-browser.waiting',
      view: (
        <WaitingView
          providerName={provider.displayName}
          authorizationUrl={context.pending.authorizationUrl}
          expiresAt={context.pending.startedAt + lifetime}
          browserOpenFailed={context.browserOpenFailed}
          answerNotice={answerNotice}
          clock={context.deps.clock}
          texts={views.waiting}
          send={send}
        />
      ),
    };
  }
  if (snapshot.matches({ 'awaiting-browser': 'showingUserCode' }) && context.device) {
    return {
      name: 'awaiting-browser.showingUserCode',
      view: (
        <DeviceCodeView
          providerName={provider.displayName}
          device={context.device}
          browserOpenFailed={context.browserOpenFailed}
          pollFailure={context.error && words.failure(context.error)}
          answerNotice={answerNotice}
          clock={context.deps.clock}
          texts={views.deviceCode}
          send={send}
        />
      ),
    };
  }
  if (snapshot.matches('awaiting-browser')) {
    return {
      name: 'awaiting-browser.preparing',
      view: progress(views.progress.preparing),
    };
  }
  if (snapshot.matches('code-received')) {
    return {
      name: 'code-received',
      view: progress(views.progress.checking),
    };
  }
  if (snapshot.matches('exchanging')) {
    return { name: 'exchanging', view: progress(views.progress.signingIn) };
  }
  if (snapshot.matches('authorized')) {
    const profileError = context.profileError && words.failure(context.profileError);
    return authorizedView(view, sessionStatus(snapshot), context.profile, profileError);
  }
  if (snapshot.matches('error')) {
    const error = context.error ?? unknownFailure;
    return {
      name: 'error',
      view: <ErrorView error={error} text={words.failure(error)} texts={views.error} send={send} />,
    };
  }
  return idleView(
    view,
    words.signOutWarning(context.signOutWarning),
    (context.sessionNotice && notices[context.sessionNotice]) ?? answerNotice,
  );
}

function authorizedView(
  { provider, signedIn, send, words }: ViewContext,
  status: SessionStatus,
  profile: UserProfile | null,
  profileError: string | null,
) {
  return {
    name: 'authorized',
    view: (
      <AuthorizedView
        status={status}
        providerName={provider.displayName}
        profile={profile}
        profileError={profileError}
        texts={words.texts.views.authorized}
        send={send}
      >
        {signedIn}
      </AuthorizedView>
    ),
  };
}

function idleView(
  { provider, storage, send, words }: ViewContext,
  signOutWarning: string | null,
  sessionNotice: string | null,
) {
  return {
    name: 'idle',
    view: (
      <IdleView
        provider={provider}
        signOutWarning={signOutWarning}
        sessionNotice={sessionNotice}
        storageWarning={storage?.fallbackReason}
        texts={words.texts.views.idle}
        send={send}
      />
    ),
  };
}

const unknownFailure: AuthFailure = {
  reason: 'invalid_response',
  kind: 'unexpected',
  message: 'no failure recorded',
};

const sessionStatuses: readonly SessionStatus[] = [
  'ready',
  'profileFailed',
  'refreshing',
  'refreshBackoff',
];

function sessionStatus(snapshot: AuthSnapshot): SessionStatus {
  return (
    sessionStatuses.find((status) => snapshot.matches({ authorized: status })) ?? 'loadingProfile'
  );
}

/** What the polite live region says about the current state. */
export function statusMessage(snapshot: AuthSnapshot, words: Words): string {
  const { context } = snapshot;
  const { notices, status } = words.texts;
  if (snapshot.matches({ 'awaiting-browser': 'waiting' })) {
    if (context.answerNotice) return notices[context.answerNotice];
    return context.browserOpenFailed ? status.browserFailed : status.waiting;
  }
  if (snapshot.matches({ 'awaiting-browser': 'showingUserCode' }) && context.device) {
    // The code, spelled out, is what a screen reader user needs first; it never changes while
    // the polls go on, so it is not repeated.
    const { userCode, verificationUri } = context.device;
    if (context.answerNotice) return notices[context.answerNotice];
    const code = spellCode(userCode, words.texts.views.deviceCode.spokenCharacters);
    const enterCode = context.browserOpenFailed ? status.enterCodeBrowserFailed : status.enterCode;
    return enterCode(code, pageAddress(verificationUri));
  }
  if (snapshot.matches('awaiting-browser')) return status.preparing;
  if (snapshot.matches('code-received')) return status.checking;
  if (snapshot.matches('exchanging')) return status.signingIn;
  if (snapshot.matches({ authorized: 'profileFailed' })) {
    return status.profileFailed(context.profileError ? words.failure(context.profileError) : '');
  }
  if (snapshot.matches('authorized')) {
    return signedInStatus(words, context.profile, snapshot.matches({ authorized: 'ready' }));
  }
  if (snapshot.matches('error')) return words.failure(context.error ?? unknownFailure);
  if (context.sessionNotice) return notices[context.sessionNotice];
  if (context.answerNotice) return notices[context.answerNotice];
  return signedOutStatus(words, context.signOutWarning);
}

function signedInStatus(words: Words, profile: UserProfile | null, ready: boolean): string {
  const { status } = words.texts;
  // Renewing the tokens in the background is not news: the known name stays announced.
  const who = profile?.name ?? profile?.email;
  if (who) return status.signedInAs(who);
  return ready ? status.signedIn : status.loadingProfile;
}

function signedOutStatus(words: Words, signOutWarning: AuthFailure | null = null): string {
  const { status } = words.texts;
  const warning = words.signOutWarning(signOutWarning);
  return warning ? status.signedOutWarning(warning) : status.notSignedIn;
}

/**
 * The last resort when rendering throws (`useAuthSnapshot` rethrows an actor that crashed): a
 * sentence instead of a blank tab. The error itself goes to the console only.
 */
class CrashBoundary extends Component<
  { texts: CrashedTexts; children: ReactNode },
  { crashed: boolean }
> {
  override state = { crashed: false };

  static getDerivedStateFromError() {
    return { crashed: true };
  }

  override render() {
    if (!this.state.crashed) return this.props.children;
    const { texts } = this.props;
    return (
      <ViewLayout title={texts.title}>
        <p>{texts.text}</p>
      </ViewLayout>
    );
  }
}
