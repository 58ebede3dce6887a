// @vitest-environment node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Dockerfile text, where ${VAR} is ARG syntax.
import { describe, expect, it } from 'vitest';
import { processWord } from '../../../scripts/imageCheck/words';

const vars: Record<string, string> = { BASE: 'https://example.com', EMPTY: '' };
const lookup = (name: string) => vars[name];

describe('processWord (Docker quoting and ARG expansion)', () => {
  it.each([
    ['"${BASE}/icon.svg"', 'https://example.com/icon.svg'],
    ['$BASE/x', 'https://example.com/x'],
    [`'$BASE literal'`, '$BASE literal'],
    ['"[{\\"url\\": \\"$BASE\\"}]"', '[{"url": "https://example.com"}]'],
    ['"a b"\'c d\'', 'a bc d'],
    ['esc\\ aped', 'esc aped'],
    ['"keep \\n"', 'keep \\n'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${BASE:+set}', 'set'],
    ['cost $5', 'cost $5'],
  ])('%s → %s', (raw, expected) => {
    expect(processWord(raw, lookup)).toEqual({ value: expected, undefinedVariables: [] });
  });

  it('reports variables nothing defines', () => {
    expect(processWord('"${NOPE}/x"', lookup)).toEqual({
      value: '/x',
      undefinedVariables: ['NOPE'],
    });
  });
});
