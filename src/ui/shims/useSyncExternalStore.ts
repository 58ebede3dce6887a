/**
 * React 18 has useSyncExternalStore built in: @xstate/react's import of the pre-18 shim
 * (`use-sync-external-store/shim`) is pointed here by vite.config.ts, which keeps the shim's
 * CommonJS fallback out of the bundle.
 */
export { useSyncExternalStore } from 'react';
