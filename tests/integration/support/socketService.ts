/**
 * `ddClient.extension.vm.service` as Docker Desktop provides it, over the backend's real unix
 * socket: JSON bodies; a 2xx answer resolves with the parsed body (or, `wrapped`, with Desktop
 * 4.42's `{ data, status, headers }`); a non-2xx rejects with a ServiceError carrying
 * `statusCode` and the body as its message; no answer rejects without `statusCode`.
 */
import { request } from 'node:http';
import type { DesktopBackend } from '../../../src/desktop/desktopClient';

export function socketService(
  socketPath: string,
  { wrapped = false }: { wrapped?: boolean } = {},
): DesktopBackend {
  const send = (method: string, path: string, data?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const body = data === undefined ? undefined : JSON.stringify(data);
      const req = request(
        {
          socketPath,
          path,
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
              reject(
                Object.assign(new Error(text || `HTTP ${status}`), {
                  name: 'ServiceError',
                  statusCode: status,
                }),
              );
              return;
            }
            const parsed = text === '' ? undefined : JSON.parse(text);
            resolve(wrapped ? { data: parsed, status, headers: res.headers } : parsed);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    get: (path) => send('GET', path),
    post: (path, data) => send('POST', path, data),
    delete: (path) => send('DELETE', path),
  };
}
