import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import { Actions, ViewLayout } from './ViewLayout';

/** A step the user waits for: preparing, checking the answer, signing in, signing out. */
export function ProgressView({ title, onCancel }: { title: string; onCancel?: () => void }) {
  return (
    <ViewLayout title={title}>
      <CircularProgress aria-label={title.replace(/…$/, '')} />
      {onCancel && (
        <Actions>
          <Button variant="outlined" onClick={onCancel}>
            Cancel
          </Button>
        </Actions>
      )}
    </ViewLayout>
  );
}
