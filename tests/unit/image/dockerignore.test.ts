// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseDockerIgnore } from '../../../scripts/imageCheck/dockerignore';

describe('parseDockerIgnore', () => {
  const ignore = parseDockerIgnore(
    ['# comment', 'node_modules', '/dist', '**/*.log', 'docs/*.md', '!docs/keep.md', 'tests/'].join(
      '\n',
    ),
  );

  it.each([
    ['node_modules', 'node_modules'],
    ['node_modules/react/index.js', 'node_modules'],
    ['dist/ui/index.html', 'dist'],
    ['npm-debug.log', '**/*.log'],
    ['src/deep/trace.log', '**/*.log'],
    ['docs/guide.md', 'docs/*.md'],
    ['./tests/unit/a.test.ts', 'tests'],
  ])('excludes %s (by %s)', (path, pattern) => {
    expect(ignore.excludedBy(path)).toBe(pattern);
  });

  it.each([
    'src/main.tsx',
    'package.json',
    'docs/keep.md',
    'docs/sub/guide.md',
    'src/node_modules.ts',
  ])('keeps %s', (path) => {
    expect(ignore.excludedBy(path)).toBeUndefined();
  });

  it('keeps everything without a .dockerignore', () => {
    expect(parseDockerIgnore(undefined).excludedBy('anything')).toBeUndefined();
  });
});
