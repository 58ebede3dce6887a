import Typography from '@mui/material/Typography';
import type { UnavailableTexts } from '../texts';
import { ViewLayout } from './ViewLayout';

/** Shown instead of the sign-in when the page does not run inside Docker Desktop. */
export function DesktopUnavailableView({
  reason,
  texts,
}: {
  reason: string;
  /** What it says (src/ui/texts.ts). */
  texts: UnavailableTexts;
}) {
  return (
    <ViewLayout title={texts.title}>
      <Typography>{texts.needsDesktop}</Typography>
      <Typography>{reason}</Typography>
    </ViewLayout>
  );
}
