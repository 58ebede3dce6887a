/**
 * The panel's frame: a small "State chart" button in the bottom-right corner (away from the
 * extension's own buttons) that opens the statechart panel docked to the right edge, beside the
 * extension (install.ts makes the page give up the panel's width), with a handle on its left
 * edge to resize it by dragging or with the arrow keys. Controlled: install.ts owns `open`,
 * `width` and the keyboard shortcut.
 */
import type { CSSProperties, KeyboardEvent, PointerEvent } from 'react';
import { useRef, useSyncExternalStore } from 'react';
import type { AnyStateMachine } from 'xstate';
import type { ChartLayout } from './layout';
import type { RecordStore } from './recordStore';
import { StatechartPanel } from './StatechartPanel';

/** Alt+Shift+S (Option+Shift+S on macOS): by physical key, since Alt changes `key` there. */
export const SHORTCUT_LABEL = 'Alt+Shift+S';

export function isShortcut(event: globalThis.KeyboardEvent): boolean {
  return (
    event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyS'
  );
}

export const PANEL_ID = 'auth-devtools-panel';

/** The panel's width bounds, in CSS px: the extension keeps at least EXTENSION_MIN_WIDTH. */
export const PANEL_MIN_WIDTH = 260;
export const EXTENSION_MIN_WIDTH = 320;
/** What an arrow key moves the handle by (Shift: four times as far). */
export const RESIZE_STEP = 16;

export function maxPanelWidth(viewport: number): number {
  return Math.max(PANEL_MIN_WIDTH, viewport - EXTENSION_MIN_WIDTH);
}

export function clampPanelWidth(width: number, viewport: number): number {
  return Math.round(Math.min(Math.max(width, PANEL_MIN_WIDTH), maxPanelWidth(viewport)));
}

/** Two fifths of the page, within the bounds and 560 px at most. */
export function defaultPanelWidth(viewport: number): number {
  return clampPanelWidth(Math.min(560, viewport * 0.4), viewport);
}

export interface DevtoolsDockProps {
  store: RecordStore;
  machine: AnyStateMachine;
  open: boolean;
  onToggle(): void;
  /** The panel's width in CSS px. */
  width: number;
  /** The page's width, for the handle's bounds. */
  viewport: number;
  onResize(width: number): void;
  /** A layout computed beforehand (tests). */
  layout?: ChartLayout;
}

export function DevtoolsDock({
  store,
  machine,
  open,
  onToggle,
  width,
  viewport,
  onResize,
  layout,
}: DevtoolsDockProps) {
  const records = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <div style={styles.root}>
      {open && (
        <aside
          id={PANEL_ID}
          aria-label="Sign-in statechart (development)"
          style={{ ...styles.panel, width }}
          data-width={width}
        >
          <ResizeHandle width={width} viewport={viewport} onResize={onResize} />
          <StatechartPanel records={records} machine={machine} layout={layout} />
          <p style={styles.hint}>
            Development only. {SHORTCUT_LABEL} shows and hides this panel. Payloads are redacted.
          </p>
        </aside>
      )}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={PANEL_ID}
        aria-keyshortcuts={SHORTCUT_LABEL}
        title={`${open ? 'Hide' : 'Show'} the statechart (${SHORTCUT_LABEL})`}
        onClick={onToggle}
        style={open ? { ...styles.toggle, ...styles.toggleOpen } : styles.toggle}
      >
        State chart
      </button>
    </div>
  );
}

/**
 * The WAI-ARIA window splitter: a focusable separator whose value is the panel's width. The
 * panel is on the right, so moving the handle left (dragging, or ArrowLeft) widens it.
 */
function ResizeHandle({
  width,
  viewport,
  onResize,
}: Pick<DevtoolsDockProps, 'width' | 'viewport' | 'onResize'>) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const resize = (next: number) => onResize(clampPanelWidth(next, viewport));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { x: event.clientX, width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current === null) return;
    resize(drag.current.width + drag.current.x - event.clientX);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    event.currentTarget.releasePointerCapture?.(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 4 * RESIZE_STEP : RESIZE_STEP;
    const next = {
      ArrowLeft: width + step,
      ArrowRight: width - step,
      Home: PANEL_MIN_WIDTH,
      End: maxPanelWidth(viewport),
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    resize(next);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot take focus nor be dragged; this is the ARIA window splitter
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the statechart panel"
      aria-controls={PANEL_ID}
      aria-valuenow={width}
      aria-valuemin={PANEL_MIN_WIDTH}
      aria-valuemax={maxPanelWidth(viewport)}
      tabIndex={0}
      title="Drag, or use the arrow keys, to resize"
      style={styles.handle}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}

const font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const styles = {
  root: { fontFamily: font, color: '#1f2328', fontSize: 13, lineHeight: 1.4 },
  panel: {
    position: 'fixed',
    top: 0,
    right: 0,
    bottom: 0,
    display: 'flex',
    flexDirection: 'column',
    boxSizing: 'border-box',
    padding: '12px 12px 40px 16px',
    background: '#ffffff',
    borderLeft: '1px solid #d0d7de',
    zIndex: 2147483000,
  },
  handle: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    left: -4,
    width: 9,
    cursor: 'col-resize',
    touchAction: 'none',
    background:
      'linear-gradient(90deg, transparent 3px, #d0d7de 3px, #d0d7de 6px, transparent 6px)',
  },
  hint: { margin: '8px 0 0', fontSize: 11, color: '#59636e' },
  toggle: {
    position: 'fixed',
    right: 8,
    bottom: 8,
    zIndex: 2147483001,
    padding: '4px 10px',
    font: `600 12px ${font}`,
    color: '#ffffff',
    background: '#0969da',
    border: '1px solid #0550ae',
    borderRadius: 14,
    opacity: 0.75,
    cursor: 'pointer',
  },
  toggleOpen: { opacity: 1, background: '#0550ae' },
} satisfies Record<string, CSSProperties>;
