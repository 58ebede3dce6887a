// __DEV_ONLY__ The Docker Desktop stand-in's shell page: it hosts the extension in an iframe, as
// Desktop hosts the extension UI in its own view, and plays Desktop's part around it: opening
// the browser, showing toasts, and reloading the extension tab with a redirect's query.

(() => {
  const settings = JSON.parse(document.getElementById('standin-config')?.textContent ?? '{}');
  const extensionId = String(settings.extensionId ?? '');
  const extensionPath = String(settings.extensionPath ?? '/extension/index.html');
  const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('extension'));
  const toastArea = /** @type {HTMLElement} */ (document.getElementById('toasts'));
  const noticeArea = /** @type {HTMLElement} */ (document.getElementById('notices'));
  const themeButton = /** @type {HTMLButtonElement} */ (document.getElementById('toggle-theme'));
  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

  /** @type {{ level: string, message: string }[]} */
  const toasts = [];
  /** @type {string[]} */
  const openedUrls = [];
  /** @type {string[]} */
  const notices = [];
  /** 'light' | 'dark' when the toggle was used; null: follow the system (prefers-color-scheme). */
  /** @type {'light' | 'dark' | null} */
  let forcedScheme = null;
  let extensionLoads = 0;

  const TOAST_ICONS = { success: '✓', warning: '!', error: '✕' };

  function showToast(level, message) {
    const text = String(message);
    toasts.push({ level, message: text });
    const item = document.createElement('div');
    item.className = `toast-${level}`;
    item.textContent = `${TOAST_ICONS[level] ?? ''} ${text}`.trim();
    toastArea.prepend(item);
    while (toastArea.childElementCount > 5) toastArea.lastElementChild?.remove();
  }

  /** A line in the activity log; `link` adds an address the person can open by hand. */
  function notice(message, link) {
    notices.push(message);
    const item = document.createElement('div');
    item.textContent = message;
    if (link) {
      item.append(' ');
      const anchor = document.createElement('a');
      anchor.href = link;
      anchor.target = '_blank';
      anchor.rel = 'noopener';
      anchor.textContent = 'Open it here';
      item.append(anchor);
    }
    noticeArea.prepend(item);
    while (noticeArea.childElementCount > 20) noticeArea.lastElementChild?.remove();
  }

  function isHttpUrl(value) {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }

  /** ddClient.host.openExternal: Desktop opens http(s) URLs in the system browser, nothing else. */
  function openExternal(url) {
    if (!isHttpUrl(url)) {
      notice(`Desktop ignored openExternal for an address that is not http or https.`);
      return;
    }
    openedUrls.push(url);
    const opened = window.open(url, '_blank');
    if (opened === null) {
      notice('The browser blocked the new tab for the sign-in page.', url);
      return;
    }
    notice(`Opened ${new URL(url).origin} in a new browser tab.`);
  }

  function loadExtension(query) {
    // Setting src reloads the frame even when it is unchanged: Desktop restarts the UI afresh.
    frame.src = query ? `${extensionPath}?${query}` : extensionPath;
  }

  /**
   * The query of a redirect that Desktop would route to this extension's tab, or a reason why
   * not. Accepts docker-desktop://dashboard/extension-tab?..., the https forwarder form
   * https://open.docker.com/dashboard/extension-tab?... and the stand-in's loopback forwarder.
   */
  function routeDeepLink(raw) {
    const link = String(raw);
    let url;
    try {
      url = new URL(link);
    } catch {
      return { ok: false, reason: 'not an absolute URL' };
    }
    const mark = link.indexOf('?');
    const hash = link.indexOf('#', mark === -1 ? 0 : mark);
    const query = mark === -1 ? '' : link.slice(mark + 1, hash === -1 ? undefined : hash);
    const beforeQuery = (mark === -1 ? link : link.slice(0, mark)).replace(/\/+$/, '');
    const target = beforeQuery.toLowerCase();
    const forwarderPath =
      `${location.origin}/open.docker.com/dashboard/extension-tab`.toLowerCase();
    if (target === 'docker-desktop://dashboard/open') return { ok: false, reason: 'focus' };
    const isExtensionTab =
      target === 'docker-desktop://dashboard/extension-tab' ||
      target === 'https://open.docker.com/dashboard/extension-tab' ||
      target === forwarderPath;
    if (!isExtensionTab) {
      return { ok: false, reason: `not a link to an extension tab (${url.protocol}//…)` };
    }
    const params = new URLSearchParams(query);
    const id = params.get('extensionId');
    if (!id) return { ok: false, reason: 'the link names no extension (extensionId is missing)' };
    if (id !== extensionId) {
      return {
        ok: false,
        reason: `the link is for another extension ("${id}"), not "${extensionId}"`,
      };
    }
    return { ok: true, query };
  }

  /** Desktop's handling of a deep link: reload the extension tab with the redirect's query. */
  function deliverDeepLink(raw) {
    const route = routeDeepLink(raw);
    if (route.ok) {
      notice('Opened the extension tab from a link.');
      loadExtension(route.query);
      return { delivered: true, query: route.query };
    }
    if (route.reason === 'focus') {
      notice('Docker Desktop came to the front.');
      return {
        delivered: false,
        reason: 'docker-desktop://dashboard/open only brings Desktop to the front',
      };
    }
    notice(`Ignored a link: ${route.reason}.`);
    return { delivered: false, reason: route.reason };
  }

  function currentScheme() {
    return forcedScheme ?? (darkQuery.matches ? 'dark' : 'light');
  }

  function applyScheme() {
    const scheme = currentScheme();
    if (forcedScheme) document.documentElement.dataset.scheme = forcedScheme;
    else delete document.documentElement.dataset.scheme;
    frame.style.colorScheme = scheme;
    themeButton.textContent = scheme === 'dark' ? 'Light mode' : 'Dark mode';
    themeButton.setAttribute('aria-pressed', String(scheme === 'dark'));
    frame.contentWindow?.postMessage(
      { source: 'standin-shell', type: 'color-scheme', scheme: forcedScheme },
      location.origin,
    );
  }

  /** 'light' | 'dark' forces the scheme the extension sees; null follows the system again. */
  function setColorScheme(scheme) {
    forcedScheme = scheme === 'light' || scheme === 'dark' ? scheme : null;
    applyScheme();
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    const message = event.data;
    if (message?.source !== 'standin-ddclient') return;
    switch (message.type) {
      case 'openExternal':
        openExternal(message.url);
        break;
      case 'toast':
        if (['success', 'warning', 'error'].includes(message.level)) {
          showToast(message.level, message.message);
        }
        break;
      case 'notice':
        notice(String(message.message));
        break;
      default:
        break;
    }
  });

  darkQuery.addEventListener('change', () => {
    if (forcedScheme === null) applyScheme();
  });
  themeButton.addEventListener('click', () => {
    setColorScheme(currentScheme() === 'dark' ? 'light' : 'dark');
  });
  document.getElementById('reload-extension')?.addEventListener('click', () => loadExtension(''));
  frame.addEventListener('load', () => {
    extensionLoads += 1;
    applyScheme();
  });

  // Redirects relayed by the stand-in's https forwarder page (GET /open.docker.com/...).
  const events = new EventSource('/__standin/events');
  events.addEventListener('deeplink', (event) => {
    try {
      deliverDeepLink(JSON.parse(event.data).url);
    } catch {
      notice('Ignored a malformed message from the forwarder.');
    }
  });

  window.__standin = {
    extensionId,
    deliverDeepLink,
    reloadExtension: () => loadExtension(''),
    setColorScheme,
    get colorScheme() {
      return currentScheme();
    },
    /** The shim reads this synchronously at start, before the first message could arrive. */
    get forcedColorScheme() {
      return forcedScheme;
    },
    /** Completed loads of the extension frame (its `load` events). */
    get extensionLoads() {
      return extensionLoads;
    },
    get forwarderConnected() {
      return events.readyState === EventSource.OPEN;
    },
    toasts,
    openedUrls,
    notices,
  };
  // The frame may have finished loading before this deferred script ran.
  if (
    frame.contentDocument?.readyState === 'complete' &&
    frame.contentWindow?.location.href !== 'about:blank'
  ) {
    extensionLoads = 1;
  }
  applyScheme();
})();
