import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { DeviceAuthorization } from '../../oauth/types';
import type { DeviceCodeTexts } from '../texts';
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
  /** What it says (src/ui/texts.ts). */
  texts: DeviceCodeTexts;
  send(event: AuthEvent): void;
}

type CopyResult = 'idle' | 'copied' | 'failed';

/**
 * The code spelled out for screen readers: "W D J B dash M J H T", with `spoken`'s names for
 * the characters that are not letters or digits. Read as it is written, a code such as
 * WDJB-MJHT becomes a word.
 */
export function spellCode(code: string, spoken: Readonly<Record<string, string>>): string {
  return Array.from(code, (c) => (Object.hasOwn(spoken, c) ? spoken[c] : undefined) ?? c).join(' ');
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
  texts,
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
    <ViewLayout title={texts.title(providerName)}>
      {answerNotice && (
        <Alert severity="info" role="none">
          {answerNotice}
        </Alert>
      )}
      {browserOpenFailed ? (
        <Alert severity="warning" role="none">
          {texts.browserFailed(page, providerName)}
        </Alert>
      ) : (
        <Typography>{texts.intro(page, providerName)}</Typography>
      )}
      <Stack spacing={1}>
        <Typography id={codeId} variant="subtitle2">
          {texts.codeLabel}
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
            <span style={visuallyHidden}>{spellCode(device.userCode, texts.spokenCharacters)}</span>
          </Box>
          <Button variant="outlined" onClick={copyCode}>
            {texts.copyCode}
          </Button>
        </Stack>
        <Typography role="status" variant="body2">
          {copy === 'copied' && texts.codeCopied(page)}
          {copy === 'failed' && texts.copyFailed}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {texts.goesOn(providerName)}{' '}
        {describeLinkValidity(device.expiresAt, now, {
          validUntil: texts.codeValidUntil,
          expired: texts.codeExpired,
        })}
      </Typography>
      {pollFailure && (
        <Typography variant="body2" color="text.secondary">
          {texts.pollFailed(pollFailure)}
        </Typography>
      )}
      <Actions>
        <Button
          variant={browserOpenFailed ? 'contained' : 'outlined'}
          onClick={() => send({ type: 'REOPEN_BROWSER' })}
        >
          {texts.openAgain(page)}
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'CANCEL' })}>
          {texts.cancel}
        </Button>
      </Actions>
    </ViewLayout>
  );
}
