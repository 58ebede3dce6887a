/**
 * How readable a laid-out chart is, measured on the geometry svg.ts draws: line crossings, how
 * far each label is from its own line, labels over labels or states, and the smallest text at a
 * given display width. `npm run diagram` prints them; the diagram's tests hold them to account.
 */
import type { Box, ChartLayout, PlacedEdge, Point } from './layout';
import { metrics } from './layout';

type Segment = readonly [Point, Point];

/** The README's width on GitHub: wider images are scaled down to it. */
export const README_WIDTH = 880;

/** The route as straight segments (a Bézier flattened into 12 pieces per curve). */
export function routeSegments(sections: readonly (readonly Point[])[], curved: boolean): Segment[] {
  const out: Segment[] = [];
  for (const points of sections) {
    const [start, ...rest] = points;
    if (start === undefined) continue;
    if (curved && rest.length % 3 === 0) {
      let from = start;
      for (let i = 0; i < rest.length; i += 3) {
        const [c1, c2, end] = rest.slice(i, i + 3) as [Point, Point, Point];
        for (let k = 1; k <= 12; k++) {
          const t = k / 12;
          const u = 1 - t;
          const to = {
            x: u * u * u * from.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * end.x,
            y: u * u * u * from.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * end.y,
          };
          out.push([k === 1 ? from : (out[out.length - 1] as Segment)[1], to]);
        }
        from = end;
      }
    } else {
      let from = start;
      for (const to of rest) {
        out.push([from, to]);
        from = to;
      }
    }
  }
  return out;
}

const cross = (o: Point, a: Point, b: Point) =>
  (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Whether two segments cross properly (touching ends and overlapping collinear runs do not). */
export function segmentsCross([a, b]: Segment, [c, d]: Segment): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  const eps = 1e-6;
  return (
    ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) &&
    ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps))
  );
}

/** The distance between a box and a segment: 0 when the segment touches or enters the box. */
export function boxSegmentDistance(box: Box, [a, b]: Segment): number {
  const inside = (p: Point) =>
    p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height;
  if (inside(a) || inside(b)) return 0;
  const corners = [
    { x: box.x, y: box.y },
    { x: box.x + box.width, y: box.y },
    { x: box.x + box.width, y: box.y + box.height },
    { x: box.x, y: box.y + box.height },
  ] as const;
  const sides: Segment[] = corners.map((p, i) => [p, corners[(i + 1) % 4] as Point]);
  if (sides.some((side) => segmentsCross(side, [a, b]))) return 0;
  const pointSegment = (p: Point, [s, e]: Segment) => {
    const dx = e.x - s.x;
    const dy = e.y - s.y;
    const length = dx * dx + dy * dy;
    const t =
      length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.x) * dx + (p.y - s.y) * dy) / length));
    return Math.hypot(p.x - (s.x + t * dx), p.y - (s.y + t * dy));
  };
  return Math.min(
    ...corners.map((p) => pointSegment(p, [a, b])),
    pointSegment(a, sides[0] as Segment),
    pointSegment(a, sides[1] as Segment),
    pointSegment(a, sides[2] as Segment),
    pointSegment(a, sides[3] as Segment),
    pointSegment(b, sides[0] as Segment),
    pointSegment(b, sides[1] as Segment),
    pointSegment(b, sides[2] as Segment),
    pointSegment(b, sides[3] as Segment),
  );
}

/** Whether two boxes share more than an edge (`inset` shrinks both first). */
export function boxesOverlap(a: Box, b: Box, inset = 0): boolean {
  return (
    a.x + inset < b.x + b.width - inset &&
    b.x + inset < a.x + a.width - inset &&
    a.y + inset < b.y + b.height - inset &&
    b.y + inset < a.y + a.height - inset
  );
}

/** The part of a state no label may cover: an atomic state whole, a compound state's header. */
export function stateTextBox(node: ChartLayout['nodes'][number]): Box {
  if (node.node.children.length === 0) return node;
  const header = metrics.compoundHeader + node.lines.length * metrics.lineHeight;
  return { x: node.x, y: node.y, width: node.width, height: header };
}

export interface DiagramFigures {
  width: number;
  height: number;
  /** Lines drawn (transitions grouped by source and target, plus initial arrows). */
  lines: number;
  /** Places where two different lines cross. */
  crossings: number;
  /**
   * Each label's distance to its own line, in px (0: the line passes through the label), and
   * to the nearest other line.
   */
  labelDistances: { id: string; distance: number; nearestOther: number }[];
  /** Pairs of labels whose boxes overlap. */
  labelOverlaps: [string, string][];
  /** Labels over a state's text, or across a state's border. */
  labelOnState: [string, string][];
  /** The smallest text, in CSS px, when the drawing is shown `displayWidth` wide at most. */
  minFontSize: number;
  displayWidth: number;
}

export function measureLayout(layout: ChartLayout, displayWidth = README_WIDTH): DiagramFigures {
  const lines: { id: string; segments: Segment[] }[] = [
    ...layout.edges.map((edge) => ({
      id: edge.id,
      segments: routeSegments(edge.sections, layout.curved),
    })),
    ...layout.initials.map((initial) => ({
      id: `${initial.parent}#initial`,
      segments: routeSegments(initial.sections, layout.curved),
    })),
  ];
  let crossings = 0;
  lines.forEach((line, i) => {
    for (const other of lines.slice(i + 1)) {
      for (const s of line.segments) {
        for (const t of other.segments) if (segmentsCross(s, t)) crossings++;
      }
    }
  });
  const distance = (box: Box, segments: readonly Segment[]) =>
    Math.min(Number.POSITIVE_INFINITY, ...segments.map((s) => boxSegmentDistance(box, s)));
  const labelDistances = layout.edges.map((edge: PlacedEdge) => ({
    id: edge.id,
    distance: distance(edge.label, lines.find((line) => line.id === edge.id)?.segments ?? []),
    nearestOther: Math.min(
      ...lines
        .filter((line) => line.id !== edge.id)
        .map((line) => distance(edge.label, line.segments)),
    ),
  }));
  const labelOverlaps: [string, string][] = [];
  layout.edges.forEach((edge, i) => {
    for (const other of layout.edges.slice(i + 1)) {
      if (boxesOverlap(edge.label, other.label, 0.5)) labelOverlaps.push([edge.id, other.id]);
    }
  });
  const labelOnState: [string, string][] = [];
  for (const edge of layout.edges) {
    for (const node of layout.nodes) {
      if (node.node.parent === null) continue;
      const inside =
        edge.label.x >= node.x &&
        edge.label.y >= node.y &&
        edge.label.x + edge.label.width <= node.x + node.width &&
        edge.label.y + edge.label.height <= node.y + node.height;
      const across = boxesOverlap(edge.label, node, 0.5) && !inside;
      if (across || boxesOverlap(edge.label, stateTextBox(node), 0.5)) {
        labelOnState.push([edge.id, node.node.id]);
      }
    }
  }
  const scale = Math.min(1, displayWidth / layout.width);
  return {
    width: layout.width,
    height: layout.height,
    lines: lines.length,
    crossings,
    labelDistances,
    labelOverlaps,
    labelOnState,
    minFontSize: Math.min(metrics.smallSize, metrics.titleSize) * scale,
    displayWidth,
  };
}
