/**
 * The statechart with the real protocol module and GitHub's own API (src/oauth/github.ts)
 * against the emulated GitHub: what the extension's backend does for the page. GitHub's quirks
 * are met for real here: errors with HTTP 200, form answers unless JSON is asked for, no
 * discovery, the user at the REST API with a private address, revocation only by the person.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { AVATAR_DATA_URL, type GitHubEmulator, startGitHubEmulator } from '../../dev/github/index';
import { PENDING_DEVICE_KEY } from '../../src/desktop/pendingDeviceStore';
import { SESSION_KEY } from '../../src/desktop/sessionStore';
import { createOAuthClient } from '../../src/oauth/client';
import { withGitHubApi } from '../../src/oauth/github';
import { signOutWarningText, textFor } from '../../src/ui/texts';
import { desktop, startDeviceLogin } from './support/desktop';
import { headlessDeviceAuthorization } from './support/headlessLogin';

let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ port: 0, intervalSeconds: 1 });
});

afterAll(async () => {
  await github.close();
});

beforeEach(() => {
  github.resetStats();
});

function githubDesktop() {
  return desktop(
    { issuer: github.url, clientId: github.clientId },
    {},
    {
      provider: {
        displayName: 'GitHub',
        flow: 'device',
        scopes: ['read:user', 'user:email'],
        extraAuthorizationParams: undefined,
        endpoints: github.endpoints,
        revocationPage: github.revocationPage,
      },
      client: (config) => withGitHubApi(createOAuthClient(config), config),
    },
  );
}

describe('GitHub (emulated) through the protocol module', () => {
  it('signs in with the device flow and shows the GitHub profile: login, avatar, private address', async () => {
    const dd = githubDesktop();
    const { tab, device } = await startDeviceLogin(dd);
    try {
      expect(device.verificationUriComplete).toBeUndefined();
      expect(dd.opened).toEqual([github.verificationUri]);
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      const done = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), {
        timeout: 15_000,
      });
      expect(done.context.profile).toMatchObject({
        name: 'Dana Demo',
        username: 'demo',
        email: 'dana@example.test',
        picture: AVATAR_DATA_URL,
      });
      // An OAuth App's token: no expiry, no refresh token.
      expect(done.context.tokens?.expiresAt).toBeUndefined();
      expect(done.context.tokens?.refreshToken).toBeUndefined();
      expect(dd.items.has(PENDING_DEVICE_KEY)).toBe(false);
      // Every poll asked for JSON and none came sooner than the interval allowed.
      expect(github.stats.formAnswers).toBe(0);
      expect(github.stats.tooEarly).toBe(0);
      expect(github.stats.emailRequests).toBe(1);
    } finally {
      tab.stop();
    }
  });

  it('polls 5 seconds slower after slow_down', { timeout: 30_000 }, async () => {
    const dd = githubDesktop();
    const { tab, device } = await startDeviceLogin(dd);
    try {
      github.slowDownNext(1);
      await waitFor(tab, (s) => s.context.device?.intervalMs === 6_000, { timeout: 5_000 });
      expect(dd.items.get(PENDING_DEVICE_KEY)).toContain('"intervalMs":6000');
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), { timeout: 15_000 });
      const polls = github.polls();
      expect(polls.map((p) => p.answer)).toEqual(['slow_down', 'access_token']);
      expect(polls[1]?.sinceLast).toBeGreaterThanOrEqual(6_000);
      expect(github.stats.tooEarly).toBe(0);
    } finally {
      tab.stop();
    }
  });

  it('sign-out forgets the token here and says where to revoke it at GitHub', async () => {
    const dd = githubDesktop();
    const { tab, device } = await startDeviceLogin(dd);
    try {
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      const signedIn = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), {
        timeout: 15_000,
      });
      const accessToken = signedIn.context.tokens?.accessToken;
      tab.send({ type: 'SIGN_OUT' });
      expect(dd.items.has(SESSION_KEY)).toBe(false);
      const warned = await waitFor(tab, (s) => s.context.signOutWarning !== null);
      const warning = warned.context.signOutWarning;
      expect(warning).toMatchObject({
        reason: 'revocation_unsupported',
        revocationPage: github.revocationPage,
      });
      expect(signOutWarningText(warning, 'GitHub')).toBe(
        `To end this extension's access at GitHub too, revoke it at ${github.revocationPage}.`,
      );
      // Still good at GitHub until the person revokes it there.
      const user = await fetch(`${github.apiUrl}/user`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(user.status).toBe(200);
    } finally {
      tab.stop();
    }
  });

  it('ends in access_denied when the person cancels at GitHub', async () => {
    const dd = githubDesktop();
    const { tab, device } = await startDeviceLogin(dd);
    try {
      await headlessDeviceAuthorization(device.verificationUri, device.userCode, {
        decision: 'deny',
      });
      const failed = await waitFor(tab, (s) => s.matches('error'), { timeout: 10_000 });
      const error = failed.context.error;
      expect(error).toMatchObject({ reason: 'access_denied' });
      expect(error && textFor(error, 'GitHub')).toBe('You declined the sign-in at GitHub.');
    } finally {
      tab.stop();
    }
  });

  it('ends in device_code_expired when GitHub says the code expired', async () => {
    const dd = githubDesktop();
    const { tab } = await startDeviceLogin(dd);
    try {
      github.expireDeviceCodes();
      const failed = await waitFor(tab, (s) => s.matches('error'), { timeout: 10_000 });
      expect(failed.context.error?.reason).toBe('device_code_expired');
      expect(github.polls().at(-1)?.answer).toBe('expired_token');
    } finally {
      tab.stop();
    }
  });
});
