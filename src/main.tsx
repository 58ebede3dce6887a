/**
 * The composition root: connects to Docker Desktop, reads the provider settings, starts the
 * sign-in (src/ui/bootstrap.tsx) and renders it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readEmbeddedAuthSettings, readEmbeddedSettings } from './config';
import { connectToDesktop } from './desktop/desktopClient';
import { combineInspectors, devtoolsInspector } from './desktop/devtools';
import { browserKeyValueStorage } from './desktop/storage';
import { tryParseUrl } from './oauth/config';
import { bootstrap } from './ui/bootstrap';

// Development only (`npm run dev`, and Docker Desktop's `dev ui-source` pointed at it): the
// state visualizer, installed before the actor starts. Vite drops this from production builds.
// With VITE_STATELY_INSPECT=true, also Stately's online inspector, with the same redaction.
let statelyInspect: ((event: import('xstate').InspectionEvent) => void) | undefined;
if (import.meta.env.DEV) {
  const { installDevtoolsPanel } = await import('../dev/visualizer/install');
  installDevtoolsPanel();
  if (import.meta.env.VITE_STATELY_INSPECT === 'true') {
    const { createStatelyInspect } = await import('../dev/visualizer/stately');
    statelyInspect = createStatelyInspect();
  }
}

// The page's Content-Security-Policy (production builds) refuses connections to servers the
// settings do not name; the sign-in then only sees a network failure. Say what happened and what
// to set, naming the origin only (a refused URL's query could carry anything).
window.addEventListener('securitypolicyviolation', (event) => {
  if (event.effectiveDirective !== 'connect-src') return;
  const origin = tryParseUrl(event.blockedURI)?.origin ?? 'a server';
  console.error(
    `The page's Content-Security-Policy refused a connection to ${origin}. If the provider's ` +
      'discovery names it, add it to VITE_OAUTH_CONNECT_ORIGINS and rebuild.',
  );
});

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');

// The block embedded in index.html at build time (or rewritten by the local stand-in): the only
// place the settings come from. Nothing here reads `import.meta.env` as a whole, which would make
// Vite inline every VITE_ variable of the build's environment into the bundle.
// The state visualizer's hook, opted into here: the stand-in injects the panel into the
// production build too, and it receives redacted events only (src/desktop/devtools.ts).
const inspect = combineInspectors(devtoolsInspector(), statelyInspect);
const settings = readEmbeddedSettings();
const { element } = bootstrap({
  connection: connectToDesktop(),
  settings,
  authSettings: readEmbeddedAuthSettings(settings),
  ...(inspect ? { inspect } : {}),
  storage: browserKeyValueStorage(),
});

createRoot(container).render(<StrictMode>{element}</StrictMode>);
