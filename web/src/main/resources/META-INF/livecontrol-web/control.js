// /control: an operator remote. Options from the URL: ?name=Phone&session=room&event=sunday
import { LiveControlController } from '/web/livecontrol.js';

const params = new URLSearchParams(location.search);
const eventId = params.get('event') || 'event';
const controller = new LiveControlController({
  server: location.host,
  displayName: params.get('name') || 'Browser remote',
  session: params.get('session') || '',
  debug: params.has('debug'),
  eventId,
});
window.livecontrol = controller; // for tests and the browser console

const $ = (id) => document.getElementById(id);
const rtt = new Map();
let leader = { connected: false, leaderId: null };

function renderPeers() {
  const rows = controller.peers.map((p) => {
    const link = controller.links.get(p.peerId);
    const open = link && link.open;
    const ms = rtt.get(p.peerId);
    const tr = document.createElement('tr');
    tr.dataset.peer = p.peerId;
    tr.dataset.open = String(!!open);
    for (const text of [p.displayName, p.peerType + (p.displayClass ? ` (${p.displayClass})` : ''),
      open ? 'webrtc' : (p.peerType === 'display' ? 'connecting' : '—'), ms == null ? '' : `${ms.toFixed(1)} ms`]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    return tr;
  });
  $('peers').replaceChildren(...rows);
  $('status').textContent = leader.connected ? `leader ${leader.leaderId} at ${leader.endpoint}` : 'finding the leader…';
  document.body.dataset.leader = leader.leaderId || '';
  document.body.dataset.openDisplays = String(controller.displays.filter((d) => {
    const l = controller.links.get(d.peerId);
    return l && l.open;
  }).length);
}

async function cue(message) {
  const sent = controller.broadcast({ eventId, ...message });
  if (sent.size === 0) {
    $('last').textContent = 'no displays in the session yet';
    return;
  }
  const results = await Promise.allSettled(sent.values());
  const acked = results.filter((r) => r.status === 'fulfilled').length;
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  $('last').textContent = `${message.type}: ${acked}/${sent.size} acked` + (failed.length ? ` — ${failed.join('; ')}` : '');
  document.body.dataset.lastAcked = String(acked);
}

function slide(index) {
  const item = $('item').value || 'item';
  $('index').value = String(Math.max(0, index));
  return cue({ type: 'slide', itemId: item, slideIndex: Math.max(0, index) });
}

$('next').onclick = () => slide((controller.state.slideIndex || 0) + 1);
$('prev').onclick = () => slide((controller.state.slideIndex || 0) - 1);
$('go').onclick = () => slide(parseInt($('index').value, 10) || 0);
$('black-on').onclick = () => cue({ type: 'black', isBlack: true });
$('black-off').onclick = () => cue({ type: 'black', isBlack: false });
$('sync').onclick = () => cue({ type: 'sync', fullState: { eventId, itemId: controller.state.itemId,
  slideIndex: controller.state.slideIndex, isBlack: controller.state.isBlack } });

controller.addEventListener('signaling', (e) => { leader = e.detail; renderPeers(); });
controller.addEventListener('peers', renderPeers);
controller.addEventListener('channel', renderPeers);
controller.addEventListener('rtt', (e) => { rtt.set(e.detail.peerId, e.detail.rttMs); renderPeers(); });
renderPeers();
controller.start();
