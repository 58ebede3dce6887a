/**
 * Signs in through the embedded authorization server's pages without a browser: fetch with
 * `redirect: 'manual'`, redirects followed by hand, a small cookie jar, and the login and
 * consent forms read from the HTML and submitted the way a person would.
 */

import { DEMO_PASSWORD, DEMO_USERNAME } from '../../../dev/authServer/account';

export type HeadlessDecision = 'allow' | 'deny' | 'cancel-login';

export interface HeadlessLoginOptions {
  username?: string;
  password?: string;
  /** 'allow' (default) or 'deny' on the consent page; 'cancel-login' presses Cancel on login. */
  decision?: HeadlessDecision;
  /** Called with every HTML page on the way (login, consent), e.g. to check its content. */
  onPage?: (page: HtmlPage) => void;
}

export interface HtmlPage {
  status: number;
  url: string;
  html: string;
}

const MAX_STEPS = 20;

/**
 * Follows the authorization URL through login and consent until the server sends the browser
 * away from itself, to the client's redirect URI; answers that URL, unchanged (e.g.
 * `docker-desktop://dashboard/extension-tab?extensionId=acme%2Foauth-extension&code=...`).
 */
export async function headlessLogin(
  authorizationUrl: string | URL,
  {
    username = DEMO_USERNAME,
    password = DEMO_PASSWORD,
    decision = 'allow',
    onPage,
  }: HeadlessLoginOptions = {},
): Promise<string> {
  const browser = new HeadlessBrowser();
  let step = await browser.open(authorizationUrl);
  for (let i = 0; i < MAX_STEPS; i += 1) {
    if (step.kind === 'left') return step.location;
    const page = step.page;
    onPage?.(page);
    const forms = parseForms(page.html);
    if (findInput(forms, 'password')) {
      if (decision === 'cancel-login') {
        step = await browser.submit(page, forms, { button: 'Cancel' });
        continue;
      }
      step = await browser.submit(page, forms, { fields: { username, password } });
      if (step.kind === 'page' && findInput(parseForms(step.page.html), 'password')) {
        throw new Error(`Sign-in refused: ${textOf(step.page.html)}`);
      }
      continue;
    }
    if (decision !== 'cancel-login' && findButton(forms, decision === 'allow' ? 'Allow' : 'Deny')) {
      step = await browser.submit(page, forms, { button: decision === 'allow' ? 'Allow' : 'Deny' });
      continue;
    }
    throw new Error(`Unexpected page (${page.status}) at ${page.url}: ${textOf(page.html)}`);
  }
  throw new Error(`No redirect to the client after ${MAX_STEPS} steps`);
}

/** Opens the authorization URL, submits a wrong password and answers the page that follows. */
export async function loginPageAfterWrongPassword(
  authorizationUrl: string | URL,
  { username = DEMO_USERNAME, password = 'not-the-password' }: HeadlessLoginOptions = {},
): Promise<HtmlPage> {
  const browser = new HeadlessBrowser();
  const step = await browser.open(authorizationUrl);
  if (step.kind !== 'page') throw new Error(`Expected the login page, went to ${step.location}`);
  const forms = parseForms(step.page.html);
  if (!findInput(forms, 'password')) {
    throw new Error(`Expected the login page, got: ${textOf(step.page.html)}`);
  }
  const next = await browser.submit(step.page, forms, { fields: { username, password } });
  if (next.kind !== 'page') throw new Error(`Expected a page, went to ${next.location}`);
  return next.page;
}

export interface HeadlessDeviceOptions {
  username?: string;
  password?: string;
  /** 'allow' (default): Continue, Allow, Authorize; 'deny': Abort, Deny, Cancel. */
  decision?: 'allow' | 'deny';
  onPage?: (page: HtmlPage) => void;
}

/**
 * What a person does for a device sign-in (RFC 8628 §3.3), through the verification page's
 * forms: sign in, enter the code, confirm, then allow or deny. Works with oidc-provider's device
 * pages (dev/authServer) and the emulated GitHub's (dev/github). Answers the last page (the
 * success or cancellation page); throws when the server refuses the code or the password.
 */
