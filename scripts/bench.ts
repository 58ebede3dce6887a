/**
 * `npm run bench`: figures measured in this one run, printed; no thresholds, nothing fails.
 *
 *  1. The production JavaScript, gzip -9, split into React/MUI, XState, oauth4webapi and our
 *     code: a second production build (in a temporary folder) with one chunk per part, weighed
 *     with scripts/report-size.ts's `measureBundle`; next to it, dist/ui as it ships.
 *  2. Requests per sign-in, counted at the embedded authorization server, through the Docker
 *     Desktop stand-in in headless Chromium (first sign-in, and again with the provider's
 *     session kept).
 *  3. Time from the redirect's arrival (`__standin.deliverDeepLink`) to the authorized view
 *     showing the user's name.
 *  4. Time to first paint of the extension (the frame's `paint` performance entries).
 *  5. Heap after 50 and after 500 sign-in/sign-out cycles of the statechart with fake
 *     dependencies (after a full garbage collection).
 *  6. The first view against Docker's OAuth sample (scripts/firstView/): the production build
 *     with demo settings and a baseline page built the same way, served alike, loads
 *     alternating, each in a fresh context: medians and ratios of first contentful paint, the
 *     sign-in button visible, and Chromium's script time.
 *
 * `npm run bench -- --first-view` runs the 6th alone; `--loads N` sets its loads per page (30);
 * `--against DIR` measures an earlier build (e.g. a copy of dist/ui made by `npm run build:demo`
 * at an earlier commit) in the same run, interleaved too, for before/after figures;
 * `--profile` prints where each page's script time goes instead (scripts/firstView/profile.ts).
 * Needs dist/ui (built here when missing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import { createActor, waitFor } from 'xstate';
import { type AuthDependencies, authMachine } from '../src/machines/authMachine';
import type { OAuthClient, PendingAuthorization, TokenSet } from '../src/oauth/types';
import { launchChromium } from '../tests/e2e/support/browser';
import {
  BUILT_UI_DIR,
  DesktopSession,
  type E2eEnvironment,
  REPO_ROOT,
  type StandinWindow,
  startE2eEnvironment,
} from '../tests/e2e/support/desktop';
import { answerAtProvider, expectView, pressSignIn, region } from '../tests/e2e/support/flows';
import {
  buildBaseline,
  buildExtension,
  compareFirstViews,
  type StaticServer,
  serveStatic,
} from './firstView/firstView';
import { printProfile, profilePage } from './firstView/profile';
import { comparisonLine, median } from './firstView/stats';
import { kb, measureBundle } from './report-size';

const RUNS = 5;
const FIRST_VIEW_LOADS = 30;

/**
 * tsx compiles with esbuild's keepNames, which wraps functions in `__name(...)`: functions handed
 * to the browser (page.evaluate) then need that helper there.
 */
const NAME_HELPER = 'globalThis.__name ??= (target) => target';

// ---------------------------------------------------------------------------------------------
// 1. Bundle

type Part = 'React/MUI' | 'XState' | 'oauth4webapi' | 'our code' | 'bundler runtime';

const PART_CHUNKS: ReadonlyArray<readonly [prefix: string, part: Part]> = [
  ['bench-react-mui-', 'React/MUI'],
  ['bench-xstate-', 'XState'],
  ['bench-oauth4webapi-', 'oauth4webapi'],
  ['rolldown-runtime-', 'bundler runtime'],
];

/** The chunk a module goes to in the measuring build; null: our code (the entry chunk). */
function benchChunkOf(id: string): string | null {
  const path = id.replaceAll('\\', '/');
  if (!path.includes('/node_modules/')) return null;
  if (/\/node_modules\/(xstate|@xstate\/react)\//.test(path)) return 'bench-xstate';
  if (path.includes('/node_modules/oauth4webapi/')) return 'bench-oauth4webapi';
  // React, React DOM, MUI, Emotion, Docker's theme and what they pull in.
  return 'bench-react-mui';
}

function partOf(file: string): Part {
  const name = file.split('/').pop() ?? '';
  return PART_CHUNKS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? 'our code';
}

async function viteBuild(outDir: string, splitByPart: boolean): Promise<void> {
  const config: InlineConfig = {
    configFile: false,
    root: REPO_ROOT,
    base: './',
    logLevel: 'silent',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      ...(splitByPart
        ? {
            rolldownOptions: {
              output: { codeSplitting: { groups: [{ name: benchChunkOf }] } },
            },
          }
        : {}),
    },
  };
  await build(splitByPart ? config : { root: REPO_ROOT, logLevel: 'silent' });
}

