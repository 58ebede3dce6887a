/**
 * docker-extension-oauth/desktop: Docker Desktop for the sign-in — the client
 * (`connectToDesktop`, through `createDockerDesktopClient()`), the browser, the tab's address and
 * toasts (`DesktopHost`), the extension's storage and the stores kept in it (pending sign-in,
 * device sign-in, session), the extension's backend as a protocol client and session store, an
 * in-memory host for tests, and the development inspection hook (opt-in).
 *
 * @packageDocumentation
 * @module docker-extension-oauth/desktop
 */
export {
  BACKEND_ROUTES,
  type BackendEnvelope,
  type BackendError,
  type BackendRequestErrorReason,
  type BackendRequests,
  type BackendResults,
  type PageTokenSet,
} from './backendApi';
export {
  type BackendSessionStore,
  createBackendOAuthClient,
  createBackendSessionStore,
} from './backendClient';
export {
  assertBrowserUrl,
  type ColorScheme,
  connectToDesktop,
  DESKTOP_TOO_OLD,
  type DesktopBackend,
  type DesktopConnection,
  type DesktopHost,
  type DesktopToast,
  type DesktopWindow,
  NOT_IN_DESKTOP,
} from './desktopClient';
export {
  combineInspectors,
  type DevtoolsHook,
  type DevtoolsRecord,
  type DevtoolsTransition,
  devtoolsInspector,
  redact,
} from './devtools';
export {
  createMemoryDesktopHost,
  type MemoryDesktopHost,
  type MemoryDesktopHostOptions,
  type RecordedToast,
  type ToastLevel,
} from './memoryDesktopHost';
export { createPendingDeviceStore, PENDING_DEVICE_KEY } from './pendingDeviceStore';
export { createPendingLoginStore, PENDING_LOGIN_KEY } from './pendingLoginStore';
export { createMemorySessionStore, createSessionStore, SESSION_KEY } from './sessionStore';
export {
  type BrowserKeyValueStorage,
  browserKeyValueStorage,
  type KeyValueStorage,
  memoryKeyValueStorage,
  prefixedStorage,
} from './storage';
export { bindingOf, type RecordBinding, type StoreLogger } from './versionedRecord';