export async function headlessDeviceAuthorization(
  verificationUrl: string | URL,
  userCode: string,
  {
    username = DEMO_USERNAME,
    password = DEMO_PASSWORD,
    decision = 'allow',
    onPage,
  }: HeadlessDeviceOptions = {},
): Promise<HtmlPage> {
  const browser = new HeadlessBrowser();
  let step = await browser.open(verificationUrl);
  let codeEntered = false;
  let declined = false;
  for (let i = 0; i < MAX_STEPS; i += 1) {
    if (step.kind === 'left') {
      throw new Error(`The verification page sent the browser away: ${step.location}`);
    }
    const page = step.page;
    onPage?.(page);
    const forms = parseForms(page.html);
    const buttons = forms.flatMap((form) => form.buttons.map((button) => button.text));
    // After Abort, oidc-provider shows its code page again, saying the sign-in was cancelled.
    if (declined) return page;
    if (findInput(forms, 'password')) {
      const field = findInput(forms, 'login') ? 'login' : 'username';
      step = await browser.submit(page, forms, { fields: { [field]: username, password } });
      if (step.kind === 'page' && findInput(parseForms(step.page.html), 'password')) {
        throw new Error(`Sign-in refused: ${textOf(step.page.html)}`);
      }
      continue;
    }
    const choice = findInput(forms, 'confirm')
      ? decision === 'allow'
        ? 'Continue'
        : 'Abort'
      : decision === 'allow'
        ? buttons.find((text) => text === 'Allow' || text.startsWith('Authorize'))
        : buttons.find((text) => ['Deny', 'Cancel'].includes(text));
    if (choice) {
      declined = decision === 'deny';
      step = await browser.submit(page, forms, { button: choice });
      continue;
    }
    if (findInput(forms, 'user_code')) {
      const codeForm = forms.find((form) => 'user_code' in form.inputs);
      if (codeForm && codeForm.buttons.length === 0 && codeEntered) {
        // oidc-provider's form_post page (a script would submit it): submit it as is.
        step = await browser.submit(page, [codeForm], { fields: {} });
        continue;
      }
      if (codeEntered) throw new Error(`The code was refused: ${textOf(page.html)}`);
      codeEntered = true;
      step = await browser.submit(page, forms, { fields: { user_code: userCode } });
      continue;
    }
    return page;
  }
  throw new Error(`The device sign-in did not end after ${MAX_STEPS} steps`);
}

/** Where one request ended: an HTML page on the server, or a redirect that leaves it. */
type Step = { kind: 'page'; page: HtmlPage } | { kind: 'left'; location: string };

class HeadlessBrowser {
  private readonly jar = new CookieJar();
  private serverOrigin = '';

  async open(url: string | URL): Promise<Step> {
    const target = new URL(url);
    this.serverOrigin = target.origin;
    return this.follow(target, { method: 'GET' });
  }

