/**
 * Places the chart with ELK's layered algorithm, hierarchy included (compound states contain
 * their children; edges may cross levels), and returns absolute coordinates for svg.ts.
 * `elkjs/lib/elk.bundled.js` runs in Node and in the browser without a worker. Text is measured
 * with a fixed width table (no DOM), so the layout is the same everywhere.
 *
 * What is drawn is grouped for reading: the transitions from one state to another are one line
 * with one label (a line per transition in it), and targetless transitions (actions only) are
 * listed inside their state, as a statechart's internal transitions are, instead of loops.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Chart, ChartEdge, ChartNode } from './graph';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

/** One line of text in a label or a state, and the transition it belongs to, if any. */
export interface TextLine {
  text: string;
  /** The ChartEdge it describes (its event or its guard), for highlighting. */
  edgeId?: string;
  /** A guard (drawn muted), an event, or a state's own text. */
  kind: 'event' | 'guard' | 'invoke';
}

export interface PlacedNode extends Box {
  node: ChartNode;
  /** Under the state's name: what it invokes, then its internal transitions. */
  lines: TextLine[];
}

export interface PlacedEdge {
  /** `${source}→${target}`: every transition from source to target, drawn as one line. */
  id: string;
  source: string;
  target: string;
  /** The transitions it stands for, in the chart's order. */
  edges: ChartEdge[];
  /** The route (absolute): one or more sections, each a start, its bend points and an end. */
  sections: Point[][];
  /** Where the label goes (absolute): on the route, which passes through it. */
  label: Box & { lines: TextLine[] };
}

/** The small filled circle pointing at a compound state's initial child. */
export interface PlacedInitial {
  parent: string;
  target: string;
  center: Point;
  sections: Point[][];
}

export interface ChartLayout {
  /** Sections' inner points are cubic Bézier control points (ELK's spline routing). */
  curved: boolean;
  width: number;
  height: number;
  /** In chart order: parents before children. */
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  initials: PlacedInitial[];
  /** Copies of hub states, each drawn beside the one source whose line ends there. */
  copies: PlacedCopy[];
}

/** A hub state drawn again beside a source: the line `via` ends at it instead of the state. */
export interface PlacedCopy extends Box {
  id: string;
  /** The state it stands for. */
  of: ChartNode;
  /** The PlacedEdge that ends at it. */
  via: string;
}

/** Shared with svg.ts so that what is measured is what is drawn. */
export const metrics = {
  titleSize: 13,
  smallSize: 11,
  lineHeight: 14,
  nodePaddingX: 10,
  nodeHeight: 28,
  compoundHeader: 26,
  compoundPadding: 12,
  initialSize: 10,
  labelPaddingX: 3,
  margin: 12,
  /** Guards longer than this are broken at their operators. */
  lineChars: 30,
} as const;

const NARROW = new Set("iljtfrI.,:;!|'()[] ");
const WIDE = new Set('mwMW@%');

/** An estimate of the text's width in a system sans-serif font, on the generous side. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.3;
    else if (WIDE.has(ch)) em += 0.88;
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else em += 0.57;
  }
  return Math.ceil(em * fontSize * (bold ? 1.07 : 1));
}

/**
 * The text of transitions as a label shows them: the event and its guard in brackets, on one
 * line when short; a further transition on the same event adds `or [its guard]`. A combined
 * guard too long for a line is broken at its operators.
 */
export function transitionLines(edges: readonly ChartEdge[], source?: ChartNode): TextLine[] {
  const lines: TextLine[] = [];
  let previous: string | null = null;
  for (const edge of edges) {
    const label = shortLabel(edge, source);
    const sameEvent = label === previous;
    previous = label;
    const event = sameEvent ? 'or' : label;
    if (edge.guard === null) {
      lines.push({ text: event, edgeId: edge.id, kind: 'event' });
      continue;
    }
    const oneLine = `${event} [${edge.guard}]`;
    if (oneLine.length <= metrics.lineChars) {
      lines.push({ text: oneLine, edgeId: edge.id, kind: sameEvent ? 'guard' : 'event' });
      continue;
    }
    const parts = edge.guard.split(/ (?=[&|] )/);
    const guard = [`[${parts[0]}`, ...parts.slice(1).map((part) => `  ${part}`)];
    guard[guard.length - 1] += ']';
    if (sameEvent) guard[0] = `or ${guard[0]}`;
    else lines.push({ text: event, edgeId: edge.id, kind: 'event' });
    for (const text of guard) lines.push({ text, edgeId: edge.id, kind: 'guard' });
  }
  return lines;
}

