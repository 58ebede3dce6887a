/**
 * Sign-ins that fail, as a person meets them: declining at the provider, the token endpoint
 * down or dropping the connection. Each ends on the error view with a reason, and "Try again"
 * then signs in (a fresh login: a code is never reused).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_NAME } from '../../dev/standin/demo';
import { withDesktop } from './support/desktop';
import { answerAtProvider, expectView, pressSignIn, region } from './support/flows';

const ctx = withDesktop();

/** "Try again" on the error view, then the provider (its session kept: consent only). */
async function tryAgainUntilSignedIn(): Promise<void> {
  await ctx.desktop.extension.getByRole('button', { name: 'Try again' }).click();
  const tab = await ctx.desktop.nextPopup();
  await expectView(ctx.desktop, 'waiting');
  await ctx.desktop.deliverDeepLink(await answerAtProvider(ctx.desktop, tab));
  await expectView(ctx.desktop, 'authorized');
  await region(ctx.desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
}

describe('declining at the provider', () => {
  it('shows the error view with the provider’s reason; "Try again" then succeeds', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const redirect = await answerAtProvider(ctx.desktop, tab, { decision: 'deny' });
    expect(
      new URL(redirect.replace(/^docker-ctx.desktop:/, 'http:')).searchParams.get('error'),
    ).toBe('access_denied');
    await ctx.desktop.deliverDeepLink(redirect);

    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error')
      .getByText(`You declined the sign-in at ${DEMO_PROVIDER_NAME}.`)
      .waitFor();
    await ctx.desktop.extension.getByRole('button', { name: 'Show details' }).click();
    await region(ctx.desktop, 'error')
      .getByText('The user denied the request.', { exact: false })
      .waitFor();
    await ctx.desktop.screenshotBothSchemes('05-error-declined');
    // Nothing was exchanged.
    expect(ctx.env.auth.stats.token).toBe(0);

    await tryAgainUntilSignedIn();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });
  });
});

describe('the token endpoint failing', () => {
  it('down (503): the error view; "Try again" succeeds once it is back', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const redirect = await answerAtProvider(ctx.desktop, tab);
    ctx.env.auth.setTokenEndpointMode('down');
    await ctx.desktop.deliverDeepLink(redirect);

    await expectView(ctx.desktop, 'error');
    await ctx.desktop.extension.getByRole('button', { name: 'Show details' }).click();
    await region(ctx.desktop, 'error').getByText('503').first().waitFor();
    await ctx.desktop.screenshotBothSchemes('06-error-token-endpoint-down');
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 1 });

    ctx.env.auth.setTokenEndpointMode('normal');
    await tryAgainUntilSignedIn();
    expect(ctx.env.auth.stats.tokenByGrantType).toEqual({ authorization_code: 2 });
  });

  it('dropping the connection: the error view says the server could not be reached; retry succeeds', async () => {
    const tab = await pressSignIn(ctx.desktop);
    const redirect = await answerAtProvider(ctx.desktop, tab);
    ctx.env.auth.setTokenEndpointMode('reset');
    await ctx.desktop.deliverDeepLink(redirect);

    await expectView(ctx.desktop, 'error');
    await region(ctx.desktop, 'error').getByText(`Could not reach ${DEMO_PROVIDER_NAME}`).waitFor();
    await ctx.desktop.screenshotBothSchemes('07-error-network');

    ctx.env.auth.setTokenEndpointMode('normal');
    await tryAgainUntilSignedIn();
  });
});
