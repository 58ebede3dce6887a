// @vitest-environment node
/**
 * The package's own consumers import it only through its public entry points: the extension's
 * page (src/main.tsx) and the example (examples/minimal-extension), so every public API is
 * exercised by a real consumer and none of them leans on a private module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deepImports, importSpecifiers, sourceFiles } from '../../../scripts/publicImports';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const EXAMPLE = join(ROOT, 'examples/minimal-extension');

describe('imports of the package', () => {
  it('src/main.tsx imports the package by its entry points only (development tools aside)', () => {
    const main = join(ROOT, 'src/main.tsx');
    expect(importSpecifiers(readMain())).toContain('docker-extension-oauth/react');
    expect(deepImports(ROOT, main, [join(ROOT, 'dev')])).toEqual([]);
  });

  it('the example imports the package by its entry points only', () => {
    const files = sourceFiles(EXAMPLE);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(deepImports(ROOT, file, [EXAMPLE])).toEqual([]);
  });

  it('finds a deep import, a dynamic one, and a subpath the package does not export', () => {
    const main = join(ROOT, 'src/main.tsx');
    const source = [
      "import { createOAuthClient } from './oauth/client';",
      "export { authMachine } from './machines/authMachine';",
      "const lazy = await import('./ui/App');",
      "import type { X } from 'docker-extension-oauth/src/auth/provider';",
      "import { App } from 'docker-extension-oauth/react';",
      "import { createRoot } from 'react-dom/client';",
      "import { installDevtoolsPanel } from '../dev/visualizer/install';",
    ].join('\n');
    const found = deepImports(ROOT, main, [join(ROOT, 'dev')], source);
    expect(found.map((each) => each.specifier)).toEqual([
      './oauth/client',
      './machines/authMachine',
      'docker-extension-oauth/src/auth/provider',
      './ui/App',
    ]);
    expect(found[0]?.why).toMatch(/reaches src\/oauth\/client: import the package's entry points/);
  });
});

function readMain(): string {
  return readFileSync(join(ROOT, 'src/main.tsx'), 'utf8');
}
