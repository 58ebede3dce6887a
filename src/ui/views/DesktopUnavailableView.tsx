import Typography from '@mui/material/Typography';
import type { ViewTexts } from '../texts';
import { ViewLayout } from './ViewLayout';

/** Shown instead of the sign-in when the page does not run inside Docker Desktop. */
export function DesktopUnavailableView({
  reason,
  texts,
}: {
  reason: string;
  /** What it says (src/ui/texts.ts). */
  texts: ViewTexts['unavailable'];
}) {
  return (
    <ViewLayout title={texts.title}>
      <Typography>{texts.needsDesktop}</Typography>
      <Typography>{reason}</Typography>
    </ViewLayout>
  );
}
