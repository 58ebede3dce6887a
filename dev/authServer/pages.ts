/**
 * The server-rendered pages of the embedded authorization server: plain HTML forms with
 * labels, no script, no external assets, so they work in any browser and in headless tests.
 * Every page names the provider (the name the extension's "Sign in with …" button shows), and
 * the login page shows the demo account, so a person trying the demo needs no README.
 */

export const WRONG_CREDENTIALS_MESSAGE = 'Wrong username or password.';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;padding:2rem 1rem}
main{max-width:24rem;margin:0 auto}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit}
button{font:inherit;padding:.5rem 1rem;margin-top:1rem;cursor:pointer}
.actions{display:flex;gap:.5rem;align-items:baseline}
.error{border-left:4px solid #c62828;padding:.25rem .75rem}
.muted{opacity:.8;font-size:.9em}
.brand{font-weight:700;letter-spacing:.02em;margin:0 0 1.5rem}
.hint{border-left:4px solid #1d63ed;padding:.25rem .75rem}
`;

/** Who the pages speak for. */
export interface PageSite {
  /** The provider's name, as the extension shows it ("Sign in with <name>"). */
  providerName: string;
  /** Shown on the login page: the server is a demo, its account is no secret. */
  demoAccount?: { username: string; password: string };
}

export const DEFAULT_SITE: PageSite = { providerName: 'Demo authorization server' };

function layout(title: string, body: string, site: PageSite): string {
  // The empty icon keeps the browser from asking for /favicon.ico (a 404 in the console).
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · ${escapeHtml(site.providerName)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">${escapeHtml(site.providerName)}</p>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  site: PageSite;
  uid: string;
  clientName: string;
  username?: string;
  error?: string;
}

export function loginPage({ site, uid, clientName, username = '', error }: LoginPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : '';
  const account = site.demoAccount;
  const hint = account
    ? `<p class="hint">A demo: sign in as <strong>${escapeHtml(account.username)}</strong> with the password <strong>${escapeHtml(account.password)}</strong>.</p>\n`
    : '';
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${hint}${alert}<form method="post" action="${base}/login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"${username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${username ? ' autofocus' : ''}>
<div class="actions">
<button type="submit">Sign in</button>
<button type="submit" form="cancel">Cancel</button>
</div>
</form>
<form id="cancel" method="post" action="${base}/abort"></form>`,
    site,
  );
}

/** Human words for the scopes the consent page asks about; `openid` alone needs none. */
const SCOPE_WORDS: ReadonlyArray<readonly [scope: string, short: string, long: string]> = [
  ['profile', 'profile', 'Your name, username and picture'],
  ['email', 'email', 'Your email address'],
  [
    'offline_access',
    'offline access',
    'Offline access: stay signed in while you are away (a refresh token)',
  ],
];

function listInWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export interface ConsentPageInput {
  site: PageSite;
  uid: string;
  clientName: string;
  /** The scopes of the authorization request, as the provider kept them. */
  scopes: string[];
  username: string;
}

export function consentPage({ site, uid, clientName, scopes, username }: ConsentPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const asked = SCOPE_WORDS.filter(([scope]) => scopes.includes(scope));
  const client = `<strong>${escapeHtml(clientName)}</strong>`;
  const summary =
    asked.length > 0
      ? `${client} wants to access your ${listInWords(asked.map(([, short]) => short))}.`
      : `${client} wants to confirm who you are.`;
  const details =
    asked.length > 0
      ? `<ul>\n${asked.map(([, , long]) => `<li>${escapeHtml(long)}</li>`).join('\n')}\n</ul>\n`
      : '';
  return layout(
    'Authorize access',
    `<h1>Authorize access</h1>
<p>${summary}</p>
${details}<p class="muted">Signed in as ${escapeHtml(username)}.</p>
<form method="post" action="${base}/confirm">
<div class="actions">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
    site,
  );
}

/**
 * The device flow's pages (RFC 8628 §3.3): oidc-provider hands in its own form (`form`, with
 * its CSRF token), these pages put it in the site's layout with labels and buttons.
 */
export function deviceCodePage(site: PageSite, form: string, error?: string): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : '';
  return layout(
    'Connect a device',
    `<h1>Connect a device</h1>
${alert}<p><label for="user-code">Enter the code the extension shows</label></p>
${form.replace('<input\n', '<input id="user-code"\n').replace('></input>', '>')}
<button type="submit" form="op.deviceInputForm">Continue</button>`,
    site,
  );
}

export function deviceConfirmPage(
  site: PageSite,
  form: string,
  clientName: string,
  userCode: string,
): string {
  return layout(
    'Confirm the code',
    `<h1>Confirm the code</h1>
<p><strong>${escapeHtml(clientName)}</strong> should show this code:</p>
<p><strong>${escapeHtml(userCode)}</strong></p>
<p class="muted">If it does not, or you did not start this sign-in, press Abort.</p>
${form}
<div class="actions">
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>
</div>`,
    site,
  );
}

export function deviceSuccessPage(site: PageSite, clientName: string): string {
  return layout(
    'Device connected',
    `<h1>Device connected</h1>\n<p>You are signed in to <strong>${escapeHtml(clientName)}</strong>. You can close this tab.</p>`,
    site,
  );
}

/**
 * OpenID Connect RP-Initiated Logout: the question oidc-provider asks before it ends the
 * session (its form carries the CSRF token), and the page after.
 */
export function logoutPage(site: PageSite, form: string): string {
  return layout(
    'Sign out',
    `<h1>Sign out of ${escapeHtml(site.providerName)}?</h1>
<p>You will have to sign in again at ${escapeHtml(site.providerName)}, in every application.</p>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>
</div>`,
    site,
  );
}

export function signedOutPage(site: PageSite): string {
  return layout(
    'Signed out',
    `<h1>Signed out</h1>\n<p>You are signed out of ${escapeHtml(site.providerName)}. You can close this tab.</p>`,
    site,
  );
}

export function errorPage(title: string, message: string, site: PageSite = DEFAULT_SITE): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, site);
}
