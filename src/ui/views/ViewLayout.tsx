import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { createContext, type ReactNode, type RefObject, useContext, useId } from 'react';

/**
 * The element that receives focus when the view changes: the App hands the current view's
 * heading this ref and focuses it, so keyboard and screen-reader users land on the new view.
 */
export const ViewHeadingRef = createContext<RefObject<HTMLHeadingElement> | null>(null);

/** Hidden on screen, read by screen readers. */
export const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

/** A view: a region named by its heading. */
export function ViewLayout({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  const headingRef = useContext(ViewHeadingRef);
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2} sx={{ maxWidth: 640 }}>
      <Typography
        id={headingId}
        ref={headingRef}
        tabIndex={-1}
        variant="h4"
        component="h1"
        // Focus is moved here by the App, not by the user: no focus ring on a heading.
        sx={{ '&:focus': { outline: 'none' } }}
      >
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

/** A row of buttons that wraps on narrow windows. */
export function Actions({ children }: { children: ReactNode }) {
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {children}
    </Stack>
  );
}
