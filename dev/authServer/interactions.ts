/**
 * The login and consent pages of the embedded authorization server (they replace oidc-provider's
 * devInteractions). oidc-provider sends the browser to `/interaction/<uid>`; these handlers
 * render a page, read the submitted form and hand the result back with `interactionFinished`,
 * which redirects the browser to the provider to finish the authorization request.
 *
 * Routes: GET  /interaction/<uid>          the login or consent page, whichever is due
 *         POST /interaction/<uid>/login    username + password
 *         POST /interaction/<uid>/confirm  decision=allow|deny
 *         POST /interaction/<uid>/abort    "Cancel" on the login page
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionResults, Provider } from 'oidc-provider';
import { authenticate, usernameOf } from './account';
import {
  consentPage,
  errorPage,
  loginPage,
  type PageSite,
  WRONG_CREDENTIALS_MESSAGE,
} from './pages';

export const INTERACTION_PATH_PREFIX = '/interaction/';

const FORM_BODY_LIMIT = 16 * 1024;

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** A request this server cannot use: answered 400 with the message. */
class BadRequest extends Error {}
/** No such page: answered 404. */
class NotFound extends Error {}
/** The interaction is over or belongs to another tab: answered 400, "start again". */
class ExpiredInteraction extends Error {}

/** Answers a request under /interaction/; the caller checked the prefix. */
export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  site: PageSite,
): Promise<void> {
  try {
    const [uid = '', action = '', ...rest] = pathname
      .slice(INTERACTION_PATH_PREFIX.length)
      .split('/')
      .map(decodeURIComponent);
    if (rest.length > 0 || uid === '') throw new NotFound();
    const method = req.method ?? 'GET';
    if (action === '' && (method === 'GET' || method === 'HEAD')) {
      return await showPage(provider, req, res, uid, site);
    }
    if (method !== 'POST') throw new NotFound();
    switch (action) {
      case 'login':
        return await submitLogin(provider, req, res, uid, site);
      case 'confirm':
        return await submitConsent(provider, req, res, uid);
      case 'abort':
        return await finishDenied(provider, req, res, uid, 'The user cancelled the sign-in.');
      default:
        throw new NotFound();
    }
  } catch (error) {
    renderFailure(res, error, site);
  }
}

async function currentInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<Interaction> {
  const interaction = await provider.interactionDetails(req, res);
  // The cookie names the interaction; the URL must agree (e.g. an old tab of an earlier login).
  if (interaction.uid !== uid) throw new ExpiredInteraction();
  return interaction;
}

async function showPage(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  site: PageSite,
): Promise<void> {
  const interaction = await currentInteraction(provider, req, res, uid);
  const clientName = await clientNameOf(provider, interaction);
  switch (interaction.prompt.name) {
    case 'login':
      return sendHtml(res, 200, loginPage({ site, uid, clientName }));
    case 'consent':
      return sendHtml(
        res,
        200,
        consentPage({
          site,
          uid,
          clientName,
          scopes: requestedScopes(interaction),
          username: usernameOf(interaction.session?.accountId ?? '') ?? '',
        }),
      );
    default:
      throw new BadRequest(`This server has no page for the "${interaction.prompt.name}" step.`);
  }
}

async function submitLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  site: PageSite,
): Promise<void> {
  const interaction = await currentInteraction(provider, req, res, uid);
  if (interaction.prompt.name !== 'login') throw new ExpiredInteraction();
  const form = await readForm(req);
  const username = form.get('username') ?? '';
  const accountId = authenticate(username, form.get('password') ?? '');
  if (accountId === undefined) {
    const clientName = await clientNameOf(provider, interaction);
    return sendHtml(
      res,
      200,
      loginPage({ site, uid, clientName, username, error: WRONG_CREDENTIALS_MESSAGE }),
    );
  }
  const result: InteractionResults = { login: { accountId, amr: ['pwd'] } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function submitConsent(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<void> {
  const interaction = await currentInteraction(provider, req, res, uid);
  if (interaction.prompt.name !== 'consent') throw new ExpiredInteraction();
  const decision = (await readForm(req)).get('decision');
  if (decision === 'deny') {
    return finishDenied(provider, req, res, uid, 'The user denied the request.');
  }
  if (decision !== 'allow') throw new BadRequest('Choose Allow or Deny.');

  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== 'string') throw new ExpiredInteraction();

  // Grant what the provider found missing; an earlier grant for this client is extended.
  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const { details } = interaction.prompt;
  const missingScopes = stringArray(details.missingOIDCScope);
  if (missingScopes.length > 0) grant.addOIDCScope(missingScopes);
  const missingClaims = stringArray(details.missingOIDCClaims);
  if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
  const missingResourceScopes = details.missingResourceScopes;
  if (missingResourceScopes && typeof missingResourceScopes === 'object') {
    for (const [indicator, scopes] of Object.entries(missingResourceScopes)) {
      grant.addResourceScope(indicator, stringArray(scopes));
    }
  }
  const result: InteractionResults = { consent: { grantId: await grant.save() } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

/** Ends the interaction so the client gets `error=access_denied` on its redirect URI. */
async function finishDenied(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  description: string,
): Promise<void> {
  await currentInteraction(provider, req, res, uid);
  const result: InteractionResults = { error: 'access_denied', error_description: description };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

function requestedScopes(interaction: Interaction): string[] {
  const { scope } = interaction.params;
  return typeof scope === 'string' ? scope.split(' ') : [];
}

async function clientNameOf(provider: Provider, interaction: Interaction): Promise<string> {
  const clientId = String(interaction.params.client_id ?? '');
  const client = await provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new BadRequest('Expected a submitted form.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_BODY_LIMIT) throw new BadRequest('The form is too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function renderFailure(res: ServerResponse, error: unknown, site: PageSite): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const [status, title, message] = describeFailure(error);
  sendHtml(res, status, errorPage(title, message, site));
}

function describeFailure(error: unknown): [status: number, title: string, message: string] {
  if (error instanceof NotFound || error instanceof URIError) {
    return [404, 'Not found', 'There is no page here.'];
  }
  if (error instanceof BadRequest) return [400, 'Something is wrong', error.message];
  if (
    error instanceof ExpiredInteraction ||
    (error instanceof Error && error.name === 'SessionNotFound')
  ) {
    return [
      400,
      'This sign-in has expired',
      'This sign-in request has expired or was already completed. Go back to the application and sign in again.',
    ];
  }
  console.error('authServer: interaction failed', error);
  return [500, 'Something went wrong', 'The sign-in could not be completed.'];
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // No `form-action`: browsers apply it to the redirects that follow a submitted form too.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  );
  res.end(html);
}
