/**
 * The backend gate's view (src/auth/backendGate.ts): a progress view while the page reads the
 * session from the extension's backend, a sentence with a retry when the backend does not
 * answer, then the sign-in.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { type ReactElement, useSyncExternalStore } from 'react';
import type { BackendGate } from '../auth/backendGate';
import type { AuthFailure } from '../oauth/errors';
import type { AuthActor } from './authActor';
import type { BackendTexts } from './texts';
import { ProgressView } from './views/ProgressView';
import { Actions, ViewLayout } from './views/ViewLayout';

export function BackendGateView({
  gate,
  say,
  texts,
  children,
}: {
  gate: BackendGate;
  /** Words a failure (src/ui/texts.ts). */
  say: (failure: AuthFailure) => string;
  /** What the views say (src/ui/texts.ts). */
  texts: BackendTexts;
  children: (actor: AuthActor) => ReactElement;
}) {
  const state = useSyncExternalStore(gate.subscribe, gate.getState);
  if (state.status === 'ready') return children(state.actor);
  return (
    <main style={{ padding: 24 }}>
      {state.status === 'connecting' ? (
        <ProgressView title={texts.connecting} />
      ) : (
        <BackendUnavailableView
          message={say(state.failure)}
          detail={state.failure.detail}
          texts={texts}
          onRetry={gate.retry}
        />
      )}
    </main>
  );
}

export function BackendUnavailableView({
  message,
  detail,
  texts,
  onRetry,
}: {
  message: string;
  detail?: string | undefined;
  texts: BackendTexts;
  onRetry(): void;
}) {
  return (
    <ViewLayout title={texts.title}>
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
          {texts.tryAgain}
        </Button>
      </Actions>
    </ViewLayout>
  );
}
