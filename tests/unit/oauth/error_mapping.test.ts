// @vitest-environment node
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import {
  type ErrorContext,
  mapOAuthError,
  markNetworkFailures,
  NetworkFailure,
  type OAuthStep,
} from '../../../src/oauth/errorMapping';
import { AuthError, type AuthErrorReason, toAuthFailure } from '../../../src/oauth/errors';
import { textFor } from '../../../src/ui/texts';

const PROVIDER = 'Acme ID';
const SECRETS = ['the-code-value', 'the-verifier-value', 'the-state-value', 'the-access-token'];

function map(
  error: unknown,
  step: OAuthStep = 'token',
  extra: Partial<ErrorContext> = {},
): AuthError {
  const mapped = mapOAuthError(error, { step, secrets: SECRETS, ...extra });
  expect(mapped).toBeInstanceOf(AuthError);
  const authError = mapped as AuthError;
  // Every failure reads as a sentence (src/ui/texts.ts); the message is the step and a few
  // technical words; no message, text or detail carries a secret.
  expect(said(authError)).toMatch(/^[A-Z].*[.]$/);
  expect(authError.message).toMatch(new RegExp(`^${step}: (HTTP )?[a-z0-9]`));
  expect(authError.step).toBe(step);
  for (const secret of SECRETS) {
    expect(authError.message).not.toContain(secret);
    expect(said(authError)).not.toContain(secret);
    expect(authError.detail ?? '').not.toContain(secret);
    expect(authError.description ?? '').not.toContain(secret);
  }
  expect(authError.detail).toBeTruthy();
  return authError;
}

/** What a person reads about `error`, as the views word it. */
function said(error: AuthError): string {
  return textFor(error, PROVIDER);
}

function bodyError(status: number, body: oauth.OAuth2Error): oauth.ResponseBodyError {
  return new oauth.ResponseBodyError('server responded with an error in the response body', {
    cause: body,
    response: new Response(null, { status }),
  });
}

function redirectError(query: string): oauth.AuthorizationResponseError {
  return new oauth.AuthorizationResponseError(
    'authorization response from the server is an error',
    {
      cause: new URLSearchParams(query),
    },
  );
}

function processingError(code: string, cause?: unknown): oauth.OperationProcessingError {
  return new oauth.OperationProcessingError('"response" could not be processed', { code, cause });
}

function timeoutSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  return controller.signal;
}

