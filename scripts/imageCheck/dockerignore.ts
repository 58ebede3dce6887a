/**
 * `.dockerignore` matching as Docker does it (moby/patternmatcher): patterns are cleaned and
 * anchored at the context root, `*` and `?` stay within one path segment, `**` spans segments,
 * a path is excluded when it or one of its parent folders matches, and the last matching line
 * wins, so `!pattern` lines bring paths back.
 */
import { posix } from 'node:path';

interface IgnoreRule {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

export interface DockerIgnore {
  /** The pattern that excludes `path` from the build context, or undefined when it is sent. */
  excludedBy(path: string): string | undefined;
}

export function parseDockerIgnore(text: string | undefined): DockerIgnore {
  const rules: IgnoreRule[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    let pattern = line.trim();
    if (pattern === '' || pattern.startsWith('#')) continue;
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1).trim();
    pattern = posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
    if (pattern === '' || pattern === '.') continue;
    rules.push({ pattern: negated ? `!${pattern}` : pattern, negated, regex: toRegExp(pattern) });
  }

  return {
    excludedBy(path) {
      const candidates = parentsAndSelf(normaliseContextPath(path));
      let verdict: IgnoreRule | undefined;
      for (const rule of rules) {
        if (candidates.some((candidate) => rule.regex.test(candidate))) verdict = rule;
      }
      return verdict === undefined || verdict.negated ? undefined : verdict.pattern;
    },
  };
}

/** `./src/` and `/src` name the same thing as `src` in the build context. */
export function normaliseContextPath(path: string): string {
  const normal = posix
    .normalize(path)
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
  return normal.replace(/\/+$/, '') || '.';
}

function parentsAndSelf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The same translation moby's patternmatcher makes from a pattern to a regular expression. */
function toRegExp(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern.charAt(i);
    if (ch === '*') {
      if (pattern.charAt(i + 1) === '*') {
        i += 1;
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        if (pattern.charAt(i + 1) === '/') {
          i += 1;
          source += '(.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += escapeRegExp(pattern.charAt(i));
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) {
        source += '\\[';
      } else {
        source += `[${pattern.slice(i + 1, close).replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`${source}$`);
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
