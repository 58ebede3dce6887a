/**
 * `npm run diagram`: draws the sign-in statechart from its definition into
 * docs/auth-machine.svg, with the layout and drawing code of the development panel
 * (dev/visualizer), and prints how readable it is (dev/visualizer/figures.ts).
 * `npm run diagram -- --check` writes nothing and exits 1 when the committed file is not what
 * the machine draws today.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DIAGRAM_PATH,
  describeFigures,
  diagramLayout,
  measureLayout,
  renderDiagram,
} from '../dev/visualizer/diagram';

export async function main(args: readonly string[], root: string): Promise<number> {
  const file = join(root, DIAGRAM_PATH);
  const layout = await diagramLayout();
  const svg = await renderDiagram(undefined, layout);
  const figures = describeFigures(measureLayout(layout));
  if (args.includes('--check')) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (committed === svg) {
      console.log(`${DIAGRAM_PATH} is up to date: ${figures}.`);
      return 0;
    }
    console.error(
      committed === null
        ? `${DIAGRAM_PATH} is missing: run npm run diagram.`
        : `${DIAGRAM_PATH} differs from the statechart: run npm run diagram.`,
    );
    return 1;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, svg);
  console.log(`Wrote ${DIAGRAM_PATH} (${svg.length} bytes): ${figures}.`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(
    process.argv.slice(2),
    fileURLToPath(new URL('..', import.meta.url)),
  );
}
