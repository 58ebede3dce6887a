/**
 * The image labels Docker Desktop and the Marketplace read, and what a valid value looks like.
 * Source: /work/shared/notes/docker-desktop.md (from Docker's extension SDK documentation).
 */
import type { ResolvedLabel } from './dockerfile';
import { parseRange, satisfies } from './semverRange';
import type { Failure } from './types';

/** Labels Desktop requires: without one the extension is invalid for the Marketplace. */
export const REQUIRED_LABELS = [
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.vendor',
  'com.docker.desktop.extension.api.version',
  'com.docker.desktop.extension.icon',
  'com.docker.extension.screenshots',
  'com.docker.extension.detailed-description',
  'com.docker.extension.publisher-url',
  'com.docker.extension.changelog',
] as const;

/** Optional for Desktop, required by this project: it needs a sign-in and lists its links. */
export const PROJECT_LABELS = [
  'com.docker.extension.additional-urls',
  'com.docker.extension.account-info',
  'com.docker.extension.categories',
] as const;

export const ALLOWED_CATEGORIES = [
  'ci-cd',
  'container-orchestration',
  'cloud-deployment',
  'cloud-development',
  'database',
  'kubernetes',
  'networking',
  'image-registry',
  'security',
  'testing-tools',
  'utility-tools',
  'volumes',
] as const;

/** The redirect back into the extension tab needs extension API 0.3.3. */
export const MIN_API_VERSION = '0.3.3';

type LabelRule = (value: string) => string | undefined;

const text: LabelRule = () => undefined;

const httpUrl: LabelRule = (value) => (isHttpUrl(value) ? undefined : 'must be an http(s) URL');

const rules: Record<(typeof REQUIRED_LABELS)[number] | (typeof PROJECT_LABELS)[number], LabelRule> =
  {
    'org.opencontainers.image.title': text,
    'org.opencontainers.image.description': text,
    'org.opencontainers.image.vendor': text,
    'com.docker.desktop.extension.api.version': (value) => {
      const parsed = parseRange(value);
      if (!parsed.ok) return parsed.error;
      return satisfies(MIN_API_VERSION, value)
        ? undefined
        : `"${value}" does not admit API ${MIN_API_VERSION}, which the OAuth redirect needs`;
    },
    'com.docker.desktop.extension.icon': (value) => {
      if (!isHttpUrl(value)) return 'must be an http(s) URL of the icon';
      return /\.(svg|png|jpe?g)$/i.test(new URL(value).pathname)
        ? undefined
        : 'must point at an .svg, .png or .jpg file';
    },
    'com.docker.extension.screenshots': (value) =>
      jsonArrayOf(value, ['alt', 'url'], 'a JSON array of {"alt", "url"} objects'),
    'com.docker.extension.detailed-description': text,
    'com.docker.extension.publisher-url': httpUrl,
    'com.docker.extension.changelog': text,
    'com.docker.extension.additional-urls': (value) =>
      jsonArrayOf(value, ['title', 'url'], 'a JSON array of {"title", "url"} objects'),
    'com.docker.extension.account-info': (value) =>
      value === 'required'
        ? undefined
        : `is "${value}": an extension that signs in says "required"`,
    'com.docker.extension.categories': (value) => {
      const categories = value.split(',').map((category) => category.trim());
      const unknown = categories.filter(
        (category) => !(ALLOWED_CATEGORIES as readonly string[]).includes(category),
      );
      if (unknown.length > 0) {
        return `has unknown categories ${unknown.map((c) => `"${c}"`).join(', ')} (allowed: ${ALLOWED_CATEGORIES.join(', ')})`;
      }
      return new Set(categories).size === categories.length ? undefined : 'repeats a category';
    },
  };

/** Checks the final stage's labels: presence, non-empty values and each label's shape. */
export function checkLabels(labels: ReadonlyMap<string, ResolvedLabel>): Failure[] {
  const failures: Failure[] = [];
  for (const name of [...REQUIRED_LABELS, ...PROJECT_LABELS]) {
    const label = labels.get(name);
    if (label === undefined) {
      failures.push({ subject: name, message: 'missing from the final stage' });
      continue;
    }
    const where = `(Dockerfile line ${label.line})`;
    if (label.undefinedVariables.length > 0) {
      const names = label.undefinedVariables.map((variable) => `$${variable}`).join(', ');
      failures.push({
        subject: name,
        message: `uses ${names}, which no ARG or ENV defines ${where}`,
      });
    }
    const value = label.value.trim();
    if (value === '') {
      failures.push({ subject: name, message: `is empty ${where}` });
      continue;
    }
    const problem = rules[name](value);
    if (problem !== undefined) failures.push({ subject: name, message: `${problem} ${where}` });
  }
  return failures;
}

function jsonArrayOf(value: string, keys: readonly string[], shape: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return `is not valid JSON (${error instanceof Error ? error.message : String(error)}); expected ${shape}`;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return `must be ${shape}, with at least one`;
  for (const [index, item] of parsed.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return `item ${index} is not an object; expected ${shape}`;
    }
    const record = item as Record<string, unknown>;
    for (const key of keys) {
      const field = record[key];
      if (typeof field !== 'string' || field.trim() === '') {
        return `item ${index} has no "${key}" text; expected ${shape}`;
      }
    }
    if (!isHttpUrl(String(record.url))) return `item ${index} has a "url" that is not http(s)`;
  }
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
