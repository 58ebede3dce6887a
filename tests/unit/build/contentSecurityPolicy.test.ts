/**
 * src/build/contentSecurityPolicy.ts and src/build/indexHtml.ts: the policy the production
 * index.html ships, and how it and the settings block go into the page. Parsed back with the
 * DOM, as a browser reads them.
 */
import { describe, expect, it } from 'vitest';
import {
  connectSources,
  contentSecurityPolicy,
  contentSecurityPolicyMeta,
  readContentSecurityPolicy,
} from '../../../src/build/contentSecurityPolicy';
import {
  insertAtHeadStart,
  insertBeforeHeadEnd,
  replaceContentSecurityPolicy,
} from '../../../src/build/indexHtml';
import { configBlockHtml, demoProviderSettings, readEmbeddedSettings } from '../../../src/config';

/** The policy as a map of directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="./docker.svg" />
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

describe('the policy', () => {
  const policy = directives(contentSecurityPolicy(['https://id.acme.example']));

  it('runs scripts from the extension only: no inline script, no eval', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });

  it('allows no plugins, no <base> and no form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('connects only where it is told to', () => {
    expect(policy.get('connect-src')).toEqual(['https://id.acme.example']);
    expect(directives(contentSecurityPolicy([])).get('connect-src')).toEqual(["'none'"]);
  });

  it('shows images from the extension, https and data: URLs (the avatar)', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'https:', 'data:']);
  });

  it("allows inline styles, which MUI's emotion inserts, and nothing a <meta> cannot set", () => {
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.has('frame-ancestors')).toBe(false);
    expect(policy.has('report-uri')).toBe(false);
    expect(policy.has('sandbox')).toBe(false);
  });
});

describe('connectSources', () => {
  it("names the issuer's and the explicit endpoints' origins once each, then the extra ones", () => {
    expect(
      connectSources(
        {
          issuer: 'https://id.acme.example/realms/acme',
          endpoints: {
            authorization: 'https://id.acme.example/auth',
            token: 'https://token.acme.example:8443/token',
            userinfo: undefined,
          },
        },
        ['https://graph.acme.example', "'self'"],
      ),
    ).toEqual([
      'https://id.acme.example',
      'https://token.acme.example:8443',
      'https://graph.acme.example',
      "'self'",
    ]);
  });

  it('refuses an address whose host would read as a wildcard or end the directive', () => {
    expect(() => connectSources({ issuer: 'https://*.acme.example' })).toThrow(/no origin/);
    expect(() => connectSources({ issuer: 'https://id;script-src' })).toThrow(/no origin/);
  });
});

describe('index.html', () => {
  it('carries the policy first in <head>, after <meta charset>, before any script or link', () => {
    const policy = contentSecurityPolicy(['https://id.acme.example']);
    const html = insertAtHeadStart(INDEX_HTML, contentSecurityPolicyMeta(policy));
    const page = new DOMParser().parseFromString(html, 'text/html');
    const [charset, csp] = Array.from(page.head.children);
    expect(charset?.getAttribute('charset')).toBe('UTF-8');
    expect(csp?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(csp?.getAttribute('content')).toBe(policy);
    expect(readContentSecurityPolicy(html)).toBe(policy);
  });

  it('takes the settings block intact, whatever a setting holds', () => {
    const displayName = "Acme $& $` $' $$ $1 </head></script><!-- \u2028 Zürich";
    const settings = { ...demoProviderSettings, displayName };
    const html = insertBeforeHeadEnd(INDEX_HTML, configBlockHtml(settings));
    expect(html.match(/<\/head>/g)).toHaveLength(1);
    const page = new DOMParser().parseFromString(html, 'text/html');
    expect(readEmbeddedSettings(page)).toEqual(settings);
    expect(page.head.lastElementChild?.id).toBe('oauth-config');
    expect(page.body.innerHTML.trim()).toBe('<div id="root"></div>');
  });

  it("is given another policy by the stand-in, and a page without one (the dev server's) keeps none", () => {
    const first = insertAtHeadStart(
      INDEX_HTML,
      contentSecurityPolicyMeta(contentSecurityPolicy(['http://127.0.0.1:4000'])),
    );
    const second = contentSecurityPolicy(['http://127.0.0.1:41234', "'self'"]);
    const replaced = replaceContentSecurityPolicy(first, second);
    expect(readContentSecurityPolicy(replaced)).toBe(second);
    expect(replaced.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(replaceContentSecurityPolicy(INDEX_HTML, second)).toBe(INDEX_HTML);
  });

  it('escapes the policy for its attribute', () => {
    const meta = contentSecurityPolicyMeta(`connect-src "x" <y> &z`);
    expect(meta).toBe(
      '<meta http-equiv="Content-Security-Policy" content="connect-src &quot;x&quot; &lt;y&gt; &amp;z" />',
    );
    expect(readContentSecurityPolicy(meta)).toBe(`connect-src "x" <y> &z`);
  });
});
