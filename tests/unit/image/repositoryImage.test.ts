// jsdom (the unit project's default) for DOMParser; the checks themselves only read files.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPathKind, readBundle } from '../../../scripts/check-image';
import { checkImage } from '../../../scripts/imageCheck/index';

const root = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const readIfPresent = (path: string) => (existsSync(join(root, path)) ? read(path) : undefined);

describe("the repository's own image", () => {
  it('passes the Dockerfile, label, metadata.json and build-context checks', () => {
    const failures = checkImage({
      dockerfileText: read('Dockerfile'),
      metadataText: read('metadata.json'),
      dockerignoreText: readIfPresent('.dockerignore'),
      packageJsonText: readIfPresent('package.json'),
      makefileText: readIfPresent('Makefile'),
      envProductionText: readIfPresent('.env.production'),
      gitignoreText: readIfPresent('.gitignore'),
      pathKind: projectPathKind(root),
      // The bundle scan runs in `npm run check:image` after the build; here only when one exists.
      bundleFiles: readBundle(root),
      readFile: readIfPresent,
    });
    // index.html is the UI's, written alongside this check: until it exists the build cannot
    // run either, and this is the only failure tolerated.
    const pending = existsSync(join(root, 'index.html'))
      ? failures
      : failures.filter((failure) => failure.subject !== 'index.html');
    expect(pending).toEqual([]);
  });

  it('has an icon that is a well-formed SVG with a view box', () => {
    const svg = read('public/docker.svg');
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.documentElement.tagName).toBe('svg');
    expect(parsed.documentElement.getAttribute('viewBox')).toBe('0 0 64 64');
    expect(svg.length).toBeLessThan(2048);
  });

  it('names the icon, the backend and its socket the Dockerfile and compose file provide', () => {
    expect(JSON.parse(read('metadata.json'))).toEqual({
      icon: 'docker.svg',
      vm: { composefile: 'docker-compose.yaml', exposes: { socket: 'backend.sock' } },
      ui: {
        'dashboard-tab': {
          title: 'OAuth Sign-in',
          root: '/ui',
          src: 'index.html',
          backend: { socket: 'backend.sock' },
        },
      },
    });
  });
});
