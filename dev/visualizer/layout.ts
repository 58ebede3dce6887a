/**
 * Places the chart with ELK's layered algorithm, hierarchy included (compound states contain
 * their children; edges may cross levels), and returns absolute coordinates for svg.ts.
 * `elkjs/lib/elk.bundled.js` runs in Node and in the browser without a worker. Text is measured
 * with a fixed width table (no DOM), so the layout is the same everywhere.
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

export interface PlacedNode extends Box {
  node: ChartNode;
}

export interface PlacedEdge {
  edge: ChartEdge;
  /** The route (absolute): one or more sections, each a start, its bend points and an end. */
  sections: Point[][];
  /** Where the label goes (absolute), with its lines: event, then guard. */
  label: Box & { lines: string[] };
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
}

/** Shared with svg.ts so that what is measured is what is drawn. */
export const metrics = {
  titleSize: 13,
  smallSize: 11,
  lineHeight: 14,
  nodePaddingX: 12,
  nodeHeight: 30,
  compoundHeader: 28,
  compoundPadding: 14,
  initialSize: 10,
  margin: 16,
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

export function nodeLines(node: ChartNode): string[] {
  return node.invokes.map((src) => `invoke ${src}`);
}

/** The event, then the guard in brackets, a combined guard broken at its operators. */
export function edgeLines(edge: ChartEdge): string[] {
  if (edge.guard === null) return [edge.label];
  const parts = edge.guard.split(/ (?=[&|] )/);
  if (parts.length === 1 || edge.guard.length <= 24) return [edge.label, `[${edge.guard}]`];
  return [
    edge.label,
    ...parts.map(
      (part, i) => (i === 0 ? `[${part}` : ` ${part}`) + (i === parts.length - 1 ? ']' : ''),
    ),
  ];
}

/**
 * Chosen by looking at the result: splines are easier to follow than orthogonal buses, and
 * labels at the tail list a state's events just under it, as a statechart reads. Every
 * compound node gets the same options (ELK does not pass them down).
 */
export const layoutOptions: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'SPLINES',
  'elk.edgeLabels.placement': 'TAIL',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.spacing.nodeSelfLoop': '16',
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

  const toElk = (node: ChartNode): ElkNode => {
    const lines = nodeLines(node);
    const width =
      Math.max(
        textWidth(node.key, metrics.titleSize, true),
        ...lines.map((line) => textWidth(line, metrics.smallSize)),
      ) +
      2 * metrics.nodePaddingX;
    if (node.children.length === 0) {
      return {
        id: node.id,
        width: Math.max(width, 72),
        height: metrics.nodeHeight + lines.length * metrics.lineHeight,
      };
    }
    const children = node.children.map((id) => toElk(byId.get(id) as ChartNode));
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

  const order = new Map<string, number>();
  const number = (id: string) => {
    order.set(id, order.size);
    for (const child of byId.get(id)?.children ?? []) number(child);
  };
  number(chart.rootId);

  const edges: ElkExtendedEdge[] = chart.edges.map((edge) => {
    const lines = edgeLines(edge);
    const forward = (order.get(edge.target) ?? 0) > (order.get(edge.source) ?? 0);
    return {
      id: edge.id,
      sources: [edge.source],
      targets: [edge.target],
      ...(forward ? { layoutOptions: { 'elk.layered.priority.direction': FORWARD_PRIORITY } } : {}),
      labels: [
        {
          text: lines.join('\n'),
          width: Math.max(...lines.map((line) => textWidth(line, metrics.smallSize))) + 4,
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

  const nodes = chart.nodes.map((node) => ({ node, ...(placed.get(node.id) as Box) }));
  const placedEdges = chart.edges.map((edge): PlacedEdge => {
    const route = routes.get(edge.id);
    const lines = edgeLines(edge);
    const first = route?.sections[0]?.[0] ?? { x: 0, y: 0 };
    const label = route?.label ?? { x: first.x, y: first.y, width: 0, height: 0 };
    return { edge, sections: route?.sections ?? [], label: { ...label, lines } };
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

  return {
    curved: options['elk.edgeRouting'] === 'SPLINES',
    width: result.width ?? 0,
    height: result.height ?? 0,
    nodes,
    edges: placedEdges,
    initials,
  };
}
