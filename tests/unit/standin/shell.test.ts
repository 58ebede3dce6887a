// @vitest-environment node
/**
 * dev/standin/server.ts: the shell page carries the stand-in's settings intact, whatever they
 * hold (no string-replacement patterns).
 */
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../../dev/standin/demo';
import { startStandin } from '../../../dev/standin/server';

describe('the shell page', () => {
  it("carries the extension id intact, `$&` and `$'` included", async () => {
    const extensionId = "acme/oauth-extension$&$'$`";
    const standin = await startStandin({
      config: demoConfig({ extensionId, issuer: 'http://127.0.0.1:1', clientId: 'x' }),
    });
    try {
      const html = await (await fetch(standin.url)).text();
      const block = /<script type="application\/json" id="standin-config">(.*?)<\/script>/.exec(
        html,
      );
      expect(JSON.parse(block?.[1] ?? '')).toMatchObject({ extensionId });
    } finally {
      await standin.close();
    }
  });
});
