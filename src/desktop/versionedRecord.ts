/**
 * One versioned JSON record under one storage key. Whatever else is found there (an older
 * format, another program's value, a truncated write) is removed and reported with the reason
 * only: these records hold verifiers and tokens, so a value is never logged.
 */
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

export interface VersionedRecordOptions<T> {
  key: string;
  version: number;
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
  const { key, version, label } = options;
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
      const checked = parseRecord(raw, version, options.parse);
      if (typeof checked === 'string') {
        logger.warn(`Discarded ${label} (${key}): ${checked}.`);
        remove();
        return null;
      }
      return checked;
    },
    save(value) {
      try {
        storage.setItem(key, JSON.stringify({ version, data: options.serialize(value) }));
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
  if (!isObject(record.data)) return 'it holds no data';
  return parse(record.data);
}

/** The error's name only (a DOMException is not always an Error): its message may quote data. */
function errorName(error: unknown): string {
  const name = isObject(error) || error instanceof Error ? (error as { name?: unknown }).name : '';
  return typeof name === 'string' && name !== '' ? name : 'unknown error';
}
