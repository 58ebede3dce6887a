/**
 * A local stand-in for Docker Desktop, for the demo and the end-to-end tests: a node:http server
 * on 127.0.0.1 that serves
 *   /                      the Desktop shell page: header, toasts, light/dark toggle, and an
 *                          iframe hosting the extension, as Desktop hosts the extension UI;
 *   /extension/*           the extension: the production build (dist/ui), or the Vite dev server
 *                          with hot reload (devServer.ts), its index.html with the OAuth
 *                          configuration block rewritten and the `window.ddClient` shim injected
 *                          before the app's scripts;
 *   /open.docker.com/dashboard/extension-tab?...
 *                          Docker's https forwarder, played at the stand-in's loopback address: it
 *                          relays the redirect's query to the waiting shell (server-sent events),
 *                          which delivers it to the extension like a deep link;
 *   /__standin/*           the shell's and the shim's scripts, the relay, the backend proxy.
 * In the shell, `window.__standin.deliverDeepLink(url)` plays Desktop receiving
 * `docker-desktop://dashboard/extension-tab?extensionId=<id>&...`: it reloads the extension tab
 * with the link's query.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  jsonForScript,
  type OAuthConfigBlock,
  rewriteExtensionHtml,
  VISUALIZER_PATH,
} from './html';

export { type OAuthConfigBlock, rewriteExtensionHtml } from './html';

/** The part of the embedded authorization server the stand-in reads (dev/authServer). */
export interface StandinAuthServer {
  issuer: string;
  clientId: string;
}

/** The configuration block, where `issuer` and `clientId` may come from `authServer`. */
export type StandinConfig = Omit<OAuthConfigBlock, 'issuer' | 'clientId'> &
  Partial<Pick<OAuthConfigBlock, 'issuer' | 'clientId'>>;

/**
 * Where the extension's own files come from: the production build (`builtExtensionFiles`) or
 * the Vite dev server (devServer.ts). The stand-in rewrites the index.html it gets from here.
 */
export interface ExtensionFiles {
  /** index.html before the stand-in's rewriting; undefined when there is none (not built). */
  indexHtml(): Promise<string | undefined>;
  /** Answers any other request under /extension/ (`path` is relative to it, still encoded). */
  serve(req: IncomingMessage, res: ServerResponse, path: string): void;
  close?(): Promise<void>;
}

/** Makes the extension's files once the stand-in listens (a dev server shares its socket). */
export type ExtensionFilesFactory = (server: Server) => Promise<ExtensionFiles>;

export interface StandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback. */
  host?: '127.0.0.1';
  /** The built extension UI; default 'dist/ui' (relative to the working directory). */
  uiDir?: string;
  /** Instead of `uiDir`: the extension's files from elsewhere, e.g. the Vite dev server. */
  extensionFiles?: ExtensionFilesFactory;
  /** What the served index.html's configuration block says. */
  config: StandinConfig;
  /** Fills the configuration's `issuer` and `clientId` when they are not given. */
  authServer?: StandinAuthServer;
  /**
   * true: the configuration's `redirectUri` is the stand-in's loopback forwarder
   * (`forwarderRedirectUri`), for a person trying the demo in an ordinary browser, which cannot
   * follow a docker-desktop:// redirect. Register that URI at the authorization server.
   */
  useForwarder?: boolean;
  /** Base URL of the extension's backend; `ddClient.extension.vm.service` calls go there. */
  backendUrl?: string;
  /**
   * Or the unix socket the backend listens on, as in Docker Desktop (backend/); a function when
   * the backend starts after the stand-in.
   */
  backendSocket?: string | (() => string | undefined);
  /**
   * How `vm.service` answers, as Docker Desktop releases differ: 'plain' (default), the parsed
   * body; 'wrapped', Desktop 4.42's `{ data, status, headers }`. `setBackendAnswers` switches.
   */
  backendAnswers?: BackendAnswers;
  /**
   * The development state visualizer's script (dev/visualizer/buildBundle.ts): served at
   * /__standin/visualizer.js and loaded in the extension's page before the app, so the panel
   * draws the production build's statechart live. Absent: no panel.
   */
  visualizerScript?: string;
}

export interface Standin {
  /** The shell page: open this. */
  url: string;
  port: number;
  /** Where the extension itself is served. */
  extensionUrl: string;
  /** The loopback forwarder's redirect URI: http://127.0.0.1:<port>/open.docker.com/...?extensionId=<id> */
  forwarderRedirectUri: string;
  /** The configuration block as served now. */
  readonly config: OAuthConfigBlock;
  /** Sets the issuer and client id from an authorization server started after the stand-in. */
  setAuthServer(server: StandinAuthServer): void;
  /** How `vm.service` answers from the next call on. */
  setBackendAnswers(shape: BackendAnswers): void;
  close(): Promise<void>;
}

export type BackendAnswers = 'plain' | 'wrapped';
/** The proxy's header telling the ddClient shim which answer shape to play. */
export const ANSWER_SHAPE_HEADER = 'X-Standin-Answer-Shape';

