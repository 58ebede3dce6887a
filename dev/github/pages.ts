/**
 * The emulated GitHub's pages: sign-in, device activation (enter the code), authorize or cancel,
 * the outcome, and the list of authorized applications where a person revokes one. Plain HTML
 * forms with labels, no script and no external assets, like the embedded authorization
 * server's pages (dev/authServer/pages.ts), worded after GitHub's own.
 */
import { escapeHtml } from '../authServer/pages';

export const GITHUB_NAME = 'GitHub (emulated)';
export const INCORRECT_CODE_MESSAGE =
  'The code you entered is incorrect or has expired. Check the code your device shows.';
export const WRONG_PASSWORD_MESSAGE = 'Incorrect username or password.';

const STYLE = `
:root{color-scheme:light dark;font-family:-apple-system,system-ui,"Segoe UI",sans-serif;line-height:1.5}
body{margin:0;padding:2rem 1rem}
main{max-width:24rem;margin:0 auto}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit}
input.code{font-family:ui-monospace,monospace;font-size:1.5rem;text-transform:uppercase;letter-spacing:.2em;text-align:center}
button{font:inherit;padding:.5rem 1rem;margin-top:1rem;cursor:pointer}
.actions{display:flex;gap:.5rem;align-items:baseline}
.error{border-left:4px solid #cf222e;padding:.25rem .75rem}
.hint{border-left:4px solid #0969da;padding:.25rem .75rem}
.muted{opacity:.8;font-size:.9em}
.brand{font-weight:700;margin:0 0 1.5rem}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · ${GITHUB_NAME}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">${GITHUB_NAME}</p>
${body}
</main>
</body>
</html>
`;
}

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

const problem = (message: string | undefined) =>
  message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';

/** "Sign in to GitHub", showing the demo account (it is no secret: the server is a demo). */
export function signInPage(options: {
  action: string;
  csrf: string;
  next: string;
  demo: { username: string; password: string };
  error?: string;
}): string {
  return layout(
    'Sign in',
    `<h1>Sign in to GitHub</h1>
${problem(options.error)}
<p class="hint">Demo account: <strong>${escapeHtml(options.demo.username)}</strong> / <strong>${escapeHtml(options.demo.password)}</strong></p>
<form method="post" action="${escapeHtml(options.action)}">
${hidden('csrf', options.csrf)}${hidden('next', options.next)}
<label for="login">Username or email address</label>
<input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** "Device Activation": the person types the code the device (the extension) shows. */
export function activationPage(options: {
  action: string;
  csrf: string;
  login: string;
  userCode?: string;
  error?: string;
}): string {
  return layout(
    'Device activation',
    `<h1>Device Activation</h1>
<p>Signed in as <strong>${escapeHtml(options.login)}</strong>.</p>
${problem(options.error)}
<form method="post" action="${escapeHtml(options.action)}">
${hidden('csrf', options.csrf)}
<label for="user-code">Enter the code displayed on your device</label>
<input id="user-code" class="code" name="user_code" value="${escapeHtml(options.userCode ?? '')}" placeholder="XXXX-XXXX" autocomplete="off" spellcheck="false" required autofocus>
<button type="submit">Continue</button>
</form>`,
  );
}

/** "Authorize <app>": what the app asks for, with Authorize and Cancel. */
export function authorizePage(options: {
  action: string;
  csrf: string;
  userCode: string;
  appName: string;
  scopes: string[];
  login: string;
}): string {
  const scopes =
    options.scopes.length === 0
      ? '<li>Public information only (no scope)</li>'
      : options.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return layout(
    'Authorize application',
    `<h1>Authorize ${escapeHtml(options.appName)}</h1>
<p><strong>${escapeHtml(options.appName)}</strong> wants to access your <strong>${escapeHtml(options.login)}</strong> account:</p>
<ul>${scopes}</ul>
<form method="post" action="${escapeHtml(options.action)}">
${hidden('csrf', options.csrf)}${hidden('user_code', options.userCode)}
<div class="actions">
<button type="submit" name="decision" value="authorize">Authorize ${escapeHtml(options.appName)}</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  );
}

export function authorizedPage(appName: string): string {
  return layout(
    'Device activated',
    `<h1>Congratulations, you're all set!</h1>
<p>Your device is now connected to <strong>${escapeHtml(appName)}</strong>. You can close this tab.</p>`,
  );
}

export function cancelledPage(appName: string): string {
  return layout(
    'Authorization cancelled',
    `<h1>Authorization cancelled</h1>
<p><strong>${escapeHtml(appName)}</strong> was not given access to your account. You can close this tab.</p>`,
  );
}

/** Settings → Applications: the authorizations, each with Revoke. */
export function applicationsPage(options: {
  action: string;
  csrf: string;
  login: string;
  apps: { clientId: string; name: string; tokens: number }[];
}): string {
  const rows =
    options.apps.length === 0
      ? '<p>No authorized applications.</p>'
      : `<ul>${options.apps
          .map(
            (
              app,
            ) => `<li><strong>${escapeHtml(app.name)}</strong> (${app.tokens} token${app.tokens === 1 ? '' : 's'})
<form method="post" action="${escapeHtml(options.action)}">${hidden('csrf', options.csrf)}${hidden('client_id', app.clientId)}<button type="submit">Revoke</button></form></li>`,
          )
          .join('')}</ul>`;
  return layout(
    'Applications',
    `<h1>Authorized OAuth Apps</h1>
<p>Signed in as <strong>${escapeHtml(options.login)}</strong>.</p>
${rows}`,
  );
}

export function notFoundPage(): string {
  return layout('Not Found', '<h1>404</h1><p>This is not the web page you are looking for.</p>');
}

export function servicePage(status: number, message: string): string {
  return layout(String(status), `<h1>${status}</h1><p>${escapeHtml(message)}</p>`);
}
