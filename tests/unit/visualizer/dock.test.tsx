/**
 * The panel's frame: docked at the given width, with a window-splitter handle that resizes it
 * by dragging or with the keyboard, within bounds that leave the extension its room.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMachine } from 'xstate';
import {
  clampPanelWidth,
  DevtoolsDock,
  defaultPanelWidth,
  EXTENSION_MIN_WIDTH,
  PANEL_MIN_WIDTH,
  RESIZE_STEP,
} from '../../../dev/visualizer/DevtoolsDock';
import { buildChart } from '../../../dev/visualizer/graph';
import { type ChartLayout, layoutChart } from '../../../dev/visualizer/layout';
import { createRecordStore } from '../../../dev/visualizer/recordStore';

// The frame is what is tested here: a two-state machine keeps its chart's layout quick.
const machine = createMachine({
  id: 'tiny',
  initial: 'a',
  states: { a: { on: { GO: 'b' } }, b: {} },
});
let layout: ChartLayout;
beforeAll(async () => {
  layout = await layoutChart(buildChart(machine));
}, 60_000);
afterEach(cleanup);

function dock(width = 400, viewport = 1200) {
  const onResize = vi.fn<(width: number) => void>();
  render(
    <DevtoolsDock
      store={createRecordStore()}
      machine={machine}
      open
      onToggle={() => {}}
      width={width}
      viewport={viewport}
      onResize={onResize}
      layout={layout}
    />,
  );
  return { onResize, handle: screen.getByRole('separator', { name: /resize/i }) };
}

describe('the dock', () => {
  it('is as wide as it is told, with a handle that says so', () => {
    const { handle } = dock(400, 1200);
    expect(screen.getByRole('complementary').style.width).toBe('400px');
    expect(handle.getAttribute('aria-orientation')).toBe('vertical');
    expect(handle.getAttribute('aria-valuenow')).toBe('400');
    expect(handle.getAttribute('aria-valuemin')).toBe(String(PANEL_MIN_WIDTH));
    expect(handle.getAttribute('aria-valuemax')).toBe(String(1200 - EXTENSION_MIN_WIDTH));
    expect(handle.tabIndex).toBe(0);
  });

  it('resizes with the keyboard: left widens, right narrows, Home and End go to the bounds', () => {
    const { handle, onResize } = dock(400, 1200);
    const keys: [string, boolean, number][] = [
      ['ArrowLeft', false, 400 + RESIZE_STEP],
      ['ArrowRight', false, 400 - RESIZE_STEP],
      ['ArrowLeft', true, 400 + 4 * RESIZE_STEP],
      ['Home', false, PANEL_MIN_WIDTH],
      ['End', false, 1200 - EXTENSION_MIN_WIDTH],
    ];
    for (const [key, shiftKey, width] of keys) {
      onResize.mockClear();
      fireEvent.keyDown(handle, { key, shiftKey });
      expect(onResize, key).toHaveBeenCalledWith(width);
    }
    onResize.mockClear();
    fireEvent.keyDown(handle, { key: 'a' });
    expect(onResize).not.toHaveBeenCalled();
  });

  it('resizes by dragging the handle, within the bounds', () => {
    const { handle, onResize } = dock(400, 1200);
    fireEvent.pointerMove(handle, { clientX: 600, pointerId: 1 });
    expect(onResize).not.toHaveBeenCalled(); // not dragging yet
    fireEvent.pointerDown(handle, { clientX: 800, button: 0, pointerId: 1 });
    fireEvent.pointerMove(handle, { clientX: 700, pointerId: 1 });
    expect(onResize).toHaveBeenLastCalledWith(500);
    fireEvent.pointerMove(handle, { clientX: 950, pointerId: 1 });
    expect(onResize).toHaveBeenLastCalledWith(PANEL_MIN_WIDTH);
    fireEvent.pointerMove(handle, { clientX: 0, pointerId: 1 });
    expect(onResize).toHaveBeenLastCalledWith(1200 - EXTENSION_MIN_WIDTH);
    fireEvent.pointerUp(handle, { clientX: 0, pointerId: 1 });
    onResize.mockClear();
    fireEvent.pointerMove(handle, { clientX: 100, pointerId: 1 });
    expect(onResize).not.toHaveBeenCalled();
  });

  it('keeps the extension its room and the panel readable', () => {
    expect(clampPanelWidth(100, 1200)).toBe(PANEL_MIN_WIDTH);
    expect(clampPanelWidth(5000, 1200)).toBe(1200 - EXTENSION_MIN_WIDTH);
    expect(clampPanelWidth(5000, 400)).toBe(PANEL_MIN_WIDTH); // a narrow page: the minimum
    expect(defaultPanelWidth(1000)).toBe(400);
    expect(defaultPanelWidth(2000)).toBe(560);
    expect(defaultPanelWidth(500)).toBe(PANEL_MIN_WIDTH);
  });
});
