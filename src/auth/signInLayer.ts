/**
 * The sign-in layer: XState, the statechart and the protocol client on oauth4webapi —
 * everything the first view does not need. `createDesktopAuth` imports this module after the
 * first view is painted (it is a chunk of its own in the page's build), so the page shows the
 * sign-in button or the signed-in view as soon as a plain React page would; tests hand it in
 * at once (`DesktopAuthOptions.signInLayer`).
 */
export { createOAuthClient } from '../oauth/client';
export { startAuthActor } from './actor';
