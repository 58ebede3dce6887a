/**
 * The sign-in for React, in the way React authors know from react-oidc-context and
 * @auth0/auth0-react: a provider around the app (`DesktopAuthProvider`, given the object of
 * `createDesktopAuth`), a hook (`useDesktopAuth`), a gate for signed-in content (`SignedIn`),
 * and the views (`DesktopAuthView`: every state of the sign-in, with the author's signed-in
 * content in the signed-in view). The object is created outside React, so StrictMode can never
 * start the sign-in twice.
 */
import {
  createContext,
  type ReactElement,
  type ReactNode,
  useContext,
  useSyncExternalStore,
} from 'react';
import type { DesktopAuth, DesktopAuthState } from '../auth/desktopAuth';
import { authView } from './bootstrap';
import { ThemeRoot } from './theme';

const DesktopAuthContext = createContext<DesktopAuth | null>(null);

export interface DesktopAuthProviderProps {
  /** From `createDesktopAuth(options)`, created once, outside React. */
  auth: DesktopAuth;
  children?: ReactNode;
}

export function DesktopAuthProvider({ auth, children }: DesktopAuthProviderProps) {
  return <DesktopAuthContext.Provider value={auth}>{children}</DesktopAuthContext.Provider>;
}

export interface UseDesktopAuth {
  /** Where the sign-in stands (`status`, `user`, `error`…), rendered again on every change. */
  state: DesktopAuthState;
  isSignedIn: boolean;
  auth: DesktopAuth;
  signIn(): void;
  signOut(): void;
  getAccessToken(): Promise<string>;
  fetchWithToken(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/** The sign-in of the nearest `DesktopAuthProvider`. */
export function useDesktopAuth(): UseDesktopAuth {
  const auth = useContext(DesktopAuthContext);
  if (auth === null) {
    throw new Error('useDesktopAuth needs a <DesktopAuthProvider auth={...}> around it.');
  }
  const state = useSyncExternalStore(auth.subscribe, auth.getSnapshot);
  return {
    state,
    isSignedIn: state.status === 'signed-in',
    auth,
    signIn: auth.signIn,
    signOut: auth.signOut,
    getAccessToken: auth.getAccessToken,
    fetchWithToken: auth.fetchWithToken,
  };
}

/** Renders `children` only while someone is signed in (else `fallback`, default nothing). */
export function SignedIn({
  children,
  fallback = null,
}: {
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const { isSignedIn } = useDesktopAuth();
  return <>{isSignedIn ? children : fallback}</>;
}

export interface DesktopAuthViewProps {
  /** The extension's own content for signed-in people, shown in the signed-in view. */
  children?: ReactElement;
  /** Wraps the views in Docker Desktop's theme (default true); false when the app already has one. */
  theme?: boolean;
}

/**
 * Every view of the sign-in: outside Docker Desktop a sentence saying so, a wrong provider
 * setting named, the backend's progress and failures, and the sign-in itself (the provider, the
 * browser, the device code, errors with their retry, the signed-in profile with `children`).
 */
export function DesktopAuthView({ children, theme = true }: DesktopAuthViewProps) {
  // The views subscribe to what they show: this one only reads how the sign-in started.
  const auth = useContext(DesktopAuthContext);
  if (auth === null) {
    throw new Error('DesktopAuthView needs a <DesktopAuthProvider auth={...}> around it.');
  }
  const view = authView(auth, children);
  return theme ? <ThemeRoot>{view}</ThemeRoot> : view;
}
