// __DEV_ONLY__ The stand-in's https forwarder page (Docker's open.docker.com link, played at the
// stand-in's loopback address): hands the redirect's query to the stand-in server, which relays
// it to the waiting shell page as a deep link. The query is removed from the address first, so
// reloading this tab cannot hand the same answer over again.

(async () => {
  const title = document.getElementById('forwarder-title');
  const message = document.getElementById('forwarder-message');
  const show = (heading, text) => {
    title.textContent = heading;
    message.textContent = text;
  };

  const query = location.search.replace(/^\?/, '');
  history.replaceState(history.state, '', location.pathname);
  if (query === '') {
    show('Nothing to hand over', 'This address carries no sign-in answer. You can close this tab.');
    return;
  }

  let result;
  try {
    const response = await fetch('/__standin/forward', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: query,
    });
    result = await response.json();
  } catch {
    show(
      'Docker Desktop stand-in is not running',
      'The sign-in answer could not be handed over: start it again (npm start) and sign in again.',
    );
    return;
  }

  if (!result.delivered) {
    show('The sign-in answer was not handed over', `${result.reason} You can close this tab.`);
    return;
  }
  if (result.outcome === 'error') {
    show(
      'The sign-in was not completed',
      `The sign-in page answered "${result.error}". Return to Docker Desktop, where the extension ` +
        'explains what happened. You can close this tab.',
    );
    return;
  }
  show('You are signed in', 'You are signed in — you can close this tab.');
})();
