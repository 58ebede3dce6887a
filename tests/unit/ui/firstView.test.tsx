/**
 * Page mode as the page runs it: the statechart's code (src/auth/signInLayer.ts) is imported
 * after the first view. Before it runs, the page shows the statechart's first view where that
 * is certain (signed out; signed in from a stored session), with the same elements it will keep
 * (no flash, no lost focus), and keeps what the person does for it; where it is not certain (an
 * answer in the address) it shows nothing until the statechart decides.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Fragment } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StartGate } from '../../../src/auth/startGate';
import { createMemoryDesktopHost } from '../../../src/desktop/memoryDesktopHost';
import { createSessionStore } from '../../../src/desktop/sessionStore';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import { loadProviderConfig } from '../../../src/oauth/config';
import { type Bootstrap, bootstrap } from '../../../src/ui/bootstrap';
import { fakeOAuth } from '../machines/support';
import { PROVIDER_NAME, redirectQuery, renderModes, T0, testSettings, tokens } from './support';

let started: Bootstrap | undefined;

afterEach(() => {
  cleanup();
  if (started && 'gate' in started) {
    const state = started.gate.getState();
    if (state.status === 'ready') state.actor.stop();
  }
  started = undefined;
  window.localStorage.clear();
});

function show(Wrap: (typeof renderModes)[number][1], search = '') {
  const host = createMemoryDesktopHost({ search });
  const oauth = fakeOAuth();
  started = bootstrap({
    connection: { kind: 'desktop', host },
    settings: testSettings(),
    storage: browserKeyValueStorage(window),
    createClient: () => oauth,
    clock: { now: () => T0 },
    logger: { warn: () => {} },
  });
  if (started.kind !== 'page') throw new Error(`bootstrap answered ${started.kind}`);
  const { gate } = started;
  render(<Wrap>{started.element}</Wrap>);
  return { gate, host, oauth };
}

/** Until the statechart has started (its code imported, after the first view). */
async function whenStarted(gate: StartGate) {
  await vi.waitFor(() => expect(gate.getState().status).toBe('ready'), { timeout: 10_000 });
  await act(async () => {});
}

function storeSession() {
  const binding = bindingOf(loadProviderConfig(testSettings()));
  createSessionStore(browserKeyValueStorage(window), binding).save(tokens);
}

describe.each(renderModes)('%s', (_mode, Wrap) => {
  it('shows the sign-in view before the statechart runs, and keeps the same button after', async () => {
    const { gate } = show(Wrap);
    expect(gate.getState().status).toBe('connecting');
    const button = screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` });
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe(
      'Not signed in',
    );
    button.focus();
    await whenStarted(gate);
    // The same element, still focused: nothing was drawn again.
    expect(screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` })).toBe(button);
    expect(document.activeElement).toBe(button);
  });

  it('keeps a press of Sign in made before the statechart runs, and signs in', async () => {
    const { gate, host, oauth } = show(Wrap);
    expect(gate.getState().status).toBe('connecting');
    screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    await whenStarted(gate);
    await screen.findByRole('region', { name: `Continue in your browser` });
    expect(oauth.prepareAuthorization).toHaveBeenCalledTimes(1);
    expect(host.openedUrls).toHaveLength(1);
  });

  it('shows the signed-in view at once with a stored session', async () => {
    storeSession();
    const { gate } = show(Wrap);
    expect(gate.getState().status).toBe('connecting');
    const heading = screen.getByRole('heading', { name: 'Signed in' });
    expect(screen.queryByRole('button', { name: /^Sign in/ })).toBeNull();
    await whenStarted(gate);
    expect(screen.getByRole('heading', { name: 'Signed in' })).toBe(heading);
  });

  it('shows nothing until the statechart has decided about an answer in the address', async () => {
    const { gate } = show(Wrap, redirectQuery());
    expect(gate.getState().status).toBe('connecting');
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    await whenStarted(gate);
    // No sign-in was started here: the statechart says so.
    await screen.findByRole('region', { name: 'Sign-in did not complete' });
  });
});

describe('when the statechart’s code cannot be loaded', () => {
  it('says so, with a retry, and starts when it loads', async () => {
    let refuse = true;
    vi.doMock('../../../src/auth/signInLayer', async (importOriginal) => {
      if (refuse) throw new TypeError('Failed to fetch dynamically imported module');
      return importOriginal();
    });
    try {
      const { gate } = show(Fragment);
      await screen.findByRole('region', { name: 'The sign-in could not be loaded' });
      expect(gate.getState()).toMatchObject({
        status: 'unavailable',
        failure: { reason: 'load_failed' },
      });
      expect(screen.getByText(/updated while this tab was open/)).toBeTruthy();
      refuse = false;
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
      await whenStarted(gate);
      expect(screen.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` })).toBeTruthy();
    } finally {
      vi.doUnmock('../../../src/auth/signInLayer');
    }
  });
});
