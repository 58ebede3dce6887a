/**
 * The start gate's view (src/auth/startGate.ts): until the statechart runs, what `whileConnecting`
 * shows (the first view in page mode, a progress view while the page reads the session from the
 * extension's backend); a sentence with a retry when that failed; then the sign-in.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { type ReactElement, useSyncExternalStore } from 'react';
import type { StartGate } from '../auth/startGate';
import type { AuthFailure } from '../oauth/errors';
import type { AuthActor } from './authActor';
import type { StartTexts } from './texts';
import { Actions, ViewLayout } from './views/ViewLayout';

export function StartGateView({
  gate,
  say,
  texts,
  whileConnecting,
  children,
}: {
  gate: StartGate;
  /** Words a failure (src/ui/texts.ts). */
  say: (failure: AuthFailure) => string;
  /** What the views say (src/ui/texts.ts). */
  texts: StartTexts;
  whileConnecting: ReactElement;
  children: (actor: AuthActor) => ReactElement;
}) {
  const state = useSyncExternalStore(gate.subscribe, gate.getState);
  if (state.status === 'ready') return children(state.actor);
  if (state.status === 'connecting') return whileConnecting;
  const { failure } = state;
  return (
    <main style={{ padding: 24 }}>
      <StartFailedView
        title={failure.reason === 'load_failed' ? texts.loadFailed : texts.notAnswering}
        message={say(failure)}
        detail={failure.detail}
        retry={texts.tryAgain}
        onRetry={gate.retry}
      />
    </main>
  );
}

export function StartFailedView({
  title,
  message,
  detail,
  retry,
  onRetry,
}: {
  title: string;
  message: string;
  detail?: string | undefined;
  /** The button's name. */
  retry: string;
  onRetry(): void;
}) {
  return (
    <ViewLayout title={title}>
      <Alert severity="warning" role="none">
        {message}
      </Alert>
      {detail && (
        <Typography variant="body2" color="text.secondary">
          {detail}
        </Typography>
      )}
      <Actions>
        <Button variant="contained" onClick={onRetry}>
          {retry}
        </Button>
      </Actions>
    </ViewLayout>
  );
}