  async submit(
    page: HtmlPage,
    forms: ParsedForm[],
    { fields = {}, button }: { fields?: Record<string, string>; button?: string },
  ): Promise<Step> {
    const submitter = button ? findButton(forms, button) : undefined;
    if (button && !submitter) throw new Error(`No "${button}" button on ${page.url}`);
    const form = submitter
      ? forms.find((candidate) => candidate.id === submitter.formId)
      : forms.find((candidate) => Object.keys(fields).every((name) => name in candidate.inputs));
    if (!form) throw new Error(`No form to submit on ${page.url}`);
    const body = new URLSearchParams({ ...form.inputs, ...fields });
    if (submitter?.name) body.set(submitter.name, submitter.value);
    const method = form.method.toUpperCase();
    if (method !== 'POST') throw new Error(`Only POST forms are supported, got ${method}`);
    return this.follow(new URL(form.action || page.url, page.url), {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  private async follow(start: URL, init: RequestInit): Promise<Step> {
    let url = start;
    let request = init;
    for (let i = 0; i < MAX_STEPS; i += 1) {
      const headers = new Headers(request.headers);
      const cookie = this.jar.header(url);
      if (cookie) headers.set('cookie', cookie);
      headers.set('accept', 'text/html');
      const response = await fetch(url, { ...request, headers, redirect: 'manual' });
      this.jar.store(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location);
        const next = absolute ? location : new URL(location, url).href;
        if (!isHttp(next) || new URL(next).origin !== this.serverOrigin) {
          return { kind: 'left', location: next };
        }
        url = new URL(next);
        request = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      return { kind: 'page', page: { status: response.status, url: url.href, html } };
    }
    throw new Error(`Too many redirects from ${start.href}`);
  }
}

function isHttp(url: string): boolean {
  return url.startsWith('http://') || url.startsWith('https://');
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expires?: number;
}

/** Enough of RFC 6265 for one server on one origin: host-only cookies, Path, Max-Age, Expires. */
class CookieJar {
  private readonly byOrigin = new Map<string, StoredCookie[]>();

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, separator).trim(),
        value: pair.slice(separator + 1).trim(),
        path: defaultPath(url),
      };
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'path' && value.startsWith('/')) cookie.path = value;
        if (key === 'max-age') cookie.expires = Date.now() + Number(value) * 1000;
        if (key === 'expires' && cookie.expires === undefined) {
          cookie.expires = Date.parse(value);
        }
      }
      const kept = (this.byOrigin.get(url.origin) ?? []).filter(
        (other) => other.name !== cookie.name || other.path !== cookie.path,
      );
      if (cookie.expires === undefined || cookie.expires > Date.now()) kept.push(cookie);
      this.byOrigin.set(url.origin, kept);
    }
  }

  header(url: URL): string {
    const now = Date.now();
    return (this.byOrigin.get(url.origin) ?? [])
      .filter((cookie) => cookie.expires === undefined || cookie.expires > now)
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

function defaultPath(url: URL): string {
  const path = url.pathname;
  const lastSlash = path.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : path.slice(0, lastSlash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

interface ParsedButton {
  text: string;
  name?: string;
  value: string;
  formId?: string;
}

interface ParsedForm {
  id: string;
  action: string;
  method: string;
  inputs: Record<string, string>;
  buttons: ParsedButton[];
}

/** Reads the forms of a page this server rendered (simple, well-formed markup). */
function parseForms(html: string): ParsedForm[] {
  const forms: Array<ParsedForm & { start: number; end: number }> = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const start = match.index ?? 0;
    forms.push({
      id: attributes.id ?? `form-${forms.length}`,
      action: attributes.action ?? '',
      method: attributes.method ?? 'GET',
      inputs: {},
      buttons: [],
      start,
      end: start + match[0].length,
    });
  }
  // A control belongs to its `form` attribute's form, or else to the form around it.
  const owner = (attributes: Record<string, string>, index: number) =>
    attributes.form !== undefined
      ? forms.find((form) => form.id === attributes.form)
      : forms.find((form) => form.start <= index && index < form.end);
  for (const match of html.matchAll(/<input\b([^>]*)>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const form = owner(attributes, match.index ?? 0);
    if (form && attributes.name) form.inputs[attributes.name] = attributes.value ?? '';
  }
  for (const match of html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const form = owner(attributes, match.index ?? 0);
    form?.buttons.push({
      text: textOf(match[2] ?? ''),
      name: attributes.name,
      value: attributes.value ?? '',
      formId: form.id,
    });
  }
  return forms;
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase();
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function findInput(forms: ParsedForm[], name: string): boolean {
  return forms.some((form) => name in form.inputs);
}

function findButton(forms: ParsedForm[], text: string): ParsedButton | undefined {
  return forms.flatMap((form) => form.buttons).find((button) => button.text === text);
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** The visible text of some HTML, for error messages and button labels. */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
