// @vitest-environment node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Dockerfile text, where ${VAR} is ARG syntax.
import { describe, expect, it } from 'vitest';
import { DEV_ONLY_MARKER } from '../../../scripts/check-image';
import {
  checkImage,
  type Failure,
  PROJECT_LABELS,
  pathKindFromList,
  REQUIRED_LABELS,
} from '../../../scripts/imageCheck/index';
import { CLEAN_BUNDLE, dockerfile, GOOD_METADATA, imageInput, PROJECT_FILES } from './fixtures';

function subjects(failures: Failure[]): string[] {
  return failures.map((failure) => failure.subject);
}

function failureFor(failures: Failure[], subject: string): Failure {
  const failure = failures.find((candidate) => candidate.subject === subject);
  if (failure === undefined) {
    throw new Error(`no failure names ${subject}; got ${JSON.stringify(failures, null, 2)}`);
  }
  return failure;
}

describe('a well-formed image', () => {
  it('passes every check', () => {
    expect(checkImage(imageInput())).toEqual([]);
  });

  it('passes the static checks before a build (no bundle, no dist/ui)', () => {
    const before = PROJECT_FILES.filter((file) => !file.startsWith('dist/'));
    expect(
      checkImage(imageInput({ bundleFiles: undefined, pathKind: pathKindFromList(before) })),
    ).toEqual([]);
  });
});

describe('stages', () => {
  it('requires a node build stage', () => {
    const failures = checkImage(
      imageInput({ dockerfileText: dockerfile({ builderFrom: 'alpine AS client-builder' }) }),
    );
    expect(failureFor(failures, 'Dockerfile').message).toMatch(/--platform=\$BUILDPLATFORM node/);
  });

  it('requires the node stage to run on $BUILDPLATFORM', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({ builderFrom: 'node:20-alpine AS client-builder' }),
      }),
    );
    expect(failureFor(failures, 'Dockerfile').message).toMatch(/lacks --platform=\$BUILDPLATFORM/);
  });

  it('accepts ${BUILDPLATFORM} in braces', () => {
    const dockerfileText = dockerfile({
      builderFrom: '--platform=${BUILDPLATFORM} node:20-alpine AS client-builder',
    });
    expect(checkImage(imageInput({ dockerfileText }))).toEqual([]);
  });

  it('requires a final stage apart from the build stage', () => {
    const dockerfileText = 'FROM --platform=$BUILDPLATFORM node:20-alpine AS client-builder\n';
    expect(failureFor(checkImage(imageInput({ dockerfileText })), 'Dockerfile').message).toMatch(
      /final stage/,
    );
  });

  it('refuses a final stage pinned to the build platform', () => {
    const dockerfileText = dockerfile({ finalFrom: '--platform=$BUILDPLATFORM alpine:3.22' });
    expect(failureFor(checkImage(imageInput({ dockerfileText })), 'Dockerfile').message).toMatch(
      /multi-platform/,
    );
  });

  it('refuses a final stage that ships node', () => {
    const dockerfileText = dockerfile({ finalFrom: 'node:20-alpine' });
    expect(failureFor(checkImage(imageInput({ dockerfileText })), 'Dockerfile').message).toMatch(
      /node image/,
    );
  });
});

describe('labels', () => {
  it.each([...REQUIRED_LABELS, ...PROJECT_LABELS])('reports %s when it is missing', (label) => {
    const failures = checkImage(
      imageInput({ dockerfileText: dockerfile({ labels: { [label]: undefined } }) }),
    );
    expect(failures).toEqual([{ subject: label, message: 'missing from the final stage' }]);
  });

  it('reports an empty label', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({ labels: { 'com.docker.extension.changelog': '""' } }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.changelog').message).toMatch(/is empty/);
  });

  it('only counts labels of the final stage', () => {
    const text = dockerfile({ labels: { 'org.opencontainers.image.vendor': undefined } }).replace(
      'WORKDIR /ui',
      'WORKDIR /ui\nLABEL org.opencontainers.image.vendor="Acme"',
    );
    expect(subjects(checkImage(imageInput({ dockerfileText: text })))).toEqual([
      'org.opencontainers.image.vendor',
    ]);
  });

  it('reports screenshots that are not JSON', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.extension.screenshots': '"[{alt: shot, url: https://x}]"' },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.screenshots').message).toMatch(
      /not valid JSON.*\{"alt", "url"\}/,
    );
  });

  it('reports screenshots of the wrong shape', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.extension.screenshots': `'[{"alt": "Signed out"}]'` },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.screenshots').message).toMatch(/no "url"/);
  });

  it('reports additional-urls that are not an array of {title, url}', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.extension.additional-urls': `'{"title": "Docs"}'` },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.additional-urls').message).toMatch(
      /JSON array of \{"title", "url"\}/,
    );
  });

  it('reports an api.version range that does not admit 0.3.3', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.desktop.extension.api.version': '">= 0.4.0"' },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.desktop.extension.api.version').message).toMatch(
      /does not admit API 0\.3\.3/,
    );
  });

  it('reports an api.version it cannot read', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.desktop.extension.api.version': 'latest' },
        }),
      }),
    );
    expect(subjects(failures)).toEqual(['com.docker.desktop.extension.api.version']);
  });

  it('requires account-info "required"', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({ labels: { 'com.docker.extension.account-info': 'optional' } }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.account-info').message).toMatch(/"required"/);
  });

  it('reports categories outside the allowed list', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.extension.categories': '"utility-tools, auth"' },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.categories').message).toMatch(/"auth"/);
  });

  it('reports an icon that is not a URL', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.desktop.extension.icon': 'docker.svg' },
        }),
      }),
    );
    expect(subjects(failures)).toEqual(['com.docker.desktop.extension.icon']);
  });

  it('reports a label that uses a variable no ARG defines', () => {
    const failures = checkImage(
      imageInput({
        dockerfileText: dockerfile({
          labels: { 'com.docker.extension.publisher-url': '"${PUBLISHER_URL}"' },
        }),
      }),
    );
    expect(failureFor(failures, 'com.docker.extension.publisher-url').message).toMatch(
      /\$PUBLISHER_URL, which no ARG or ENV defines/,
    );
  });
});

