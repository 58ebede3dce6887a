import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { AuthEvent } from '../../machines/authMachine';
import type { SignInFlow } from '../../oauth/types';
import type { IdleTexts } from '../texts';
import { Actions, ViewLayout } from './ViewLayout';

export interface ProviderInfo {
  displayName: string;
  issuer: string;
  /** The device flow: the person enters a code at the provider instead of being sent back. */
  flow?: SignInFlow | undefined;
}

export interface IdleViewProps {
  provider: ProviderInfo;
  /** Sign-out happened here but the server could not revoke the session. */
  signOutWarning: string | null;
  /** Why the user is back here without asking (the session ended). */
  sessionNotice: string | null;
  /** Why the sign-in in progress will not survive a reload (storage unavailable). */
  storageWarning: string | undefined;
  /** What it says (src/ui/texts.ts). */
  texts: IdleTexts;
  send(event: AuthEvent): void;
}

export function IdleView({
  provider,
  signOutWarning,
  sessionNotice,
  storageWarning,
  texts,
  send,
}: IdleViewProps) {
  const host = issuerHost(provider.issuer);
  return (
    <ViewLayout title={texts.title}>
      {sessionNotice && (
        <Alert severity="info" role="none">
          {sessionNotice}
        </Alert>
      )}
      {signOutWarning && (
        <Alert severity="warning" role="none">
          {signOutWarning}
        </Alert>
      )}
      <Typography>
        {provider.flow === 'device'
          ? texts.introDevice(provider.displayName, host)
          : texts.intro(provider.displayName, host)}
      </Typography>
      {storageWarning && (
        <Alert severity="warning" role="none">
          {storageWarning}
        </Alert>
      )}
      <Actions>
        <Button variant="contained" onClick={() => send({ type: 'SIGN_IN' })}>
          {texts.signIn(provider.displayName)}
        </Button>
      </Actions>
    </ViewLayout>
  );
}

function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