async function measureParts(): Promise<Map<Part, number>> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  try {
    await viteBuild(outDir, true);
    const parts = new Map<Part, number>();
    for (const file of measureBundle(outDir).files) {
      const part = partOf(file.path);
      parts.set(part, (parts.get(part) ?? 0) + file.gzipBytes);
    }
    return parts;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 2-4. Through the stand-in

interface Counted {
  discovery: number;
  authorize: number;
  interaction: number;
  token: number;
  userinfo: number;
  jwks: number;
  preflight: number;
  other: number;
}

function counted(env: E2eEnvironment): Counted {
  const { discovery, authorize, interaction, token, userinfo, jwks, preflight, other } =
    env.auth.stats;
  return { discovery, authorize, interaction, token, userinfo, jwks, preflight, other };
}

/** Delivers the redirect and times, in the shell, until the authorized view names the user. */
async function timedDelivery(
  desktop: DesktopSession,
  redirect: string,
): Promise<{ loaded: number; heading: number; named: number }> {
  await desktop.page.evaluate(NAME_HELPER);
  return desktop.page.evaluate(async (url) => {
    const frame = document.getElementById('extension') as HTMLIFrameElement;
    const start = performance.now();
    let loaded = Number.NaN;
    frame.addEventListener(
      'load',
      () => {
        loaded = performance.now() - start;
      },
      { once: true },
    );
    const result = (window as unknown as StandinWindow).__standin.deliverDeepLink(url);
    if (!result.delivered) throw new Error(`not delivered: ${result.reason}`);
    let heading = Number.NaN;
    return await new Promise<{ loaded: number; heading: number; named: number }>(
      (resolve, reject) => {
        const tick = () => {
          const doc = frame.contentDocument;
          const now = performance.now() - start;
          const signedIn = [...(doc?.querySelectorAll('h1') ?? [])].some(
            (h1) => h1.textContent === 'Signed in',
          );
          if (signedIn && Number.isNaN(heading)) heading = now;
          const section = doc?.querySelector('section');
          if (signedIn && section?.textContent?.includes('Dana Demo')) {
            resolve({ loaded, heading, named: now });
          } else if (now > 20_000) {
            reject(new Error('the authorized view did not show within 20 s'));
          } else {
            setTimeout(tick, 1);
          }
        };
        tick();
      },
    );
  }, redirect);
}

interface BrowserFigures {
  firstLogin: Counted;
  returningLogin: Counted;
  signOutRevocations: number;
  delivery: Array<{ loaded: number; heading: number; named: number }>;
  paints: Array<{ firstPaint: number; firstContentfulPaint: number; domContentLoaded: number }>;
}

async function measureInBrowser(): Promise<BrowserFigures> {
  const env = await startE2eEnvironment();
  try {
    const figures: BrowserFigures = {
      firstLogin: counted(env),
      returningLogin: counted(env),
      signOutRevocations: 0,
      delivery: [],
      paints: [],
    };
    for (let run = 0; run < RUNS; run += 1) {
      const desktop = await DesktopSession.open(env);
      try {
        // Time to first paint of a fresh extension tab (signed out).
        await desktop.reloadExtension();
        await expectView(desktop, 'idle');
        figures.paints.push(await paintTimes(desktop));

        env.auth.resetStats();
        const tab = await pressSignIn(desktop);
        const redirect = await answerAtProvider(desktop, tab);
        figures.delivery.push(await timedDelivery(desktop, redirect));
        if (run === 0) figures.firstLogin = counted(env);

        if (run === 0) {
          env.auth.resetStats();
          await desktop.extension.getByRole('button', { name: 'Sign out' }).click();
          await expectView(desktop, 'idle');
          figures.signOutRevocations = env.auth.stats.revocation;

          // Signing in again: the browser keeps its session at the provider (no login page).
          env.auth.resetStats();
          const again = await pressSignIn(desktop);
          await desktop.deliverDeepLink(await answerAtProvider(desktop, again));
          await region(desktop, 'authorized').getByText('Dana Demo', { exact: true }).waitFor();
          figures.returningLogin = counted(env);
        }
      } finally {
        await desktop.close();
      }
    }
    return figures;
  } finally {
    await env.close();
  }
}

async function paintTimes(desktop: DesktopSession) {
  const frame = desktop.extensionFrame();
  await frame.waitForFunction(() => performance.getEntriesByType('paint').length >= 2);
  await frame.evaluate(NAME_HELPER);
  return frame.evaluate(() => {
    const paint = (name: string) =>
      performance.getEntriesByType('paint').find((entry) => entry.name === name)?.startTime ??
      Number.NaN;
    const navigation = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    return {
      firstPaint: paint('first-paint'),
      firstContentfulPaint: paint('first-contentful-paint'),
      domContentLoaded: navigation?.domContentLoadedEventEnd ?? Number.NaN,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Heap

/** A full garbage collection: `node --expose-gc`, or switched on at run time. */
function garbageCollector(): { collect: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { collect: exposed, how: 'global.gc (--expose-gc)' };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    return { collect: gc, how: 'gc switched on at run time (v8.setFlagsFromString)' };
  } catch {
    return { collect: () => {}, how: 'no gc available: figures include garbage' };
  }
}

function fakeDependencies(): AuthDependencies {
  let serial = 0;
  let pending: PendingAuthorization | null = null;
  let session: TokenSet | null = null;
  const tokens = (): TokenSet => ({
    accessToken: `access-${serial}`,
    tokenType: 'bearer',
    expiresAt: Date.now() + 3_600_000,
    refreshToken: `refresh-${serial}`,
    scope: 'openid profile email offline_access',
  });
  const oauth: OAuthClient = {
    prepareAuthorization: async ({ now }) => {
      serial += 1;
      return {
        state: `state-${serial}`,
        codeVerifier: `verifier-${serial}`,
        nonce: `nonce-${serial}`,
        redirectUri: 'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension',
        startedAt: now,
        authorizationUrl: `https://id.example.test/authorize?state=state-${serial}`,
      };
    },
    validateRedirect: async ({ search }) => ({ params: search.replace(/^\?/, '') }),
    exchangeCode: async () => tokens(),
    refresh: async () => tokens(),
    fetchUserProfile: async () => ({
      subject: 'user-1',
      name: 'Dana Demo',
      email: 'dana@example.test',
      claims: { sub: 'user-1' },
    }),
    revoke: async () => true,
    // The bench measures the authorization-code flow.
    startDeviceAuthorization: () => Promise.reject(new Error('not measured')),
    pollDeviceToken: () => Promise.reject(new Error('not measured')),
  };
  return {
    oauth,
    clock: { now: () => Date.now() },
    openBrowser: () => {},
    pendingStore: {
      load: () => pending,
      save: (value) => {
        pending = value;
      },
      clear: () => {
        pending = null;
      },
    },
    sessionStore: {
      load: () => session,
      save: (value) => {
        session = value;
      },
      clear: () => {
        session = null;
      },
    },
    deviceStore: { load: () => null, save: () => {}, clear: () => {} },
    location: { read: () => null, clear: () => {}, parse: () => null },
    notifier: { signedIn: () => {}, signedOut: () => {}, failed: () => {} },
  };
}

async function measureHeap() {
  const { collect, how } = garbageCollector();
  const heap = () => {
    collect();
    collect();
    return process.memoryUsage().heapUsed;
  };
  const actor = createActor(authMachine, { input: { deps: fakeDependencies() } });
  actor.start();
  await waitFor(actor, (s) => s.matches('idle'));

  const cycle = async () => {
    actor.send({ type: 'SIGN_IN' });
    const waiting = await waitFor(actor, (s) => s.matches({ 'awaiting-browser': 'waiting' }));
    const state = waiting.context.pending?.state ?? '';
    actor.send({ type: 'REDIRECT', search: `?code=code&state=${state}` });
    await waitFor(actor, (s) => s.matches({ authorized: 'ready' }));
    actor.send({ type: 'SIGN_OUT' });
    await waitFor(actor, (s) => s.matches('idle'));
  };

  const before = heap();
  const started = performance.now();
  for (let i = 0; i < 50; i += 1) await cycle();
  const after50 = heap();
  for (let i = 50; i < 500; i += 1) await cycle();
  const elapsed = performance.now() - started;
  const after500 = heap();
  actor.stop();
  return { how, before, after50, after500, msPerCycle: elapsed / 500 };
}

// ---------------------------------------------------------------------------------------------

const ms = (value: number) => `${value.toFixed(0)} ms`;
const range = (values: number[]) =>
  `median ${ms(median(values))} (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))}, ${values.length} runs)`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

function printRequests(label: string, c: Counted): void {
  const total = Object.values(c).reduce((sum, n) => sum + n, 0);
  console.log(
    `  ${label.padEnd(30)} discovery ${c.discovery}, authorize ${c.authorize}, token ${c.token}, ` +
      `userinfo ${c.userinfo}  | login/consent pages ${c.interaction}, jwks ${c.jwks}, ` +
      `CORS preflights ${c.preflight}, other ${c.other}  | ${total} in all`,
  );
}

// ---------------------------------------------------------------------------------------------
// 6. The first view against Docker's OAuth sample

/**
 * Builds the extension and the baseline into a temporary folder, serves them (and `before`, an
 * earlier build's folder, when given) and runs `use` with Chromium.
 */
async function withFirstViewPages<T>(
  { minify, before }: { minify: boolean; before: string | undefined },
  use: (browser: Browser, server: StaticServer, pages: string[]) => Promise<T>,
): Promise<T> {
  if (before !== undefined && !existsSync(join(before, 'index.html'))) {
    throw new Error(
      `--against ${before}: no index.html there (give a build's folder, like dist/ui).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-first-view-'));
  try {
    const [extension, baseline] = [join(dir, 'extension'), join(dir, 'baseline')];
    await buildExtension(extension, { minify });
    await buildBaseline(baseline, { minify });
    const roots = { extension, baseline, ...(before ? { before: resolve(before) } : {}) };
    const server = await serveStatic(roots);
    const browser = await launchChromium();
    try {
      return await use(browser, server, Object.keys(roots));
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where each page's first view spends its script time (scripts/firstView/profile.ts). */
async function printFirstViewProfile(loads: number): Promise<void> {
  await withFirstViewPages({ minify: false, before: undefined }, async (browser, server) => {
    for (const page of ['extension', 'baseline']) {
      printProfile(page, await profilePage(browser, server, page, loads));
    }
  });
}

async function printFirstView(loads: number, before: string | undefined): Promise<void> {
  console.log(
    `First view: the extension (production build, demo settings${
      before ? `; and before, the build in ${before}` : ''
    }) against Docker's OAuth sample (React 18, MUI 5, Docker's theme), ${loads} loads each, ` +
      'alternating, fresh context each, medians from navigation start',
  );
  const figures = await withFirstViewPages({ minify: true, before }, (browser, server, pages) =>
    compareFirstViews(browser, server, pages, loads),
  );
  const rows = [
    ['first contentful paint', 'firstContentfulPaint'],
    ['sign-in button visible', 'buttonVisible'],
    ['script time (Chromium)', 'scriptDuration'],
    ['main-thread tasks (Chromium)', 'taskDuration'],
  ] as const;
  for (const [label, figure] of rows) {
    console.log(comparisonLine(label, figures.against('extension', figure)));
    if (before) {
      console.log(comparisonLine('', figures.against('before', figure), { page: 'before   ' }));
      const change = figures.against('extension', figure, 'before');
      console.log(
        `  ${''.padEnd(28)} extension ÷ before: ${change.ratio.toFixed(2)}× of the medians, ` +
          `${change.pairedRatio.toFixed(2)}× per round`,
      );
    }
  }
  // Not part of the first view: when the statechart's code had arrived (it runs at once).
  const layer = figures.samples.extension?.map((each) => each.signInLayerLoaded) ?? [];
  const after = (figures.samples.extension ?? []).map(
    (each) => each.signInLayerLoaded - each.buttonVisible,
  );
  if (layer.some(Number.isFinite)) {
    console.log(
      `  ${'sign-in layer arrived'.padEnd(28)} extension ${median(layer).toFixed(1).padStart(7)} ms` +
        `   (${median(after).toFixed(1)} ms after the button; a press before is kept for it)`,
    );
  }
  console.log('');
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  console.log(`Bench, ${new Date().toISOString()}, Node ${process.version}\n`);
  const loads = Number(option('--loads') ?? FIRST_VIEW_LOADS);
  if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads needs a whole number.');
  if (process.argv.includes('--profile')) {
    await printFirstViewProfile(Number(option('--loads') ?? 10));
    return;
  }
  if (process.argv.includes('--first-view')) {
    await printFirstView(loads, option('--against'));
    return;
  }

  // First, before the builds and the browser fill the heap with their own garbage.
  console.log('Statechart heap, sign-in/sign-out cycles with fake dependencies');
  const heap = await measureHeap();
  console.log(`  (${heap.how})`);
  console.log(`  before                         ${mb(heap.before)}`);
  console.log(`  after 50 cycles                ${mb(heap.after50)}`);
  console.log(
    `  after 500 cycles               ${mb(heap.after500)}  (${((heap.after500 - heap.after50) / 450).toFixed(0)} bytes per cycle after the 50th)`,
  );
  console.log(`  time per cycle                 ${heap.msPerCycle.toFixed(2)} ms`);
  console.log(
    `  growth from 50 to 500 cycles   ${((heap.after500 - heap.after50) / 1000).toFixed(0)} kB`,
  );
  console.log('');

  try {
    measureBundle(BUILT_UI_DIR);
  } catch {
    console.log('dist/ui is missing: building it first…');
    await viteBuild(BUILT_UI_DIR, false);
  }

  console.log('JavaScript, gzip -9');
  const shipped = measureBundle(BUILT_UI_DIR);
  console.log(
    `  dist/ui as shipped             ${kb(shipped.totalGzipBytes)} (${shipped.files.length} files)`,
  );
  const parts = await measureParts();
  const partsTotal = [...parts.values()].reduce((sum, n) => sum + n, 0);
  for (const part of [
    'React/MUI',
    'XState',
    'oauth4webapi',
    'our code',
    'bundler runtime',
  ] as const) {
    console.log(`  ${part.padEnd(30)} ${kb(parts.get(part) ?? 0)}`);
  }
  console.log(
    `  (one chunk per part: ${kb(partsTotal)} in all; chunks compress apart, so the parts add up to more than as shipped)\n`,
  );

  console.log('Through the Docker Desktop stand-in, headless Chromium');
  try {
    const browser = await measureInBrowser();
    console.log('  Requests at the authorization server per sign-in');
    printRequests('first sign-in', browser.firstLogin);
    printRequests('again (provider session kept)', browser.returningLogin);
    console.log(`  ${'sign-out'.padEnd(30)} revocation ${browser.signOutRevocations}`);
    console.log('  Redirect delivered → authorized view with the user’s name');
    console.log(`    extension page loaded        ${range(browser.delivery.map((d) => d.loaded))}`);
    console.log(
      `    "Signed in" heading          ${range(browser.delivery.map((d) => d.heading))}`,
    );
    console.log(`    user's name shown            ${range(browser.delivery.map((d) => d.named))}`);
    console.log('  Extension tab opened (signed out), from navigation start');
    console.log(
      `    first paint                  ${range(browser.paints.map((p) => p.firstPaint))}`,
    );
    console.log(
      `    first contentful paint       ${range(browser.paints.map((p) => p.firstContentfulPaint))}`,
    );
    console.log(
      `    DOMContentLoaded             ${range(browser.paints.map((p) => p.domContentLoaded))}`,
    );
  } catch (error) {
    console.log(`  not measured: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    process.exitCode = 1;
  }
  console.log('');

  await printFirstView(loads, option('--against'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
