// @vitest-environment node
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/oauth/errors';
import { parseRedirectQuery, redirectSearchParams } from '../../../src/oauth/redirect';
import type { OAuthClient, PendingAuthorization } from '../../../src/oauth/types';
import {
  authErrorOf,
  discoveryDocument,
  EXTENSION_ID,
  expectNoSecrets,
  fakeServer,
  ISSUER,
  json,
  PROVIDER,
  redirectFor,
  said,
  testClient,
} from './fakeServer';

describe('parseRedirectQuery', () => {
  it('recognises a code answer, with or without the leading ?', () => {
    expect(parseRedirectQuery('?code=abc&state=xyz')).toEqual({ kind: 'code' });
    expect(parseRedirectQuery('code=abc&state=xyz')).toEqual({ kind: 'code' });
  });

  it('recognises a server-re-encoded redirect and decodes the extension id', () => {
    expect(
      parseRedirectQuery(
        '?extensionId=acme%2Foauth-extension&code=abc&state=s&iss=https%3A%2F%2Fauth.example.com',
      ),
    ).toEqual({
      kind: 'code',
      extensionId: EXTENSION_ID,
    });
  });

  it('reads a whole redirect URL too', () => {
    expect(
      parseRedirectQuery(
        'docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension&code=abc#frag',
      ),
    ).toEqual({
      kind: 'code',
      extensionId: EXTENSION_ID,
    });
    expect(
      parseRedirectQuery(
        'https://open.docker.com/dashboard/extension-tab?extensionId=acme/oauth-extension&error=access_denied',
      ),
    ).toMatchObject({
      kind: 'error',
      error: 'access_denied',
    });
  });

  it('recognises an error answer with its description', () => {
    expect(
      parseRedirectQuery('?error=access_denied&error_description=The+user+said+no&state=s'),
    ).toEqual({
      kind: 'error',
      error: 'access_denied',
      errorDescription: 'The user said no',
    });
  });

  it('treats an answer with both error and code as an error', () => {
    expect(parseRedirectQuery('?code=abc&error=server_error').kind).toBe('error');
  });

  it('is "none" for an ordinary address', () => {
    for (const search of [
      '',
      '?',
      '?extensionId=acme%2Foauth-extension',
      '?code=',
      '?error=',
      '?state=abc',
      '#code=abc',
    ]) {
      expect(parseRedirectQuery(search)).toEqual({ kind: 'none' });
    }
  });

  it('is "none" for a redirect meant for another extension, when the id is given', () => {
    const search = '?extensionId=other%2Fext&code=abc';
    expect(parseRedirectQuery(search, { extensionId: EXTENSION_ID })).toEqual({ kind: 'none' });
    expect(parseRedirectQuery(search).kind).toBe('code');
    expect(parseRedirectQuery('?code=abc', { extensionId: EXTENSION_ID }).kind).toBe('code');
    expect(
      parseRedirectQuery('?extensionId=acme%2Foauth-extension&code=abc', {
        extensionId: EXTENSION_ID,
      }).kind,
    ).toBe('code');
  });

  it('never returns the code or the state', () => {
    const result = parseRedirectQuery('?code=secret-code&state=secret-state');
    expect(JSON.stringify(result)).not.toMatch(/secret/);
  });

  it('cleans the error description of control characters and bounds its length', () => {
    const result = parseRedirectQuery(
      `?error=x&error_description=${encodeURIComponent(`a\u0000b\nc${'d'.repeat(1000)}`)}`,
    );
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.errorDescription).toMatch(/^a b cd+…$/);
    expect(result.errorDescription?.length).toBeLessThanOrEqual(300);
  });

  // Ten thousand runs take seconds on a busy machine: a time limit, not an assertion.
  it('never throws, whatever the input (10,000 arbitrary strings)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.webQueryParameters(),
        ),
        (input) => {
          const result = parseRedirectQuery(input);
          expect(['code', 'error', 'none']).toContain(result.kind);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('never throws for values that are not even strings', () => {
    for (const input of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(parseRedirectQuery(input as unknown as string)).toEqual({ kind: 'none' });
    }
  });

  it('agrees with redirectSearchParams on which parameters are present', () => {
    expect(
      redirectSearchParams('docker-desktop://dashboard/extension-tab?extensionId=a/b&code=c').get(
        'code',
      ),
    ).toBe('c');
    expect(redirectSearchParams('?a=1?b=2').get('a')).toBe('1?b=2');
    expect(redirectSearchParams('a=1?b=2').get('a')).toBe('1?b=2');
  });
});

