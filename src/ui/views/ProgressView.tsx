import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import { Actions, ViewLayout } from './ViewLayout';

/** With `onCancel`, a button named `cancelLabel`. */
export type ProgressViewProps = { title: string } & (
  | { onCancel?: undefined }
  | { onCancel(): void; cancelLabel: string }
);

/**
 * A step the user waits for: preparing, checking the answer, signing in, reading the session
 * from the backend. The spinner's label is the title without its "…".
 */
export function ProgressView(props: ProgressViewProps) {
  const { title } = props;
  return (
    <ViewLayout title={title}>
      <CircularProgress aria-label={title.replace(/…$/, '')} />
      {props.onCancel && (
        <Actions>
          <Button variant="outlined" onClick={props.onCancel}>
            {props.cancelLabel}
          </Button>
        </Actions>
      )}
    </ViewLayout>
  );
}
