/**
 * Draws a laid-out chart as an SVG document: the panel shows it, `npm run diagram` writes it to
 * docs/auth-machine.svg. Pure and deterministic (fixed number format, chart order, no clock),
 * self-contained (presentation attributes, no stylesheet, no web fonts) and on a white ground,
 * so it reads the same in a light or a dark page.
 */
import {
  type ChartLayout,
  metrics,
  type PlacedCopy,
  type PlacedEdge,
  type PlacedNode,
  type Point,
  type TextLine,
} from './layout';

export interface SvgOptions {
  /** Nodes to highlight (the active states); the root frame is never highlighted. */
  active?: ReadonlySet<string>;
  /** Edges to highlight (the last transitions taken). */
  taken?: ReadonlySet<string>;
  /** Prefix of the ids inside the SVG (markers), unique per document. */
  idPrefix?: string;
  title?: string;
  /** Scale to the container, the whole chart in view (the panel's "Fit"); natural size otherwise. */
  fit?: boolean;
}

export const fontFamily =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const colors = {
  ground: '#ffffff',
  frame: '#8c959f',
  stroke: '#57606a',
  text: '#1f2328',
  muted: '#59636e',
  compoundFill: '#f6f8fa',
  nodeFill: '#ffffff',
  activeFill: '#ddf4ff',
  activeCompoundFill: '#eef7ff',
  activeStroke: '#0969da',
  edge: '#6e7781',
  edgeText: '#424a53',
  taken: '#bc4c00',
  labelGround: '#ffffff',
} as const;

