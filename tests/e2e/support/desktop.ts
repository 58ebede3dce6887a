/**
 * The end-to-end harness: the embedded authorization server and the Docker Desktop stand-in
 * (with the production redirect URI, docker-desktop://...), and a browser session on the
 * stand-in's shell that plays the person and the system browser.
 *
 * The browser cannot follow the docker-desktop:// redirect; Chromium still reports the attempt
 * as a request carrying the whole URL. The session captures it, and the test hands it to
 * `__standin.deliverDeepLink(url)`, as Desktop would receive it from the operating system.
 *
 * Every session also records what the extension's Content-Security-Policy refused (Chromium's
 * `securitypolicyviolation` events in the extension's frame and its "Refused to …" console
 * messages); `withDesktop` fails the test after it when there was any.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type AuthServer,
  type AuthServerOptions,
  startAuthServer,
} from '../../../dev/authServer/index';
import {
  confidentialServerOptions,
  type DemoBackend,
  demoClientSecret,
  demoConfig,
  startDemo,
  startDemoBackend,
} from '../../../dev/standin/demo';
import type { DevServerOptions } from '../../../dev/standin/devServer';
import {
  type BackendAnswers,
  type Standin,
  type StandinConfig,
  startStandin,
} from '../../../dev/standin/server';
import { buildVisualizerBundle } from '../../../dev/visualizer/buildBundle';
import { launchChromium } from './browser';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUILT_UI_DIR = join(REPO_ROOT, 'dist/ui');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results/screenshots');

/** The tests run against the production build, never the sources. */
export function requireBuiltUi(uiDir = BUILT_UI_DIR): string {
  const index = join(uiDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      `${index} is missing: the end-to-end tests run against the production build. ` +
        'Run `npm run build:demo` first (`npm run test:e2e` builds before it runs them).',
    );
  }
  return uiDir;
}

/** What a browser session needs: the browser and the stand-in's address. */
export interface SessionHost {
  browser: Browser;
  standin: Pick<Standin, 'url'>;
}

export interface E2eEnvironment extends SessionHost {
  auth: AuthServer;
  standin: Standin;
  /** In backend mode: the extension's backend, which a test may stop and start. */
  backend?: DemoBackend;
  browser: Browser;
  close(): Promise<void>;
}

export interface E2eEnvironmentOptions {
  /** Default: the production build in dist/ui, which must exist. */
  uiDir?: string;
  /** Changes to the demo configuration (which uses the production docker-desktop:// redirect). */
  config?: Partial<StandinConfig>;
  backendUrl?: string;
  /** Options for the embedded authorization server (e.g. a short access-token lifetime). */
  authServer?: AuthServerOptions;
  /** Build the development state visualizer and have the stand-in load it in the extension. */
  visualizer?: boolean;
  /**
   * true: `npm start`'s setup instead (dev/standin/demo.ts): the redirect URI is the stand-in's
   * loopback forwarder, which hands the answer to the shell without the test's help.
   */
  forwarder?: boolean;
  /**
   * With `forwarder`: `npm start -- --dev`, the extension from the Vite dev server (hot reload)
   * with these options (e.g. the root of a copy of the sources) instead of the production build.
   */
  dev?: Omit<DevServerOptions, 'visualizer'>;
  /**
   * Backend mode (`npm start -- --backend`'s setup, with the docker-desktop:// redirect): the
   * extension's backend on a temporary socket behind vm.service, the server accepting only the
   * confidential client and sending no CORS headers.
   */
  backend?: { answers?: BackendAnswers };
}

