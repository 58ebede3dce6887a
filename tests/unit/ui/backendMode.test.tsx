/**
 * Backend mode (VITE_OAUTH_MODE=backend): the page reads the session from the extension's
 * backend before the sign-in starts, says so in a sentence with a retry when the backend does
 * not answer, and never crashes. Every test runs plainly and under React.StrictMode.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { connectToDesktop, type DesktopWindow } from '../../../src/desktop/desktopClient';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { type Bootstrap, bootstrap, NO_BACKEND } from '../../../src/ui/bootstrap';
import { fakeDdClient } from '../desktop/fakeDdClient';
import { fakeOAuth } from '../machines/support';
import { renderModes, testSettings, textOf, type Wrapper } from './support';

const desktopWindow = window as DesktopWindow;
let started: Bootstrap | undefined;

afterEach(() => {
  cleanup();
  if (started?.kind === 'ready') started.actor.stop();
  if (started?.kind === 'backend') {
    const state = started.gate.getState();
    if (state.status === 'ready') state.actor.stop();
  }
  started = undefined;
  delete desktopWindow.ddClient;
});

const sessionTokens = {
  accessToken: 'access-token-1',
  tokenType: 'bearer',
  expiresAt: Date.now() + 3_600_000,
  refreshable: true,
};

function show(wrapper: Wrapper, fake = fakeDdClient({ withBackend: true }), oauth = fakeOAuth()) {
  desktopWindow.ddClient = fake.client;
  started = bootstrap({
    connection: connectToDesktop(window),
    settings: testSettings({ mode: 'backend' }),
    storage: browserKeyValueStorage(window),
    createClient: () => oauth,
    logger: { warn: () => {} },
  });
  const Wrap = wrapper;
  render(<Wrap>{started.element}</Wrap>);
  return { started, fake, oauth };
}

describe.each(renderModes)('%s', (_mode, wrapper) => {
  it('reads the session from the backend once, then shows the sign-in', async () => {
    const fake = fakeDdClient({ withBackend: true });
    fake.service?.get.mockResolvedValue({ ok: true, tokens: null });
    expect(show(wrapper, fake).started.kind).toBe('backend');
    expect(
      screen.getByRole('region', { name: 'Connecting to the extension’s backend…' }),
    ).toBeTruthy();
    await screen.findByRole('button', { name: 'Sign in with Acme ID' });
    expect(fake.service?.get).toHaveBeenCalledTimes(1);
    expect(fake.service?.get).toHaveBeenCalledWith('/session');
  });

  it('a session the backend holds signs the person in without the sign-in view', async () => {
    const fake = fakeDdClient({ withBackend: true });
    fake.service?.get.mockResolvedValue({
      data: { ok: true, tokens: sessionTokens },
      status: 200,
      headers: {},
    });
    const { oauth } = show(wrapper, fake);
    await screen.findByText('Dana Demo');
    expect(oauth.fetchUserProfile).toHaveBeenCalledWith(
      expect.objectContaining({ tokens: expect.objectContaining({ refreshable: true }) }),
    );
    expect(screen.queryByRole('button', { name: 'Sign in with Acme ID' })).toBeNull();
  });

  it('a backend that does not answer: a sentence and Try again, which works once it is back', async () => {
    const fake = fakeDdClient({ withBackend: true });
    fake.service?.get.mockRejectedValueOnce(
      new Error("Error invoking remote method 'acme-backend-request': [object Object]"),
    );
    fake.service?.get.mockResolvedValue({ ok: true, tokens: null });
    show(wrapper, fake);
    const region = await screen.findByRole('region', {
      name: 'The extension’s backend is not answering',
    });
    expect(textOf(region)).toContain(
      "The extension's backend is not running or not answering. Docker Desktop starts it with the extension: try again in a moment, or restart Docker Desktop if it persists.",
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('button', { name: 'Sign in with Acme ID' });
    expect(fake.service?.get).toHaveBeenCalledTimes(2);
  });

  it('a Desktop that runs no backend for the extension: says what to fix', () => {
    const { started } = show(wrapper, fakeDdClient());
    expect(started.kind).toBe('invalid-config');
    const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
    expect(textOf(region)).toContain(NO_BACKEND);
    expect(textOf(region)).toContain('VITE_OAUTH_MODE');
  });
});

it('an unknown mode is a configuration error naming VITE_OAUTH_MODE', () => {
  desktopWindow.ddClient = fakeDdClient({ withBackend: true }).client;
  started = bootstrap({
    connection: connectToDesktop(window),
    settings: { ...testSettings(), mode: 'proxy' },
    storage: browserKeyValueStorage(window),
    createClient: () => fakeOAuth(),
  });
  render(started.element);
  const region = screen.getByRole('region', { name: 'Sign-in is not configured correctly' });
  expect(textOf(region)).toContain('VITE_OAUTH_MODE');
});