export function renderSvg(layout: ChartLayout, options: SvgOptions = {}): string {
  const active = options.active ?? new Set<string>();
  const taken = options.taken ?? new Set<string>();
  const prefix = options.idPrefix ?? 'auth-chart';
  const rootId = layout.nodes.find((placed) => placed.node.parent === null)?.node.id;
  const title = options.title ?? `Statechart of the '${rootId ?? 'machine'}' machine`;
  const width = num(layout.width);
  const height = num(layout.height);
  // Fit: as large as the container allows, its aspect kept (preserveAspectRatio's default).
  const size = options.fit
    ? 'width="100%" height="100%" style="display:block"'
    : `width="${width}" height="${height}"`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ${size} role="img" aria-labelledby="${prefix}-title" font-family="${esc(fontFamily)}" data-chart="${esc(rootId ?? '')}">`,
    `<title id="${prefix}-title">${esc(title)}</title>`,
    '<defs>',
    arrowMarker(`${prefix}-arrow`, colors.edge),
    arrowMarker(`${prefix}-arrow-taken`, colors.taken),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="${colors.ground}"/>`,
  );

  out.push('<g data-layer="states">');
  for (const placed of layout.nodes) out.push(stateNode(placed, active, taken, rootId));
  out.push('</g>');

  out.push('<g data-layer="copies">');
  for (const copy of layout.copies) out.push(stateCopy(copy, active));
  out.push('</g>');

  out.push('<g data-layer="initial">');
  for (const initial of layout.initials) {
    out.push(
      `<g data-initial-of="${esc(initial.parent)}">`,
      `<circle cx="${num(initial.center.x)}" cy="${num(initial.center.y)}" r="${num(metrics.initialSize / 2)}" fill="${colors.stroke}"/>`,
      `<path d="${pathData(initial.sections, layout.curved)}" fill="none" stroke="${colors.stroke}" stroke-width="1.25" marker-end="url(#${prefix}-arrow)"/>`,
      '</g>',
    );
  }
  out.push('</g>');

  // Untaken edges first, so the highlighted ones are drawn on top.
  const isTaken = (placed: PlacedEdge) => placed.edges.some((edge) => taken.has(edge.id));
  const edges = [...layout.edges].sort((a, b) => Number(isTaken(a)) - Number(isTaken(b)));
  out.push('<g data-layer="transitions">');
  for (const placed of edges) out.push(edgePath(placed, isTaken(placed), prefix, layout.curved));
  out.push('</g>');
  out.push('<g data-layer="labels">');
  for (const placed of edges) out.push(edgeLabel(placed, taken));
  out.push('</g>');

  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function stateNode(
  placed: PlacedNode,
  active: ReadonlySet<string>,
  taken: ReadonlySet<string>,
  rootId?: string,
): string {
  const { node } = placed;
  const isRoot = node.id === rootId;
  const isActive = !isRoot && active.has(node.id);
  const compound = node.children.length > 0;
  // The deepest active states are "the current state".
  const current = isActive && !node.children.some((child) => active.has(child));
  const fill = isRoot
    ? colors.ground
    : isActive
      ? compound
        ? colors.activeCompoundFill
        : colors.activeFill
      : compound
        ? colors.compoundFill
        : colors.nodeFill;
  const stroke = isActive ? colors.activeStroke : isRoot ? colors.frame : colors.stroke;
  const strokeWidth = isActive ? 2.5 : 1.25;
  const attrs = [
    `data-state-id="${esc(node.id)}"`,
    `data-state-key="${esc(node.key)}"`,
    ...(isActive ? ['data-active="true"'] : []),
    ...(current ? ['aria-current="true"'] : []),
  ].join(' ');

  const out: string[] = [`<g ${attrs}>`];
  const kind = node.transient ? ' (transient: always)' : node.type === 'final' ? ' (final)' : '';
  out.push(`<title>${esc(node.id + kind)}</title>`);
  out.push(
    `<rect x="${num(placed.x)}" y="${num(placed.y)}" width="${num(placed.width)}" height="${num(placed.height)}" rx="${isRoot ? 10 : 7}" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${node.transient ? ' stroke-dasharray="5 3"' : ''}/>`,
  );
  if (node.type === 'final') {
    out.push(
      `<rect x="${num(placed.x + 3)}" y="${num(placed.y + 3)}" width="${num(placed.width - 6)}" height="${num(placed.height - 6)}" rx="5" fill="none" stroke="${stroke}" stroke-width="1"/>`,
    );
  }
  // A compound state's text is at its top left, an atomic state's in its middle.
  const x = compound ? placed.x + metrics.nodePaddingX : placed.x + placed.width / 2;
  const anchor = compound ? 'start' : 'middle';
  const baseline = placed.y + (compound ? 18 : 18.5);
  out.push(text(x, baseline, node.key, metrics.titleSize, colors.text, anchor, true));
  out.push(textLines(placed.lines, x, baseline + metrics.lineHeight, taken, anchor, colors.muted));
  out.push('</g>');
  return out.join('\n');
}

/** A hub state drawn again where a line from afar ends: dashed, without the state's details. */
function stateCopy(copy: PlacedCopy, active: ReadonlySet<string>): string {
  const isActive = active.has(copy.of.id);
  const stroke = isActive ? colors.activeStroke : colors.stroke;
  return [
    `<g data-copy-of="${esc(copy.of.id)}"${isActive ? ' data-active="true"' : ''}>`,
    `<title>${esc(`${copy.of.id} (drawn again here)`)}</title>`,
    `<rect x="${num(copy.x)}" y="${num(copy.y)}" width="${num(copy.width)}" height="${num(copy.height)}" rx="${num(copy.height / 2)}" fill="${isActive ? colors.activeFill : colors.nodeFill}" stroke="${stroke}" stroke-width="1.25" stroke-dasharray="2 2"/>`,
    text(
      copy.x + copy.width / 2,
      copy.y + copy.height / 2 + 4.5,
      copy.of.key,
      metrics.titleSize,
      colors.text,
      'middle',
      true,
    ),
    '</g>',
  ].join('\n');
}

