/**
 * dev/standin/html.ts: the built index.html as the stand-in serves it, parsed back with the DOM
 * as the browser reads it. (The e2e stand-in tests cover the block and the shim's place.)
 */
import { describe, expect, it } from 'vitest';
import { rewriteExtensionHtml } from '../../../dev/standin/html';
import {
  contentSecurityPolicy,
  contentSecurityPolicyMeta,
  readContentSecurityPolicy,
} from '../../../src/build/contentSecurityPolicy';
import { insertAtHeadStart } from '../../../src/build/indexHtml';
import { loadProviderSettings } from '../../../src/providerMode';

const config = {
  displayName: 'Acme Accounts',
  issuer: 'http://127.0.0.1:41234',
  clientId: 'docker-extension-demo',
  scopes: ['openid'],
  extensionId: 'acme/oauth-extension',
  redirectStyle: 'docker-desktop' as const,
};
const built =
  '<!doctype html><html><head><meta charset="UTF-8" /><script type="module" crossorigin src="./assets/index-abc.js"></script>' +
  '</head><body><div id="root"></div></body></html>';

describe('rewriteExtensionHtml', () => {
  it("points the build's Content-Security-Policy at the stand-in's issuer and at itself", () => {
    const withPolicy = insertAtHeadStart(
      built,
      contentSecurityPolicyMeta(contentSecurityPolicy(['https://id.acme.example'])),
    );
    const policy = readContentSecurityPolicy(rewriteExtensionHtml(withPolicy, config));
    expect(policy).toBe(contentSecurityPolicy(['http://127.0.0.1:41234', "'self'"]));
  });

  it("lets the page call your own provider's other origins: in the policy, not in the block", () => {
    const withPolicy = insertAtHeadStart(
      built,
      contentSecurityPolicyMeta(contentSecurityPolicy(['https://id.acme.example'])),
    );
    const own = { ...config, connectOrigins: ['https://graph.acme.example'] };
    const html = rewriteExtensionHtml(withPolicy, own);
    expect(readContentSecurityPolicy(html)).toBe(
      contentSecurityPolicy(['http://127.0.0.1:41234', 'https://graph.acme.example', "'self'"]),
    );
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    expect(JSON.parse(parsed.getElementById('oauth-config')?.textContent ?? '')).toEqual(
      loadProviderSettings(config),
    );
  });

  it("serves a page without a policy (the Vite dev server's) without one", () => {
    expect(readContentSecurityPolicy(rewriteExtensionHtml(built, config))).toBeUndefined();
  });

  it('serves settings holding replacement patterns and markup intact', () => {
    const tricky = { ...config, displayName: "Acme $& $` $' $$ <!-- </script> \u2028 Zürich" };
    const withBlock = built.replace(
      '<div id="root">',
      '<script type="application/json" id="oauth-config">{}</script><div id="root">',
    );
    for (const page of [built, withBlock]) {
      const parsed = new DOMParser().parseFromString(
        rewriteExtensionHtml(page, tricky),
        'text/html',
      );
      expect(JSON.parse(parsed.getElementById('oauth-config')?.textContent ?? '')).toEqual(
        loadProviderSettings(tricky),
      );
      // The block, the ddClient shim and the app: nothing broke out.
      expect(parsed.querySelectorAll('script')).toHaveLength(3);
    }
  });
});