/**
 * `done` and `error` without the actor's name when the source invokes that actor alone: its
 * box says `invoke name` already.
 */
export function shortLabel(edge: ChartEdge, source?: ChartNode): string {
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(edge.eventType);
  if (actor === null || source?.invokes.length !== 1 || source.invokes[0] !== actor[2]) {
    return edge.label;
  }
  return actor[1] as string;
}

/** What a state shows under its name: `invoke src`, then its internal transitions. */
export function nodeLines(node: ChartNode, internal: readonly ChartEdge[] = []): TextLine[] {
  return [
    ...node.invokes.map((src): TextLine => ({ text: `invoke ${src}`, kind: 'invoke' })),
    ...transitionLines(internal, node),
  ];
}

/** The transitions drawn as lines, grouped by source and target, in the chart's order. */
export function groupEdges(chart: Chart): { id: string; edges: ChartEdge[] }[] {
  const groups = new Map<string, ChartEdge[]>();
  for (const edge of chart.edges) {
    if (edge.internal) continue;
    const id = `${edge.source}→${edge.target}`;
    groups.set(id, [...(groups.get(id) ?? []), edge]);
  }
  return [...groups].map(([id, edges]) => ({ id, edges: sortByEvent(edges) }));
}

/** Same event together (its guarded alternatives in priority order), events in chart order. */
function sortByEvent(edges: readonly ChartEdge[]): ChartEdge[] {
  const first = new Map<string, number>();
  edges.forEach((edge, i) => {
    if (!first.has(edge.eventType)) first.set(edge.eventType, i);
  });
  return [...edges].sort(
    (a, b) =>
      (first.get(a.eventType) ?? 0) - (first.get(b.eventType) ?? 0) ||
      a.index - b.index ||
      (a.id < b.id ? -1 : 1),
  );
}

/** A state that at least this many lines lead to is a hub (here: `idle` and `error`). */
export const HUB_LINES = 6;

/**
 * Where a line to a hub ends at a copy of the hub drawn beside its source (keyed by the line's
 * id): every line to a hub except the one from the sibling defined just before it (the way a
 * sign-in goes), so that a dozen lines do not cross the chart to meet in one box. The copy is a
 * child of the source's parent, so the layout puts it next to the source.
 */
export function hubCopies(
  chart: Chart,
  groups: readonly { id: string; edges: ChartEdge[] }[],
): Map<string, { id: string; of: string; parent: string }> {
  const byId = new Map(chart.nodes.map((node) => [node.id, node]));
  const fanIn = new Map<string, number>();
  for (const { edges } of groups) {
    const { source, target } = edges[0] as ChartEdge;
    if (source !== target) fanIn.set(target, (fanIn.get(target) ?? 0) + 1);
  }
  const copies = new Map<string, { id: string; of: string; parent: string }>();
  for (const { id, edges } of groups) {
    const { source, target } = edges[0] as ChartEdge;
    if (source === target || (fanIn.get(target) ?? 0) < HUB_LINES) continue;
    const parent = byId.get(source)?.parent ?? chart.rootId;
    const siblings = byId.get(parent)?.children ?? [];
    const sibling = byId.get(target)?.parent === parent;
    if (sibling && siblings.indexOf(target) === siblings.indexOf(source) + 1) continue;
    copies.set(id, { id: `${target}@${source}`, of: target, parent });
  }
  return copies;
}

function linesWidth(lines: readonly TextLine[]): number {
  return Math.max(0, ...lines.map((line) => textWidth(line.text, metrics.smallSize)));
}