function edgePath(placed: PlacedEdge, isTaken: boolean, prefix: string, curved: boolean): string {
  const attrs = [
    `data-edge="${esc(placed.id)}"`,
    `data-edge-ids="${esc(placed.edges.map((edge) => edge.id).join(' '))}"`,
    ...(isTaken ? ['data-taken="true"'] : []),
  ].join(' ');
  const title = placed.edges
    .map((edge) => `${edge.label}${edge.guard === null ? '' : ` [${edge.guard}]`}`)
    .join('; ');
  return [
    `<g ${attrs}>`,
    `<title>${esc(`${placed.source} → ${placed.target} on ${title}`)}</title>`,
    `<path d="${pathData(placed.sections, curved)}" fill="none" stroke="${isTaken ? colors.taken : colors.edge}" stroke-width="${isTaken ? 2.5 : 1.25}" marker-end="url(#${prefix}-arrow${isTaken ? '-taken' : ''})"/>`,
    '</g>',
  ].join('\n');
}

function edgeLabel(placed: PlacedEdge, taken: ReadonlySet<string>): string {
  const { label } = placed;
  const isTaken = placed.edges.some((edge) => taken.has(edge.id));
  return [
    `<g data-edge-label="${esc(placed.id)}"${isTaken ? ' data-taken="true"' : ''}>`,
    `<rect x="${num(label.x)}" y="${num(label.y)}" width="${num(label.width)}" height="${num(label.height)}" rx="3" fill="${colors.labelGround}" fill-opacity="0.92"/>`,
    textLines(
      label.lines,
      label.x + metrics.labelPaddingX,
      label.y + metrics.lineHeight - 3.5,
      taken,
    ),
    '</g>',
  ].join('\n');
}

/**
 * Lines of text, one under the other from the first baseline, those of one transition in a
 * group that carries its id (`data-edge-id`), so that the panel can highlight it.
 */
function textLines(
  lines: readonly TextLine[],
  x: number,
  firstBaseline: number,
  taken: ReadonlySet<string>,
  anchor: 'start' | 'middle' = 'start',
  plain: string = colors.edgeText,
): string {
  const out: string[] = [];
  let open: string | undefined;
  lines.forEach((line, i) => {
    if (line.edgeId !== open) {
      if (open !== undefined) out.push('</g>');
      open = line.edgeId;
      if (open !== undefined)
        out.push(`<g data-edge-id="${esc(open)}"${taken.has(open) ? ' data-taken="true"' : ''}>`);
    }
    const isTaken = line.edgeId !== undefined && taken.has(line.edgeId);
    const fill = isTaken ? colors.taken : line.kind === 'event' ? plain : colors.muted;
    const y = firstBaseline + i * metrics.lineHeight;
    out.push(text(x, y, line.text, metrics.smallSize, fill, anchor, isTaken));
  });
  if (open !== undefined) out.push('</g>');
  return out.join('\n');
}

function arrowMarker(id: string, color: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" fill="${color}"/></marker>`;
}

function text(
  x: number,
  y: number,
  content: string,
  size: number,
  fill: string,
  anchor: 'start' | 'middle' = 'start',
  bold = false,
): string {
  const weight = bold ? ' font-weight="600"' : '';
  const align = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
  return `<text x="${num(x)}" y="${num(y)}" font-size="${size}" fill="${fill}"${weight}${align}>${esc(content)}</text>`;
}

/** Straight segments, or cubic Béziers when the router made splines (start + 3n points). */
function pathData(sections: readonly (readonly Point[])[], curved: boolean): string {
  const xy = (p: Point) => `${num(p.x)} ${num(p.y)}`;
  return sections
    .map((points) => {
      const [start, ...rest] = points;
      if (start === undefined) return '';
      if (curved && rest.length % 3 === 0) {
        const curves: string[] = [];
        for (let i = 0; i < rest.length; i += 3) {
          curves.push(
            `C${rest
              .slice(i, i + 3)
              .map((p) => xy(p))
              .join(' ')}`,
          );
        }
        return `M${xy(start)} ${curves.join(' ')}`;
      }
      return `M${xy(start)} ${rest.map((p) => `L${xy(p)}`).join(' ')}`;
    })
    .join(' ');
}

/** One decimal at most, no '-0': the same text for the same layout on every machine. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
