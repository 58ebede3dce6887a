/**
 * The device authorization grant (RFC 8628) with the statechart and the real protocol module
 * against oidc-provider's `features.deviceFlow` on 127.0.0.1, the person acting through the
 * server's own pages with a cookie jar. oidc-provider names no `interval`, so the extension polls
 * every 5 seconds (RFC 8628's default): these tests take that long.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import {
  type AuthServer,
  DEVICE_CODE_GRANT_TYPE,
  startAuthServer,
} from '../../dev/authServer/index';
import { PENDING_DEVICE_KEY } from '../../src/desktop/pendingDeviceStore';
import { SESSION_KEY } from '../../src/desktop/sessionStore';
import { desktop, startDeviceLogin } from './support/desktop';
import { headlessDeviceAuthorization, textOf } from './support/headlessLogin';

let server: AuthServer;

beforeAll(async () => {
  server = await startAuthServer({ port: 0 });
});

afterAll(async () => {
  await server.close();
});

const deviceFlow = { provider: { flow: 'device' } };

describe('the device flow against oidc-provider', () => {
  it('signs in: the code entered at the verification page, tokens by polling, the profile', async () => {
    const dd = desktop(server, {}, deviceFlow);
    const { tab, device } = await startDeviceLogin(dd);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toBe(`${server.issuer}/device`);
    expect(device.intervalMs).toBe(5_000);
    expect(dd.items.has(PENDING_DEVICE_KEY)).toBe(true);

    const pages: string[] = [];
    const last = await headlessDeviceAuthorization(device.verificationUri, device.userCode, {
      onPage: (page) => pages.push(textOf(page.html)),
    });
    expect(textOf(last.html)).toContain('Device connected');
    expect(pages.some((text) => text.includes(device.userCode))).toBe(true);

    const done = await waitFor(tab, (s) => s.matches({ authorized: 'ready' }), { timeout: 20_000 });
    expect(done.context.profile?.name).toBe('Dana Demo');
    expect(done.context.tokens?.refreshToken).toBeTruthy();
    expect(dd.items.has(PENDING_DEVICE_KEY)).toBe(false);
    expect(dd.items.has(SESSION_KEY)).toBe(true);
    expect(server.stats.tokenByGrantType[DEVICE_CODE_GRANT_TYPE]).toBeGreaterThanOrEqual(1);
    tab.stop();
  });

  it('resumes polling after a reload of the tab, with the same code', async () => {
    const dd = desktop(server, {}, deviceFlow);
    const { tab, device } = await startDeviceLogin(dd);
    tab.stop(); // Desktop ends the extension's page while the person is in the browser.

    const reloaded = dd.openTab();
    expect(reloaded.getSnapshot().context.device?.userCode).toBe(device.userCode);
    await headlessDeviceAuthorization(device.verificationUri, device.userCode);
    const done = await waitFor(reloaded, (s) => s.matches({ authorized: 'ready' }), {
      timeout: 20_000,
    });
    expect(done.context.profile?.email).toBe('dana@example.test');
    reloaded.stop();
  });

  it('ends in access_denied when the person aborts at the verification page', async () => {
    const dd = desktop(server, {}, deviceFlow);
    const { tab, device } = await startDeviceLogin(dd);
    try {
      const last = await headlessDeviceAuthorization(device.verificationUri, device.userCode, {
        decision: 'deny',
      });
      expect(textOf(last.html)).toContain('Sign-in cancelled');
      const failed = await waitFor(tab, (s) => s.matches('error'), { timeout: 20_000 });
      expect(failed.context.error?.reason).toBe('access_denied');
      expect(dd.items.has(PENDING_DEVICE_KEY)).toBe(false);
      expect(dd.items.has(SESSION_KEY)).toBe(false);
    } finally {
      tab.stop();
    }
  });

  it('ends in device_code_expired when nobody enters the code in time', async () => {
    const shortLived = await startAuthServer({ port: 0, deviceCodeTtlSeconds: 2 });
    try {
      const dd = desktop(shortLived, {}, deviceFlow);
      const { tab, device } = await startDeviceLogin(dd);
      expect(device.expiresAt - device.startedAt).toBe(2_000);
      const failed = await waitFor(tab, (s) => s.matches('error'), { timeout: 10_000 });
      expect(failed.context.error?.reason).toBe('device_code_expired');
      // The code is refused at the verification page too.
      await expect(
        headlessDeviceAuthorization(device.verificationUri, device.userCode),
      ).rejects.toThrow(/not right, or it has expired/);
      tab.stop();
    } finally {
      await shortLived.close();
    }
  });

  it('cancel stops polling at once: the code authorized afterwards is never redeemed', async () => {
    const dd = desktop(server, {}, deviceFlow);
    const { tab, device } = await startDeviceLogin(dd);
    try {
      tab.send({ type: 'CANCEL' });
      expect(tab.getSnapshot().value).toBe('idle');
      expect(dd.items.has(PENDING_DEVICE_KEY)).toBe(false);
      await headlessDeviceAuthorization(device.verificationUri, device.userCode);
      // Longer than the interval: a poll would have come by now.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(dd.items.has(SESSION_KEY)).toBe(false);
      expect(tab.getSnapshot().value).toBe('idle');
      // The server still holds the tokens for this code: nobody redeemed it.
      const answer = await dd.oauth.pollDeviceToken({ device, now: Date.now() });
      expect(answer.status).toBe('tokens');
    } finally {
      tab.stop();
    }
  });
});