describe('validateRedirect', () => {
  let server: ReturnType<typeof fakeServer>;
  let client: OAuthClient;
  let pending: PendingAuthorization;

  beforeAll(async () => {
    server = fakeServer();
    client = testClient(server);
    pending = await client.prepareAuthorization({ now: 0 });
  });

  it('accepts the matching redirect and keeps its parameters for the exchange', async () => {
    const validated = await client.validateRedirect({ search: redirectFor(pending), pending });
    const params = new URLSearchParams(validated.params);
    expect(params.get('code')).toBe('authorization-code-1234');
    expect(params.get('state')).toBe(pending.state);
    expect(params.get('iss')).toBe(ISSUER);
  });

  it('accepts the server-re-encoded form of the registered redirect URI', async () => {
    const search = `?extensionId=acme%2Foauth-extension&code=abc&state=${encodeURIComponent(pending.state)}&iss=${encodeURIComponent(ISSUER)}`;
    const validated = await client.validateRedirect({ search, pending });
    expect(new URLSearchParams(validated.params).get('code')).toBe('abc');
  });

  it('rejects a redirect whose state does not match', async () => {
    const error = await authErrorOf(
      client.validateRedirect({ search: redirectFor(pending, { state: 'forged-state' }), pending }),
    );
    expect(error.reason).toBe('state_mismatch');
    expectNoSecrets(error, [pending.state, 'forged-state', 'authorization-code-1234']);
  });

  it('rejects a redirect without state, or with state twice', async () => {
    const withoutState = `?code=abc&iss=${encodeURIComponent(ISSUER)}`;
    expect(
      (await authErrorOf(client.validateRedirect({ search: withoutState, pending }))).reason,
    ).toBe('state_mismatch');
    const twice = `${redirectFor(pending)}&state=${pending.state}`;
    expect((await authErrorOf(client.validateRedirect({ search: twice, pending }))).reason).toBe(
      'invalid_redirect',
    );
  });

  it('does not trust an error answer whose state does not match', async () => {
    const search = redirectFor(pending, { state: 'forged', error: 'access_denied' });
    expect((await authErrorOf(client.validateRedirect({ search, pending }))).reason).toBe(
      'state_mismatch',
    );
  });

  it('rejects a redirect from another issuer (RFC 9207)', async () => {
    const error = await authErrorOf(
      client.validateRedirect({
        search: redirectFor(pending, {}, 'https://evil.example.com'),
        pending,
      }),
    );
    expect(error.reason).toBe('issuer_mismatch');
    expect(error.detail).toContain('https://evil.example.com');
  });

  it('requires iss when the provider announces RFC 9207 support', async () => {
    const search = `?code=abc&state=${pending.state}`;
    expect((await authErrorOf(client.validateRedirect({ search, pending }))).reason).toBe(
      'issuer_mismatch',
    );
  });

  it('does not require iss from a provider that does not announce it', async () => {
    const plain = fakeServer({
      '/.well-known/openid-configuration': () =>
        json(discoveryDocument(ISSUER, { authorization_response_iss_parameter_supported: false })),
    });
    const plainClient = testClient(plain);
    const plainPending = await plainClient.prepareAuthorization({ now: 0 });
    const search = `?code=abc&state=${plainPending.state}`;
    await expect(
      plainClient.validateRedirect({ search, pending: plainPending }),
    ).resolves.toBeDefined();
    const wrongIss = `${search}&iss=${encodeURIComponent('https://evil.example.com')}`;
    expect(
      (await authErrorOf(plainClient.validateRedirect({ search: wrongIss, pending: plainPending })))
        .reason,
    ).toBe('issuer_mismatch');
  });

  it("explains that the user declined, with the provider's description in the detail", async () => {
    const search = redirectFor(pending, {
      code: '',
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
    const error = await authErrorOf(client.validateRedirect({ search, pending }));
    expect(error.reason).toBe('access_denied');
    expect(said(error)).toBe(`You declined the sign-in at ${PROVIDER}.`);
    expect(error.oauthError).toBe('access_denied');
    expect(error.description).toBe('End-User aborted interaction');
    expect(error.detail).toContain('End-User aborted interaction');
  });

  it.each([
    'invalid_scope',
    'server_error',
    'temporarily_unavailable',
    'unauthorized_client',
    'invalid_request',
    'login_required',
    'something_new',
  ])('reports error=%s as an authorization error', async (code) => {
    const error = await authErrorOf(
      client.validateRedirect({ search: redirectFor(pending, { error: code }), pending }),
    );
    expect(error.reason).toBe('authorization_error');
    expect(error.oauthError).toBe(code);
    expect(said(error)).toMatch(/^[A-Z].*\.$/);
    expectNoSecrets(error, [pending.state, 'authorization-code-1234']);
  });

  it('rejects a redirect without a code', async () => {
    const search = `?state=${pending.state}&iss=${encodeURIComponent(ISSUER)}`;
    const error = await authErrorOf(client.validateRedirect({ search, pending }));
    expect(error.reason).toBe('invalid_redirect');
  });

  it('rejects implicit-flow and JARM answers', async () => {
    const extras: Array<Record<string, string>> = [
      { id_token: 'x.y.z' },
      { token: 'abc' },
      { response: 'jwt' },
    ];
    for (const extra of extras) {
      const error = await authErrorOf(
        client.validateRedirect({ search: redirectFor(pending, extra), pending }),
      );
      expect(error.reason).toBe('invalid_redirect');
    }
  });

  it('reports no pending sign-in for a missing or broken record', async () => {
    for (const broken of [
      undefined,
      null,
      {},
      { ...pending, state: '' },
      { ...pending, codeVerifier: 42 },
    ]) {
      const error = await authErrorOf(
        client.validateRedirect({
          search: redirectFor(pending),
          pending: broken as unknown as PendingAuthorization,
        }),
      );
      expect(error.reason).toBe('no_pending_login');
    }
  });

  it('rejects every arbitrary redirect with an AuthError unless its state is the pending state (10,000 runs)', {
    timeout: 120_000,
  }, async () => {
    const encoded = (value: string) => fc.constantFrom(value, encodeURIComponent(value));
    const junk = fc.string({ unit: 'binary', maxLength: 20 });
    const name = fc.oneof(
      fc.constantFrom(
        'code',
        'state',
        'iss',
        'error',
        'error_description',
        'extensionId',
        'response',
        'id_token',
        'token',
      ),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.constant(pending.state),
      encoded(ISSUER),
      fc.constantFrom('abc', 'access_denied', '', '%', '%zz', '+', '&', '='),
      junk,
    );
    const pair = fc.tuple(name, value).map(([k, v]) => `${k}=${v}`);
    const almost = (exact: string) =>
      fc.oneof(
        { arbitrary: fc.constant(exact), weight: 4 },
        fc.constantFrom(
          exact.slice(1),
          `${exact} `,
          `${exact}=`,
          exact.toUpperCase(),
          `${exact}%00`,
        ),
        junk,
      );
    // Plausible redirects with random damage: most are near-misses, some are right.
    const plausible = fc
      .record({
        extensionId: fc.option(fc.oneof(encoded(EXTENSION_ID), junk)),
        code: fc.option(fc.oneof({ arbitrary: fc.constant('abc'), weight: 4 }, junk), { freq: 10 }),
        state: fc.option(almost(pending.state), { freq: 10 }),
        secondState: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, almost(pending.state)),
        iss: fc.option(
          fc.oneof(
            { arbitrary: encoded(ISSUER), weight: 4 },
            almost(ISSUER),
            encoded('https://evil.example.com'),
          ),
        ),
        error: fc.oneof(
          { arbitrary: fc.constant(null), weight: 4 },
          fc.constantFrom('access_denied', 'server_error', ''),
        ),
        extra: fc.array(pair, { maxLength: 2 }),
      })
      .map((r) =>
        [
          r.extensionId === null ? [] : [`extensionId=${r.extensionId}`],
          r.code === null ? [] : [`code=${r.code}`],
          r.state === null ? [] : [`state=${r.state}`],
          r.secondState === null ? [] : [`state=${r.secondState}`],
          r.iss === null ? [] : [`iss=${r.iss}`],
          r.error === null ? [] : [`error=${r.error}`],
          r.extra,
        ]
          .flat()
          .join('&'),
      );
    const prefix = fc.constantFrom(
      '',
      '?',
      'docker-desktop://dashboard/extension-tab?',
      'https://open.docker.com/dashboard/extension-tab?',
    );
    const query = fc.oneof(
      { arbitrary: fc.tuple(prefix, plausible).map(([p, q]) => p + q), weight: 4 },
      fc.tuple(prefix, fc.array(pair, { maxLength: 7 })).map(([p, pairs]) => p + pairs.join('&')),
      fc.string({ unit: 'binary' }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    const reencoded = `?extensionId=acme%2Foauth-extension&code=abc&state=${pending.state}&iss=${encodeURIComponent(ISSUER)}`;
    const literal = `docker-desktop://dashboard/extension-tab?extensionId=acme/oauth-extension&code=abc&state=${pending.state}&iss=${ISSUER}`;

    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const states = redirectSearchParams(search).getAll('state');
        const outcome = await client.validateRedirect({ search, pending }).then(
          (validated) => ({ validated }),
          (error: unknown) => ({ error }),
        );
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(AuthError);
          const { reason } = outcome.error as AuthError;
          if (states.length !== 1 || states[0] !== pending.state) {
            expect(['state_mismatch', 'issuer_mismatch', 'invalid_redirect']).toContain(reason);
          }
        } else {
          accepted += 1;
          expect(states).toEqual([pending.state]);
          expect(new URLSearchParams(outcome.validated.params).get('code')).toBeTruthy();
        }
      }),
      { numRuns: 10_000, examples: [[reencoded], [literal]] },
    );
    // About one in ten is accepted: the property is not vacuous.
    expect(accepted).toBeGreaterThan(100);
  });
});
