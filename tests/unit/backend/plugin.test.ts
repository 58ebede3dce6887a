// @vitest-environment node
/**
 * The backend's routes mounted in an extension's own Fastify application (`oauthBackend`, the
 * package's `/backend` entry), beside the author's routes, under a prefix.
 */
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { oauthBackend } from '../../../backend/index';
import { fakeOAuth, T0 } from '../machines/support';
import { provider, temporaryFolder } from './support';

describe('oauthBackend, mounted in an extension’s own Fastify', () => {
  it('answers its routes under the prefix, and leaves the author’s routes alone', async () => {
    const oauth = fakeOAuth();
    const app = Fastify();
    onTestFinished(() => app.close());
    app.get('/hello', async () => ({ hello: 'world' }));
    await app.register(oauthBackend, {
      prefix: '/oauth',
      provider,
      sessionFile: join(temporaryFolder(), 'session.json'),
      oauth,
      clock: { now: () => T0 },
    });

    const session = await app.inject({ method: 'GET', url: '/oauth/session' });
    expect(session.json()).toEqual({ ok: true, tokens: null });
    const prepared = await app.inject({
      method: 'POST',
      url: '/oauth/prepare-authorization',
      payload: { now: T0 },
    });
    expect(prepared.json()).toMatchObject({ ok: true });
    expect(oauth.prepareAuthorization).toHaveBeenCalledOnce();
    // Its error handler answers its envelope; the author's routes are untouched.
    const refused = await app.inject({
      method: 'POST',
      url: '/oauth/prepare-authorization',
      payload: { now: 'yesterday' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ ok: false });
    expect((await app.inject({ method: 'GET', url: '/hello' })).json()).toEqual({ hello: 'world' });
    expect((await app.inject({ method: 'GET', url: '/session' })).statusCode).toBe(404);
  });
});
