/**
 * GitHub in Chromium through `npm start -- --provider github`'s setup (dev/standin/demo.ts): the
 * emulated GitHub (dev/github), the extension configured by the GitHub preset, its backend
 * talking to GitHub (no CORS there) with the device flow (no secret). The person reads the code
 * in the extension, types it at GitHub's verification page and authorizes; the extension shows
 * the GitHub profile. The emulator records every poll: none came sooner than the interval
 * allowed, `slow_down` included. An expired code and a declined authorization each end in a
 * clear error whose "Try again" works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../dev/authServer/index';
import type { GitHubEmulator } from '../../dev/github/index';
import { type Demo, startDemo } from '../../dev/standin/demo';
import { launchChromium } from './support/browser';
import { DesktopSession, requireBuiltUi } from './support/desktop';

/** Seconds between polls: short, so the tests are; slow_down adds GitHub's 5 seconds to it. */
const INTERVAL_SECONDS = 1;
const CODE_VIEW = 'Enter this code at GitHub';

let demo: Demo;
let github: GitHubEmulator;
let browser: Browser;
let desktop: DesktopSession;

beforeAll(async () => {
  demo = await startDemo({
    uiDir: requireBuiltUi(),
    github: { port: 0, intervalSeconds: INTERVAL_SECONDS },
  });
  github = demo.github as GitHubEmulator;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

beforeEach(async () => {
  github.resetStats();
  await demo.backend?.reset();
  desktop = await DesktopSession.open({ browser, standin: demo.standin });
});

afterEach(async () => {
  await desktop.close();
  desktop.assertNoCspViolations();
});

const heading = (name: string) => desktop.extension.getByRole('heading', { name, exact: true });
const region = (name: string) => desktop.extension.getByRole('region', { name, exact: true });

/** Presses "Sign in with GitHub": answers the code shown and GitHub's tab that opened. */
async function pressSignIn(): Promise<{ code: string; tab: Page }> {
  await heading('Sign in').waitFor();
  await desktop.extension.getByRole('button', { name: 'Sign in with GitHub' }).click();
  const tab = await desktop.nextPopup();
  return { code: await shownCode(), tab };
}

/** The code as the extension shows it (the screen readers' spelling aside). */
async function shownCode(): Promise<string> {
  await heading(CODE_VIEW).waitFor();
  const code = region(CODE_VIEW).getByRole('group', { name: 'Your code' });
  return ((await code.locator('[aria-hidden="true"]').textContent()) ?? '').trim();
}

/** At GitHub: signs in when asked, types the code, then Authorize or Cancel. */
async function atGitHub(tab: Page, code: string, decision: 'authorize' | 'cancel' = 'authorize') {
  const signIn = tab.getByRole('heading', { name: 'Sign in to GitHub' });
  const activation = tab.getByRole('heading', { name: 'Device Activation' });
  await signIn.or(activation).first().waitFor();
  if (await signIn.isVisible()) {
    await tab.getByLabel('Username or email address').fill(DEMO_USERNAME);
    await tab.getByLabel('Password').fill(DEMO_PASSWORD);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await activation.waitFor();
  }
  await tab.getByLabel('Enter the code displayed on your device').fill(code);
  await tab.getByRole('button', { name: 'Continue' }).click();
  await tab.getByRole('heading', { name: /^Authorize / }).waitFor();
  if (decision === 'authorize') {
    await tab.getByRole('button', { name: /^Authorize / }).click();
    await tab.getByRole('heading', { name: "Congratulations, you're all set!" }).waitFor();
  } else {
    await tab.getByRole('button', { name: 'Cancel' }).click();
    await tab.getByRole('heading', { name: 'Authorization cancelled' }).waitFor();
  }
}

/** No poll of any device code came sooner than the interval in force allowed. */
function expectPollsPaced(): void {
  const polls = github.polls();
  expect(polls.length).toBeGreaterThan(0);
  expect(github.stats.tooEarly).toBe(0);
  for (const poll of polls) expect(poll.sinceLast).toBeGreaterThanOrEqual(poll.intervalMs);
}

describe('GitHub through the backend (npm start -- --provider github)', () => {
  it('signs in with the device flow and shows the GitHub profile: name, login, avatar', async () => {
    const { code, tab } = await pressSignIn();
    expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    // GitHub's page has no complete URI: the plain verification page opened.
    expect(await desktop.openedUrls()).toEqual([github.verificationUri]);
    expect(await region(CODE_VIEW).textContent()).toContain(
      `Your browser opened ${github.verificationUri.replace('http://', '')}`,
    );
    await desktop.screenshotBothSchemes('github-device-code');

    await atGitHub(tab, code);
    await tab.close();
    await heading('Signed in').waitFor({ timeout: 20_000 });
    const profile = region('Signed in');
    await profile.getByText('Dana Demo').waitFor();
    await profile.getByText(DEMO_USERNAME, { exact: true }).waitFor();
    const avatar = profile.locator('.MuiAvatar-img');
    expect(await avatar.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await desktop.screenshotBothSchemes('github-signed-in');

    expectPollsPaced();
    expect(github.stats.formAnswers).toBe(0);
    expect(github.stats.tokensIssued).toBe(1);
    expect(github.stats.preflights).toBe(0);
  });

  it('honours slow_down: the next poll comes 5 seconds later, none sooner', async () => {
    github.slowDownNext(1);
    const { code, tab } = await pressSignIn();
    await expect
      .poll(() => github.polls().map((poll) => poll.answer), { timeout: 10_000 })
      .toContain('slow_down');
    await atGitHub(tab, code);
    await heading('Signed in').waitFor({ timeout: 30_000 });
    const polls = github.polls();
    const slowed = polls.findIndex((poll) => poll.answer === 'slow_down');
    expect(polls[slowed + 1]?.sinceLast).toBeGreaterThanOrEqual((INTERVAL_SECONDS + 5) * 1000);
    expectPollsPaced();
  });

  it('an expired code ends in a clear error; Try again shows a new code that works', async () => {
    const first = await pressSignIn();
    github.expireDeviceCodes();
    await heading('Sign-in did not complete').waitFor({ timeout: 10_000 });
    expect(await region('Sign-in did not complete').textContent()).toContain(
      'The code expired before it was entered. Please sign in again.',
    );
    await desktop.screenshotBothSchemes('github-code-expired');

    await desktop.extension.getByRole('button', { name: 'Try again' }).click();
    const tab = await desktop.nextPopup();
    const code = await shownCode();
    expect(code).not.toBe(first.code);
    await atGitHub(tab, code);
    await heading('Signed in').waitFor({ timeout: 20_000 });
    expectPollsPaced();
  });

  it('a declined authorization ends in a clear error; Try again works', async () => {
    const first = await pressSignIn();
    await atGitHub(first.tab, first.code, 'cancel');
    await heading('Sign-in did not complete').waitFor({ timeout: 10_000 });
    expect(await region('Sign-in did not complete').textContent()).toContain(
      'You declined the sign-in at GitHub.',
    );

    await desktop.extension.getByRole('button', { name: 'Try again' }).click();
    const tab = await desktop.nextPopup();
    const code = await shownCode();
    expect(code).not.toBe(first.code);
    await atGitHub(tab, code);
    await heading('Signed in').waitFor({ timeout: 20_000 });
  });

  it('sign-out forgets the session here and says where to revoke the access at GitHub', async () => {
    const tokensBefore = github.liveTokens();
    const { code, tab } = await pressSignIn();
    await atGitHub(tab, code);
    await heading('Signed in').waitFor({ timeout: 20_000 });
    await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await region('Sign in')
      .getByText(
        `To end this extension's access at GitHub too, revoke it at ${github.revocationPage}.`,
      )
      .waitFor();
    // Still good at GitHub until the person revokes it there.
    expect(github.liveTokens()).toBe(tokensBefore + 1);
    await desktop.screenshotBothSchemes('github-signed-out');
  });
});
