/**
 * Debian's Chromium, driven by playwright-core. Never a downloaded browser: CHROMIUM_PATH or
 * /usr/bin/chromium (`.ci/run` installs it with apt when it is missing).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Each `browser.newContext()` is a fresh profile: no cookies, no localStorage. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) ` +
        'or set CHROMIUM_PATH. The tests never download a browser.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
