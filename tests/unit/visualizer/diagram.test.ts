// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGRAM_PATH, diagramLayout, renderDiagram } from '../../../dev/visualizer/diagram';
import {
  boxesOverlap,
  boxSegmentDistance,
  measureLayout,
  README_WIDTH,
  routeSegments,
  segmentsCross,
} from '../../../dev/visualizer/figures';
import { buildChart } from '../../../dev/visualizer/graph';
import { type Box, type ChartLayout, HUB_LINES, shortLabel } from '../../../dev/visualizer/layout';
import { esc } from '../../../dev/visualizer/svg';
import { authMachine } from '../../../src/machines/authMachine';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chart = buildChart(authMachine);
let layout: ChartLayout;
let svg = '';

// A limit, not an assertion: an ELK layout of the whole chart takes seconds on a loaded machine.
beforeAll(async () => {
  layout = await diagramLayout(); // the one ELK layout of this file
  svg = await renderDiagram(authMachine, layout);
}, 60_000);

/** The attributes of the first element named `tag` after `marker` in the drawing. */
function attrsAfter(marker: string, tag: string): Record<string, string> {
  const rest = svg.split(marker)[1] ?? '';
  const element = new RegExp(`<${tag} [^>]*>`).exec(rest)?.[0] ?? '';
  return Object.fromEntries([...element.matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function boxOf(attrs: Record<string, string>): Box {
  const n = (name: string) => Number(attrs[name]);
  return { x: n('x'), y: n('y'), width: n('width'), height: n('height') };
}

/** A drawn route, read back from its path's `d` (M and L only: the routes are orthogonal). */
function drawnSegments(d: string) {
  expect(d).toMatch(/^M[-\d. L]+$/);
  const sections = d
    .split('M')
    .filter(Boolean)
    .map((part) =>
      part
        .split('L')
        .map((pair) => pair.trim().split(' ').map(Number))
        .map(([x, y]) => ({ x: x as number, y: y as number })),
    );
  return routeSegments(sections, false);
}

describe('docs/auth-machine.svg', () => {
  it('is what the statechart draws today', () => {
    const committed = readFileSync(`${root}/${DIAGRAM_PATH}`, 'utf8');
    expect(
      committed === svg,
      `${DIAGRAM_PATH} is out of date with src/machines/authMachine.ts: run npm run diagram`,
    ).toBe(true);
  });

  it('draws every state with its key, and every transition with its event', () => {
    const routes = new Map<string, string>();
    for (const m of svg.matchAll(
      /data-edge-ids="([^"]*)"[^>]*>\n<title>[^<]*<\/title>\n<path d="([^"]*)"/g,
    )) {
      for (const id of (m[1] ?? '').split(' ')) routes.set(id, m[2] ?? '');
    }
    for (const node of chart.nodes) {
      expect(svg).toContain(`data-state-id="${esc(node.id)}"`);
      expect(svg).toContain(`>${esc(node.key)}</text>`);
    }
    for (const edge of chart.edges) {
      // The transition's own text: on its line's label, or in its state (internal ones).
      const own = svg.split(`<g data-edge-id="${esc(edge.id)}">`)[1]?.split('</g>')[0] ?? '';
      const source = chart.nodes.find((node) => node.id === edge.source);
      const event = shortLabel(edge, source);
      expect(own, edge.id).toMatch(new RegExp(`>(${event}|or)( \\[|<)`));
      if (edge.guard !== null)
        expect(own.replace(/<[^>]+>|\s/g, '')).toContain(esc(edge.guard).replace(/\s/g, ''));
      // Its line (none for an internal one): a route that goes somewhere.
      expect(routes.has(edge.id), edge.id).toBe(!edge.internal);
      if (!edge.internal) expect(routes.get(edge.id)).toMatch(/^M[-\d.]+ [-\d.]+ L/);
    }
  });

  it('puts each label beside its own line: within 3 px, and nearer to it than to any other', () => {
    const lines = layout.edges.map((edge) => {
      const d = attrsAfter(`data-edge="${esc(edge.id)}"`, 'path').d ?? '';
      return { id: edge.id, segments: drawnSegments(d) };
    });
    expect(lines.length).toBeGreaterThan(30);
    for (const { id, segments } of lines) {
      const label = boxOf(attrsAfter(`data-edge-label="${esc(id)}"`, 'rect'));
      expect(label.width, id).toBeGreaterThan(10);
      const distance = (s: typeof segments) =>
        Math.min(...s.map((segment) => boxSegmentDistance(label, segment)));
      const own = distance(segments);
      expect(own, `${id}: its label is ${own} px from its line`).toBeLessThanOrEqual(3);
      for (const other of lines) {
        if (other.id === id) continue;
        expect(distance(other.segments), `${id}'s label is nearer ${other.id}`).toBeGreaterThan(
          own + 3,
        );
      }
    }
  });

  it('puts no label on another label or on a state', () => {
    const labels = layout.edges.map((edge) => ({
      id: edge.id,
      box: boxOf(attrsAfter(`data-edge-label="${esc(edge.id)}"`, 'rect')),
    }));
    labels.forEach((a, i) => {
      for (const b of labels.slice(i + 1)) {
        expect(boxesOverlap(a.box, b.box, 0.5), `${a.id} on ${b.id}`).toBe(false);
      }
    });
    const figures = measureLayout(layout);
    expect(figures.labelOverlaps).toEqual([]);
    expect(figures.labelOnState).toEqual([]);
  });

  it('fits the README: its text stays 10 px or larger at 880 px wide, with few crossings', () => {
    const width = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1]);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    const smallest = Math.min(...sizes) * Math.min(1, README_WIDTH / width);
    expect(smallest).toBeGreaterThanOrEqual(10);
    expect(measureLayout(layout).minFontSize).toBe(smallest);
    // 76 crossings before the lines were grouped and hubs drawn again (2026-11-28): 5 now.
    expect(measureLayout(layout).crossings).toBeLessThanOrEqual(10);
  });

  it('draws a hub again beside a source far from it, never another state', () => {
    const copies = layout.copies;
    expect(copies.length).toBeGreaterThan(5);
    for (const copy of copies) {
      const lines = layout.edges.filter((edge) => edge.target === copy.of.id);
      expect(lines.length, copy.of.id).toBeGreaterThanOrEqual(HUB_LINES);
      const line = layout.edges.find((edge) => edge.id === copy.via);
      expect(line?.target).toBe(copy.of.id);
      // The line ends at the copy's border.
      const end = line?.sections.at(-1)?.at(-1);
      expect(end && boxSegmentDistance(copy, [end, end])).toBeLessThanOrEqual(1);
      expect(svg).toContain(`data-copy-of="${esc(copy.of.id)}"`);
    }
    expect(new Set(copies.map((copy) => copy.of.key))).toEqual(new Set(['idle', 'error']));
  });

  it('nests each state box inside its parent box; sibling boxes do not overlap', () => {
    const box = (id: string) => {
      const { x, y, width, height } = boxOf(attrsAfter(`data-state-id="${esc(id)}"`, 'rect'));
      return { x, y, right: x + width, bottom: y + height };
    };
    for (const node of chart.nodes) {
      const own = box(node.id);
      expect(own.right).toBeGreaterThan(own.x);
      if (node.parent === null) continue;
      const parent = box(node.parent);
      expect(own.x, node.id).toBeGreaterThan(parent.x);
      expect(own.y, node.id).toBeGreaterThan(parent.y);
      expect(own.right, node.id).toBeLessThan(parent.right);
      expect(own.bottom, node.id).toBeLessThan(parent.bottom);
      for (const sibling of chart.nodes.filter((n) => n.parent === node.parent && n !== node)) {
        const other = box(sibling.id);
        const apart =
          own.right <= other.x ||
          other.right <= own.x ||
          own.bottom <= other.y ||
          other.bottom <= own.y;
        expect(apart, `${node.id} overlaps ${sibling.id}`).toBe(true);
      }
    }
  });

  it('is self-contained and on a white ground', () => {
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(svg).not.toMatch(/@import|@font-face|<style|<script/);
    expect(svg).toMatch(/<rect width="[\d.]+" height="[\d.]+" fill="#ffffff"\/>/);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('aria-current');
  });
});

describe('the figures', () => {
  const box = { x: 0, y: 0, width: 10, height: 10 };
  it('measure a box against a segment', () => {
    expect(
      boxSegmentDistance(box, [
        { x: 5, y: -5 },
        { x: 5, y: 15 },
      ]),
    ).toBe(0);
    expect(
      boxSegmentDistance(box, [
        { x: 13, y: -5 },
        { x: 13, y: 15 },
      ]),
    ).toBe(3);
    expect(
      boxSegmentDistance(box, [
        { x: 14, y: 14 },
        { x: 20, y: 20 },
      ]),
    ).toBe(Math.hypot(4, 4));
  });
  it('count a crossing, not a touch', () => {
    const a = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
    ] as const;
    expect(
      segmentsCross(a, [
        { x: 5, y: -5 },
        { x: 5, y: 5 },
      ]),
    ).toBe(true);
    expect(
      segmentsCross(a, [
        { x: 5, y: 0 },
        { x: 5, y: 5 },
      ]),
    ).toBe(false);
    expect(
      segmentsCross(a, [
        { x: 2, y: 0 },
        { x: 12, y: 0 },
      ]),
    ).toBe(false);
  });
  it('tell overlapping boxes from neighbours', () => {
    expect(boxesOverlap(box, { x: 9, y: 9, width: 5, height: 5 })).toBe(true);
    expect(boxesOverlap(box, { x: 10, y: 0, width: 5, height: 5 })).toBe(false);
  });
});
