// /pair: opened from the pairing QR code that `livecontrol pair` shows (or a typed URL). Everything this page needs
// is in the URL's fragment, which the browser never sends to any server:
//   /pair#token=<22 characters>&endpoint=<controller host:port>&role=display|controller[&session=…][&name=…]
// It pairs this browser's key for that role with the controller's window (pairWithToken: HMAC proof of the token,
// the controller's MAC over the grant checked, the room's trust list verified and kept), then opens /display or
// /control on this same origin, where the key lives.
import { pairWithToken, trustAvailable } from '/web/livecontrol.js';

const params = new URLSearchParams(location.hash.slice(1));
// the token is single-use: take it out of the address bar and the history at once
history.replaceState(null, '', location.pathname + location.search);

const $ = (id) => document.getElementById(id);
function show(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
  document.body.dataset.state = state;
}

async function run() {
  const token = params.get('token');
  const endpoint = params.get('endpoint');
  const role = params.get('role') === 'controller' ? 'controller' : 'display';
  if (!token || !endpoint) {
    show('failed', 'This pairing link is incomplete (it needs #token=…&endpoint=…). Scan the QR code that'
      + ' "livecontrol pair" shows on the controller again.');
    return;
  }
  if (!trustAvailable()) {
    show('failed', 'This page cannot hold a device key: it has no IndexedDB (a private window?) or no'
      + ' crypto.getRandomValues. Open it in a normal window of a current browser.');
    return;
  }
  try {
    const paired = await pairWithToken({ endpoint, token, role });
    document.body.dataset.peerId = paired.peerId;
    const next = new URLSearchParams();
    next.set('name', params.get('name') || paired.name);
    if (params.get('session')) next.set('session', params.get('session'));
    const url = `/${paired.role === 'controller' ? 'control' : 'display'}?${next}`;
    show('paired', `Paired as ${paired.role} "${paired.name}". Opening ${url} (bookmark that page).`);
    $('next-link').href = url;
    $('next').hidden = false;
    location.replace(url);
  } catch (e) {
    show('failed', `Pairing failed: ${e.message}`);
    document.body.dataset.code = e.code || 'failed';
  }
}

run();
