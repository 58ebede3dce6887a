/**
 * The device sign-in in progress (RFC 8628), kept in storage so that a reload of the extension
 * tab resumes polling with the same code and interval until the code expires: one versioned
 * JSON record (src/desktop/versionedRecord.ts), bound like the pending sign-in. The device code
 * it holds is never logged.
 */
import type { PendingDeviceStore } from '../machines/authMachine';
import type { DeviceAuthorization } from '../oauth/types';
import type { KeyValueStorage } from './storage';
import { parseKeptMetadata } from './tokenSetRecord';
import { createVersionedRecord, type RecordBinding, type StoreLogger } from './versionedRecord';

export const PENDING_DEVICE_KEY = 'oauth.pendingDevice.v1';
export const PENDING_DEVICE_VERSION = 1;

const TEXT = ['deviceCode', 'userCode', 'verificationUri'] as const;
const TIMES = ['intervalMs', 'startedAt', 'expiresAt'] as const;

export function createPendingDeviceStore(
  storage: KeyValueStorage,
  binding: RecordBinding,
  logger?: StoreLogger,
): PendingDeviceStore {
  return createVersionedRecord<DeviceAuthorization>(
    storage,
    {
      key: PENDING_DEVICE_KEY,
      version: PENDING_DEVICE_VERSION,
      binding,
      label: 'the device sign-in',
      parse: parseDeviceAuthorization,
      serialize: (device) => device,
    },
    logger,
  );
}

/** The device sign-in in a record's data, or why it is not one (quoting no value). */
function parseDeviceAuthorization(data: Record<string, unknown>): DeviceAuthorization | string {
  for (const field of TEXT) {
    if (typeof data[field] !== 'string' || data[field] === '') {
      return `"${field}" is missing or not text`;
    }
  }
  for (const field of TIMES) {
    const value = data[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `"${field}" is missing or not a time`;
    }
  }
  const complete = data.verificationUriComplete;
  if (complete !== undefined && (typeof complete !== 'string' || complete === '')) {
    return '"verificationUriComplete" is not text';
  }
  const metadata = parseKeptMetadata(data.metadata);
  if (typeof metadata === 'string') return metadata;
  const device: DeviceAuthorization = {
    deviceCode: data.deviceCode as string,
    userCode: data.userCode as string,
    verificationUri: data.verificationUri as string,
    intervalMs: Math.max(1, data.intervalMs as number),
    startedAt: data.startedAt as number,
    expiresAt: data.expiresAt as number,
  };
  if (typeof complete === 'string') device.verificationUriComplete = complete;
  if (metadata) device.metadata = metadata;
  return device;
}
