/**
 * docker-extension-oauth/react: the sign-in for React 18 with MUI 5 or 6 in Docker Desktop's
 * theme — `DesktopAuthProvider` (given `createDesktopAuth(...)`), `useDesktopAuth`, `SignedIn`
 * (a gate for signed-in content) and `DesktopAuthView` (every view of the sign-in, with a slot
 * for the extension's own signed-in content).
 *
 * @packageDocumentation
 * @module docker-extension-oauth/react
 */
export { App as SignInView, type AppProps as SignInViewProps } from './App';
export { useAuthSnapshot } from './authActor';
export {
  DesktopAuthProvider,
  type DesktopAuthProviderProps,
  DesktopAuthView,
  type DesktopAuthViewProps,
  SignedIn,
  type UseDesktopAuth,
  useDesktopAuth,
} from './DesktopAuthProvider';
export {
  type AuthorizedTexts,
  type ConfigTexts,
  type CrashedTexts,
  type DeviceCodeTexts,
  defaultTexts,
  type ErrorTexts,
  type IdleTexts,
  type ProgressTexts,
  type SignInTexts,
  type StartTexts,
  type StatusTexts,
  type TextOverrides,
  textFor,
  textsWith,
  type UnavailableTexts,
  type ValidUntil,
  type ViewTexts,
  type WaitingTexts,
} from './texts';
export { dockerThemeProvider, hasDockerThemes, muiMajor, ThemeRoot } from './theme';
