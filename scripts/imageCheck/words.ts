/**
 * The part of Docker's shell-word processing that LABEL, ARG, ENV, WORKDIR and COPY values go
 * through: quotes, the escape character and `$VAR` / `${VAR}` / `${VAR:-default}` expansion.
 * dockerfile-ast parses the instructions; this turns one raw value into what BuildKit would use.
 */

/** The value of a variable, or undefined when nothing defines it. */
export type VariableLookup = (name: string) => string | undefined;

export interface ProcessedWord {
  value: string;
  /** Variables the value uses that nothing defines (BuildKit would put '' there). */
  undefinedVariables: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * Processes a raw word as BuildKit does: single quotes are literal, double quotes allow `$` and
 * escapes of `"`, `$` and the escape character, outside quotes the escape character makes the
 * next character literal.
 */
export function processWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): ProcessedWord {
  const undefinedVariables: string[] = [];
  let value = '';
  let i = 0;
  let quote: '"' | "'" | undefined;

  while (i < raw.length) {
    const ch = raw.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else value += ch;
      i += 1;
    } else if (ch === escapeChar && i + 1 < raw.length) {
      const next = raw.charAt(i + 1);
      // Inside double quotes only these are escapes; elsewhere the escape character is kept.
      if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) value += ch;
      value += next;
      i += 2;
    } else if (ch === '"' || (ch === "'" && quote === undefined)) {
      quote = quote === ch ? undefined : ch;
      i += 1;
    } else if (ch === '$') {
      const expanded = expandAt(raw, i, lookup, escapeChar);
      value += expanded.value;
      undefinedVariables.push(...expanded.undefinedVariables);
      i = expanded.end;
    } else {
      value += ch;
      i += 1;
    }
  }
  return { value, undefinedVariables };
}

/** Expands the variable reference starting at `raw[start] === '$'`. */
function expandAt(
  raw: string,
  start: number,
  lookup: VariableLookup,
  escapeChar: string,
): ProcessedWord & { end: number } {
  const next = raw.charAt(start + 1);
  if (NAME_START.test(next)) {
    let end = start + 1;
    while (end < raw.length && NAME_PART.test(raw.charAt(end))) end += 1;
    return resolve(raw.slice(start + 1, end), undefined, end, lookup, escapeChar);
  }
  if (next === '{') {
    const close = raw.indexOf('}', start + 2);
    if (close !== -1) {
      const body = raw.slice(start + 2, close);
      const modifier = /^([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])(.*))?$/s.exec(body);
      if (modifier?.[1] !== undefined) {
        const operation =
          modifier[2] === undefined
            ? undefined
            : { kind: modifier[2] as '-' | '+', word: modifier[3] ?? '' };
        return resolve(modifier[1], operation, close + 1, lookup, escapeChar);
      }
    }
  }
  return { value: '$', undefinedVariables: [], end: start + 1 };
}

function resolve(
  name: string,
  operation: { kind: '-' | '+'; word: string } | undefined,
  end: number,
  lookup: VariableLookup,
  escapeChar: string,
): ProcessedWord & { end: number } {
  const found = lookup(name);
  if (operation?.kind === '-' && (found === undefined || found === '')) {
    return { ...processWord(operation.word, lookup, escapeChar), end };
  }
  if (operation?.kind === '+') {
    if (found === undefined || found === '') return { value: '', undefinedVariables: [], end };
    return { ...processWord(operation.word, lookup, escapeChar), end };
  }
  if (found === undefined) return { value: '', undefinedVariables: [name], end };
  return { value: found, undefinedVariables: [], end };
}

/** True when a COPY source uses wildcards, which the check cannot resolve without a listing. */
export function hasWildcard(path: string): boolean {
  return /[*?[]/.test(path);
}
