// __DEV_ONLY__ The Docker Desktop stand-in's `window.ddClient` (extension API v1, the parts this
// extension uses plus cheap stand-ins for the rest). The stand-in serves it before the
// extension's own scripts, as Desktop injects ddClient before the page runs. It must never be
// part of the production bundle: the image check looks for the marker at the start of this line.

(() => {
  const shell = window.parent !== window ? window.parent : null;

  /** Sends a request to the stand-in's shell page (Desktop's side of the IPC). */
  function toShell(message) {
    if (shell) {
      shell.postMessage({ source: 'standin-ddclient', ...message }, location.origin);
    } else {
      console.info('[ddClient stand-in]', message);
    }
  }

  function configuredExtensionId() {
    try {
      const block = document.getElementById('oauth-config');
      return String(JSON.parse(block?.textContent ?? '{}').extensionId ?? 'unknown');
    } catch {
      return 'unknown';
    }
  }

  /** Desktop's HTTP errors: a ServiceError with the status code. */
  function serviceError(statusCode, message) {
    const error = new Error(message);
    error.name = 'ServiceError';
    error.statusCode = statusCode;
    return error;
  }

  /** The backend service, through the stand-in's proxy (503 when no backend is configured). */
  async function request(method, path, data, headers = {}) {
    const url = `/__standin/backend${String(path).startsWith('/') ? '' : '/'}${path}`;
    const init = { method, headers: { ...headers } };
    if (data !== undefined && method !== 'GET' && method !== 'HEAD') {
      init.body = typeof data === 'string' ? data : JSON.stringify(data);
      if (typeof data !== 'string') init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw serviceError(503, `The backend service cannot be reached: ${error}`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw serviceError(response.status, text || `${response.status} ${response.statusText}`);
    }
    const body =
      (response.headers.get('Content-Type') ?? '').includes('json') && text !== ''
        ? JSON.parse(text)
        : text;
    // Docker Desktop 4.42 and later may wrap results; the stand-in plays either release.
    if (response.headers.get('X-Standin-Answer-Shape') === 'wrapped') {
      return { data: body, status: response.status, headers: Object.fromEntries(response.headers) };
    }
    return body;
  }

  const service = {
    get: (url) => request('GET', url),
    post: (url, data) => request('POST', url, data),
    put: (url, data) => request('PUT', url, data),
    patch: (url, data) => request('PATCH', url, data),
    delete: (url) => request('DELETE', url),
    head: (url) => request('HEAD', url),
    request: (config) => request(config.method, config.url, config.data, config.headers),
  };

  const unavailable = (what) => () =>
    Promise.reject(new Error(`${what} is not available in the Docker Desktop stand-in.`));
  const cli = { exec: unavailable('Running commands (cli.exec)') };

  const navigate = {};
  for (const intent of [
    'viewContainers',
    'viewContainer',
    'viewContainerLogs',
    'viewContainerInspect',
    'viewContainerTerminal',
    'viewContainerStats',
    'viewImages',
    'viewImage',
    'viewVolumes',
    'viewVolume',
  ]) {
    navigate[intent] = async () => toShell({ type: 'notice', message: `Desktop would ${intent}.` });
  }

  const toast = {
    success: (message) => toShell({ type: 'toast', level: 'success', message: String(message) }),
    warning: (message) => toShell({ type: 'toast', level: 'warning', message: String(message) }),
    error: (message) => toShell({ type: 'toast', level: 'error', message: String(message) }),
  };

  window.ddClient = Object.freeze({
    extension: Object.freeze({
      get image() {
        return configuredExtensionId();
      },
      vm: Object.freeze({ cli, service: Object.freeze(service) }),
      host: Object.freeze({ cli }),
    }),
    desktopUI: Object.freeze({
      toast: Object.freeze(toast),
      dialog: Object.freeze({
        showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      }),
      navigate: Object.freeze(navigate),
    }),
    host: Object.freeze({
      /** Like Desktop: returns nothing, opens only http(s) (the shell checks and reports). */
      openExternal(url) {
        toShell({ type: 'openExternal', url: String(url) });
      },
      platform: /Mac/.test(navigator.platform)
        ? 'darwin'
        : /Win/.test(navigator.platform)
          ? 'win32'
          : 'linux',
      arch: 'x64',
      hostname: location.hostname,
    }),
    docker: Object.freeze({
      cli,
      listContainers: async () => [],
      listImages: async () => [],
    }),
  });

  // Docker's MUI theme (@docker/docker-mui-theme) reads the palettes Desktop injects. These are
  // close to Desktop's look; the real ones ship with Desktop.
  const docker = {
    blue: {
      100: '#e5f2fc',
      200: '#c0e0fa',
      300: '#8bc7f5',
      400: '#4ba6ee',
      500: '#1d63ed',
      600: '#0055d2',
      700: '#00084d',
      800: '#000333',
    },
    grey: {
      100: '#f9f9fa',
      200: '#efeff2',
      300: '#dfdfe2',
      400: '#c4c8d1',
      500: '#8993a5',
      600: '#505966',
      700: '#2e343f',
      800: '#17191e',
    },
    green: {
      100: '#e7f9ee',
      200: '#c6f0d6',
      300: '#8fe0ae',
      400: '#3ec97a',
      500: '#2aa860',
      600: '#1d7f46',
      700: '#11592f',
      800: '#073019',
    },
    red: {
      100: '#fdeaea',
      200: '#fac7c7',
      300: '#f59b9b',
      400: '#ee5f5f',
      500: '#e25d5d',
      600: '#c62828',
      700: '#8e1a1a',
      800: '#520c0c',
    },
    amber: {
      100: '#fff4dc',
      200: '#ffe3a6',
      300: '#ffcd61',
      400: '#f7b23b',
      500: '#eaa000',
      600: '#b77a00',
      700: '#7f5500',
      800: '#483000',
    },
    violet: {
      100: '#efe9fd',
      200: '#dacdfc',
      300: '#bca5f8',
      400: '#9a78f3',
      500: '#7d51ee',
      600: '#6138d0',
      700: '#4224a0',
      800: '#23125e',
    },
  };
  const typography = {
    fontFamily: '"Roboto", "Helvetica Neue", Arial, system-ui, sans-serif',
    button: { textTransform: 'none' },
  };
  const themes = {
    light: {
      palette: {
        mode: 'light',
        primary: { main: docker.blue[500] },
        secondary: { main: docker.violet[500] },
        error: { main: docker.red[600] },
        warning: { main: docker.amber[500] },
        success: { main: docker.green[600] },
        background: { default: '#ffffff', paper: '#ffffff' },
        docker,
      },
      shape: { borderRadius: 4 },
      typography,
    },
    dark: {
      palette: {
        mode: 'dark',
        primary: { main: docker.blue[400] },
        secondary: { main: docker.violet[400] },
        error: { main: docker.red[400] },
        warning: { main: docker.amber[400] },
        success: { main: docker.green[400] },
        background: { default: '#202227', paper: '#2e343f' },
        docker,
      },
      shape: { borderRadius: 4 },
      typography,
    },
  };
  window.__ddMuiV6Themes = themes;
  window.__ddMuiV5Themes = themes;

  // The shell's light/dark toggle: Desktop's appearance setting, seen by the extension as
  // prefers-color-scheme. Without a forced value the real media query answers (emulateMedia).
  const realMatchMedia = window.matchMedia.bind(window);
  let forced = null;
  try {
    forced = shell?.__standin?.forcedColorScheme ?? null;
  } catch {
    forced = null;
  }
  /** @type {Set<{ list: EventTarget, wanted: string, last: boolean }>} */
  const lists = new Set();
  const schemeQuery = /^\s*\(\s*prefers-color-scheme\s*:\s*(light|dark)\s*\)\s*$/i;

  window.matchMedia = (query) => {
    const found = schemeQuery.exec(String(query));
    if (!found) return realMatchMedia(query);
    const wanted = found[1].toLowerCase();
    const real = realMatchMedia(query);
    const list = new EventTarget();
    const entry = { list, wanted, last: false };
    const matches = () => (forced === null ? real.matches : forced === wanted);
    entry.last = matches();
    let onchange = null;
    Object.defineProperties(list, {
      media: { value: real.media },
      matches: { get: matches },
      onchange: {
        get: () => onchange,
        set: (handler) => {
          if (onchange) list.removeEventListener('change', onchange);
          onchange = typeof handler === 'function' ? handler : null;
          if (onchange) list.addEventListener('change', onchange);
        },
      },
      addListener: { value: (listener) => list.addEventListener('change', listener) },
      removeListener: { value: (listener) => list.removeEventListener('change', listener) },
    });
    real.addEventListener('change', () => notify(entry));
    lists.add(entry);
    return list;
  };

  function notify(entry) {
    const now =
      forced === null ? realMatchMedia(entry.list.media).matches : forced === entry.wanted;
    if (now === entry.last) return;
    entry.last = now;
    entry.list.dispatchEvent(
      new MediaQueryListEvent('change', { matches: now, media: entry.list.media }),
    );
  }

  window.addEventListener('message', (event) => {
    if (event.source !== shell || event.origin !== location.origin) return;
    const message = event.data;
    if (message?.source !== 'standin-shell' || message.type !== 'color-scheme') return;
    forced = message.scheme === 'light' || message.scheme === 'dark' ? message.scheme : null;
    for (const entry of lists) notify(entry);
  });
})();
