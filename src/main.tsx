/**
 * The extension's page: the package's own reference consumer. It imports the package only
 * through its public entry points (a test refuses any deeper import), as an extension that
 * installed it would: the sign-in (`createDesktopAuth`) with the provider the build embedded in
 * index.html, and its views.
 */
import { builtTimings, createDesktopAuth, type DesktopAuthOptions } from 'docker-extension-oauth';
import { combineInspectors, devtoolsInspector } from 'docker-extension-oauth/desktop';
import { DesktopAuthProvider, DesktopAuthView } from 'docker-extension-oauth/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Development only (`npm run dev`, and Docker Desktop's `dev ui-source` pointed at it): the
// state visualizer, installed before the actor starts. Vite drops this from production builds.
// With VITE_STATELY_INSPECT=true, also Stately's online inspector, with the same redaction.
let statelyInspect: DesktopAuthOptions['inspect'];
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
  let origin = 'a server';
  try {
    origin = new URL(event.blockedURI).origin;
  } catch {}
  console.error(
    `The page's Content-Security-Policy refused a connection to ${origin}. If the provider's ` +
      'discovery names it, add it to VITE_OAUTH_CONNECT_ORIGINS and rebuild.',
  );
});

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');

// The provider settings come from the block embedded in index.html at build time (or rewritten
// by the local stand-in): `createDesktopAuth`'s default. Nothing here reads `import.meta.env` as
// a whole, which would make Vite inline every VITE_ variable of the build's environment.
// The state visualizer's hook is opted into here: the stand-in injects the panel into the
// production build too, and it receives redacted events only.
const inspect = combineInspectors(devtoolsInspector(), statelyInspect);
const auth = createDesktopAuth({ timings: builtTimings(), ...(inspect ? { inspect } : {}) });

createRoot(container).render(
  <StrictMode>
    <DesktopAuthProvider auth={auth}>
      <DesktopAuthView />
    </DesktopAuthProvider>
  </StrictMode>,
);
