import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { DeviceAuthorization } from '../../oauth/types';
import { describeLinkValidity } from './linkValidity';
import { useNow } from './useNow';
import { Actions, ViewLayout, visuallyHidden } from './ViewLayout';

export interface DeviceCodeViewProps {
  providerName: string;
  device: DeviceAuthorization;
  /** Opening the browser failed (Desktop gives no sign when it fails silently). */
  browserOpenFailed: boolean;
  /** The last poll failed for now (no answer...), worded: polling goes on, slower. */
  pollFailure: string | null;
  /** An answer set aside (the statechart's notice, worded). */
  answerNotice?: string | null;
  clock: { now(): number };
  send(event: AuthEvent): void;
}

type CopyResult = 'idle' | 'copied' | 'failed';

/**
 * The code spelled out for screen readers: "W D J B, dash, M J H T". Read as it is written, a
 * code such as WDJB-MJHT becomes a word.
 */
export function spellCode(code: string): string {
  return Array.from(code, (c) => (c === '-' ? 'dash' : c === ' ' ? 'space' : c)).join(' ');
}

/** The verification page without its scheme, as a person types it: github.com/login/device. */
export function pageAddress(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/**
 * The device sign-in (RFC 8628): the code, large and copyable, to enter at the provider's page,
 * which the browser opened; the extension goes on by itself once the person authorizes there.
 */
export function DeviceCodeView({
  providerName,
  device,
  browserOpenFailed,
  pollFailure,
  answerNotice = null,
  clock,
  send,
}: DeviceCodeViewProps) {
  const codeId = useId();
  const now = useNow(clock);
  const [copy, setCopy] = useState<CopyResult>('idle');
  const page = pageAddress(device.verificationUri);

  const copyCode = async () => {
    try {
      await navigator.clipboard.writeText(device.userCode);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <ViewLayout title={`Enter this code at ${providerName}`}>
      {answerNotice && (
        <Alert severity="info" role="none">
          {answerNotice}
        </Alert>
      )}
      {browserOpenFailed ? (
        <Alert severity="warning" role="none">
          Docker Desktop could not open your browser. Open {page} in your browser, sign in to{' '}
          {providerName} and enter the code below.
        </Alert>
      ) : (
        <Typography>
          Your browser opened {page}. Sign in to {providerName} there and enter the code below. If
          no window opened, open the page again or type its address yourself.
        </Typography>
      )}
      <Stack spacing={1}>
        <Typography id={codeId} variant="subtitle2">
          Your code
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Box
            role="group"
            aria-labelledby={codeId}
            sx={{
              fontFamily: 'monospace',
              fontSize: '2.5rem',
              fontWeight: 700,
              letterSpacing: '0.15em',
              userSelect: 'all',
            }}
          >
            <span aria-hidden="true">{device.userCode}</span>
            <span style={visuallyHidden}>{spellCode(device.userCode)}</span>
          </Box>
          <Button variant="outlined" onClick={copyCode}>
            Copy code
          </Button>
        </Stack>
        <Typography role="status" variant="body2">
          {copy === 'copied' && `Code copied. Paste it at ${page}.`}
          {copy === 'failed' && 'Could not copy the code: type it in yourself.'}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        This extension signs you in by itself once you authorize it at {providerName}.{' '}
        {describeLinkValidity(device.expiresAt, now).replace('This link', 'The code')}
      </Typography>
      {pollFailure && (
        <Typography variant="body2" color="text.secondary">
          {pollFailure} Trying again shortly.
        </Typography>
      )}
      <Actions>
        <Button
          variant={browserOpenFailed ? 'contained' : 'outlined'}
          onClick={() => send({ type: 'REOPEN_BROWSER' })}
        >
          Open {page} again
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'CANCEL' })}>
          Cancel
        </Button>
      </Actions>
    </ViewLayout>
  );
}