/** One per test file: the servers and the browser; every test opens its own `DesktopSession`. */
export async function startE2eEnvironment(
  options: E2eEnvironmentOptions = {},
): Promise<E2eEnvironment> {
  const uiDir = options.uiDir ?? (options.dev ? BUILT_UI_DIR : requireBuiltUi());
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    let auth: AuthServer;
    let standin: Standin;
    let backend: DemoBackend | undefined;
    const secret = options.backend ? demoClientSecret() : undefined;
    if (options.forwarder) {
      const demo = await startDemo({
        uiDir,
        ...(options.dev === undefined ? {} : { dev: options.dev }),
        ...(options.visualizer === undefined ? {} : { visualizer: options.visualizer }),
      });
      cleanups.push(() => demo.close());
      if (demo.auth === undefined) throw new Error('The demo started no authorization server');
      ({ auth, standin } = demo);
    } else {
      auth = await startAuthServer({
        ...options.authServer,
        ...(secret ? confidentialServerOptions(secret) : {}),
      });
      cleanups.push(() => auth.close());
      const visualizerScript = options.visualizer ? await buildVisualizerBundle() : undefined;
      standin = await startStandin({
        uiDir,
        ...(visualizerScript === undefined ? {} : { visualizerScript }),
        config: demoConfig({ ...(secret ? { mode: 'backend' } : {}), ...options.config }),
        authServer: auth,
        ...(options.backendUrl === undefined ? {} : { backendUrl: options.backendUrl }),
        ...(secret ? { backendSocket: () => backend?.socketPath } : {}),
        ...(options.backend?.answers ? { backendAnswers: options.backend.answers } : {}),
      });
      cleanups.push(() => standin.close());
      if (secret) {
        const started = await startDemoBackend(standin.config, secret);
        backend = started;
        cleanups.push(() => started.close());
      }
    }
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    return {
      auth,
      standin,
      ...(backend ? { backend } : {}),
      browser,
      close: () => closeAll(cleanups),
    };
  } catch (error) {
    await closeAll(cleanups);
    throw error;
  }
}

async function closeAll(cleanups: Array<() => Promise<unknown>>): Promise<void> {
  await Promise.allSettled(cleanups.reverse().map((cleanup) => cleanup()));
}

export interface DeliveryResult {
  delivered: boolean;
  query?: string;
  reason?: string;
}

export interface ShellToast {
  level: 'success' | 'warning' | 'error';
  message: string;
}

export type ColorScheme = 'light' | 'dark';

/** Redirect targets that only Docker Desktop can receive. */
function isDesktopLink(url: string): boolean {
  return url.startsWith('docker-desktop:') || url.startsWith('https://open.docker.com/');
}

/** Something the extension page's Content-Security-Policy refused, as Chromium reported it. */
export interface CspViolation {
  /** `event`: a `securitypolicyviolation` event; `console`: a "Refused to …" console message. */
  via: 'event' | 'console';
  /** The directive and what it refused, or the console message. */
  text: string;
}

/**
 * Reports `securitypolicyviolation` events of every document to the binding below. On the
 * window, not the document: a frame's first document replaces its initial about:blank in the
 * same window, without this script running again, and the events bubble up to the window.
 */
function reportCspViolations(): void {
  window.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as { __reportCspViolation?: (v: unknown) => void })
      .__reportCspViolation;
    report?.({
      document: event.documentURI,
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      sample: event.sample,
    });
  });
}

/** A waiting line of values that arrive from browser events. */
class Arrivals<T> {
  readonly all: T[] = [];
  private taken = 0;
  private waiters: Array<(value: T) => void> = [];

