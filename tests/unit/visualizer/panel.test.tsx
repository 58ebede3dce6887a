/**
 * The panel follows a real actor: records collected by the production inspector hook
 * (src/desktop/devtools.ts) from a sign-in driven step by step, the highlight checked after
 * each step. Rendered plainly and under React.StrictMode.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Fragment, StrictMode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { buildChart } from '../../../dev/visualizer/graph';
import { type ChartLayout, layoutChart } from '../../../dev/visualizer/layout';
import { StatechartPanel } from '../../../dev/visualizer/StatechartPanel';
import { type DevtoolsRecord, devtoolsInspector } from '../../../src/desktop/devtools';
import { authMachine } from '../../../src/machines/authMachine';
import { fakeEnvironment, flush, redirectQuery } from '../machines/support';

let layout: ChartLayout;
// A limit, not an assertion: an ELK layout of the whole chart takes seconds on a loaded machine.
beforeAll(async () => {
  layout = await layoutChart(buildChart(authMachine)); // the one ELK layout of this file
}, 60_000);
afterEach(cleanup);

function startObservedSignIn() {
  const records: DevtoolsRecord[] = [];
  const env = fakeEnvironment();
  const inspect = devtoolsInspector({ __AUTH_DEVTOOLS__: (record) => records.push(record) });
  expect(inspect).toBeDefined();
  const actor = createActor(authMachine, { input: { deps: env.deps }, inspect }).start();
  return { actor, records };
}

describe.each([
  ['plain', Fragment],
  ['StrictMode', StrictMode],
])('StatechartPanel (%s)', (_, Wrapper) => {
  it('highlights the current state and the last transition as the actor moves', async () => {
    const { actor, records } = startObservedSignIn();
    const view = render(
      <Wrapper>
        <StatechartPanel records={[...records]} machine={authMachine} layout={layout} />
      </Wrapper>,
    );
    const show = () =>
      view.rerender(
        <Wrapper>
          <StatechartPanel records={[...records]} machine={authMachine} layout={layout} />
        </Wrapper>,
      );
    const chart = () => screen.getByTestId('statechart');
    const current = () =>
      [...chart().querySelectorAll('[aria-current="true"]')].map((g) =>
        g.getAttribute('data-state-id'),
      );
    const active = () =>
      [...chart().querySelectorAll('[data-state-id][data-active="true"]')]
        .map((g) => g.getAttribute('data-state-id'))
        .sort();
    const taken = () =>
      [...chart().querySelectorAll('[data-edge-id][data-taken="true"]')].map((g) =>
        g.getAttribute('data-edge-id'),
      );

    // Started: `starting` decided on idle (an always transition, never observable as a state).
    expect(current()).toEqual(['auth.idle']);
    expect(taken()).toEqual(['auth.starting:always:6:0']);
    expect(screen.getByTestId('current-state').textContent).toBe('idle');

    actor.send({ type: 'SIGN_IN' });
    show();
    expect(current()).toEqual(['auth.awaiting-browser.preparing']);
    expect(active()).toEqual(['auth.awaiting-browser', 'auth.awaiting-browser.preparing']);
    // Into awaiting-browser, whose `choosing` picks the code flow at once.
    expect(taken().sort()).toEqual([
      'auth.awaiting-browser.choosing:always:1:0',
      'auth.idle:SIGN_IN:0:0',
    ]);

    await flush();
    show();
    expect(current()).toEqual(['auth.awaiting-browser.waiting']);
    expect(taken()).toEqual([
      'auth.awaiting-browser.preparing:xstate.done.actor.prepareAuthorization:0:0',
    ]);
    expect(screen.getByTestId('last-transitions').textContent).toContain(
      'auth.awaiting-browser.preparing —done: prepareAuthorization→ auth.awaiting-browser.waiting',
    );

    actor.send({ type: 'REDIRECT', search: redirectQuery('state-1') });
    show();
    expect(current()).toEqual(['auth.code-received']);
    // The unguarded alternative (index 2), not the set-aside (0) or expired-login (1) ones.
    expect(taken()).toEqual(['auth.awaiting-browser.waiting:REDIRECT:2:0']);

    await flush();
    show();
    expect(actor.getSnapshot().value).toEqual({ authorized: 'ready' });
    expect(current()).toEqual(['auth.authorized.ready']);
    expect(active()).toEqual(['auth.authorized', 'auth.authorized.ready']);
    expect(taken()).toEqual([
      'auth.authorized.loadingProfile:xstate.done.actor.fetchUserProfile:0:0',
    ]);
    expect(screen.getByTestId('current-state').textContent).toBe('authorized.ready');

    // The events, latest first, with their times.
    const events = within(screen.getByRole('list', { name: /events/i })).getAllByRole('listitem');
    expect(events.map((li) => li.querySelector('code')?.textContent)).toEqual([
      'done: fetchUserProfile',
      'done: exchangeCode',
      'done: validateRedirect',
      'REDIRECT',
      'done: prepareAuthorization',
      'SIGN_IN',
      'xstate.init',
    ]);
    for (const li of events) {
      expect(li.querySelector('time')?.textContent).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    }
    actor.stop();
  });

  it('shows the whole chart when it opens, and its natural size when Fit is off', () => {
    const { actor, records } = startObservedSignIn();
    render(
      <Wrapper>
        <StatechartPanel records={[...records]} machine={authMachine} layout={layout} />
      </Wrapper>,
    );
    const svg = () => screen.getByTestId('statechart').querySelector('svg') as SVGSVGElement;
    const fit = screen.getByRole('button', { name: 'Fit' });
    // Scaled to its box both ways, its aspect kept: the whole chart is in view.
    expect(fit.getAttribute('aria-pressed')).toBe('true');
    expect(svg().getAttribute('width')).toBe('100%');
    expect(svg().getAttribute('height')).toBe('100%');
    expect(svg().getAttribute('preserveAspectRatio')).toBeNull(); // the default: xMidYMid meet
    expect(svg().getAttribute('viewBox')).toMatch(/^0 0 [\d.]+ [\d.]+$/);

    fireEvent.click(fit);
    expect(fit.getAttribute('aria-pressed')).toBe('false');
    expect(Number(svg().getAttribute('width'))).toBeCloseTo(layout.width, 0);
    expect(Number(svg().getAttribute('height'))).toBeCloseTo(layout.height, 0);
    actor.stop();
  });
});
