/**
 * Docker Desktop's look: its MUI theme when Desktop injected the palettes
 * (`window.__ddMuiV6Themes`), otherwise a plain MUI theme that follows the system's light or
 * dark mode (a browser during development, a test).
 */
import { DockerMuiV6ThemeProvider } from '@docker/docker-mui-theme';
import CssBaseline from '@mui/material/CssBaseline';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type ReactNode, useMemo } from 'react';

export function hasDockerThemes(win: Window | undefined = globalThis.window): boolean {
  const themes = (win as { __ddMuiV6Themes?: unknown } | undefined)?.__ddMuiV6Themes;
  return typeof themes === 'object' && themes !== null;
}

export function ThemeRoot({ children }: { children: ReactNode }) {
  const Provider = hasDockerThemes() ? DockerMuiV6ThemeProvider : FallbackThemeProvider;
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
