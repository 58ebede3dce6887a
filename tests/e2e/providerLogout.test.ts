/**
 * OpenID Connect RP-Initiated Logout through the stand-in in Chromium, with `providerLogout`:
 * sign-out signs the person out here at once and opens the provider's sign-out page in the
 * browser; once they confirm there, the next sign-in asks for their password again (the
 * provider's session ended), where without it the provider would skip its login page.
 */
import { describe, expect, it } from 'vitest';
import { withDesktop } from './support/desktop';
import { expectView, pressSignIn, signIn } from './support/flows';
import { providerStep } from './support/provider';

const ctx = withDesktop({ config: { providerLogout: true } });

describe('sign-out at the provider too (providerLogout)', () => {
  it("opens the provider's sign-out page; confirmed, the next sign-in asks for the password", async () => {
    const { desktop } = ctx;
    await signIn(desktop);

    await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await expectView(desktop, 'idle');
    const page = await desktop.nextPopup();
    expect(new URL(page.url()).searchParams.get('client_id')).toBe('docker-extension-demo');
    // The ID token of this sign-in is still at hand: the provider knows whose session it is.
    expect(new URL(page.url()).searchParams.has('id_token_hint')).toBe(true);
    await page.getByRole('heading', { name: /^Sign out of / }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    await page.close();
    // Nothing to warn about in the extension.
    expect(await desktop.extension.getByRole('alert').count()).toBe(0);

    const tab = await pressSignIn(desktop);
    expect(await providerStep(tab)).toBe('login');
    await tab.close();
  });

  it('without a confirmation at the provider, the next sign-in skips its login page', async () => {
    const { desktop } = ctx;
    await signIn(desktop);
    await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    const page = await desktop.nextPopup();
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    // The provider's answer, before the tab is closed: closed at once, the form's POST could be
    // cut off, and the provider would still hold this sign-in's grant (no page at all next).
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    await page.close();
    const tab = await pressSignIn(desktop);
    expect(await providerStep(tab)).toBe('consent');
    await tab.close();
  });
});
