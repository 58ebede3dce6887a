/**
 * Renders the sign-in as the page does (bootstrap → ThemeRoot → App), with an in-memory Docker
 * Desktop, jsdom's localStorage, a scripted OAuth client and a manual clock, either plainly or
 * under React.StrictMode.
 */

import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ExoticComponent, Fragment, type ReactNode, StrictMode } from 'react';
import { afterEach, expect, vi } from 'vitest';
import type { AuthActor } from '../../../src/auth/actor';
import * as signInLayer from '../../../src/auth/signInLayer';
import { demoProviderSettings } from '../../../src/config';
import {
  createMemoryDesktopHost,
  type MemoryDesktopHost,
  type MemoryDesktopHostOptions,
} from '../../../src/desktop/memoryDesktopHost';
import { createPendingDeviceStore } from '../../../src/desktop/pendingDeviceStore';
import { createPendingLoginStore } from '../../../src/desktop/pendingLoginStore';
import { browserKeyValueStorage } from '../../../src/desktop/storage';
import { bindingOf } from '../../../src/desktop/versionedRecord';
import type { AuthSettings } from '../../../src/machines/authMachine';
import { loadProviderConfig } from '../../../src/oauth/config';
import type {
  DeviceAuthorization,
  OAuthClient,
  PendingAuthorization,
  ProviderConfig,
} from '../../../src/oauth/types';
import { loadProviderSettings } from '../../../src/providerMode';
import { type BootstrapOptions, bootstrap } from '../../../src/ui/bootstrap';
import { fakeOAuth, T0 } from '../machines/support';

export {
  deferred,
  deviceAuthorization,
  pendingLogin,
  profile,
  redirectQuery,
  T0,
  tokens,
} from '../machines/support';

export type Wrapper = ExoticComponent<{ children?: ReactNode }>;

/** Every rendering test runs in both modes: StrictMode remounts effects and doubles renders. */
export const renderModes: ReadonlyArray<[string, Wrapper]> = [
  ['plain', Fragment],
  ['StrictMode', StrictMode],
];

export const PROVIDER_NAME = 'Acme ID';

/** The settings block a build would embed (validated and normalised), named for the tests. */
export function testSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...loadProviderSettings({
      ...demoProviderSettings,
      displayName: PROVIDER_NAME,
      issuer: 'https://id.example.test',
      ...overrides,
    }),
  };
}

export interface RenderOptions extends MemoryDesktopHostOptions {
  wrapper: Wrapper;
  /** A pending sign-in saved before the page (re)loaded. */
  pending?: PendingAuthorization;
  /** A device sign-in saved before the page (re)loaded. */
  device?: DeviceAuthorization;
  settings?: Record<string, unknown>;
  authSettings?: Partial<AuthSettings>;
  /** The protocol client; a scripted fake by default. */
  createClient?: (config: ProviderConfig) => OAuthClient;
  /** Scripts the fake client before the actor starts (a redirect is handled at once). */
  setup?: (oauth: FakeOAuth) => void;
  /** jsdom's localStorage through browserKeyValueStorage by default. */
  storage?: BootstrapOptions['storage'];
  /** An author's texts (src/ui/texts.ts). */
  texts?: BootstrapOptions['texts'];
}

export type FakeOAuth = ReturnType<typeof fakeOAuth>;

export interface RenderedSignIn {
  host: MemoryDesktopHost;
  oauth: FakeOAuth;
  actor: AuthActor;
  clock: { time: number; now(): number };
  warnings: string[];
  user: ReturnType<typeof userEvent.setup>;
}

const actors: AuthActor[] = [];

afterEach(() => {
  cleanup();
  for (const actor of actors.splice(0)) actor.stop();
  window.localStorage.clear();
  vi.restoreAllMocks();
});

export function renderSignIn(options: RenderOptions): RenderedSignIn {
  const {
    wrapper: Wrap,
    pending,
    device,
    settings,
    authSettings,
    createClient,
    setup,
    texts,
    ...rest
  } = options;
  const { storage = browserKeyValueStorage(window), ...hostOptions } = rest;
  const host = createMemoryDesktopHost(hostOptions);
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const binding = bindingOf(loadProviderConfig(settings ?? testSettings()));
  if (pending) createPendingLoginStore(storage, binding, logger).save(pending);
  if (device) createPendingDeviceStore(storage, binding, logger).save(device);
  const oauth = fakeOAuth();
  setup?.(oauth);
  const clock = {
    time: T0,
    now() {
      return this.time;
    },
  };
  const bootstrapOptions: BootstrapOptions = {
    connection: { kind: 'desktop', host },
    settings: settings ?? testSettings(),
    storage,
    createClient: createClient ?? (() => oauth),
    clock,
    logger,
    ...(authSettings ? { authSettings } : {}),
    ...(texts ? { texts } : {}),
    // The statechart at once: these tests drive it from its first snapshot (the first view
    // before it loads is tested in tests/unit/ui/firstView.test.tsx).
    signInLayer,
  };
  // userEvent.setup() installs a clipboard stand-in on navigator: before the first render.
  const user = userEvent.setup();
  const started = bootstrap(bootstrapOptions);
  if (started.kind !== 'ready') throw new Error(`bootstrap answered ${started.kind}`);
  actors.push(started.actor);
  render(<Wrap>{started.element}</Wrap>);
  return { host, oauth, actor: started.actor, clock, warnings, user };
}

/** The view: the region named by the heading of the current state. */
export function view(name: string | RegExp) {
  return screen.findByRole('region', { name });
}

/** What the polite live region currently says. */
export function announcement(): string {
  return screen.getByRole('status', { name: 'Sign-in status' }).textContent ?? '';
}

/** Focus moved to the heading of the view named `name`. */
export async function expectHeadingFocused(name: string | RegExp) {
  const region = await view(name);
  const heading = within(region).getByRole('heading', { level: 1 });
  await waitFor(() => expect(document.activeElement).toBe(heading));
}

/** An element's text, whitespace collapsed (what a user reads). */
export function textOf(element: Element | null): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The accessible description: the text of the elements named by aria-describedby. */
export function descriptionOf(element: Element): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => textOf(element.ownerDocument.getElementById(id))).join(' ');
}