export const FORWARDER_PATH = '/open.docker.com/dashboard/extension-tab';
export const EXTENSION_PATH = '/extension/index.html';

const BROWSER_DIR = fileURLToPath(new URL('./browser/', import.meta.url));
const BROWSER_FILES: Record<string, string> = {
  '/__standin/shell.js': 'shell.js',
  '/__standin/shell.css': 'shell.css',
  '/__standin/ddclient.js': 'ddclient.js',
  '/__standin/forwarder.js': 'forwarder.js',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const FORWARD_BODY_LIMIT = 16 * 1024;

export async function startStandin(options: StandinOptions): Promise<Standin> {
  const { port = 0, host = '127.0.0.1', useForwarder = false, backendUrl, backendSocket } = options;
  let backendAnswers: BackendAnswers = options.backendAnswers ?? 'plain';
  if (host !== '127.0.0.1')
    throw new Error('The Docker Desktop stand-in listens on 127.0.0.1 only');
  let authServer = options.authServer;
  const backend = backendUrl === undefined ? undefined : new URL(backendUrl);
  if (backend !== undefined && backend.protocol !== 'http:') {
    throw new Error(`backendUrl must be a plain http URL: ${backendUrl}`);
  }

  const sseClients = new Set<ServerResponse>();
  /** Queries already relayed: the forwarder hands each answer over once. */
  const relayed = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof MissingSetting && !res.headersSent) {
        return sendText(res, 503, error.message);
      }
      console.error('standin: request failed', error);
      if (!res.headersSent) sendText(res, 500, 'The stand-in failed to answer.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${actualPort}`;
  let files: ExtensionFiles;
  try {
    files = await (options.extensionFiles ?? builtExtensionFiles(options.uiDir))(server);
  } catch (error) {
    server.close();
    throw error;
  }
  const forwarderRedirectUri = `${origin}${FORWARDER_PATH}?extensionId=${options.config.extensionId}`;

  const currentConfig = (): OAuthConfigBlock => {
    const issuer = options.config.issuer ?? authServer?.issuer;
    const clientId = options.config.clientId ?? authServer?.clientId;
    if (issuer === undefined || clientId === undefined) {
      throw new MissingSetting(
        'The stand-in has no issuer or client id yet: pass `authServer` or set them in `config`.',
      );
    }
    const config: OAuthConfigBlock = { ...options.config, issuer, clientId };
    if (useForwarder) {
      config.redirectStyle = 'open.docker.com';
      config.redirectUri = forwarderRedirectUri;
    }
    return config;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(`${origin}${req.url?.startsWith('/') ? req.url : '/'}`);
    const { pathname } = url;

    if (pathname.startsWith('/__standin/backend/') || pathname === '/__standin/backend') {
      return proxyToBackend(req, res, url.pathname.slice('/__standin/backend'.length) + url.search);
    }
    if (pathname === '/__standin/forward') {
      if (method !== 'POST') return sendText(res, 405, 'POST only.');
      return relayForwardedRedirect(req, res);
    }
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'GET only.');

    if (pathname === '/' || pathname === '/index.html') return sendShell(res);
    if (pathname === '/__standin/events') return openEventStream(req, res);
    if (pathname === '/__standin/config.json') return sendJson(res, 200, currentConfig());
    if (pathname === VISUALIZER_PATH && options.visualizerScript !== undefined) {
      return sendFile(res, options.visualizerScript, method);
    }
    const browserFile = BROWSER_FILES[pathname];
    if (browserFile !== undefined) return sendFile(res, join(BROWSER_DIR, browserFile), method);
    if (pathname === FORWARDER_PATH || pathname === `${FORWARDER_PATH}/`) {
      return sendFile(res, join(BROWSER_DIR, 'forwarder.html'), method);
    }
    if (pathname === '/extension' || pathname === '/extension/') {
      res.statusCode = 302;
      res.setHeader('Location', `${EXTENSION_PATH}${url.search}`);
      res.end();
      return;
    }
    if (pathname === EXTENSION_PATH) return sendExtensionIndex(res);
    if (pathname.startsWith('/extension/')) {
      return files.serve(req, res, pathname.slice('/extension/'.length));
    }
    if (pathname === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    sendText(res, 404, 'Not found.');
  }

  function sendShell(res: ServerResponse): void {
    const settings = { extensionId: options.config.extensionId, extensionPath: EXTENSION_PATH };
    // A function, not a string: `$&` and the like in a setting must not be replacement patterns.
    const html = readFileSync(join(BROWSER_DIR, 'shell.html'), 'utf8').replace(
      '<!--STANDIN_CONFIG-->',
      () =>
        `<script type="application/json" id="standin-config">${jsonForScript(settings)}</script>`,
    );
    sendHtml(res, 200, html);
  }

  async function sendExtensionIndex(res: ServerResponse): Promise<void> {
    const html = await files.indexHtml();
    if (html === undefined) {
      const index = join(resolve(options.uiDir ?? 'dist/ui'), 'index.html');
      return sendHtml(
        res,
        503,
        `<!doctype html><meta charset="utf-8"><title>No build</title><h1>The extension is not built</h1>` +
          `<p>${escapeHtml(index)} is missing: run <code>npm run build:demo</code> (or <code>npm start</code>, which builds).</p>`,
      );
    }
    sendHtml(
      res,
      200,
      rewriteExtensionHtml(html, currentConfig(), {
        visualizer: options.visualizerScript !== undefined,
      }),
    );
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  }

  async function relayForwardedRedirect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let query: string;
    try {
      query = (await readBody(req, FORWARD_BODY_LIMIT)).replace(/^\?/, '');
    } catch {
      return sendJson(res, 413, { delivered: false, reason: 'The answer is too large.' });
    }
    const params = new URLSearchParams(query);
    const extensionId = params.get('extensionId');
    if (extensionId !== options.config.extensionId) {
      return sendJson(res, 200, {
        delivered: false,
        reason: `The link is for another extension (${JSON.stringify(extensionId)}).`,
      });
    }
    if (!params.has('code') && !params.has('error')) {
      return sendJson(res, 200, {
        delivered: false,
        reason: 'The address carries no sign-in answer (no code and no error).',
      });
    }
    if (relayed.has(query)) {
      return sendJson(res, 200, {
        delivered: false,
        reason: 'This sign-in answer was already handed over.',
      });
    }
    if (sseClients.size === 0) {
      return sendJson(res, 200, {
        delivered: false,
        reason: `No Docker Desktop stand-in window is open: open ${origin}/ and sign in again.`,
      });
    }
    relayed.add(query);
    const deepLink = `docker-desktop://dashboard/extension-tab?${query}`;
    const frame = `event: deeplink\ndata: ${JSON.stringify({ url: deepLink })}\n\n`;
    for (const client of sseClients) client.write(frame);
    const error = params.get('error');
    sendJson(res, 200, {
      delivered: true,
      listeners: sseClients.size,
      outcome: error === null ? 'code' : 'error',
      ...(error === null ? {} : { error }),
    });
  }

  function proxyToBackend(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): void {
    const socketPath = typeof backendSocket === 'function' ? backendSocket() : backendSocket;
    if (socketPath !== undefined) {
      const upstream = httpRequest(
        {
          socketPath,
          path: pathAndQuery || '/',
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, {
            ...answer.headers,
            [ANSWER_SHAPE_HEADER.toLowerCase()]: backendAnswers,
          });
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) {
          sendJson(res, 503, { message: 'The backend service cannot be reached.' });
        } else res.destroy();
      });
      req.pipe(upstream);
      return;
    }
    if (backend === undefined) {
      sendJson(res, 503, {
        message: 'This extension has no backend service in the Docker Desktop stand-in.',
      });
      return;
    }
    const target = new URL(pathAndQuery || '/', backend);
    const upstream = httpRequest(
      target,
      {
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent)
        sendJson(res, 503, { message: 'The backend service cannot be reached.' });
      else res.destroy();
    });
    req.pipe(upstream);
  }

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/`,
    port: actualPort,
    extensionUrl: `${origin}${EXTENSION_PATH}`,
    forwarderRedirectUri,
    get config() {
      return currentConfig();
    },
    setAuthServer(next) {
      authServer = next;
    },
    setBackendAnswers(shape) {
      backendAnswers = shape;
    },
    close() {
      closing ??= (async () => {
        for (const client of sseClients) client.end();
        sseClients.clear();
        await files.close?.();
        await new Promise<void>((resolveClose, reject) => {
          server.close((error) => (error ? reject(error) : resolveClose()));
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

class MissingSetting extends Error {}

/** The production build in `uiDir` (default 'dist/ui', relative to the working directory). */
export function builtExtensionFiles(uiDir = 'dist/ui'): ExtensionFilesFactory {
  const root = resolve(uiDir);
  return async () => ({
    async indexHtml() {
      const index = join(root, 'index.html');
      return existsSync(index) ? readFile(index, 'utf8') : undefined;
    },
    serve(req, res, path) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        sendText(res, 400, 'Bad path.');
        return;
      }
      const file = resolve(root, decoded);
      if (!file.startsWith(root + sep) || decoded.includes('\0')) {
        sendText(res, 404, 'Not found.');
        return;
      }
      sendFile(res, file, req.method ?? 'GET', 'public, max-age=0');
    },
  });
}

function sendFile(res: ServerResponse, file: string, method: string, cache = 'no-store'): void {
  let size: number | undefined;
  try {
    const stats = statSync(file);
    if (stats.isFile()) size = stats.size;
  } catch {
    size = undefined;
  }
  if (size === undefined) {
    sendText(res, 404, 'Not found.');
    return;
  }
  res.statusCode = 200;
  res.setHeader(
    'Content-Type',
    CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
  );
  res.setHeader('Content-Length', size);
  res.setHeader('Cache-Control', cache);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(value));
}

function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
