import Typography from '@mui/material/Typography';
import { ViewLayout } from './ViewLayout';

/** Shown instead of the sign-in when the page does not run inside Docker Desktop. */
export function DesktopUnavailableView({ reason }: { reason: string }) {
  return (
    <ViewLayout title="Open this extension in Docker Desktop">
      <Typography>Signing in needs Docker Desktop to open your browser.</Typography>
      <Typography>{reason}</Typography>
    </ViewLayout>
  );
}
