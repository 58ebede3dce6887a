/**
 * installDevtoolsPanel: the hook the inspector looks for, the panel in its own shadow root,
 * the toggle button and the Alt+Shift+S shortcut.
 */
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { defaultPanelWidth, EXTENSION_MIN_WIDTH } from '../../../dev/visualizer/DevtoolsDock';
import {
  type DevtoolsPanelHandle,
  HOST_ID,
  installDevtoolsPanel,
} from '../../../dev/visualizer/install';
import { devtoolsInspector } from '../../../src/desktop/devtools';
import { authMachine } from '../../../src/machines/authMachine';
import { fakeEnvironment, flush } from '../machines/support';

afterEach(() => {
  act(() => {
    window.__AUTH_DEVTOOLS_PANEL__?.uninstall();
  });
  window.sessionStorage.clear();
});

function install(open?: boolean): DevtoolsPanelHandle {
  let handle: DevtoolsPanelHandle | undefined;
  act(() => {
    handle = installDevtoolsPanel(document, open === undefined ? {} : { open });
  });
  return handle as DevtoolsPanelHandle;
}

const shadow = () => document.getElementById(HOST_ID)?.shadowRoot;
const toggle = () => shadow()?.querySelector('button[aria-controls]') as HTMLButtonElement;

describe('installDevtoolsPanel', () => {
  it('installs the hook the inspector looks for, and collects the actor’s records', async () => {
    const panel = install();
    expect(window.__AUTH_DEVTOOLS__).toBeTypeOf('function');
    const env = fakeEnvironment();
    const actor = createActor(authMachine, {
      input: { deps: env.deps },
      inspect: devtoolsInspector(),
    }).start();
    actor.send({ type: 'SIGN_IN' });
    await flush();
    actor.stop();
    expect(
      panel
        .records()
        .filter((r) => r.kind === 'event')
        .map((r) => r.eventType),
    ).toEqual(['xstate.init', 'SIGN_IN', 'xstate.done.actor.prepareAuthorization']);
  });

  it('mounts a closed panel in its own root, marked development-only', () => {
    install();
    const host = document.getElementById(HOST_ID);
    expect(host?.dataset.devOnly).toBe('__DEV_ONLY__');
    expect(host?.shadowRoot).not.toBeNull();
    expect(toggle().textContent).toBe('State chart');
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(toggle().getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+S');
    expect(shadow()?.querySelector('aside')).toBeNull();
  });

  it('opens and closes with the button and with Alt+Shift+S, and remembers it', async () => {
    const panel = install();
    act(() => {
      toggle().click();
    });
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(shadow()?.querySelector('aside')).not.toBeNull();
    // The chart appears once ELK has laid it out.
    await waitFor(() => expect(shadow()?.querySelector('[data-chart="auth"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    expect(window.sessionStorage.getItem('auth-devtools:open')).toBe('true');

    const shortcut = () =>
      act(() => {
        document.dispatchEvent(
          new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'KeyS', key: 'Í' }),
        );
      });
    shortcut();
    expect(panel.isOpen()).toBe(false);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    shortcut();
    expect(panel.isOpen()).toBe(true);
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { shiftKey: true, code: 'KeyS' }));
    });
    expect(panel.isOpen()).toBe(true);
  });

  it('is installed once, and uninstalls cleanly', () => {
    const first = install();
    expect(install()).toBe(first);
    expect(document.querySelectorAll(`#${HOST_ID}`)).toHaveLength(1);
    act(() => {
      first.uninstall();
    });
    expect(document.getElementById(HOST_ID)).toBeNull();
    expect(window.__AUTH_DEVTOOLS__).toBeUndefined();
    expect(devtoolsInspector()).toBeUndefined();
  });

  it('sits beside the page: the page gives up the panel’s width while it is open', () => {
    document.documentElement.style.marginRight = '3px'; // the page's own, given back on close
    const panel = install();
    expect(document.documentElement.style.marginRight).toBe('3px');
    act(() => panel.setOpen(true));
    const width = panel.width();
    expect(width).toBe(defaultPanelWidth(window.innerWidth));
    expect(document.documentElement.style.marginRight).toBe(`${width}px`);
    expect(shadow()?.querySelector('aside')?.style.width).toBe(`${width}px`);

    act(() => panel.setWidth(width + 100));
    expect(document.documentElement.style.marginRight).toBe(`${width + 100}px`);
    act(() => panel.setWidth(100_000)); // kept within the page, the extension keeping its room
    expect(panel.width()).toBe(window.innerWidth - EXTENSION_MIN_WIDTH);

    act(() => panel.setOpen(false));
    expect(document.documentElement.style.marginRight).toBe('3px');
    act(() => panel.setOpen(true));
    act(() => panel.uninstall());
    expect(document.documentElement.style.marginRight).toBe('3px');
    document.documentElement.style.marginRight = '';
  });

  it('remembers its width across a reload, and narrows with the window', () => {
    const first = install(true);
    act(() => first.setWidth(444));
    act(() => first.uninstall());
    const second = install(true);
    expect(second.width()).toBe(444);
    const innerWidth = window.innerWidth;
    try {
      act(() => {
        window.innerWidth = 700;
        window.dispatchEvent(new Event('resize'));
      });
      expect(second.width()).toBe(700 - EXTENSION_MIN_WIDTH);
      expect(document.documentElement.style.marginRight).toBe(`${700 - EXTENSION_MIN_WIDTH}px`);
    } finally {
      window.innerWidth = innerWidth;
    }
  });
});
