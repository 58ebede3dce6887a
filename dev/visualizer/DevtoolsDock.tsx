/**
 * The panel's frame: a small "State chart" button in the bottom-right corner (away from the
 * extension's own buttons) that opens the statechart panel docked to the right edge.
 * Controlled: install.ts owns `open` and the keyboard shortcut.
 */
import type { CSSProperties } from 'react';
import { useSyncExternalStore } from 'react';
import type { AnyStateMachine } from 'xstate';
import type { RecordStore } from './recordStore';
import { StatechartPanel } from './StatechartPanel';

/** Alt+Shift+S (Option+Shift+S on macOS): by physical key, since Alt changes `key` there. */
export const SHORTCUT_LABEL = 'Alt+Shift+S';

export function isShortcut(event: KeyboardEvent): boolean {
  return (
    event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyS'
  );
}

export const PANEL_ID = 'auth-devtools-panel';

export interface DevtoolsDockProps {
  store: RecordStore;
  machine: AnyStateMachine;
  open: boolean;
  onToggle(): void;
}

export function DevtoolsDock({ store, machine, open, onToggle }: DevtoolsDockProps) {
  const records = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <div style={styles.root}>
      {open && (
        <aside id={PANEL_ID} aria-label="Sign-in statechart (development)" style={styles.panel}>
          <StatechartPanel records={records} machine={machine} />
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

const font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const styles = {
  root: { fontFamily: font, color: '#1f2328', fontSize: 13, lineHeight: 1.4 },
  panel: {
    position: 'fixed',
    top: 0,
    right: 0,
    bottom: 0,
    // Half the page at most: the extension stays usable beside it.
    width: 'min(760px, 50vw)',
    boxSizing: 'border-box',
    padding: '12px 12px 48px',
    background: '#ffffff',
    borderLeft: '1px solid #d0d7de',
    boxShadow: '-4px 0 16px rgba(0, 0, 0, 0.18)',
    overflow: 'auto',
    zIndex: 2147483000,
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
