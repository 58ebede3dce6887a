/**
 * The page mode against the backend demo's authorization server (a confidential client, no
 * CORS headers): the extension's page cannot use it, and says so in a sentence rather than
 * failing silently. This is why such providers need the backend mode.
 */
import { expect, it } from 'vitest';
import { confidentialServerOptions } from '../../dev/standin/demo';
import { withDesktop } from './support/desktop';
import { expectView, region, SIGN_IN_BUTTON } from './support/flows';

const ctx = withDesktop({ authServer: confidentialServerOptions('page-cannot-hold-this-secret') });

it('fails at the first request with a sentence a person understands, details behind it', async () => {
  await ctx.desktop.extension.getByRole('button', { name: SIGN_IN_BUTTON }).click();
  await expectView(ctx.desktop, 'error');
  const error = region(ctx.desktop, 'error');
  await error.getByText('Could not reach Acme Accounts.', { exact: false }).waitFor();
  await ctx.desktop.extension.getByRole('button', { name: 'Show details' }).click();
  await error.getByText(/refuse CORS requests \(use the backend route\)/).waitFor();
  // The browser refused the answers: no code was ever issued, no browser tab opened.
  expect(ctx.env.auth.stats.authorize).toBe(0);
  expect(ctx.desktop.popups).toHaveLength(0);
  await ctx.desktop.screenshotBothSchemes('14-error-page-mode-without-cors');
});
