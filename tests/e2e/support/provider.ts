/**
 * The person at the provider: the embedded authorization server's login and consent pages
 * (dev/authServer/pages.ts), in the browser tab `openExternal` opened. By label and role, as a
 * person reads them.
 */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../../dev/authServer/index';

export type ConsentDecision = 'allow' | 'deny';

/** Which page the provider shows: login is skipped while the browser has a session there. */
export async function providerStep(tab: Page): Promise<'login' | 'consent'> {
  const login = tab.getByRole('heading', { name: 'Sign in' });
  const consent = tab.getByRole('heading', { name: 'Authorize access' });
  await login.or(consent).first().waitFor();
  return (await login.isVisible()) ? 'login' : 'consent';
}

/** Types the credentials and presses "Sign in" (the page answers with consent or an error). */
export async function submitLogin(
  tab: Page,
  { username = DEMO_USERNAME, password = DEMO_PASSWORD } = {},
): Promise<void> {
  await tab.getByLabel('Username').fill(username);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
}

export async function decideConsent(tab: Page, decision: ConsentDecision): Promise<void> {
  await tab.getByRole('heading', { name: 'Authorize access' }).waitFor();
  await tab.getByRole('button', { name: decision === 'allow' ? 'Allow' : 'Deny' }).click();
}

/**
 * Signs in with the demo account (when the login page is shown) and answers the consent page.
 * The provider then redirects the tab to the extension's redirect URI.
 */
export async function signInAtProvider(
  tab: Page,
  { decision = 'allow' as ConsentDecision, password = DEMO_PASSWORD } = {},
): Promise<void> {
  if ((await providerStep(tab)) === 'login') {
    await submitLogin(tab, { password });
    const alert = tab.getByRole('alert');
    const consent = tab.getByRole('heading', { name: 'Authorize access' });
    await alert.or(consent).first().waitFor();
    if (await alert.isVisible()) {
      throw new Error(`The provider refused the login: ${await alert.textContent()}`);
    }
  }
  await decideConsent(tab, decision);
}
