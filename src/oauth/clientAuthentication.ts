/**
 * How a confidential client authenticates at the token and revocation endpoints. Only the
 * extension's backend holds a secret: the page's provider configuration refuses one, and the
 * page never imports this module (so its code stays out of the UI bundle).
 */
import * as oauth from 'oauth4webapi';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post';

export interface ClientAuthentication {
  method: ClientAuthenticationMethod;
  /** Kept to be redacted from every message, like the codes and tokens. */
  secret: string;
  /** What oauth4webapi sends with each request. */
  auth: oauth.ClientAuth;
}

/** The client's secret, sent with HTTP Basic (default) or in the body. */
export function clientSecretAuthentication(
  secret: string,
  method: ClientAuthenticationMethod = 'client_secret_basic',
): ClientAuthentication {
  const auth =
    method === 'client_secret_post'
      ? oauth.ClientSecretPost(secret)
      : oauth.ClientSecretBasic(secret);
  return { method, secret, auth };
}
