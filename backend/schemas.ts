/**
 * JSON schemas of every route's body and answer. Bodies are refused before any handler runs
 * when a field is missing, of the wrong type, too long, or not expected; answers are
 * serialised through their schema, so a member it does not list (a refresh token) cannot leave
 * the backend even by mistake.
 */

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
/** Access tokens can be large JWTs (several kB at some providers). */
const token = text(16_384);
const time = { type: 'integer', minimum: 0 } as const;

function body(properties: Record<string, object>) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  } as const;
}

export const requestSchemas = {
  prepareAuthorization: body({ now: time }),
  validateRedirect: body({ search: text(8_192), state: text(512) }),
  exchangeCode: body({ params: text(8_192), state: text(512), now: time }),
  refresh: body({ accessToken: token, now: time }),
  revoke: body({ accessToken: token }),
  startDeviceAuthorization: body({ now: time }),
  pollDeviceToken: body({ deviceCode: text(512), now: time }),
};

const openObject = { type: 'object', additionalProperties: true } as const;

const pageTokens = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    tokenType: { type: 'string' },
    expiresAt: { type: 'number' },
    scope: { type: 'string' },
    idTokenClaims: openObject,
    refreshable: { type: 'boolean' },
  },
  required: ['accessToken', 'tokenType', 'refreshable'],
  additionalProperties: false,
} as const;

const error = {
  type: 'object',
  properties: {
    reason: { type: 'string' },
    message: { type: 'string' },
    kind: { type: 'string' },
    step: { type: 'string' },
    detail: { type: 'string' },
    oauthError: { type: 'string' },
    status: { type: 'integer' },
    field: { type: 'string' },
    revocationPage: { type: 'string' },
  },
  required: ['reason', 'message'],
  additionalProperties: false,
} as const;

/** `{ ok: false, error }`: every 4xx and 5xx answer. */
export const errorEnvelope = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, error },
  required: ['ok', 'error'],
  additionalProperties: false,
} as const;

/** The 200 answer: `{ ok: true, ...result }` or a protocol failure `{ ok: false, error }`. */
function answer(result: Record<string, object>) {
  return {
    200: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, error, ...result },
      required: ['ok'],
      additionalProperties: false,
    },
    '4xx': errorEnvelope,
    '5xx': errorEnvelope,
  } as const;
}

export const responseSchemas = {
  prepareAuthorization: answer({
    pending: {
      type: 'object',
      properties: {
        state: { type: 'string' },
        nonce: { type: 'string' },
        redirectUri: { type: 'string' },
        startedAt: { type: 'number' },
        authorizationUrl: { type: 'string' },
      },
      required: ['state', 'redirectUri', 'startedAt', 'authorizationUrl'],
      additionalProperties: false,
    },
  }),
  validateRedirect: answer({
    redirect: {
      type: 'object',
      properties: { params: { type: 'string' } },
      required: ['params'],
      additionalProperties: false,
    },
  }),
  tokens: answer({ tokens: pageTokens }),
  session: answer({ tokens: { ...pageTokens, type: ['object', 'null'] } }),
  userProfile: answer({
    profile: {
      type: 'object',
      properties: {
        subject: { type: 'string' },
        name: { type: 'string' },
        username: { type: 'string' },
        email: { type: 'string' },
        picture: { type: 'string' },
        claims: openObject,
      },
      required: ['subject', 'claims'],
      additionalProperties: false,
    },
  }),
  revoke: answer({ revoked: { type: 'boolean' } }),
  startDeviceAuthorization: answer({
    device: {
      type: 'object',
      properties: {
        deviceCode: { type: 'string' },
        userCode: { type: 'string' },
        verificationUri: { type: 'string' },
        verificationUriComplete: { type: 'string' },
        intervalMs: { type: 'number' },
        startedAt: { type: 'number' },
        expiresAt: { type: 'number' },
      },
      required: [
        'deviceCode',
        'userCode',
        'verificationUri',
        'intervalMs',
        'startedAt',
        'expiresAt',
      ],
      additionalProperties: false,
    },
  }),
  pollDeviceToken: answer({
    poll: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['pending', 'slow_down', 'tokens'] },
        intervalMs: { type: 'number' },
        tokens: pageTokens,
      },
      required: ['status'],
      additionalProperties: false,
    },
  }),
  done: answer({}),
};
