import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { AuthFailure } from '../../oauth/errors';
import { Actions, ViewLayout } from './ViewLayout';

export interface ErrorViewProps {
  error: AuthFailure;
  /** What the person reads about it (src/ui/texts.ts); the failure's data is behind Show details. */
  text: string;
  send(event: AuthEvent): void;
}

export function ErrorView({ error, text, send }: ErrorViewProps) {
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  return (
    <ViewLayout title="Sign-in did not complete">
      <Alert severity="error" role="none">
        {text}
      </Alert>
      <Actions>
        <Button variant="contained" onClick={() => send({ type: 'RETRY' })}>
          Try again
        </Button>
        <Button variant="outlined" onClick={() => send({ type: 'DISMISS' })}>
          Dismiss
        </Button>
        <Button aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Show details'}
        </Button>
      </Actions>
      <Box id={detailsId} hidden={!open}>
        {open && (
          <Box
            component="dl"
            sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 1, m: 0 }}
          >
            <Detail term="Reason" value={error.reason} />
            {error.oauthError && <Detail term="Server error code" value={error.oauthError} />}
            {error.detail && <Detail term="Detail" value={error.detail} />}
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
