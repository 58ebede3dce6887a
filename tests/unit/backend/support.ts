/**
 * The backend with a scripted protocol client (the statechart tests' fake) and a session file
 * in a fresh temporary folder; its log lines are captured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type Backend, createBackend } from '../../../backend/app';
import { loadProviderConfig } from '../../../src/oauth/config';
import type { ProviderConfig } from '../../../src/oauth/types';
import { fakeOAuth, T0 } from '../machines/support';

export const provider: ProviderConfig = loadProviderConfig({
  displayName: 'Acme ID',
  issuer: 'https://id.example.test',
  clientId: 'docker-extension',
  extensionId: 'acme/oauth-extension',
});

/** A fresh folder, removed when the test ends. */
export function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'backend-test-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export interface TestBackend {
  app: Backend;
  oauth: ReturnType<typeof fakeOAuth>;
  sessionFile: string;
  logs: string[];
  clock: { time: number; now(): number };
  /** A JSON request through `inject()`; answers the status and the parsed body. */
  call(
    method: 'GET' | 'POST' | 'DELETE' | 'PUT',
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }>;
}

export async function testBackend(
  options: { sessionFile?: string; oauth?: ReturnType<typeof fakeOAuth> } = {},
): Promise<TestBackend> {
  const sessionFile = options.sessionFile ?? join(temporaryFolder(), 'session.json');
  const oauth = options.oauth ?? fakeOAuth();
  const logs: string[] = [];
  const clock = {
    time: T0,
    now() {
      return this.time;
    },
  };
  const app = await createBackend({
    provider,
    sessionFile,
    oauth,
    clock,
    log: { level: 'trace', stream: { write: (line) => logs.push(line) } },
  });
  onTestFinished(() => app.close());
  return {
    app,
    oauth,
    sessionFile,
    logs,
    clock,
    async call(method, url, payload) {
      const response = await app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return {
        status: response.statusCode,
        body: response.body === '' ? {} : response.json(),
        headers: response.headers,
      };
    },
  };
}
