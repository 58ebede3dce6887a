import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { AuthFailure } from '../../oauth/errors';
import type { ErrorTexts } from '../texts';
import { Actions, ViewLayout } from './ViewLayout';

export interface ErrorViewProps {
  error: AuthFailure;
  /** What the person reads about it (src/ui/texts.ts); the failure's data is behind Show details. */
  text: string;
  /** What the view itself says (src/ui/texts.ts). */
  texts: ErrorTexts;
  send(event: AuthEvent): void;
}

export function ErrorView({ error, text, texts, send }: ErrorViewProps) {
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  return (
    <ViewLayout title={texts.title}>
      <Alert severity="error" role="none">
        {text}
      </Alert>
      <Actions>
        <Button variant="contained" onClick={() => send({ type: 'RETRY' })}>
          {texts.tryAgain}
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'DISMISS' })}>
          {texts.dismiss}
        </Button>
        <Button aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? texts.hideDetails : texts.showDetails}
        </Button>
      </Actions>
      <Box id={detailsId} hidden={!open}>
        {open && (
          <Box
            component="dl"
            sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 1, m: 0 }}
          >
            <Detail term={texts.reason} value={error.reason} />
            {error.oauthError && <Detail term={texts.serverCode} value={error.oauthError} />}
            {error.detail && <Detail term={texts.detail} value={error.detail} />}
          </Box>
        )}
      </Box>
    </ViewLayout>
  );
}

function Detail({ term, value }: { term: string; value: string }) {
  return (
    <>
      <Typography component="dt" variant="body2" sx={{ fontWeight: 'bold' }}>
        {term}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {value}
      </Typography>
    </>
  );
}
