/**
 * `npm run bench`'s first view works: the baseline (Docker's OAuth sample's shape) builds with
 * MUI 5 only, Docker's theme included, and renders its title, paragraphs, button and text field
 * in Chromium with Desktop's stand-ins; one measured load of it and of the production build
 * gives every figure. No timing is asserted: the bench prints them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltPage,
  buildBaseline,
  freshContext,
  measureLoad,
  type StaticServer,
  serveStatic,
  waitForFirstView,
} from '../../scripts/firstView/firstView';
import { launchChromium } from './support/browser';
import { requireBuiltUi } from './support/desktop';

let dir: string;
let baseline: BuiltPage;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'first-view-'));
  baseline = await buildBaseline(join(dir, 'baseline'));
  server = await serveStatic({ extension: requireBuiltUi(), baseline: baseline.dir });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The package a module comes from, by its first node_modules folder (nested ones inside it). */
const packageOf = (id: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1];

describe("the first view's baseline", () => {
  it("carries MUI 5 only, Docker's theme using it through the alias", () => {
    const packages = new Set(baseline.modules.map(packageOf));
    expect(packages).toContain('@mui/material-v5');
    expect(packages).toContain('@docker/docker-mui-theme');
    expect(packages).toContain('@docker/extension-api-client');
    // MUI 6 (the extension's) is not in it: Docker's theme's `@mui/material` went to MUI 5.
    expect(packages).not.toContain('@mui/material');
    expect(packages).not.toContain('@mui/system'); // MUI 5's own is inside @mui/material-v5
  });

  it("renders the sample's shape in Docker's theme, with Desktop's stand-ins", async () => {
    const context = await freshContext(browser);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url('baseline'));
      await waitForFirstView(page);
      await expect
        .poll(() => page.getByRole('heading', { name: 'OAuth 2.0 sample' }).isVisible())
        .toBe(true);
      expect(await page.locator('p').count()).toBe(2);
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
      expect(await page.getByRole('textbox', { name: 'Authorization code' }).isVisible()).toBe(
        true,
      );
      // The palette is Docker's (as the stand-in injects it: primary #1d63ed in light mode),
      // not MUI's default primary.
      const background = await page
        .getByRole('button', { name: 'Sign in' })
        .evaluate((button) => getComputedStyle(button).backgroundColor);
      expect(background).toBe('rgb(29, 99, 237)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a measured load', () => {
  it.each(['extension', 'baseline'] as const)('of the %s gives every figure', async (page) => {
    const figures = await measureLoad(browser, server.url(page));
    expect(figures.firstContentfulPaint).toBeGreaterThan(0);
    expect(figures.buttonVisible).toBeGreaterThan(0);
    expect(figures.scriptDuration).toBeGreaterThan(0);
    expect(figures.taskDuration).toBeGreaterThan(0);
  });
});