describe('metadata.json', () => {
  it('reports invalid JSON', () => {
    const failures = checkImage(imageInput({ metadataText: '{"icon": "docker.svg",}' }));
    expect(failureFor(failures, 'metadata.json').message).toMatch(/not valid JSON/);
  });

  it('reports a missing metadata.json', () => {
    const failures = checkImage(
      imageInput({
        metadataText: undefined,
        pathKind: pathKindFromList(PROJECT_FILES.filter((file) => file !== 'metadata.json')),
      }),
    );
    expect(subjects(failures)).toEqual(['metadata.json', 'metadata.json']);
  });

  it('reports an icon that is not in the image', () => {
    const metadataText = JSON.stringify({ ...JSON.parse(GOOD_METADATA), icon: 'key.svg' });
    const failures = checkImage(imageInput({ metadataText }));
    expect(failureFor(failures, '/key.svg').message).toMatch(
      /not in the final image.*"icon": "key.svg"/,
    );
  });

  it('reports an icon that the Dockerfile copies but the project lacks', () => {
    const failures = checkImage(
      imageInput({
        pathKind: pathKindFromList(PROJECT_FILES.filter((file) => file !== 'docker.svg')),
      }),
    );
    expect(subjects(failures)).toEqual(['docker.svg', 'docker.svg']);
    expect(failures[0]?.message).toMatch(
      /COPY on Dockerfile line \d+ copies it, but it does not exist/,
    );
    expect(failures[1]?.message).toMatch(/"icon": "docker.svg"/);
  });

  it('reports a dashboard tab whose page the build does not produce', () => {
    const metadataText = JSON.stringify({
      icon: 'docker.svg',
      ui: { 'dashboard-tab': { title: 'OAuth Sign-in', root: '/ui', src: 'main.html' } },
    });
    const failures = checkImage(imageInput({ metadataText }));
    expect(failureFor(failures, 'dist/ui/main.html').message).toMatch(
      /\/ui\/main\.html in the image.*stage "client-builder"/,
    );
  });

  it('reports a dashboard tab whose root the final stage never fills', () => {
    const metadataText = JSON.stringify({
      icon: 'docker.svg',
      ui: { 'dashboard-tab': { title: 'OAuth Sign-in', root: '/app', src: 'index.html' } },
    });
    expect(subjects(checkImage(imageInput({ metadataText })))).toEqual(['/app/index.html']);
  });

  it('reports a dashboard tab without title, root or src', () => {
    const metadataText = JSON.stringify({
      icon: 'docker.svg',
      ui: { 'dashboard-tab': { title: 'x' } },
    });
    const messages = checkImage(imageInput({ metadataText })).map((failure) => failure.message);
    expect(messages).toEqual([
      '"ui.dashboard-tab.root" must be a non-empty string',
      '"ui.dashboard-tab.src" must be a non-empty string',
    ]);
  });

  it('reports metadata.json left out of the image', () => {
    const dockerfileText = dockerfile({
      finalCopies: ['COPY docker.svg .', 'COPY --from=client-builder /ui/dist/ui ui'],
    });
    expect(subjects(checkImage(imageInput({ dockerfileText })))).toEqual(['/metadata.json']);
  });

  it('follows a COPY into a folder (trailing slash) and a COPY that renames', () => {
    const dockerfileText = dockerfile({
      finalCopies: [
        'WORKDIR /',
        'COPY metadata.json docker.svg /',
        'COPY --from=client-builder /ui/dist/ui/ /ui/',
      ],
    });
    expect(checkImage(imageInput({ dockerfileText }))).toEqual([]);
  });
});

