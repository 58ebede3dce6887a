/**
 * docker-extension-oauth/machine: the sign-in statechart (XState v5), its events, its
 * dependencies (every effect comes in through them) and its settings. Start it with
 * `createActor(authMachine, { input: { deps, settings, flow } })`, or let `createDesktopAuth`
 * do it.
 *
 * @packageDocumentation
 * @module docker-extension-oauth/machine
 */
export {
  type AnswerNotice,
  type AuthContext,
  type AuthDependencies,
  type AuthEvent,
  type AuthMachine,
  type AuthMachineInput,
  type AuthSettings,
  authMachine,
  defaultAuthSettings,
  type Notifier,
  type PendingDeviceStore,
  type PendingLoginStore,
  type RedirectLocation,
  resolveAuthSettings,
  type SessionStore,
} from './authMachine';
export { type FirstView, type FirstViewSources, firstViewOf } from './firstView';
