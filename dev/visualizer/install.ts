/**
 * __DEV_ONLY__: the development statechart panel. Never imported by production code: `npm run
 * dev` loads it behind `import.meta.env.DEV` (src/main.tsx), and the local stand-in injects the
 * standalone bundle (standalone.ts, built by buildBundle.ts) into the production UI it serves.
 * The image check greps the production bundle for the marker above to prove the panel absent.
 *
 * `installDevtoolsPanel()` must run before the sign-in actor is created: it installs
 * `window.__AUTH_DEVTOOLS__`, which src/desktop/devtools.ts looks for to inspect the actor.
 * The "State chart" button (bottom right) or Alt+Shift+S (Option+Shift+S on macOS) shows and
 * hides the panel; whether it is open, and its width, survive a reload (sessionStorage).
 *
 * The panel sits beside the extension, not over it: while it is open, the page's root element
 * gets a right margin of the panel's width, so the extension lays itself out in what is left.
 */
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { AnyStateMachine } from 'xstate';
import type { DevtoolsRecord } from '../../src/desktop/devtools';
import { authMachine } from '../../src/machines/authMachine';
import { clampPanelWidth, DevtoolsDock, defaultPanelWidth, isShortcut } from './DevtoolsDock';
import { createRecordStore } from './recordStore';

export const DEV_ONLY_MARKER = '__DEV_ONLY__';
export const HOST_ID = 'auth-devtools';
const OPEN_KEY = 'auth-devtools:open';
const WIDTH_KEY = 'auth-devtools:width';

export interface DevtoolsPanelHandle {
  /** The records collected so far (redacted by the inspector). */
  records(): readonly DevtoolsRecord[];
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** The panel's width in CSS px (kept within the page, the extension keeping some room). */
  width(): number;
  setWidth(width: number): void;
  toggle(): void;
  /** The element holding the panel (in its own shadow root); null until the body exists. */
  readonly host: HTMLElement | null;
  uninstall(): void;
}

declare global {
  interface Window {
    __AUTH_DEVTOOLS_PANEL__?: DevtoolsPanelHandle;
  }
}

export interface InstallOptions {
  machine?: AnyStateMachine;
  /** Open at once; by default the panel remembers (sessionStorage) whether it was open. */
  open?: boolean;
}

/** Idempotent: a second call (HMR, dev server and stand-in both) returns the first panel. */
export function installDevtoolsPanel(
  doc: Document = document,
  options: InstallOptions = {},
): DevtoolsPanelHandle {
  const win = doc.defaultView;
  if (win === null) throw new Error('installDevtoolsPanel needs a document with a window.');
  const existing = win.__AUTH_DEVTOOLS_PANEL__;
  if (existing) return existing;

  const machine = options.machine ?? authMachine;
  const store = createRecordStore();
  const hook = (record: DevtoolsRecord) => store.push(record);
  win.__AUTH_DEVTOOLS__ = hook;

  let open = options.open ?? readOpen(win);
  const viewport = () => win.innerWidth;
  let width = clampPanelWidth(readWidth(win) ?? defaultPanelWidth(viewport()), viewport());
  let host: HTMLElement | null = null;
  let root: Root | null = null;
  const page = doc.documentElement.style;
  const pageMargin = page.marginRight;

  const render = () => {
    // The extension gives up the panel's width while it is open.
    page.marginRight = open && host !== null ? `${width}px` : pageMargin;
    root?.render(
      createElement(DevtoolsDock, {
        store,
        machine,
        open,
        onToggle: () => setOpen(!open),
        width,
        viewport: viewport(),
        onResize: setWidth,
      }),
    );
  };
  const setOpen = (next: boolean) => {
    open = next;
    writeOpen(win, next);
    render();
  };
  const setWidth = (next: number) => {
    width = clampPanelWidth(next, viewport());
    writeWidth(win, width);
    render();
  };
  const onWindowResize = () => {
    if (open) setWidth(width);
  };
  const mount = () => {
    if (host !== null || win.__AUTH_DEVTOOLS_PANEL__ !== handle) return;
    host = doc.createElement('div');
    host.id = HOST_ID;
    // A string the minifier keeps: what the image check looks for in a bundle.
    host.dataset.devOnly = DEV_ONLY_MARKER;
    // Its own shadow root: the extension's styles and the panel's do not meet.
    const shadow = host.attachShadow({ mode: 'open' });
    const container = doc.createElement('div');
    shadow.appendChild(container);
    doc.body.appendChild(host);
    root = createRoot(container);
    render();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!isShortcut(event)) return;
    event.preventDefault();
    setOpen(!open);
  };

  const handle: DevtoolsPanelHandle = {
    records: () => store.getSnapshot(),
    isOpen: () => open,
    setOpen,
    width: () => width,
    setWidth,
    toggle: () => setOpen(!open),
    get host() {
      return host;
    },
    uninstall() {
      doc.removeEventListener('keydown', onKeyDown, true);
      doc.removeEventListener('DOMContentLoaded', mount);
      win.removeEventListener('resize', onWindowResize);
      page.marginRight = pageMargin;
      root?.unmount();
      host?.remove();
      root = null;
      host = null;
      if (win.__AUTH_DEVTOOLS__ === hook) delete win.__AUTH_DEVTOOLS__;
      if (win.__AUTH_DEVTOOLS_PANEL__ === handle) delete win.__AUTH_DEVTOOLS_PANEL__;
    },
  };
  win.__AUTH_DEVTOOLS_PANEL__ = handle;
  doc.addEventListener('keydown', onKeyDown, true);
  win.addEventListener('resize', onWindowResize);
  // A classic <script> in <head> runs before <body> exists: collect now, draw once it does.
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount, { once: true });
  return handle;
}

function readOpen(win: Window): boolean {
  try {
    return win.sessionStorage.getItem(OPEN_KEY) === 'true';
  } catch {
    return false;
  }
}

function readWidth(win: Window): number | null {
  try {
    const width = Number(win.sessionStorage.getItem(WIDTH_KEY));
    return Number.isFinite(width) && width > 0 ? width : null;
  } catch {
    return null;
  }
}

function writeWidth(win: Window, width: number): void {
  try {
    win.sessionStorage.setItem(WIDTH_KEY, String(width));
  } catch {
    // Storage refused: the panel just forgets across reloads.
  }
}

function writeOpen(win: Window, open: boolean): void {
  try {
    win.sessionStorage.setItem(OPEN_KEY, String(open));
  } catch {
    // Storage refused: the panel just forgets across reloads.
  }
}