/**
 * Chosen by measuring the result (`npm run diagram` prints the figures): top to bottom, as a
 * sign-in goes, so that the chart is narrow enough for a README; orthogonal routes, each label
 * at the middle of its own route, just beside it (ELK reserves the label's room in the layer
 * where it sits, so no label lands on another or on a state); SIMPLE node placement, which packs a layer's nodes and
 * routes side by side where NETWORK_SIMPLEX and BRANDES_KOEPF straighten lines at the cost of
 * twice the width. Every compound node gets the same options (ELK does not pass them down).
 */
export const layoutOptions: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.thoroughness': '40',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.spacing.nodeNodeBetweenLayers': '24',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.nodeNode': '16',
  'elk.spacing.edgeNode': '10',
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeLabel': '2',
  'elk.spacing.nodeSelfLoop': '12',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.randomSeed': '1',
};

/**
 * The cycle breaker keeps these edges pointing down: transitions to a state defined later in
 * the machine, which is written in the order a sign-in goes (ELK's own MODEL_ORDER cycle
 * breaking fails on hierarchical graphs in elkjs 0.12).
 */
const FORWARD_PRIORITY = '10';
const INITIAL_SUFFIX = '#initial';

/** `overrides`: ELK options to try instead of `layoutOptions`. */
export async function layoutChart(
  chart: Chart,
  overrides: Readonly<Record<string, string>> = {},
): Promise<ChartLayout> {
  const options = { ...layoutOptions, ...overrides };
  const byId = new Map(chart.nodes.map((node) => [node.id, node]));
  const initialChild = (node: ChartNode) => node.children.find((id) => byId.get(id)?.initial);
  const padding = (top: number, side: number) =>
    `[top=${top},left=${side},bottom=${side},right=${side}]`;
  const textOf = new Map(
    chart.nodes.map((node) => [
      node.id,
      nodeLines(
        node,
        sortByEvent(chart.edges.filter((edge) => edge.internal && edge.source === node.id)),
      ),
    ]),
  );

  const order = new Map<string, number>();
  const number = (id: string) => {
    order.set(id, order.size);
    for (const child of byId.get(id)?.children ?? []) number(child);
  };
  number(chart.rootId);

  const groups = groupEdges(chart);
  const copyOf = hubCopies(chart, groups);
  const lastId = byId.get(chart.rootId)?.children.at(-1);

  const toElk = (node: ChartNode): ElkNode => {
    const lines = textOf.get(node.id) ?? [];
    const width =
      Math.max(textWidth(node.key, metrics.titleSize, true), linesWidth(lines)) +
      2 * metrics.nodePaddingX;
    if (node.children.length === 0) {
      return {
        id: node.id,
        // The last state of the machine (`error`) at the bottom: the way a sign-in goes.
        ...(node.id === lastId
          ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } }
          : {}),
        width: Math.max(width, 64),
        height: metrics.nodeHeight + lines.length * metrics.lineHeight,
      };
    }
    const children = node.children.map((id) => toElk(byId.get(id) as ChartNode));
    for (const copy of copyOf.values()) {
      if (copy.parent !== node.id) continue;
      const key = (byId.get(copy.of) as ChartNode).key;
      children.push({
        id: copy.id,
        width: textWidth(key, metrics.titleSize, true) + 2 * metrics.nodePaddingX,
        height: metrics.nodeHeight - 6,
      });
    }
    if (initialChild(node) !== undefined) {
      const size = metrics.initialSize;
      children.unshift({ id: node.id + INITIAL_SUFFIX, width: size, height: size });
    }
    const top = metrics.compoundHeader + lines.length * metrics.lineHeight;
    return {
      id: node.id,
      children,
      layoutOptions: {
        ...options,
        'elk.padding': padding(top, metrics.compoundPadding),
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${width}, ${top + metrics.compoundPadding})`,
      },
    };
  };

  const labelOf = new Map(
    groups.map((group) => [
      group.id,
      transitionLines(group.edges, byId.get((group.edges[0] as ChartEdge).source)),
    ]),
  );
  const edges: ElkExtendedEdge[] = groups.map(({ id, edges: [first] }) => {
    const { source, target } = first as ChartEdge;
    const lines = labelOf.get(id) ?? [];
    const forward = (order.get(target) ?? 0) > (order.get(source) ?? 0);
    return {
      id,
      sources: [source],
      targets: [copyOf.get(id)?.id ?? target],
      ...(forward ? { layoutOptions: { 'elk.layered.priority.direction': FORWARD_PRIORITY } } : {}),
      labels: [
        {
          text: lines.map((line) => line.text).join('\n'),
          width: linesWidth(lines) + 2 * metrics.labelPaddingX,
          height: lines.length * metrics.lineHeight,
          layoutOptions: {
            'elk.edgeLabels.placement': options['elk.edgeLabels.placement'] ?? 'CENTER',
          },
        },
      ],
    };
  });
  for (const node of chart.nodes) {
    const initial = initialChild(node);
    if (initial === undefined) continue;
    const id = node.id + INITIAL_SUFFIX;
    edges.push({ id, sources: [id], targets: [initial] });
  }

  const result: ElkNode = await new ELK().layout({
    id: '__chart',
    layoutOptions: { ...options, 'elk.padding': padding(metrics.margin, metrics.margin) },
    children: [toElk(byId.get(chart.rootId) as ChartNode)],
    edges,
  });

  const placed = new Map<string, Box>();
  const collect = (node: ElkNode) => {
    placed.set(node.id, {
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width ?? 0,
      height: node.height ?? 0,
    });
    for (const child of node.children ?? []) collect(child);
  };
  for (const child of result.children ?? []) collect(child);

  const routes = new Map<string, { sections: Point[][]; label: Box | undefined }>();
  const collectEdges = (node: ElkNode) => {
    for (const edge of node.edges ?? []) {
      const sections = (edge.sections ?? []).map((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      const label = edge.labels?.[0];
      routes.set(edge.id, {
        sections,
        label:
          label === undefined
            ? undefined
            : {
                x: label.x ?? 0,
                y: label.y ?? 0,
                width: label.width ?? 0,
                height: label.height ?? 0,
              },
      });
    }
    for (const child of node.children ?? []) collectEdges(child);
  };
  collectEdges(result);

  const nodes = chart.nodes.map((node) => ({
    node,
    lines: textOf.get(node.id) ?? [],
    ...(placed.get(node.id) as Box),
  }));
  const placedEdges = groups.map(({ id, edges: grouped }): PlacedEdge => {
    const route = routes.get(id);
    const { source, target } = grouped[0] as ChartEdge;
    const first = route?.sections[0]?.[0] ?? { x: 0, y: 0 };
    const label = route?.label ?? { x: first.x, y: first.y, width: 0, height: 0 };
    return {
      id,
      source,
      target,
      edges: grouped,
      sections: route?.sections ?? [],
      label: { ...label, lines: labelOf.get(id) ?? [] },
    };
  });
  const initials = chart.nodes.flatMap((node): PlacedInitial[] => {
    const marker = placed.get(node.id + INITIAL_SUFFIX);
    const target = initialChild(node);
    if (marker === undefined || target === undefined) return [];
    return [
      {
        parent: node.id,
        target,
        center: { x: marker.x + marker.width / 2, y: marker.y + marker.height / 2 },
        sections: routes.get(node.id + INITIAL_SUFFIX)?.sections ?? [],
      },
    ];
  });

  const copies = [...copyOf].map(
    ([via, copy]): PlacedCopy => ({
      id: copy.id,
      of: byId.get(copy.of) as ChartNode,
      via,
      ...(placed.get(copy.id) as Box),
    }),
  );

  return {
    curved: options['elk.edgeRouting'] === 'SPLINES',
    copies,
    width: result.width ?? 0,
    height: result.height ?? 0,
    nodes,
    edges: placedEdges,
    initials,
  };
}
