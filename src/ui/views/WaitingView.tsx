import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import OutlinedInput from '@mui/material/OutlinedInput';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { WaitingTexts } from '../texts';
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
  /** What it says (src/ui/texts.ts). */
  texts: WaitingTexts;
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
  texts,
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
    <ViewLayout title={texts.title}>
      {answerNotice && (
        <Alert severity="info" role="none">
          {answerNotice}
        </Alert>
      )}
      {browserOpenFailed ? (
        <Alert severity="warning" role="none">
          {texts.browserFailed(providerName)}
        </Alert>
      ) : (
        <Typography>{texts.intro(providerName)}</Typography>
      )}
      <Actions>
        <Button
          variant={browserOpenFailed ? 'outlined' : 'contained'}
          onClick={() => send({ type: 'REOPEN_BROWSER' })}
        >
          {texts.openAgain}
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'CANCEL' })}>
          {texts.cancel}
        </Button>
      </Actions>
      <Stack spacing={1}>
        <Typography component="label" htmlFor={linkId} variant="subtitle2">
          {texts.linkLabel}
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
            {texts.copyLink}
          </Button>
        </Stack>
        <Typography id={validityId} variant="body2" color="text.secondary">
          {describeLinkValidity(expiresAt, now, {
            validUntil: texts.linkValidUntil,
            expired: texts.linkExpired,
          })}
        </Typography>
        <Typography role="status" variant="body2">
          {copy === 'copied' && texts.linkCopied}
          {copy === 'failed' && texts.copyFailed}
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
          {texts.pasteLabel}
        </Typography>
        <Typography id={pasteHelpId} variant="body2" color="text.secondary">
          {texts.pasteHelp}
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
            {texts.pasteSubmit}
          </Button>
        </Stack>
      </Stack>
    </ViewLayout>
  );
}
