// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGRAM_PATH, renderDiagram } from '../../../dev/visualizer/diagram';
import { buildChart } from '../../../dev/visualizer/graph';
import { esc } from '../../../dev/visualizer/svg';
import { authMachine } from '../../../src/machines/authMachine';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chart = buildChart(authMachine);
let svg = '';

beforeAll(async () => {
  svg = await renderDiagram(); // the one ELK layout of this file
});

describe('docs/auth-machine.svg', () => {
  it('is what the statechart draws today', () => {
    const committed = readFileSync(`${root}/${DIAGRAM_PATH}`, 'utf8');
    expect(
      committed === svg,
      `${DIAGRAM_PATH} is out of date with src/machines/authMachine.ts: run npm run diagram`,
    ).toBe(true);
  });

  it('draws every state with its key, and every transition with its label', () => {
    for (const node of chart.nodes) {
      expect(svg).toContain(`data-state-id="${esc(node.id)}"`);
      expect(svg).toContain(`>${esc(node.key)}</text>`);
    }
    for (const edge of chart.edges) {
      // Its group, its title, then a route that goes somewhere.
      const group = svg.split(`data-edge-id="${esc(edge.id)}"`)[1]?.split('</g>')[0] ?? '';
      expect(group).toMatch(/<path d="M-?[\d.]+ -?[\d.]+ [CL]/);
      expect(svg).toContain(`data-edge-label="${esc(edge.id)}"`);
      expect(svg).toContain(`>${esc(edge.label)}</text>`);
    }
  });

  it('nests each state box inside its parent box; sibling boxes do not overlap', () => {
    const box = (id: string) => {
      const rect = /<rect [^>]*>/.exec(svg.split(`data-state-id="${esc(id)}"`)[1] ?? '')?.[0] ?? '';
      const attr = (name: string) => Number(new RegExp(` ${name}="([-\\d.]+)"`).exec(rect)?.[1]);
      const [x, y] = [attr('x'), attr('y')];
      return { x, y, right: x + attr('width'), bottom: y + attr('height') };
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
