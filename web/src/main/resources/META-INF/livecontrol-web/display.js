// /display: the reference display. Options from the URL: ?name=Stage%20TV&class=stage&session=room
import { LiveControlDisplay, trustAvailable } from '/web/livecontrol.js';

const params = new URLSearchParams(location.search);
const display = new LiveControlDisplay({
  server: location.host,
  displayName: params.get('name') || 'Browser display',
  displayClass: params.get('class') || 'audience',
  session: params.get('session') || '',
  debug: params.has('debug'),
});
window.livecontrol = display; // for tests and the browser console

const $ = (id) => document.getElementById(id);
let signaling = { connected: false, leaderId: null };
let openChannels = 0;

function render(state) {
  document.body.classList.toggle('black', !!state.isBlack);
  const started = state.itemId !== '';
  $('waiting').hidden = started;
  $('item').hidden = !started;
  $('slide').hidden = !started;
  $('item').textContent = state.itemId;
  $('slide').textContent = String(state.slideIndex);
  document.body.dataset.item = state.itemId;
  document.body.dataset.slide = String(state.slideIndex);
  document.body.dataset.black = String(!!state.isBlack);
}

let refused = null; // the leader's refusal of this browser's registration, e.g. not-paired

function indicator() {
  const el = $('indicator');
  if (refused && !signaling.connected && openChannels === 0) {
    el.dataset.status = refused.code;
    $('indicator-text').textContent = refused.code !== 'not-paired' ? `refused: ${refused.code}`
      : !trustAvailable() ? 'not paired, and this page cannot hold a device key (no IndexedDB: a private window?)'
        : 'not paired: open the pairing QR code of a controller (livecontrol pair) in this browser';
    return;
  }
  const status = signaling.connected ? 'connected' : openChannels > 0 ? 'channel-only' : 'disconnected';
  el.dataset.status = status;
  el.dataset.leader = signaling.leaderId || '';
  $('indicator-text').textContent = signaling.connected
    ? `leader ${String(signaling.leaderId).slice(0, 8)} · ${openChannels} controller(s)`
    : openChannels > 0 ? `finding the leader · ${openChannels} controller(s) still connected` : 'finding the leader…';
}

display.addEventListener('state', (e) => render(e.detail.state));
display.addEventListener('signaling', (e) => { signaling = e.detail; if (e.detail.connected) refused = null; indicator(); });
display.addEventListener('signaling-error', (e) => { if (e.detail.registering) { refused = e.detail; indicator(); } });
display.addEventListener('channel', () => {
  openChannels = [...display.links.values()].filter((l) => l.open).length;
  indicator();
});
indicator();
display.start();
