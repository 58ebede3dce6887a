/**
 * The whole extension: a provider preset, the sign-in views, and one component of our own for
 * signed-in people.
 */
import { createDesktopAuth, presetProvider } from 'docker-extension-oauth';
import { DesktopAuthProvider, DesktopAuthView, useDesktopAuth } from 'docker-extension-oauth/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const auth = createDesktopAuth({
  provider: presetProvider('oidc', {
    displayName: 'Acme Accounts',
    issuer: import.meta.env.VITE_OAUTH_ISSUER ?? 'https://id.acme.example',
    clientId: import.meta.env.VITE_OAUTH_CLIENT_ID ?? 'docker-extension',
    extensionId: 'acme/oauth-extension', // the image's repository: Desktop routes the redirect by it
  }),
});

function Greeting() {
  const { state } = useDesktopAuth();
  const name = state.status === 'signed-in' ? state.user?.name : undefined;
  return <p>Hello{name ? `, ${name}` : ''}! This is the extension's own content.</p>;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <DesktopAuthProvider auth={auth}>
      <DesktopAuthView>
        <Greeting />
      </DesktopAuthView>
    </DesktopAuthProvider>
  </StrictMode>,
);
