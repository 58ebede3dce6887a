/**
 * The first view, side by side: the extension's production build (demo settings, as
 * `npm run build:demo` makes it) against a baseline page built the same way, the shape of
 * Docker's own OAuth sample (./baseline: React 18, MUI 5, Docker's theme, a title, two
 * paragraphs, a button and a text field).
 *
 * Both are served alike by one static server on 127.0.0.1, and both get the same stand-ins for
 * what Docker Desktop injects (`window.ddClient` and the theme's palettes: the stand-in's
 * dev/standin/browser/ddclient.js, run before the page's scripts as Desktop does). Each load is a
 * fresh browser context (no cache, no storage) in Debian's Chromium, the pages alternating.
 * Per load: first contentful paint, the frame in which the sign-in button is first visible, and
 * Chromium's own script time (CDP `Performance.getMetrics`, ScriptDuration) once it is.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { CHUNK_NAMES, chunkGroup } from '../report-size';
import { type Comparison, compare, interleavedOrder, type PageName } from './stats';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BASELINE_CONFIG = fileURLToPath(new URL('./baseline/vite.config.ts', import.meta.url));
/** What Docker Desktop injects, as the local stand-in plays it (ddClient and the palettes). */
export const DESKTOP_STUB = join(REPO_ROOT, 'dev/standin/browser/ddclient.js');

export interface BuiltPage {
  dir: string;
  /** Every module the build bundled (absolute paths), to check what a page carries. */
  modules: string[];
}

function bundledModules(output: Awaited<ReturnType<typeof build>>): string[] {
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((each) =>
    each.output.flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : [])),
  );
}

export interface BuildOptions {
  /** False for a profile: names kept, and source maps written beside the chunks. */
  minify?: boolean;
}

/** The extension's production build with the demo settings (`vite build --mode demo`). */
export async function buildExtension(
  outDir: string,
  { minify = true }: BuildOptions = {},
): Promise<BuiltPage> {
  const output = await build({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    mode: 'demo',
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, minify, sourcemap: !minify },
  });
  return { dir: outDir, modules: bundledModules(output) };
}

