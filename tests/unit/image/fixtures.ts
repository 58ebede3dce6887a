// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Dockerfile text, where ${VAR} is ARG syntax.
import { pathKindFromList } from '../../../scripts/imageCheck/index';
import type { BundleFile, ImageCheckInput } from '../../../scripts/imageCheck/types';
import {
  contentSecurityPolicy,
  contentSecurityPolicyMeta,
} from '../../../src/build/contentSecurityPolicy';

/** A small image that passes every check; tests break one thing at a time. */
export const GOOD_LABELS: Record<string, string> = {
  'org.opencontainers.image.title': '"OAuth Sign-in"',
  'org.opencontainers.image.description': '"Sign in from Docker Desktop."',
  'org.opencontainers.image.vendor': '"Acme"',
  'com.docker.desktop.extension.api.version': '">= 0.3.3"',
  'com.docker.desktop.extension.icon': '"${ASSETS_URL}/docker.svg"',
  'com.docker.extension.screenshots':
    '"[{\\"alt\\": \\"Signed out\\", \\"url\\": \\"${ASSETS_URL}/1.png\\"}]"',
  'com.docker.extension.detailed-description': '"<p>Signs you in.</p>"',
  'com.docker.extension.publisher-url': 'https://example.com',
  'com.docker.extension.changelog': '"<ul><li>First release</li></ul>"',
  'com.docker.extension.additional-urls':
    '\'[{"title": "Docs", "url": "https://example.com/docs"}]\'',
  'com.docker.extension.account-info': 'required',
  'com.docker.extension.categories': '"utility-tools,security"',
};

export interface DockerfileParts {
  labels?: Record<string, string | undefined>;
  builderFrom?: string;
  finalFrom?: string;
  finalCopies?: string[];
  builderCopies?: string[];
}

export function dockerfile(parts: DockerfileParts = {}): string {
  const labels = { ...GOOD_LABELS, ...parts.labels };
  const labelLines = Object.entries(labels)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `      ${name}=${value}`)
    .join(' \\\n');
  return [
    '# syntax=docker/dockerfile:1',
    `FROM ${parts.builderFrom ?? '--platform=$BUILDPLATFORM node:24-alpine AS client-builder'}`,
    'WORKDIR /ui',
    ...(parts.builderCopies ?? [
      'COPY package.json package-lock.json ./',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      'COPY index.html vite.config.ts tsconfig.json ./',
      'COPY src ./src',
      'ARG EXTENSION_IMAGE',
      'RUN npm run build',
    ]),
    `FROM ${parts.finalFrom ?? 'alpine:3.22'}`,
    'ARG ASSETS_URL=https://example.com/assets',
    `LABEL ${labelLines.trimStart()}`,
    ...(parts.finalCopies ?? [
      'COPY metadata.json .',
      'COPY docker.svg .',
      'COPY --from=client-builder /ui/dist/ui ui',
    ]),
    '',
  ].join('\n');
}

export const GOOD_METADATA = JSON.stringify({
  icon: 'docker.svg',
  ui: { 'dashboard-tab': { title: 'OAuth Sign-in', root: '/ui', src: 'index.html' } },
});

export const PROJECT_FILES = [
  'package.json',
  'package-lock.json',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'src/main.tsx',
  'metadata.json',
  'docker.svg',
  'dist/ui/index.html',
  'dist/ui/assets/index-abc.js',
];

/** index.html as the production build writes it: the policy first in <head>. */
export function builtIndexHtml(
  policy = contentSecurityPolicy(['https://id.acme.example']),
): string {
  return [
    '<!doctype html><html><head><meta charset="UTF-8" />',
    contentSecurityPolicyMeta(policy),
    '<script type="module" crossorigin src="./assets/index-abc.js"></script>',
    '</head><body><div id="root"></div></body></html>',
  ].join('\n');
}

export const CLEAN_BUNDLE: BundleFile[] = [
  { path: 'dist/ui/index.html', text: builtIndexHtml() },
  {
    path: 'dist/ui/assets/index-abc.js',
    // What oauth4webapi legitimately contains: the names, never a value.
    text: 'function p(e){body.set("client_secret",e)}const c={client_id:"public-client"};',
  },
];

export const GOOD_PACKAGE_JSON = JSON.stringify({
  scripts: { build: 'vite build', 'build:demo': 'vite build --mode demo' },
});

export const GOOD_MAKEFILE = [
  'IMAGE ?= acme/oauth-extension',
  'TAG ?= latest',
  'build-extension:',
  '\tdocker buildx build --load --build-arg EXTENSION_IMAGE=$(IMAGE) --tag=$(IMAGE):$(TAG) .',
  '',
].join('\n');

/** The day the fixtures are judged on: Node 20 has reached its end of life, 24 is LTS. */
export const TODAY = new Date('2026-11-28T12:00:00Z');

export function imageInput(overrides: Partial<ImageCheckInput> = {}): ImageCheckInput {
  return {
    dockerfileText: dockerfile(),
    metadataText: GOOD_METADATA,
    dockerignoreText: 'node_modules\ndist\n.git\ntests\n.env*.local\n',
    pathKind: pathKindFromList(PROJECT_FILES),
    bundleFiles: CLEAN_BUNDLE,
    packageJsonText: GOOD_PACKAGE_JSON,
    makefileText: GOOD_MAKEFILE,
    envProductionText:
      '# VITE_OAUTH_ISSUER=https://id.acme.example\nVITE_EXTENSION_ID=acme/oauth-extension\n',
    gitignoreText: 'node_modules/\ndist/\n.env*.local\n',
    today: TODAY,
    ...overrides,
  };
}
