/**
 * One versioned JSON record under one storage key, bound to the provider and client it was made
 * for. Whatever else is found there (an older format, another program's value, a truncated
 * write, a record made under another issuer, client id or redirect URI) is removed and reported
 * with the reason only: these records hold verifiers and tokens, so a value is never logged, and
 * a record made for one provider is never sent to another.
 */
import { redirectUriOf } from '../oauth/config';
import type { ProviderConfig } from '../oauth/types';
import type { KeyValueStorage } from './storage';
import { isObject } from './tokenSetRecord';

export { isObject };

export interface StoreLogger {
  warn(message: string): void;
}

export interface VersionedRecord<T> {
  load(): T | null;
  save(value: T): void;
  clear(): void;
}

/**
 * Which provider and client a record belongs to. An author who changes the issuer or the client
 * id in a new version of the extension gets the old records discarded, not replayed.
 */
export interface RecordBinding {
  issuer: string;
  clientId: string;
  redirectUri: string;
}

/** The binding of records made under this provider configuration. */
export function bindingOf(config: ProviderConfig): RecordBinding {
  return { issuer: config.issuer, clientId: config.clientId, redirectUri: redirectUriOf(config) };
}

export interface VersionedRecordOptions<T> {
  key: string;
  version: number;
  binding: RecordBinding;
  /** What the record is, for messages: "the saved sign-in". */
  label: string;
  /** The value in a parsed record, or why it is not one (a reason that quotes no value). */
  parse(data: Record<string, unknown>): T | string;
  /** What of the value is written: only what is needed. */
  serialize(value: T): unknown;
}

export function createVersionedRecord<T>(
  storage: KeyValueStorage,
  options: VersionedRecordOptions<T>,
  logger: StoreLogger = console,
): VersionedRecord<T> {
  const { key, version, label, binding } = options;
  const remove = () => {
    try {
      storage.removeItem(key);
    } catch (error) {
      logger.warn(`Could not remove ${label} (${key}): ${errorName(error)}.`);
    }
  };

  return {
    load() {
      let raw: string | null;
      try {
        raw = storage.getItem(key);
      } catch (error) {
        logger.warn(`Could not read ${label} (${key}): ${errorName(error)}.`);
        return null;
      }
      if (raw === null) return null;
      const checked = parseRecord(raw, version, binding, options.parse);
      if (typeof checked === 'string') {
        logger.warn(`Discarded ${label} (${key}): ${checked}.`);
        remove();
        return null;
      }
      return checked;
    },
    save(value) {
      try {
        const record = { version, binding: { ...binding }, data: options.serialize(value) };
        storage.setItem(key, JSON.stringify(record));
      } catch (error) {
        logger.warn(`Could not save ${label} (${key}): ${errorName(error)}.`);
      }
    },
    clear: remove,
  };
}

function parseRecord<T>(
  raw: string,
  version: number,
  binding: RecordBinding,
  parse: (data: Record<string, unknown>) => T | string,
): T | string {
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return 'it is not JSON';
  }
  if (!isObject(record) || !('version' in record)) return 'it is not a record of ours';
  if (record.version !== version) return `it is not version ${version} of the record`;
  const bound = isObject(record.binding) ? record.binding : {};
  const changed = (Object.keys(binding) as (keyof RecordBinding)[]).filter(
    (name) => bound[name] !== binding[name],
  );
  if (changed.length > 0) {
    return `it was made for another provider or client (${changed.join(', ')} differ)`;
  }
  if (!isObject(record.data)) return 'it holds no data';
  return parse(record.data);
}

/** The error's name only (a DOMException is not always an Error): its message may quote data. */
function errorName(error: unknown): string {
  const name = isObject(error) || error instanceof Error ? (error as { name?: unknown }).name : '';
  return typeof name === 'string' && name !== '' ? name : 'unknown error';
}