describe('the build context', () => {
  it('reports a COPY of a file that does not exist', () => {
    const dockerfileText = dockerfile({
      builderCopies: [
        'COPY package.json package-lock.json ./',
        'COPY vite.config.mts ./',
        'RUN npm run build',
      ],
    });
    const failure = failureFor(checkImage(imageInput({ dockerfileText })), 'vite.config.mts');
    expect(failure.message).toMatch(/does not exist in the build context/);
  });

  it('reports a COPY of a file that .dockerignore excludes', () => {
    const failures = checkImage(
      imageInput({ dockerignoreText: 'node_modules\n*.json\n!package.json\n' }),
    );
    expect(subjects(failures)).toEqual([
      'package-lock.json',
      'tsconfig.json',
      'metadata.json',
      'metadata.json',
    ]);
    expect(failures[0]?.message).toMatch(/\.dockerignore excludes it \(pattern "\*\.json"\)/);
  });

  it('reports a COPY of a folder that .dockerignore excludes', () => {
    const failures = checkImage(imageInput({ dockerignoreText: 'src\n' }));
    expect(subjects(failures)).toEqual(['src']);
  });

  it('reports a COPY outside the context and one with wildcards', () => {
    const dockerfileText = dockerfile({
      builderCopies: ['COPY ../secrets ./', 'COPY package*.json ./', 'RUN npm run build'],
    });
    const failures = checkImage(imageInput({ dockerfileText }));
    expect(failureFor(failures, '../secrets').message).toMatch(/outside the build context/);
    expect(failureFor(failures, 'package*.json').message).toMatch(/wildcard/);
  });

  it('reports a --from that names no earlier stage', () => {
    const dockerfileText = dockerfile({
      finalCopies: [
        'COPY metadata.json .',
        'COPY docker.svg .',
        'COPY --from=client-buidler /ui/dist/ui ui',
      ],
    });
    const failure = failureFor(checkImage(imageInput({ dockerfileText })), 'Dockerfile');
    expect(failure.message).toMatch(/--from=client-buidler, which names no earlier stage/);
  });
});

describe('the production bundle', () => {
  const withBundleText = (text: string) =>
    checkImage(
      imageInput({ bundleFiles: [...CLEAN_BUNDLE, { path: 'dist/ui/assets/app-x.js', text }] }),
    );

  it.each([
    ['a client_secret property', 'const c={client_id:"x",client_secret:"s3cr3t-value"};'],
    [
      'a quoted client_secret key',
      'fetch(u,{body:JSON.stringify({"client_secret":"s3cr3t-value"})})',
    ],
    ['a clientSecret assignment', 'e.clientSecret="s3cr3t-value";'],
    [
      'a client_secret in a query',
      'const b="grant_type=authorization_code&client_secret=s3cr3t-value";',
    ],
    ['a private key', 'const k=`-----BEGIN PRIVATE KEY-----\\nMIIE`;'],
  ])('reports %s, naming the file but not the secret', (_what, text) => {
    const failures = withBundleText(text);
    expect(subjects(failures)).toEqual(['dist/ui/assets/app-x.js']);
    expect(failures[0]?.message).not.toContain('s3cr3t-value');
  });

  it('accepts the names without a value, as oauth4webapi has them', () => {
    expect(
      withBundleText('function a(e){assertString(e,\'"clientSecret"\');b.set("client_secret",e)}'),
    ).toEqual([]);
  });

  it('reports the dev-only marker', () => {
    const failures = withBundleText(`const l="${DEV_ONLY_MARKER} harness";`);
    expect(failureFor(failures, 'dist/ui/assets/app-x.js').message).toMatch(/__DEV_ONLY__/);
  });

  it('reports the in-memory Desktop', () => {
    const failures = withBundleText('import{createMemoryDesktopHost as m}from"./m.js";');
    expect(failureFor(failures, 'dist/ui/assets/app-x.js').message).toMatch(/memoryDesktopHost/);
  });

  it('reports a chunk built from the dev folder', () => {
    const failures = checkImage(
      imageInput({ bundleFiles: [...CLEAN_BUNDLE, { path: 'dist/ui/dev/harness.js', text: '' }] }),
    );
    expect(subjects(failures)).toEqual(['dist/ui/dev/harness.js']);
  });

  it('reports an empty bundle', () => {
    expect(subjects(checkImage(imageInput({ bundleFiles: [] })))).toEqual(['dist/ui']);
  });
});
