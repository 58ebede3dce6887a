/**
 * The extension's backend as the image declares it: metadata.json's `vm` section, the compose
 * file it names (parsed with a real YAML parser), the final stage's user and the UI bundle.
 * The socket name must agree everywhere (metadata.json's `vm.exposes.socket` and the tab's
 * `backend.socket`, the path the backend listens on), the session's volume must be declared and
 * hold the session file, the backend must not run as root, and no backend code may end up in
 * the UI bundle.
 */
import { posix } from 'node:path';
import { parseDocument } from 'yaml';
import type { Stage } from './dockerfile';
import type { BundleFile, Failure } from './types';

/** Where Docker Desktop puts the sockets it connects to (docker-desktop.md, "Backend"). */
export const GUEST_SERVICES = '/run/guest-services';
/** What the backend listens on and writes when the compose file does not say (backend/config.ts). */
export const BACKEND_DEFAULTS = {
  socket: `${GUEST_SERVICES}/backend.sock`,
  sessionFile: '/data/session.json',
};
/** Text that only the backend's code contains: none of it may be in the UI bundle. */
export const BACKEND_ONLY_TEXT = ['fastify', 'FST_ERR_', 'Discarded the stored session'];

export interface BackendCheckInput {
  metadata: Record<string, unknown>;
  /** Reads a file of the build context (the compose file), undefined when missing. */
  readFile: (path: string) => string | undefined;
  final: Stage | undefined;
  bundleFiles: readonly BundleFile[] | undefined;
}

export function hasBackend(metadata: unknown): boolean {
  return isRecord(metadata) && metadata.vm !== undefined;
}

export function checkBackend({
  metadata,
  readFile,
  final,
  bundleFiles,
}: BackendCheckInput): Failure[] {
  const failures: Failure[] = [];
  const fail = (subject: string, message: string) => failures.push({ subject, message });
  const vm = metadata.vm;
  const tabSocket = socketOfTab(metadata);
  if (vm === undefined) {
    if (tabSocket !== undefined) {
      fail(
        'metadata.json',
        'ui.dashboard-tab.backend names a socket, but there is no "vm" section',
      );
    }
    return failures;
  }
  if (!isRecord(vm)) return [{ subject: 'metadata.json', message: '"vm" must be an object' }];

  const exposed = isRecord(vm.exposes) ? vm.exposes.socket : undefined;
  if (typeof exposed !== 'string' || !/^[\w.-]+\.sock$/.test(exposed)) {
    fail('metadata.json', 'vm.exposes.socket must be a socket file name, such as "backend.sock"');
  } else if (tabSocket !== exposed) {
    fail(
      'metadata.json',
      `ui.dashboard-tab.backend.socket (${JSON.stringify(tabSocket)}) must be vm.exposes.socket ("${exposed}")`,
    );
  }

  const composePath = vm.composefile;
  if (typeof composePath !== 'string') {
    fail('metadata.json', 'vm.composefile must name the compose file of the backend');
  } else {
    failures.push(...checkCompose(composePath, readFile(composePath), exposed, final));
  }

  if (bundleFiles !== undefined) {
    for (const file of bundleFiles) {
      const found = BACKEND_ONLY_TEXT.find((text) => file.text.includes(text));
      if (found) fail(file.path, `holds backend code ("${found}"): the UI bundle must not`);
    }
  }
  return failures;
}

function checkCompose(
  path: string,
  text: string | undefined,
  exposed: unknown,
  final: Stage | undefined,
): Failure[] {
  const failures: Failure[] = [];
  const fail = (message: string) => failures.push({ subject: path, message });
  if (text === undefined) return [{ subject: path, message: 'does not exist' }];
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    return [{ subject: path, message: `is not valid YAML: ${document.errors[0]?.message}` }];
  }
  const compose = document.toJS() as unknown;
  const services = isRecord(compose) ? compose.services : undefined;
  // Desktop reaches only the first service.
  const [name, service] = isRecord(services) ? (Object.entries(services)[0] ?? []) : [];
  if (!isRecord(service)) return [{ subject: path, message: 'declares no service' }];
  const where = `service "${name}"`;

  if (typeof service.image !== 'string' || service.image === '') {
    fail(`${where} has no image (use \${DESKTOP_PLUGIN_IMAGE}, the extension's own image)`);
  }

  const environment = environmentOf(service.environment);
  const socket = environment.BACKEND_SOCKET ?? BACKEND_DEFAULTS.socket;
  if (environment.BACKEND_PORT !== undefined) {
    // backend/config.ts: a port replaces the socket, on the container's own 127.0.0.1.
    fail(
      `${where} sets BACKEND_PORT, a development setting: the backend would listen on 127.0.0.1 inside its container instead of the socket Desktop reaches`,
    );
  } else if (typeof exposed === 'string' && socket !== `${GUEST_SERVICES}/${exposed}`) {
    fail(
      `${where} listens on ${socket}, but metadata.json exposes "${exposed}" (${GUEST_SERVICES}/${exposed})`,
    );
  }

  const declared = isRecord(compose) && isRecord(compose.volumes) ? compose.volumes : {};
  const mounts = volumeMounts(service.volumes);
  for (const mount of mounts) {
    if (!Object.hasOwn(declared, mount.volume)) {
      fail(
        `${where} mounts the volume "${mount.volume}", which the top-level "volumes" does not declare`,
      );
    }
  }
  const sessionFile = environment.SESSION_FILE ?? BACKEND_DEFAULTS.sessionFile;
  const holder = mounts.find((mount) => isInside(sessionFile, mount.target));
  if (holder === undefined) {
    fail(
      `${where} keeps the session in ${sessionFile}, which is in no named volume: it would be lost on every update`,
    );
  }

  const user =
    typeof service.user === 'string' || typeof service.user === 'number'
      ? String(service.user)
      : final?.user;
  if (user === undefined || isRoot(user)) {
    fail(
      `${where} runs as root: set USER in the Dockerfile's final stage (or "user" here) to an unprivileged user`,
    );
  }
  return failures;
}

function socketOfTab(metadata: Record<string, unknown>): unknown {
  const ui = metadata.ui;
  const tab = isRecord(ui) ? ui['dashboard-tab'] : undefined;
  const backend = isRecord(tab) ? tab.backend : undefined;
  return isRecord(backend) ? backend.socket : undefined;
}

/** Compose's `environment`, as a map or a list of NAME=value. */
function environmentOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value
        .filter((entry): entry is string => typeof entry === 'string' && entry.includes('='))
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
  }
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** Named-volume mounts of a service (`name:/target[:mode]`, or the long form). */
function volumeMounts(value: unknown): Array<{ volume: string; target: string }> {
  if (!Array.isArray(value)) return [];
  const mounts: Array<{ volume: string; target: string }> = [];
  for (const entry of value) {
    if (typeof entry === 'string') {
      const [source, target] = entry.split(':');
      // A path (./x, /x, ~/x) is a bind mount, not a named volume.
      if (source && target && !/^[./~]/.test(source)) mounts.push({ volume: source, target });
    } else if (isRecord(entry) && entry.type === 'volume') {
      if (typeof entry.source === 'string' && typeof entry.target === 'string') {
        mounts.push({ volume: entry.source, target: entry.target });
      }
    }
  }
  return mounts;
}

function isInside(file: string, folder: string): boolean {
  const relative = posix.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !posix.isAbsolute(relative);
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim();
  return name === '' || name === 'root' || name === '0';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
