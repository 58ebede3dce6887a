// @vitest-environment node
/** `make help` as a script or a pager reads it: piped, so without colour codes. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const hasMake = spawnSync('make', ['--version']).status === 0;

describe('make help', () => {
  it.skipIf(!hasMake)('lists every documented target in plain text when piped', () => {
    const result = spawnSync('make', ['--no-print-directory', '-s', 'help'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    const documented = [
      ...readFileSync(`${REPO}/Makefile`, 'utf8').matchAll(/^([a-z-]+):.*## (.+)$/gm),
    ];
    expect(documented.length).toBeGreaterThan(5);
    const lines = result.stdout.split('\n');
    for (const [, target = '', help] of documented) {
      expect(lines).toContain(`  ${target.padEnd(18)} ${help}`);
    }
  });
});
