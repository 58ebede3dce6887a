import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import OutlinedInput from '@mui/material/OutlinedInput';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import { describeLinkValidity } from './linkValidity';
import { useNow } from './useNow';
import { Actions, ViewLayout } from './ViewLayout';

export interface WaitingViewProps {
  providerName: string;
  /** The authorization URL: what the browser was asked to open, offered to copy. */
  authorizationUrl: string;
  /** Epoch milliseconds after which the sign-in is refused. */
  expiresAt: number;
  /** Opening the browser failed (Desktop gives no sign when it fails silently). */
  browserOpenFailed: boolean;
  /** An answer set aside, or why a pasted address was not taken (the statechart's notice, worded). */
  answerNotice?: string | null;
  clock: { now(): number };
  send(event: AuthEvent): void;
}

type CopyResult = 'idle' | 'copied' | 'failed';

export function WaitingView({
  providerName,
  authorizationUrl,
  expiresAt,
  browserOpenFailed,
  answerNotice = null,
  clock,
  send,
}: WaitingViewProps) {
  const linkId = useId();
  const validityId = useId();
  const pasteId = useId();
  const pasteHelpId = useId();
  const [pasted, setPasted] = useState('');
  const now = useNow(clock);
  const [copy, setCopy] = useState<CopyResult>('idle');

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(authorizationUrl);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <ViewLayout title="Continue in your browser">
      {answerNotice && (
        <Alert severity="info" role="none">
          {answerNotice}
        </Alert>
      )}
      {browserOpenFailed ? (
        <Alert severity="warning" role="none">
          Docker Desktop could not open your browser. Copy the link below and open it in your
          browser to sign in with {providerName}.
        </Alert>
      ) : (
        <Typography>
          Sign in with {providerName} in the browser window that just opened. When you are done,
          Docker Desktop brings you back here. If no window opened, open the browser again or copy
          the link below.
        </Typography>
      )}
      <Actions>
        <Button
          variant={browserOpenFailed ? 'outlined' : 'contained'}
          onClick={() => send({ type: 'REOPEN_BROWSER' })}
        >
          Open the browser again
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'CANCEL' })}>
          Cancel
        </Button>
      </Actions>
      <Stack spacing={1}>
        <Typography component="label" htmlFor={linkId} variant="subtitle2">
          Sign-in link
        </Typography>
        <Stack direction="row" spacing={1}>
          <OutlinedInput
            id={linkId}
            value={authorizationUrl}
            readOnly
            fullWidth
            size="small"
            inputProps={{ 'aria-describedby': validityId, spellCheck: false }}
            onFocus={(event) => event.target.select()}
          />
          <Button
            variant={browserOpenFailed ? 'contained' : 'outlined'}
            onClick={copyLink}
            sx={{ flexShrink: 0 }}
          >
            Copy link
          </Button>
        </Stack>
        <Typography id={validityId} variant="body2" color="text.secondary">
          {describeLinkValidity(expiresAt, now)}
        </Typography>
        <Typography role="status" variant="body2">
          {copy === 'copied' && 'Link copied. Paste it into your browser.'}
          {copy === 'failed' && 'Could not copy the link: select it and copy it yourself.'}
        </Typography>
      </Stack>
      <Stack
        component="form"
        spacing={1}
        onSubmit={(event) => {
          event.preventDefault();
          if (pasted.trim() !== '') send({ type: 'ANSWER_PASTED', address: pasted });
        }}
      >
        <Typography component="label" htmlFor={pasteId} variant="subtitle2">
          Address from your browser
        </Typography>
        <Typography id={pasteHelpId} variant="body2" color="text.secondary">
          Signed in, but Docker Desktop did not come back? Copy the whole address your browser ended
          on and paste it here.
        </Typography>
        <Stack direction="row" spacing={1}>
          <OutlinedInput
            id={pasteId}
            value={pasted}
            onChange={(event) => setPasted(event.target.value)}
            fullWidth
            size="small"
            type="password"
            autoComplete="off"
            inputProps={{ 'aria-describedby': pasteHelpId, spellCheck: false }}
          />
          <Button type="submit" variant="outlined" sx={{ flexShrink: 0 }}>
            Continue
          </Button>
        </Stack>
      </Stack>
    </ViewLayout>
  );
}