  push(value: T): void {
    this.all.push(value);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.taken += 1;
      waiter(value);
    }
  }

  /** The next value not yet taken, waiting for it up to `timeoutMs`. */
  next(what: string, timeoutMs: number): Promise<T> {
    if (this.taken < this.all.length) {
      const value = this.all[this.taken] as T;
      this.taken += 1;
      return Promise.resolve(value);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== deliver);
        reject(new Error(`No ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const deliver = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(deliver);
    });
  }
}

/**
 * A fresh browser profile on the stand-in's shell page: the extension in its frame, the pages
 * `openExternal` opens as popups, and the Desktop links the provider redirects to.
 */
export class DesktopSession {
  readonly pageErrors: string[] = [];
  /** What the extension's policy refused so far (the provider's own pages are not watched). */
  readonly cspViolations: CspViolation[] = [];
  /**
   * Console errors, failed requests and error answers (4xx, 5xx) in any tab of this session,
   * the redirects to Docker Desktop aside, for tests that expect none.
   */
  readonly problems: string[] = [];
  private readonly popupArrivals = new Arrivals<Page>();
  private readonly redirectArrivals = new Arrivals<string>();
  private scheme: ColorScheme;

  private constructor(
    readonly env: SessionHost,
    readonly context: BrowserContext,
    readonly page: Page,
    colorScheme: ColorScheme,
  ) {
    this.scheme = colorScheme;
    context.on('page', (popup) => this.popupArrivals.push(popup));
    // The provider's 303 to docker-desktop://... shows up as a (failing) request of the popup.
    context.on('request', (request) => {
      if (isDesktopLink(request.url())) this.redirectArrivals.push(request.url());
    });
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    // The shell has no policy of its own: a CSP refusal on this page is the extension frame's.
    // Chromium words them "Refused to …" or "… violates the following Content Security Policy".
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        this.cspViolations.push({ via: 'console', text: message.text() });
      }
    });
    context.on('console', (message) => {
      if (message.type() === 'error') {
        this.problems.push(`console error at ${message.page()?.url()}: ${message.text()}`);
      }
    });
    context.on('requestfailed', (request) => {
      if (isDesktopLink(request.url())) return;
      this.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    });
    context.on('response', (response) => {
      if (response.status() >= 400) {
        this.problems.push(`answered ${response.status()}: ${response.url()}`);
      }
    });
  }

  /** Records a `securitypolicyviolation` event reported by a page of the browser. */
  private recordViolation(report: {
    document: string;
    directive: string;
    blocked: string;
    sample: string;
  }): void {
    if (!new URL(report.document).pathname.startsWith('/extension/')) return;
    this.cspViolations.push({
      via: 'event',
      text: `${report.directive} refused ${report.blocked || '(inline)'}${report.sample ? ` (${report.sample})` : ''}`,
    });
  }

  /** The violations recorded so far, which are then forgotten (a test that causes them on purpose). */
  takeCspViolations(): CspViolation[] {
    return this.cspViolations.splice(0);
  }

  /** Throws, listing them, when the extension's policy refused anything. */
  assertNoCspViolations(): void {
    if (this.cspViolations.length === 0) return;
    const list = this.cspViolations.map((violation) => `  - [${violation.via}] ${violation.text}`);
    throw new Error(
      `The extension's Content-Security-Policy refused ${this.cspViolations.length} thing(s):\n${list.join('\n')}`,
    );
  }

  static async open(
    env: SessionHost,
    options: { colorScheme?: ColorScheme } = {},
  ): Promise<DesktopSession> {
    const colorScheme = options.colorScheme ?? 'light';
    const context = await env.browser.newContext({
      colorScheme,
      viewport: { width: 1100, height: 720 },
    });
    let session: DesktopSession | undefined;
    await context.exposeBinding('__reportCspViolation', (_source, report) =>
      session?.recordViolation(report),
    );
    await context.addInitScript(reportCspViolations);
    const page = await context.newPage();
    session = new DesktopSession(env, context, page, colorScheme);
    await page.goto(env.standin.url);
    await page.waitForFunction(
      () => (window as unknown as StandinWindow).__standin?.forwarderConnected === true,
    );
    return session;
  }

  /** The extension UI, by role and accessible name. */
  get extension(): FrameLocator {
    return this.page.frameLocator('#extension');
  }

  /** The extension's frame, for evaluating scripts in it. */
  extensionFrame(): Frame {
    const frame = this.page.frames().find((candidate) => candidate.url().includes('/extension/'));
    if (frame === undefined) throw new Error('The extension frame is not there');
    return frame;
  }

  /** The next page `openExternal` opened (the system browser's tab). */
  nextPopup(timeoutMs = 15_000): Promise<Page> {
    return this.popupArrivals.next('browser tab opened by openExternal', timeoutMs);
  }

  /** The next docker-desktop:// (or open.docker.com) address a page was sent to. */
  nextRedirect(timeoutMs = 15_000): Promise<string> {
    return this.redirectArrivals.next('redirect to Docker Desktop', timeoutMs);
  }

  get redirects(): readonly string[] {
    return this.redirectArrivals.all;
  }

  get popups(): readonly Page[] {
    return this.popupArrivals.all;
  }

  /**
   * Desktop receives a link from the operating system: the extension tab reloads with it.
   * Resolves once the reloaded extension page has loaded (when the link was delivered).
   */
  async deliverDeepLink(url: string): Promise<DeliveryResult> {
    const before = await this.extensionLoads();
    const result = await this.page.evaluate(
      (link) => (window as unknown as StandinWindow).__standin.deliverDeepLink(link),
      url,
    );
    if (result.delivered) await this.waitForExtensionLoad(before);
    return result;
  }

  /** Desktop reloads the extension tab (the person left it and came back). */
  async reloadExtension(): Promise<void> {
    const before = await this.extensionLoads();
    await this.page.evaluate(() =>
      (window as unknown as StandinWindow).__standin.reloadExtension(),
    );
    await this.waitForExtensionLoad(before);
  }

  private extensionLoads(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as StandinWindow).__standin.extensionLoads);
  }

  private async waitForExtensionLoad(before: number): Promise<void> {
    await this.page.waitForFunction(
      (count) => (window as unknown as StandinWindow).__standin.extensionLoads > count,
      before,
    );
  }

  /** Toasts the extension asked Desktop to show, oldest first. */
  toasts(): Promise<ShellToast[]> {
    return this.page.evaluate(
      () => [...(window as unknown as StandinWindow).__standin.toasts] as ShellToast[],
    );
  }

  /** URLs the extension asked Desktop to open in the browser. */
  openedUrls(): Promise<string[]> {
    return this.page.evaluate(() => [...(window as unknown as StandinWindow).__standin.openedUrls]);
  }

  async setColorScheme(scheme: ColorScheme): Promise<void> {
    this.scheme = scheme;
    await this.page.emulateMedia({ colorScheme: scheme });
    await this.settle();
  }

  /**
   * Screenshots of the whole Desktop window, in light and in dark, as
   * test-results/screenshots/<name>-light.png and -dark.png. The scheme is restored after.
   */
  async screenshotBothSchemes(name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const original = this.scheme;
    // No hover effect from the last click in the picture.
    await this.page.mouse.move(0, 0);
    for (const scheme of ['light', 'dark'] as const) {
      await this.setColorScheme(scheme);
      await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${scheme}.png`) });
    }
    await this.setColorScheme(original);
  }

  /** A screenshot of another tab (the provider's pages), as test-results/screenshots/<name>.png. */
  async screenshotTab(tab: Page, name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await tab.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }

  /** Two animation frames in the extension: a scheme change has been rendered. */
  private async settle(): Promise<void> {
    const frame = this.page.frames().find((candidate) => candidate.url().includes('/extension/'));
    const target = frame ?? this.page.mainFrame();
    await target.evaluate(
      () =>
        new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
        ),
    );
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** What the stand-in's shell page exposes (dev/standin/browser/shell.js). */
export interface StandinShellApi {
  extensionId: string;
  deliverDeepLink(url: string): DeliveryResult;
  reloadExtension(): void;
  setColorScheme(scheme: ColorScheme | null): void;
  readonly colorScheme: ColorScheme;
  readonly forcedColorScheme: ColorScheme | null;
  readonly extensionLoads: number;
  readonly forwarderConnected: boolean;
  toasts: ShellToast[];
  openedUrls: string[];
  notices: string[];
}

/** Cast to inside `evaluate` callbacks (no global declaration: the sources share the types). */
export interface StandinWindow {
  __standin: StandinShellApi;
}

/**
 * The usual test-file setup: one environment for the file (servers and browser), a fresh
 * `DesktopSession` for every test, the token endpoint back to normal and the server's counts
 * reset before each. Read `env` and `desktop` from the returned object inside the tests.
 */
export function withDesktop(options: E2eEnvironmentOptions = {}): {
  readonly env: E2eEnvironment;
  readonly desktop: DesktopSession;
} {
  let env: E2eEnvironment | undefined;
  let desktop: DesktopSession | undefined;
  beforeAll(async () => {
    env = await startE2eEnvironment(options);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async () => {
    const current = env as E2eEnvironment;
    current.auth.setTokenEndpointMode('normal');
    current.auth.resetStats();
    desktop = await DesktopSession.open(current);
  });
  afterEach(async () => {
    const session = desktop;
    desktop = undefined;
    await session?.close();
    session?.assertNoCspViolations();
  });
  return {
    get env() {
      return env as E2eEnvironment;
    },
    get desktop() {
      return desktop as DesktopSession;
    },
  };
}