/** The baseline, by its own config (./baseline/vite.config.ts). */
export async function buildBaseline(
  outDir: string,
  { minify = true }: BuildOptions = {},
): Promise<BuiltPage> {
  const output = await build({
    configFile: BASELINE_CONFIG,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, minify, sourcemap: !minify },
  });
  return { dir: outDir, modules: bundledModules(output) };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>`; each page under `/<name>/`. */
  origin: string;
  url(page: PageName): string;
  /** The folder a page is served from. */
  root(page: PageName): string;
  close(): Promise<void>;
}

/** One plain static server for both pages, the same headers for each (no caching). */
export async function serveStatic(
  roots: Readonly<Record<PageName, string>>,
): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const [, page, ...rest] = path.split('/');
    const root = page !== undefined && Object.hasOwn(roots, page) ? roots[page] : undefined;
    const relative = normalize(rest.join('/') || 'index.html');
    const file = root === undefined ? undefined : join(root, relative);
    if (
      root === undefined ||
      file === undefined ||
      relative.startsWith('..') ||
      !file.startsWith(root + sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (page) => `${origin}/${page}/`,
    root: (page) => {
      const root = roots[page];
      if (root === undefined) throw new Error(`No page named ${page} is served.`);
      return root;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Run in the page before its scripts, in both pages alike: notes the start of the frame in
 * which a `<button>` whose text begins with "Sign in" is first rendered visible (the extension's
 * "Sign in with …", the baseline's "Sign in").
 */
export const BUTTON_WATCH = `(() => {
  const seen = { button: Number.NaN };
  window.__firstView = seen;
  const signIn = () =>
    [...document.querySelectorAll('button')].find((b) => /^Sign in/.test(b.textContent.trim()));
  let waiting = false;
  const observer = new MutationObserver(() => {
    if (waiting || !signIn()) return;
    waiting = true;
    requestAnimationFrame(() => {
      waiting = false;
      const button = signIn();
      if (!button || !button.checkVisibility()) return;
      seen.button = performance.now();
      observer.disconnect();
    });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

export interface LoadFigures {
  firstContentfulPaint: number;
  buttonVisible: number;
  /** Chromium's script time in the page until the button showed (ms), NaN if not read. */
  scriptDuration: number;
  /** Chromium's main-thread task time in the page until then (ms). */
  taskDuration: number;
  /**
   * When the sign-in layer's script (loaded after the first view) had arrived, from navigation
   * start (ms); NaN for a page without one (the baseline, a build from before it existed).
   */
  signInLayerLoaded: number;
}

/**
 * The sign-in layer's chunk, which the extension imports after its first view, as the size
 * report names it (scripts/report-size.ts): a resource URL's end, in the page.
 */
export const SIGN_IN_LAYER_SCRIPT = new RegExp(`/${CHUNK_NAMES.signin}-[^/]*\\.js$`);

/** Whether a built page has a sign-in layer chunk to wait for. */
export function hasSignInLayer(dir: string): boolean {
  const assets = join(dir, 'assets');
  return (
    existsSync(assets) &&
    readdirSync(assets).some((name) => chunkGroup(`assets/${name}`) === 'signin')
  );
}

/**
 * A fresh context (no cache, no storage) whose pages get, before their own scripts, Desktop's
 * stand-ins and the button watch.
 */
export async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript({ content: readFileSync(DESKTOP_STUB, 'utf8') });
  await context.addInitScript({ content: BUTTON_WATCH });
  return context;
}

/** Waits until the sign-in button has shown and the first contentful paint is recorded. */
export async function waitForFirstView(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      Number.isFinite((window as { __firstView?: { button: number } }).__firstView?.button) &&
      performance.getEntriesByName('first-contentful-paint').length > 0,
    undefined,
    { timeout: 30_000, polling: 'raf' },
  );
}

/**
 * One load of `url` in a fresh context; with `signInLayer`, also waits for the page's sign-in
 * layer script (after the figures of the first view are taken).
 */
export async function measureLoad(
  browser: Browser,
  url: string,
  { signInLayer = false } = {},
): Promise<LoadFigures> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await page.goto(url);
    await waitForFirstView(page);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) =>
      (metrics.find((each) => each.name === name)?.value ?? Number.NaN) * 1000;
    const times = await page.evaluate(() => ({
      firstContentfulPaint:
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      buttonVisible: (window as unknown as { __firstView: { button: number } }).__firstView.button,
    }));
    let signInLayerLoaded = Number.NaN;
    if (signInLayer) {
      const pattern = SIGN_IN_LAYER_SCRIPT.source;
      await page.waitForFunction(
        (source) =>
          performance
            .getEntriesByType('resource')
            .some((entry) => new RegExp(source).test(entry.name)),
        pattern,
        { timeout: 30_000 },
      );
      signInLayerLoaded = await page.evaluate(
        (source) =>
          (
            performance
              .getEntriesByType('resource')
              .find((entry) => new RegExp(source).test(entry.name)) as PerformanceResourceTiming
          ).responseEnd,
        pattern,
      );
    }
    return {
      ...times,
      scriptDuration: metric('ScriptDuration'),
      taskDuration: metric('TaskDuration'),
      signInLayerLoaded,
    };
  } finally {
    await context.close();
  }
}

export interface FirstViewFigures {
  loads: number;
  /** Every load's figures, per page. */
  samples: Record<PageName, LoadFigures[]>;
  /** One page's medians of a figure against the baseline's (or another page's). */
  against(page: PageName, figure: keyof LoadFigures, reference?: PageName): Comparison;
}

/**
 * `loads` loads of each page, alternating (stats.ts's `interleavedOrder`), after one warm-up
 * load of each. `pages` are served by `server` and include 'baseline'.
 */
export async function compareFirstViews(
  browser: Browser,
  server: StaticServer,
  pages: readonly PageName[],
  loads: number,
): Promise<FirstViewFigures> {
  const layered = new Set(pages.filter((page) => hasSignInLayer(server.root(page))));
  const load = (page: PageName) =>
    measureLoad(browser, server.url(page), { signInLayer: layered.has(page) });
  // Warm-up, not counted: the first loads pay for starting the renderer and the server.
  for (const page of pages) await load(page);
  const samples: Record<PageName, LoadFigures[]> = Object.fromEntries(
    pages.map((page) => [page, []]),
  );
  for (const page of interleavedOrder(pages, loads)) {
    samples[page]?.push(await load(page));
  }
  const values = (page: PageName, figure: keyof LoadFigures) =>
    (samples[page] ?? []).map((each) => each[figure]);
  return {
    loads,
    samples,
    against: (page, figure, reference = 'baseline') =>
      compare(values(page, figure), values(reference, figure)),
  };
}
