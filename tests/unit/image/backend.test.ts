// @vitest-environment node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose and Dockerfile text, where ${VAR} is their syntax.
/**
 * The image check's backend part: metadata.json's "vm" section, the compose file (parsed as
 * YAML), the final stage's user, and no backend code in the UI bundle.
 */
import { describe, expect, it } from 'vitest';
import { BACKEND_DEFAULTS } from '../../../scripts/imageCheck/backend';
import { checkImage, type Failure, pathKindFromList } from '../../../scripts/imageCheck/index';
import { BACKEND_DEFAULTS as CONFIG_DEFAULTS } from './backendDefaults';
import { CLEAN_BUNDLE, dockerfile, imageInput, PROJECT_FILES } from './fixtures';

const METADATA = {
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
};

const COMPOSE = `services:
  backend:
    image: \${DESKTOP_PLUGIN_IMAGE}
    environment:
      BACKEND_SOCKET: /run/guest-services/backend.sock
      SESSION_FILE: /data/session.json
    volumes:
      - oauth-session:/data
volumes:
  oauth-session:
`;

function check({
  metadata = METADATA as unknown,
  compose = COMPOSE as string | null,
  user = 'USER node' as string | null,
  bundle = CLEAN_BUNDLE,
} = {}): Failure[] {
  return checkImage(
    imageInput({
      dockerfileText: dockerfile({
        finalFrom: 'node:22-alpine',
        finalCopies: [
          'COPY metadata.json docker-compose.yaml ./',
          'COPY docker.svg .',
          'COPY --from=client-builder /ui/dist/ui ui',
          ...(user ? [user] : []),
        ],
      }),
      metadataText: JSON.stringify(metadata),
      pathKind: pathKindFromList([...PROJECT_FILES, 'docker-compose.yaml']),
      bundleFiles: bundle,
      readFile: (path) => (path === 'docker-compose.yaml' ? (compose ?? undefined) : undefined),
    }),
  );
}

const messages = (failures: Failure[]) => failures.map((f) => `${f.subject}: ${f.message}`);

describe('an image with a backend', () => {
  it('passes when the socket, volume and user agree (a node final stage is right here)', () => {
    expect(check()).toEqual([]);
  });

  it('uses the backend’s own defaults when the compose file sets no path', () => {
    expect(CONFIG_DEFAULTS).toEqual(BACKEND_DEFAULTS);
    const bare = COMPOSE.replace(/ {4}environment:\n.*\n.*\n/, '');
    expect(bare).not.toContain('environment');
    expect(check({ compose: bare })).toEqual([]);
  });

  it('refuses a tab socket that differs from the exposed one', () => {
    const metadata = structuredClone(METADATA);
    metadata.ui['dashboard-tab'].backend.socket = 'other.sock';
    expect(messages(check({ metadata }))).toEqual([
      'metadata.json: ui.dashboard-tab.backend.socket ("other.sock") must be vm.exposes.socket ("backend.sock")',
    ]);
  });

  it('refuses a backend listening on another socket than the exposed one', () => {
    const compose = COMPOSE.replace('guest-services/backend.sock', 'guest-services/api.sock');
    expect(messages(check({ compose }))).toEqual([
      'docker-compose.yaml: service "backend" listens on /run/guest-services/api.sock, but metadata.json exposes "backend.sock" (/run/guest-services/backend.sock)',
    ]);
  });

  it('refuses BACKEND_PORT, a development setting Desktop cannot reach', () => {
    const compose = COMPOSE.replace(
      'BACKEND_SOCKET: /run/guest-services/backend.sock',
      'BACKEND_PORT: "8000"',
    );
    expect(messages(check({ compose }))).toEqual([
      'docker-compose.yaml: service "backend" sets BACKEND_PORT, a development setting: the backend would listen on 127.0.0.1 inside its container instead of the socket Desktop reaches',
    ]);
  });

  it('refuses a volume the compose file does not declare', () => {
    const compose = COMPOSE.replace(/volumes:\n {2}oauth-session:\n$/, '');
    expect(messages(check({ compose }))).toContain(
      'docker-compose.yaml: service "backend" mounts the volume "oauth-session", which the top-level "volumes" does not declare',
    );
  });

  it('refuses a session file outside every named volume', () => {
    const compose = COMPOSE.replace(
      'SESSION_FILE: /data/session.json',
      'SESSION_FILE: /tmp/s.json',
    );
    expect(messages(check({ compose }))).toEqual([
      'docker-compose.yaml: service "backend" keeps the session in /tmp/s.json, which is in no named volume: it would be lost on every update',
    ]);
  });

  it.each([
    ['no USER in the final stage', null],
    ['USER root', 'USER root'],
    ['USER 0:0', 'USER 0:0'],
  ])('refuses a backend that runs as root (%s)', (_what, user) => {
    expect(messages(check({ user }))).toEqual([
      'docker-compose.yaml: service "backend" runs as root: set USER in the Dockerfile\'s final stage (or "user" here) to an unprivileged user',
    ]);
  });

  it('refuses root set in the compose file over the Dockerfile’s user', () => {
    const compose = COMPOSE.replace('    image:', '    user: root\n    image:');
    expect(messages(check({ compose }))[0]).toMatch(/runs as root/);
  });

  it('refuses a compose file that is missing or not YAML', () => {
    expect(messages(check({ compose: null }))).toEqual(['docker-compose.yaml: does not exist']);
    expect(messages(check({ compose: 'services: [\n  - : :' }))[0]).toMatch(
      /^docker-compose.yaml: is not valid YAML/,
    );
  });

  it('refuses backend code in the UI bundle', () => {
    const bundle = [
      ...CLEAN_BUNDLE,
      { path: 'dist/ui/assets/x.js', text: 'import Fastify from"fastify";' },
    ];
    expect(messages(check({ bundle }))).toEqual([
      'dist/ui/assets/x.js: holds backend code ("fastify"): the UI bundle must not',
    ]);
  });

  it('refuses a tab that names a socket without a vm section', () => {
    const { vm: _none, ...withoutVm } = METADATA;
    expect(messages(check({ metadata: withoutVm })).join('\n')).toContain(
      'ui.dashboard-tab.backend names a socket, but there is no "vm" section',
    );
  });
});
