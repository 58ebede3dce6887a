/**
 * The statechart as the running actor sees it: the machine drawn from its definition (the same
 * drawing as docs/auth-machine.svg), its current state(s) and last transition(s) highlighted,
 * and the events it received, with their times and redacted payloads. Development only.
 */
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import type { AnyStateMachine } from 'xstate';
import type { DevtoolsRecord } from '../../src/desktop/devtools';
import { activeNodeIds, buildChart, type Chart, eventLabel, takenEdgeIds } from './graph';
import { type ChartLayout, layoutChart } from './layout';
import { renderSvg } from './svg';
import {
  currentValue,
  eventRecords,
  formatStateValue,
  formatTime,
  lastTransitions,
} from './timeline';

export interface StatechartPanelProps {
  records: readonly DevtoolsRecord[];
  machine: AnyStateMachine;
  /** A layout computed beforehand (tests); otherwise computed once per machine. */
  layout?: ChartLayout;
}

const keys = new WeakMap<DevtoolsRecord, number>();
let nextKey = 0;
/** A stable React key per record (records carry no id of their own). */
function keyOf(record: DevtoolsRecord): number {
  let key = keys.get(record);
  if (key === undefined) {
    key = nextKey++;
    keys.set(record, key);
  }
  return key;
}

const charts = new WeakMap<AnyStateMachine, Chart>();
const layouts = new WeakMap<AnyStateMachine, Promise<ChartLayout>>();

function chartOf(machine: AnyStateMachine): Chart {
  let chart = charts.get(machine);
  if (chart === undefined) {
    chart = buildChart(machine);
    charts.set(machine, chart);
  }
  return chart;
}

/** ELK is asynchronous: the first render shows the state by name while the layout runs. */
function useLayout(machine: AnyStateMachine, given?: ChartLayout) {
  const [layout, setLayout] = useState<ChartLayout | null>(given ?? null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (given) {
      setLayout(given);
      return;
    }
    let live = true;
    let pending = layouts.get(machine);
    if (pending === undefined) {
      pending = layoutChart(chartOf(machine));
      layouts.set(machine, pending);
    }
    pending.then(
      (result) => live && setLayout(result),
      (error: unknown) =>
        live && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [machine, given]);
  return { layout, failure };
}

export function StatechartPanel({ records, machine, layout: given }: StatechartPanelProps) {
  const chart = chartOf(machine);
  const { layout, failure } = useLayout(machine, given);
  const { value, transitions, active, taken } = useMemo(() => {
    const value = currentValue(records);
    const transitions = lastTransitions(records);
    return {
      value,
      transitions,
      active: activeNodeIds(chart, value),
      taken: takenEdgeIds(chart, transitions),
    };
  }, [chart, records]);
  // The whole chart in view when the panel opens; "Fit" off shows it at its natural size.
  const [fit, setFit] = useState(true);
  const svg = useMemo(
    () =>
      layout === null ? null : renderSvg(layout, { active, taken, fit, idPrefix: 'auth-devtools' }),
    [layout, active, taken, fit],
  );
  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (svg !== null && !fit && chartRef.current) scrollToCurrent(chartRef.current);
  }, [svg, fit]);
  const events = eventRecords(records).slice(-200).reverse();

  return (
    <section aria-label="Statechart" style={styles.panel}>
      <header style={styles.header}>
        <strong>{chart.rootId}</strong>{' '}
        <span>
          is in <code data-testid="current-state">{formatStateValue(value)}</code>
        </span>
        <button
          type="button"
          aria-pressed={fit}
          onClick={() => setFit(!fit)}
          style={styles.fit}
          title="Fit the whole chart in the panel (off: its natural size, scrolled to the current state)"
        >
          Fit
        </button>
      </header>
      {transitions.length > 0 && (
        <p style={styles.line} data-testid="last-transitions">
          Last:{' '}
          <code style={styles.taken}>
            {transitions
              .map(
                (t) =>
                  `${t.source} —${eventLabel(t.eventType)}→ ${t.target.join(', ') || '(self)'}`,
              )
              .join('; ')}
          </code>
        </p>
      )}
      {svg === null ? (
        <p style={styles.line}>{failure ? `Layout failed: ${failure}` : 'Laying out the chart…'}</p>
      ) : (
        <div ref={chartRef} style={fit ? styles.chartFit : styles.chart}>
          <div
            style={fit ? styles.fill : undefined}
            data-testid="statechart"
            data-fit={fit}
            // Our own markup (svg.ts escapes every text), built from the machine's definition.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: see the line above
            dangerouslySetInnerHTML={{ __html: svg }}
          />
        </div>
      )}
      <h2 style={styles.heading}>
        Events ({events.length === 200 ? 'latest 200' : events.length})
      </h2>
      <ol style={styles.events} aria-label="Events, latest first">
        {events.map((record) => (
          <li key={keyOf(record)} style={styles.event}>
            <time dateTime={new Date(record.at).toISOString()} style={styles.time}>
              {formatTime(record.at)}
            </time>{' '}
            <code title={record.eventType}>{eventLabel(record.eventType ?? '')}</code>
            {record.payload !== undefined && (
              <pre style={styles.payload}>{JSON.stringify(record.payload)}</pre>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Scrolls the chart so that the current state is in the middle (natural size only). */
function scrollToCurrent(container: HTMLElement): void {
  const box = container.querySelector('[aria-current="true"] > rect');
  if (box === null || typeof container.scrollTo !== 'function') return;
  const at = (name: string) => Number(box.getAttribute(name) ?? 0);
  container.scrollTo({
    left: at('x') + at('width') / 2 - container.clientWidth / 2,
    top: at('y') + at('height') / 2 - container.clientHeight / 2,
    behavior: 'instant',
  });
}

const mono = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";

const styles = {
  panel: { display: 'flex', flexDirection: 'column', gap: 8, flex: '1 1 auto', minHeight: 0 },
  header: { fontSize: 14, display: 'flex', alignItems: 'baseline', gap: 6 },
  fit: { marginLeft: 'auto', font: 'inherit', fontSize: 12, cursor: 'pointer' },
  line: { margin: 0, fontSize: 12, display: 'flex', flexWrap: 'wrap', gap: 6 },
  taken: { color: '#bc4c00', fontFamily: mono },
  chart: {
    flex: '1 1 0',
    minHeight: 160,
    overflow: 'auto',
    border: '1px solid #d0d7de',
    borderRadius: 6,
    background: '#ffffff',
  },
  // The chart's box is the flex item's: the drawing fills it, whatever its size.
  chartFit: {
    flex: '1 1 0',
    minHeight: 160,
    position: 'relative',
    overflow: 'hidden',
    border: '1px solid #d0d7de',
    borderRadius: 6,
    background: '#ffffff',
  },
  fill: { position: 'absolute', inset: 4 },
  heading: { fontSize: 13, margin: '4px 0 0' },
  events: {
    flex: '0 1 auto',
    maxHeight: '30%',
    margin: 0,
    paddingLeft: 20,
    fontSize: 12,
    overflow: 'auto',
    fontFamily: mono,
  },
  event: { padding: '2px 0' },
  time: { color: '#59636e' },
  payload: {
    margin: '2px 0 0',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    color: '#424a53',
    fontFamily: mono,
  },
} satisfies Record<string, CSSProperties>;