describe('mapOAuthError', () => {
  describe('token endpoint errors (RFC 6749 §5.2)', () => {
    it('explains invalid_grant at the code exchange as a used or expired code', () => {
      const error = map(
        bodyError(400, { error: 'invalid_grant', error_description: 'grant request is invalid' }),
        'token',
      );
      expect(error).toMatchObject({
        reason: 'token_error',
        oauthError: 'invalid_grant',
        status: 400,
        description: 'grant request is invalid',
        message: 'token: error invalid_grant',
      });
      expect(said(error)).toBe(
        'The sign-in code was already used or has expired. Please sign in again.',
      );
      expect(error.detail).toContain('HTTP 400');
    });

    it('explains invalid_grant at a refresh as an ended session', () => {
      expect(said(map(bodyError(400, { error: 'invalid_grant' }), 'refresh'))).toBe(
        `Your session at ${PROVIDER} has ended. Please sign in again.`,
      );
      expect(said(map(bodyError(400, { error: 'invalid_grant' }), 'userinfo'))).toContain(
        'sign in again',
      );
    });

    it.each([
      ['invalid_client', /client ID/],
      ['unauthorized_client', /does not allow this application/],
      ['invalid_scope', /scopes/],
      ['unsupported_grant_type', /does not allow this application/],
      ['invalid_request', /malformed/],
      ['invalid_token', /session at Acme ID has ended/],
      ['insufficient_scope', /scopes setting/],
      ['unsupported_token_type', /cannot revoke/],
      ['server_error', /temporarily unavailable/],
      ['temporarily_unavailable', /temporarily unavailable/],
      ['something_custom', /refused the request/],
    ])('explains %s in words', (code, message) => {
      const error = map(bodyError(400, { error: code }));
      expect(error.reason).toBe('token_error');
      expect(error.oauthError).toBe(code);
      expect(said(error)).toMatch(message);
    });

    it('maps a WWW-Authenticate challenge with an error like a body error', () => {
      const challenge = new oauth.WWWAuthenticateChallengeError('challenge', {
        cause: [
          {
            scheme: 'bearer',
            parameters: { error: 'invalid_token', error_description: 'expired' },
          },
        ],
        response: new Response(null, { status: 401 }),
      });
      expect(map(challenge, 'userinfo')).toMatchObject({
        reason: 'token_error',
        oauthError: 'invalid_token',
        status: 401,
      });
    });

    it('maps a challenge without an error as an HTTP error', () => {
      const challenge = new oauth.WWWAuthenticateChallengeError('challenge', {
        cause: [{ scheme: 'basic', parameters: { realm: 'acme' } }],
        response: new Response(null, { status: 401 }),
      });
      expect(map(challenge)).toMatchObject({ reason: 'http_error', status: 401 });
    });
  });

  describe('redirect errors (RFC 6749 §4.1.2.1)', () => {
    it('maps access_denied to a declined sign-in, the description in the detail', () => {
      const error = map(
        redirectError('error=access_denied&error_description=User+cancelled'),
        'redirect',
      );
      expect(error).toMatchObject({
        reason: 'access_denied',
        oauthError: 'access_denied',
        description: 'User cancelled',
      });
      expect(said(error)).toBe(`You declined the sign-in at ${PROVIDER}.`);
      expect(error.detail).toContain('User cancelled');
    });

    it.each([
      'invalid_request',
      'unauthorized_client',
      'unsupported_response_type',
      'invalid_scope',
      'server_error',
      'temporarily_unavailable',
      'consent_required',
      'custom',
    ])('maps error=%s to an authorization error', (code) => {
      expect(map(redirectError(`error=${code}`), 'redirect')).toMatchObject({
        reason: 'authorization_error',
        oauthError: code,
      });
    });

    it('maps any other malformed answer to invalid_redirect', () => {
      expect(map(processingError(oauth.INVALID_RESPONSE), 'redirect').reason).toBe(
        'invalid_redirect',
      );
      expect(
        map(
          new oauth.UnsupportedOperationError('implicit and hybrid flows are not supported'),
          'redirect',
        ).reason,
      ).toBe('invalid_redirect');
    });
  });

  describe("oauth4webapi's redirect validation (state, iss: RFC 9207)", () => {
    const as = {
      issuer: 'https://auth.example.com',
      authorization_response_iss_parameter_supported: true,
    };
    const ISS = `iss=${encodeURIComponent(as.issuer)}`;

    /** What validateAuthResponse throws for `query`, expecting the state 'the-state-value'. */
    function validationError(query: string): unknown {
      try {
        oauth.validateAuthResponse(as, { client_id: 'x' }, new URLSearchParams(query), SECRETS[2]);
      } catch (error) {
        return error;
      }
      throw new Error('expected validateAuthResponse to throw');
    }

    it.each([
      [
        'another iss',
        `iss=https%3A%2F%2Fevil.example.com&state=${SECRETS[2]}&code=c`,
        'issuer_mismatch',
      ],
      ['no iss', `state=${SECRETS[2]}&code=c`, 'issuer_mismatch'],
      ['another state', `${ISS}&state=forged&code=c`, 'state_mismatch'],
      ['no state', `${ISS}&code=c`, 'state_mismatch'],
      ['state twice', `${ISS}&state=${SECRETS[2]}&state=x&code=c`, 'invalid_redirect'],
      ['a JARM response', `${ISS}&state=${SECRETS[2]}&response=x.y.z`, 'invalid_redirect'],
      ['an implicit-flow token', `${ISS}&state=${SECRETS[2]}&id_token=x.y.z`, 'invalid_redirect'],
    ])('tells %s apart (%s)', (_, query, reason) => {
      const error = map(validationError(query), 'redirect');
      expect(error.reason).toBe(reason);
      if (reason === 'issuer_mismatch') expect(said(error)).toMatch(/did not come from Acme ID/);
      if (reason === 'state_mismatch')
        expect(said(error)).toMatch(/does not belong to the sign-in/);
    });

    it("names the redirect's iss in the detail", () => {
      const error = map(validationError(`iss=https%3A%2F%2Fevil.example.com&state=s`), 'redirect');
      expect(error.detail).toContain('https://evil.example.com');
    });
  });

  describe('HTTP and answer errors', () => {
    it('maps an error status without an OAuth body to http_error with the status', () => {
      const html = new Response('<html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      });
      const error = map(processingError(oauth.RESPONSE_IS_NOT_CONFORM, html));
      expect(error).toMatchObject({ reason: 'http_error', status: 500 });
      expect(said(error)).toContain('HTTP 500');
      expect(error.detail).toContain('text/html');
      const notJson = new Response('Forbidden', {
        status: 403,
        headers: { 'content-type': 'text/plain' },
      });
      expect(map(processingError(oauth.RESPONSE_IS_NOT_JSON, notJson))).toMatchObject({
        reason: 'http_error',
        status: 403,
      });
    });

    it('points at the issuer setting when discovery finds nothing', () => {
      const error = map(
        processingError(oauth.RESPONSE_IS_NOT_CONFORM, new Response(null, { status: 404 })),
        'discovery',
      );
      expect(error.reason).toBe('http_error');
      expect(said(error)).toContain('issuer setting');
    });

    it.each([
      [
        'a non-JSON 200',
        processingError(oauth.RESPONSE_IS_NOT_JSON, new Response('<html>', { status: 200 })),
      ],
      [
        'an unparsable body',
        processingError(oauth.PARSE_ERROR, new SyntaxError('Unexpected token')),
      ],
      [
        'a missing access_token',
        processingError(oauth.INVALID_RESPONSE, { body: { access_token: 'the-access-token' } }),
      ],
      [
        'an unsupported token_type',
        new oauth.UnsupportedOperationError('unsupported `token_type` value'),
      ],
      [
        'a wrong nonce',
        processingError(oauth.JWT_CLAIM_COMPARISON, {
          claim: 'nonce',
          expected: 'the-state-value',
        }),
      ],
      ['an expired ID token', processingError(oauth.JWT_TIMESTAMP_CHECK, { claim: 'exp' })],
      [
        'another mismatched attribute',
        processingError(oauth.JSON_ATTRIBUTE_COMPARISON, { attribute: 'x' }),
      ],
      [
        'missing metadata',
        processingError(oauth.MISSING_SERVER_METADATA, { attribute: 'token_endpoint' }),
      ],
      [
        'an http endpoint',
        processingError(oauth.HTTP_REQUEST_FORBIDDEN, new URL('http://auth.example.com/token')),
      ],
    ])('maps %s to invalid_response', (_, error) => {
      expect(map(error).reason).toBe('invalid_response');
    });

    it('maps userinfo about another user to account_mismatch, which ends a session', () => {
      const error = map(processingError(oauth.JSON_ATTRIBUTE_COMPARISON, { attribute: 'sub' }));
      expect(error.reason).toBe('account_mismatch');
      expect(said(error)).toContain('another account');
    });

    it('maps a discovery document for another issuer to invalid_configuration of issuer', () => {
      const error = map(
        processingError(oauth.JSON_ATTRIBUTE_COMPARISON, {
          attribute: 'issuer',
          body: { issuer: 'https://auth.example.com/' },
        }),
        'discovery',
      );
      expect(error).toMatchObject({ reason: 'invalid_configuration', field: 'issuer' });
      expect(error.detail).toContain('https://auth.example.com/');
    });
  });

  describe('network, timeouts and cancellations', () => {
    it('maps a fetch TypeError to network_error, mentioning CORS in the detail', () => {
      const error = map(new NetworkFailure(new TypeError('Failed to fetch')));
      expect(error.reason).toBe('network_error');
      expect(said(error)).toBe(
        `Could not reach ${PROVIDER}. Check your internet connection and try again.`,
      );
      expect(error.detail).toContain('TypeError: Failed to fetch');
      expect(error.detail).toContain('CORS');
      expect(error.cause).toBeInstanceOf(TypeError);
    });

    it('does not mistake other TypeErrors (bugs, argument checks) for network failures', () => {
      const argumentError = Object.assign(new TypeError('"refreshToken" must be a string'), {
        code: 'ERR_INVALID_ARG_TYPE',
      });
      expect(map(argumentError).reason).toBe('invalid_response');
      expect(map(new TypeError('input.subarray is not a function')).reason).toBe(
        'invalid_response',
      );
    });

    it('marks exactly the TypeErrors of fetch as network failures', async () => {
      const offline = markNetworkFailures(() => async () => {
        throw new TypeError('Failed to fetch');
      });
      await expect(offline('https://auth.example.com/token', {})).rejects.toBeInstanceOf(
        NetworkFailure,
      );
      const abort = new DOMException('aborted', 'AbortError');
      const aborted = markNetworkFailures(() => async () => {
        throw abort;
      });
      await expect(aborted('https://auth.example.com/token', {})).rejects.toBe(abort);
    });

    it('calls fetch as a plain function (a browser fetch refuses another `this`)', async () => {
      let self: unknown = 'unset';
      const send = markNetworkFailures(
        () =>
          function (this: unknown) {
            self = this;
            return Promise.resolve(new Response(null));
          } as unknown as typeof fetch,
      );
      await send('https://auth.example.com/token', {});
      expect(self).toBeUndefined();
    });

    it('maps a timeout of the signal to exchange_timeout', () => {
      const signal = timeoutSignal();
      const error = map(signal.reason, 'token', { signal });
      expect(error.reason).toBe('exchange_timeout');
      expect(said(error)).toBe(`${PROVIDER} did not answer in time. Please try again.`);
    });

    it('decides by the signal, whatever error the aborted request surfaced', () => {
      expect(map(new TypeError('terminated'), 'token', { signal: timeoutSignal() }).reason).toBe(
        'exchange_timeout',
      );
    });

    it('maps a TimeoutError without a signal to exchange_timeout', () => {
      expect(map(new DOMException('timed out', 'TimeoutError')).reason).toBe('exchange_timeout');
    });

    it('passes a cancellation through as the AbortError itself', () => {
      const controller = new AbortController();
      controller.abort();
      const abort = controller.signal.reason as DOMException;
      expect(mapOAuthError(abort, { step: 'token', signal: controller.signal })).toBe(abort);
      expect(
        mapOAuthError(new TypeError('terminated'), {
          step: 'token',
          signal: controller.signal,
        }),
      ).toBe(abort);
      const loose = new DOMException('aborted', 'AbortError');
      expect(mapOAuthError(loose, { step: 'token' })).toBe(loose);
    });

    it('turns a custom abort reason into an AbortError', () => {
      const controller = new AbortController();
      controller.abort('user left');
      const mapped = mapOAuthError(new Error('x'), {
        step: 'token',
        signal: controller.signal,
      });
      expect(mapped).toBeInstanceOf(DOMException);
      expect(mapped.name).toBe('AbortError');
    });
  });

  describe('everything else', () => {
    it('keeps an AuthError as it is', () => {
      const original = new AuthError('state_mismatch', 'This sign-in answer does not belong here.');
      expect(mapOAuthError(original, { step: 'redirect' })).toBe(original);
    });

    it('maps an unknown failure to a generic sentence with the technical detail', () => {
      const error = map(new RangeError('boom'));
      expect(error.reason).toBe('invalid_response');
      expect(said(error)).toBe('Something unexpected went wrong while signing in.');
      expect(error.detail).toContain('RangeError: boom');
      expect(map('a string').detail).toContain('a string');
    });

    it('redacts secrets the server echoes, also URL-encoded', () => {
      const secret = 'the/code+value';
      const mapped = mapOAuthError(
        bodyError(400, {
          error: 'invalid_grant',
          error_description: `code ${secret} or ${encodeURIComponent(secret)} is unknown`,
        }),
        { step: 'token', secrets: [secret] },
      ) as AuthError;
      expect(mapped.detail).toBe(
        'token: HTTP 400, error invalid_grant: code [redacted] or [redacted] is unknown',
      );
      expect(mapped.description).toBe('code [redacted] or [redacted] is unknown');
    });

    it('cleans control characters out of server text', () => {
      const mapped = map(
        bodyError(400, { error: 'invalid_grant', error_description: 'line one\nline two\u0007' }),
      );
      expect(mapped.description).toBe('line one line two');
    });

    it('produces every protocol reason, each with a plain failure the statechart can keep', () => {
      const produced = new Set<AuthErrorReason>(
        [
          map(bodyError(400, { error: 'invalid_grant' })),
          map(redirectError('error=access_denied'), 'redirect'),
          map(redirectError('error=server_error'), 'redirect'),
          map(processingError(oauth.INVALID_RESPONSE), 'redirect'),
          map(processingError(oauth.RESPONSE_IS_NOT_CONFORM, new Response(null, { status: 502 }))),
          map(processingError(oauth.PARSE_ERROR)),
          map(
            processingError(oauth.JSON_ATTRIBUTE_COMPARISON, { attribute: 'issuer', body: {} }),
            'discovery',
          ),
          map(new NetworkFailure(new TypeError('Failed to fetch'))),
          map(new DOMException('timed out', 'TimeoutError')),
        ].map((error) => {
          const failure = toAuthFailure(error);
          expect(JSON.parse(JSON.stringify(failure))).toEqual(failure);
          return failure.reason;
        }),
      );
      expect([...produced].sort()).toEqual(
        [
          'access_denied',
          'authorization_error',
          'exchange_timeout',
          'http_error',
          'invalid_configuration',
          'invalid_redirect',
          'invalid_response',
          'network_error',
          'token_error',
        ].sort(),
      );
    });
  });
});
