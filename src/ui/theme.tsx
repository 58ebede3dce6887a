/**
 * Docker Desktop's look: its MUI theme when Desktop injected the palettes for the installed MUI
 * (`window.__ddMuiV5Themes` for MUI 5, `window.__ddMuiV6Themes` for MUI 6: Docker's theme
 * package has one provider for each), otherwise a plain MUI theme that follows the system's
 * light or dark mode (a browser during development, a test).
 */
import { DockerMuiV5ThemeProvider, DockerMuiV6ThemeProvider } from '@docker/docker-mui-theme';
import CssBaseline from '@mui/material/CssBaseline';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { version as muiVersion } from '@mui/material/version';
import { type ReactNode, useMemo } from 'react';

/** The MUI major version the page runs with (the author's, as a peer dependency). */
export function muiMajor(version: string | undefined = muiVersion): 5 | 6 {
  return version?.startsWith('5.') ? 5 : 6;
}

/** Whether Desktop injected its theme for MUI `major` into `win`. */
export function hasDockerThemes(
  win: Window | undefined = globalThis.window,
  major: 5 | 6 = muiMajor(),
): boolean {
  const bag = major === 5 ? '__ddMuiV5Themes' : '__ddMuiV6Themes';
  const themes = (win as unknown as Record<string, unknown> | undefined)?.[bag];
  return typeof themes === 'object' && themes !== null;
}

/** Docker's theme provider for MUI `major`. */
export function dockerThemeProvider(major: 5 | 6 = muiMajor()) {
  return major === 5 ? DockerMuiV5ThemeProvider : DockerMuiV6ThemeProvider;
}

/** Docker Desktop's theme (or the system's light or dark mode outside it), with MUI's baseline. */
export function ThemeRoot({ children }: { children: ReactNode }) {
  const Provider = hasDockerThemes() ? dockerThemeProvider() : FallbackThemeProvider;
  return (
    <Provider>
      <CssBaseline />
      {children}
    </Provider>
  );
}

function FallbackThemeProvider({ children }: { children: ReactNode }) {
  const dark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(() => createTheme({ palette: { mode: dark ? 'dark' : 'light' } }), [dark]);
  return <ThemeProvider theme={theme}>{children}</ThemeProvider>;
}
