/**
 * The steps of a sign-in as a person takes them, shared by the user-flow tests: press the
 * extension's sign-in button, sign in at the provider in the browser tab that opened, and come
 * back through the docker-desktop:// link the provider redirected to.
 */
import type { Page } from 'playwright-core';
import { DEMO_PROVIDER_NAME } from '../../../dev/standin/demo';
import type { DesktopSession } from './desktop';
import { type ConsentDecision, signInAtProvider } from './provider';

export const SIGN_IN_BUTTON = `Sign in with ${DEMO_PROVIDER_NAME}`;

/** The extension's views, by their headings (src/ui/views). */
export const VIEWS = {
  idle: 'Sign in',
  waiting: 'Continue in your browser',
  exchanging: 'Signing you in…',
  authorized: 'Signed in',
  error: 'Sign-in did not complete',
} as const;

export type ViewName = keyof typeof VIEWS;

export function view(desktop: DesktopSession, name: ViewName) {
  return desktop.extension.getByRole('heading', { name: VIEWS[name], exact: true });
}

/**
 * The view itself (a region named by its heading), to find text in it: the extension also
 * repeats the state in a visually hidden live region, which a page-wide search would match too.
 */
export function region(desktop: DesktopSession, name: ViewName) {
  return desktop.extension.getByRole('region', { name: VIEWS[name], exact: true });
}

/** Waits until the extension shows `name`. */
export async function expectView(desktop: DesktopSession, name: ViewName): Promise<void> {
  await view(desktop, name).waitFor();
}

/** Presses "Sign in with …" in the extension; answers the browser tab it opened. */
export async function pressSignIn(desktop: DesktopSession): Promise<Page> {
  await expectView(desktop, 'idle');
  const anySignIn = desktop.extension.getByRole('button', { name: /^Sign in with / });
  await anySignIn.first().waitFor();
  const shown = await anySignIn.first().textContent();
  if (shown !== SIGN_IN_BUTTON) {
    throw new Error(
      `The extension shows "${shown}", not "${SIGN_IN_BUTTON}": the build in use does not read ` +
        'the configuration block (<script type="application/json" id="oauth-config">) that the ' +
        'stand-in serves, so it signs in elsewhere (its build-time defaults).',
    );
  }
  await desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).click();
  const tab = await desktop.nextPopup();
  await expectView(desktop, 'waiting');
  return tab;
}

/**
 * Signs in at the provider in `tab` and answers the docker-desktop:// address the provider sent
 * the browser to (which only Desktop can open). The tab is closed, as a person would.
 */
export async function answerAtProvider(
  desktop: DesktopSession,
  tab: Page,
  options: { decision?: ConsentDecision } = {},
): Promise<string> {
  await signInAtProvider(tab, options);
  const redirect = await desktop.nextRedirect();
  await tab.close();
  return redirect;
}

/** The whole sign-in, ending on the authorized view. Answers the redirect it delivered. */
export async function signIn(desktop: DesktopSession): Promise<string> {
  const tab = await pressSignIn(desktop);
  const redirect = await answerAtProvider(desktop, tab);
  const delivery = await desktop.deliverDeepLink(redirect);
  if (!delivery.delivered) throw new Error(`The stand-in refused the redirect: ${delivery.reason}`);
  await expectView(desktop, 'authorized');
  return redirect;
}
