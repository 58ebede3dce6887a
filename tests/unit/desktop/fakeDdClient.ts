import type { v1 } from '@docker/extension-api-client-types';
import { type Mock, vi } from 'vitest';

/** A stand-in for what Docker Desktop injects as `window.ddClient`, typed by the v1 API. */
export interface FakeDdClient {
  client: v1.DockerDesktopClient;
  openExternal: Mock<(url: string) => void>;
  toast: {
    success: Mock<(msg: string) => void>;
    warning: Mock<(msg: string) => void>;
    error: Mock<(msg: string) => void>;
  };
  service:
    | {
        get: Mock<v1.HttpService['get']>;
        post: Mock<v1.HttpService['post']>;
        delete: Mock<v1.HttpService['delete']>;
      }
    | undefined;
}

/** Parts of the client this project does not use: touching one fails the test loudly. */
function notFaked<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      throw new Error(`The fake ddClient does not implement ${name}.${String(property)}`);
    },
  });
}

export function fakeDdClient(options: { withBackend?: boolean } = {}): FakeDdClient {
  const openExternal = vi.fn<(url: string) => void>();
  const toast = {
    success: vi.fn<(msg: string) => void>(),
    warning: vi.fn<(msg: string) => void>(),
    error: vi.fn<(msg: string) => void>(),
  };
  const service = options.withBackend
    ? {
        get: vi.fn<v1.HttpService['get']>(),
        post: vi.fn<v1.HttpService['post']>(),
        delete: vi.fn<v1.HttpService['delete']>(),
      }
    : undefined;

  const host: v1.Host = { openExternal, platform: 'linux', arch: 'x64', hostname: 'test' };
  const desktopUI: v1.DesktopUI = {
    toast: toast satisfies v1.Toast,
    dialog: notFaked<v1.Dialog>('desktopUI.dialog'),
    navigate: notFaked<v1.NavigationIntents>('desktopUI.navigate'),
  };
  const vm: v1.ExtensionVM | undefined =
    service === undefined
      ? undefined
      : {
          cli: notFaked<v1.ExtensionCli>('extension.vm.cli'),
          service: {
            ...notFakedService(),
            get: service.get,
            post: service.post,
            delete: service.delete,
          },
        };
  const extension: v1.Extension =
    vm === undefined ? { image: 'acme/oauth-extension' } : { image: 'acme/oauth-extension', vm };
  const client: v1.DockerDesktopClient = {
    extension,
    desktopUI,
    host,
    docker: notFaked<v1.Docker>('docker'),
  };
  return { client, openExternal, toast, service };
}

function notFakedService(): Omit<v1.HttpService, 'get' | 'post' | 'delete'> {
  const fail = (method: string) => () =>
    Promise.reject(new Error(`service.${method} is not faked`));
  return {
    put: fail('put'),
    patch: fail('patch'),
    head: fail('head'),
    request: fail('request'),
  };
}
