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
import { contentSecurityPolicy } from '../../../src/build/contentSecurityPolicy';
import {
  builtIndexHtml,
  CLEAN_BUNDLE,
  dockerfile,
  GOOD_METADATA,
  imageInput,
  PROJECT_FILES,
} from './fixtures';

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
        dockerfileText: dockerfile({ builderFrom: 'node:24-alpine AS client-builder' }),
      }),
    );
    expect(failureFor(failures, 'Dockerfile').message).toMatch(/lacks --platform=\$BUILDPLATFORM/);
  });

  it('accepts ${BUILDPLATFORM} in braces', () => {
    const dockerfileText = dockerfile({
      builderFrom: '--platform=${BUILDPLATFORM} node:24-alpine AS client-builder',
    });
    expect(checkImage(imageInput({ dockerfileText }))).toEqual([]);
  });

  it('requires a final stage apart from the build stage', () => {
    const dockerfileText = 'FROM --platform=$BUILDPLATFORM node:24-alpine AS client-builder\n';
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
    const dockerfileText = dockerfile({ finalFrom: 'node:24-alpine' });
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
      imageInput({ dockerignoreText: 'node_modules\n.env*.local\n*.json\n!package.json\n' }),
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
    const failures = checkImage(imageInput({ dockerignoreText: '.env*.local\nsrc\n' }));
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

describe('the production bundle, whatever the case of a secret', () => {
  const withBundleText = (text: string) =>
    checkImage(
      imageInput({ bundleFiles: [...CLEAN_BUNDLE, { path: 'dist/ui/assets/app-x.js', text }] }),
    );

  it.each([
    ['an inlined VITE_OAUTH_CLIENT_SECRET', 'const e={VITE_OAUTH_CLIENT_SECRET:"s3cr3t-value"};'],
    ['an upper-case CLIENT_SECRET', 'var CLIENT_SECRET="s3cr3t-value";'],
    ['a ClientSecret', 'o.ClientSecret = "s3cr3t-value"'],
    ['a CLIENT_SECRET in a query', 'u+"?CLIENT_SECRET=s3cr3t-value"'],
    ['a password', 'const c={DB_PASSWORD:"s3cr3t-value"};'],
    ['a JSON Web Token', 'const t="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.s3cr3t-value";'],
  ])('reports %s, naming the file but not the secret', (_what, text) => {
    const failures = withBundleText(text);
    expect(subjects(failures)).toEqual(['dist/ui/assets/app-x.js']);
    expect(failures[0]?.message).not.toContain('s3cr3t-value');
  });
});

describe("index.html's Content-Security-Policy", () => {
  const withPage = (text: string) =>
    checkImage(
      imageInput({
        bundleFiles: [
          { path: 'dist/ui/index.html', text },
          ...CLEAN_BUNDLE.filter((file) => file.path !== 'dist/ui/index.html'),
        ],
      }),
    );
  const policy = contentSecurityPolicy(['https://id.acme.example']);

  it('is required', () => {
    const failures = withPage('<!doctype html><html><head></head><body></body></html>');
    expect(failureFor(failures, 'dist/ui/index.html').message).toMatch(
      /has no Content-Security-Policy/,
    );
  });

  it('must come before the scripts it governs', () => {
    const text = builtIndexHtml(policy).replace(
      '<meta charset="UTF-8" />',
      '<meta charset="UTF-8" /><script src="./early.js"></script>',
    );
    expect(failureFor(withPage(text), 'dist/ui/index.html').message).toMatch(/after a script/);
  });

  it.each([
    ['inline scripts', policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")],
    ['eval', policy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")],
    ['plugins', policy.replace("object-src 'none'", "object-src 'self'")],
    ['a <base>', policy.replace("; base-uri 'none'", '')],
  ])('refuses a policy that allows %s', (_what, weakened) => {
    expect(subjects(withPage(builtIndexHtml(weakened)))).toEqual(['dist/ui/index.html']);
  });

  it('refuses connections anywhere', () => {
    const open = policy.replace('connect-src https://id.acme.example', 'connect-src https:');
    expect(failureFor(withPage(builtIndexHtml(open)), 'dist/ui/index.html').message).toMatch(
      /connections anywhere/,
    );
  });
});

describe('the Node base of the build stage', () => {
  const onDay = (from: string, day: string) =>
    checkImage(
      imageInput({
        dockerfileText: dockerfile({
          builderFrom: `--platform=$BUILDPLATFORM ${from} AS client-builder`,
        }),
        today: new Date(`${day}T12:00:00Z`),
      }),
    );

  it('refuses a Node line past its end of life, saying when and what to use', () => {
    expect(failureFor(onDay('node:20-alpine', '2026-11-28'), 'Dockerfile').message).toBe(
      'line 2: node:20-alpine is Node 20, which reached its end of life on 2026-04-30 and gets ' +
        'no security fixes: use a supported LTS such as node:22-alpine or node:24-alpine or node:26-alpine',
    );
    expect(subjects(onDay('node:18.20.4-alpine3.20', '2026-11-28'))).toEqual(['Dockerfile']);
    expect(subjects(onDay('node:14', '2026-11-28'))).toEqual(['Dockerfile']);
  });

  it('accepts a supported LTS line, pinned to any precision', () => {
    expect(onDay('node:22-alpine', '2026-11-28')).toEqual([]);
    expect(onDay('node:24.11.1-alpine3.22', '2026-11-28')).toEqual([]);
    expect(onDay('node:20-alpine', '2026-04-29')).toEqual([]);
  });

  it('refuses a line that is not LTS: an odd one, or an even one before its LTS date', () => {
    expect(failureFor(onDay('node:25-alpine', '2026-03-01'), 'Dockerfile').message).toMatch(
      /Node 25, which is never a long-term-support release/,
    );
    expect(failureFor(onDay('node:26-alpine', '2026-06-01'), 'Dockerfile').message).toMatch(
      /Node 26, which is not a long-term-support release before 2026-10-28/,
    );
  });

  it('refuses a tag that names no version', () => {
    for (const from of ['node:lts-alpine', 'node:alpine', 'node']) {
      expect(failureFor(onDay(from, '2026-11-28'), 'Dockerfile').message).toMatch(
        /names no Node version/,
      );
    }
  });

  it('accepts a line newer than it knows', () => {
    expect(onDay('node:30-alpine', '2031-01-01')).toEqual([]);
  });
});

describe("the UI build's provider settings", () => {
  const builderCopies = (...runs: string[]) =>
    dockerfile({
      builderCopies: [
        'COPY package.json package-lock.json ./',
        'COPY index.html vite.config.ts tsconfig.json ./',
        'COPY src ./src',
        ...runs,
      ],
    });

  it.each([
    ['the demo script', ['ARG EXTENSION_IMAGE', 'RUN npm run build:demo']],
    ['vite build in a demo mode', ['ARG EXTENSION_IMAGE', 'RUN npx vite build --mode=development']],
    ['the JSON form', ['ARG EXTENSION_IMAGE', 'RUN ["npx", "vite", "build", "--mode", "demo"]']],
  ])('refuses a build stage that runs %s', (_what, runs) => {
    const failures = checkImage(imageInput({ dockerfileText: builderCopies(...runs) }));
    expect(failureFor(failures, 'Dockerfile').message).toMatch(
      /builds the UI in the "(demo|development)" mode .*falls back to the demo's loopback settings/,
    );
  });

  it('follows npm scripts: a build script that opts in to the demo is refused', () => {
    for (const build of ['vite build --mode demo', 'npm run build:demo']) {
      const packageJsonText = JSON.stringify({
        scripts: { build, 'build:demo': 'vite build --mode demo' },
      });
      const failures = checkImage(imageInput({ packageJsonText }));
      expect(failureFor(failures, 'Dockerfile').message).toMatch(/"demo" mode/);
    }
  });

  it('reports an npm script that package.json lacks, and a build stage that never builds', () => {
    const failures = checkImage(
      imageInput({ packageJsonText: JSON.stringify({ scripts: { compile: 'vite build' } }) }),
    );
    expect(failures.map((failure) => failure.message)).toEqual([
      'RUN on Dockerfile line 9 runs `npm run build`, which package.json lacks',
      'no node stage builds the UI (`npm run build`, which runs `vite build`)',
    ]);
  });

  it("needs the image's name declared before the build", () => {
    for (const runs of [['RUN npm run build'], ['RUN npm run build', 'ARG EXTENSION_IMAGE']]) {
      const failures = checkImage(imageInput({ dockerfileText: builderCopies(...runs) }));
      expect(failureFor(failures, 'Dockerfile').message).toMatch(
        /must declare `ARG EXTENSION_IMAGE` before the RUN/,
      );
    }
  });

  it('needs the Makefile to pass its IMAGE to every image build', () => {
    const makefileText = [
      'IMAGE ?= acme/oauth-extension',
      'build-extension:',
      '\tdocker buildx build --load --tag=$(IMAGE):$(TAG) .',
      'push-extension:',
      '\tdocker buildx build --push \\',
      '\t\t--build-arg EXTENSION_IMAGE=$(IMAGE) --tag=$(IMAGE):$(TAG) .',
      'plain:',
      '\tdocker build --build-arg EXTENSION_IMAGE=acme/other .',
    ].join('\n');
    const failures = checkImage(imageInput({ makefileText }));
    expect(failures.map((failure) => `${failure.subject}: ${failure.message.slice(0, 7)}`)).toEqual(
      ['Makefile: line 3 ', 'Makefile: line 8 '],
    );
  });

  it("refuses a Makefile IMAGE that differs from .env.production's VITE_EXTENSION_ID", () => {
    const failures = checkImage(
      imageInput({ envProductionText: 'VITE_EXTENSION_ID="acme/renamed-extension"\n' }),
    );
    expect(failureFor(failures, 'Makefile').message).toBe(
      'IMAGE is "acme/oauth-extension" but .env.production sets ' +
        'VITE_EXTENSION_ID=acme/renamed-extension: Docker Desktop routes the sign-in redirect by ' +
        'the extension id, so every sign-in would fail. Make them the same.',
    );
  });

  it('has nothing to compare while .env.production sets no extension id (the build refuses then)', () => {
    expect(checkImage(imageInput({ envProductionText: '# VITE_EXTENSION_ID=x/y\n' }))).toEqual([]);
  });
});

describe('local .env files', () => {
  it('must stay out of the build context', () => {
    const failures = checkImage(imageInput({ dockerignoreText: 'node_modules\n.env.local\n' }));
    expect(failureFor(failures, '.dockerignore').message).toMatch(
      /^does not exclude \.env\.production\.local, \.env\.demo\.local, \.env\.development\.local:/,
    );
  });

  it('must be ignored by git', () => {
    expect(
      failureFor(checkImage(imageInput({ gitignoreText: 'node_modules/\n' })), '.gitignore')
        .message,
    ).toMatch(/^does not ignore \.env\.local, \.env\.production\.local/);
    expect(subjects(checkImage(imageInput({ gitignoreText: undefined })))).toEqual(['.gitignore']);
  });
});
