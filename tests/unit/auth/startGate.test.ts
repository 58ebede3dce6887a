/**
 * The start gate (src/auth/startGate.ts): the statechart starts once what it needs is here;
 * what the person does meanwhile reaches it, in order; a failure is shown (and what was
 * waiting dropped), and "Try again" prepares again.
 */
import { describe, expect, it } from 'vitest';
import type { AuthActor } from '../../../src/auth/actor';
import { openStartGate } from '../../../src/auth/startGate';
import type { AuthEvent } from '../../../src/machines/authMachine';
import { AuthError } from '../../../src/oauth/errors';
import { deferred } from '../machines/support';

function fakeActor() {
  const received: AuthEvent[] = [];
  const send = (event: AuthEvent) => {
    received.push(event);
  };
  return { received, actor: { send } as unknown as AuthActor };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('openStartGate', () => {
  it('keeps the events sent while preparing and delivers them in order once started', async () => {
    const prepared = deferred<string>();
    const { actor, received } = fakeActor();
    const startedWith: string[] = [];
    const gate = openStartGate(
      () => prepared.promise,
      (value) => {
        startedWith.push(value);
        return actor;
      },
    );
    const changes: string[] = [];
    gate.subscribe(() => changes.push(gate.getState().status));
    expect(gate.getState()).toEqual({ status: 'connecting' });
    gate.send({ type: 'SIGN_IN' });
    gate.send({ type: 'CANCEL' });
    expect(received).toEqual([]);

    prepared.resolve('layer');
    await settle();
    expect(startedWith).toEqual(['layer']);
    expect(gate.getState()).toEqual({ status: 'ready', actor });
    expect(received).toEqual([{ type: 'SIGN_IN' }, { type: 'CANCEL' }]);
    expect(changes).toEqual(['ready']);

    gate.send({ type: 'SIGN_OUT' });
    expect(received.at(-1)).toEqual({ type: 'SIGN_OUT' });
  });

  it('shows a failure as data, drops what waited, and prepares again on retry', async () => {
    let attempts = 0;
    const { actor, received } = fakeActor();
    const gate = openStartGate(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new AuthError('load_failed', 'no', { detail: 'TypeError: x' });
        return 'layer';
      },
      () => actor,
    );
    gate.send({ type: 'SIGN_IN' });
    await settle();
    expect(gate.getState()).toEqual({
      status: 'unavailable',
      failure: expect.objectContaining({ reason: 'load_failed', detail: 'TypeError: x' }),
    });
    // While failed, nothing is kept: the person sees the failure, not a later surprise.
    gate.send({ type: 'SIGN_IN' });

    gate.retry();
    expect(gate.getState()).toEqual({ status: 'connecting' });
    await settle();
    expect(attempts).toBe(2);
    expect(gate.getState()).toEqual({ status: 'ready', actor });
    expect(received).toEqual([]);

    gate.retry();
    expect(attempts).toBe(2);
  });

  it('never starts the actor once stopped while preparing, and stops a started one', async () => {
    const prepared = deferred<string>();
    let starts = 0;
    const { actor } = fakeActor();
    const gate = openStartGate(
      () => prepared.promise,
      () => {
        starts += 1;
        return actor;
      },
    );
    gate.stop();
    prepared.resolve('layer');
    await settle();
    expect(starts).toBe(0);
    expect(gate.getState()).toEqual({ status: 'connecting' });

    let stopped = 0;
    const running = { send: () => {}, stop: () => stopped++ } as unknown as AuthActor;
    const other = openStartGate(
      async () => 'layer',
      () => running,
    );
    await settle();
    other.stop();
    expect(stopped).toBe(1);
  });

  it('a start that throws is a failure too, not an unhandled rejection', async () => {
    const gate = openStartGate(
      async () => 'layer',
      () => {
        throw new Error('boom');
      },
    );
    await settle();
    expect(gate.getState()).toMatchObject({
      status: 'unavailable',
      failure: { reason: 'invalid_response', kind: 'unexpected', detail: 'Error: boom' },
    });
  });
});
