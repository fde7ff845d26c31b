// livecontrol web client: a dependency-free ES module for browsers and Tauri webviews.
//
// It speaks exactly the protocol of docs/protocol.md in its JSON encoding (the seed's shapes), so it is also
// the reference for other web developers:
//   - signaling over a WebSocket to the elected leader: register (declaring encodings ["json"]), heartbeat,
//     reconnect, and failover to the next leader found through /health "leaderCandidates" and the
//     peer list's "signalingEndpoint" (a browser cannot browse mDNS);
//   - one "live-control" data channel per controller-display pair, opened by the controller;
//   - display role: answers offers, de-duplicates by messageId, applies only newer revisions, acks, answers
//     pings, emits "state" events;
//   - controller role: offers to each display, send/broadcast with ack, retry every 100 ms, deadline 10 s.
//
// Trust (livecontrol-trust.js, docs/security.md): each role of this browser has a device key (ECDSA P-256 in
// IndexedDB: WebCrypto and non-extractable in a secure context; without WebCrypto — plain http on a LAN address —
// the noble libraries, ./livecontrol-noble.js, with the key kept as raw bytes) and a key-bound peer id; it offers
// the livecontrol.v1.json subprotocol, answers the server's challenge with a signed register (carrying the room's
// trust list once paired), signs the DTLS fingerprints of its SDP and verifies those of keyed peers
// (fingerprint-unverified).
//
// Types: livecontrol.d.ts next to this file.

import {
  trustAvailable, deviceIdentity, signRegistration, signSdp, verifySdp, heldTrustList, adoptTrustList,
  FINGERPRINT_UNVERIFIED, leaderChallenge, leaderProofProblem,
} from './livecontrol-trust.js';

export {
  trustAvailable, trustMode, deviceIdentity, pairWithToken, parseTrustList, heldTrustList, PairingError, FingerprintError,
  FINGERPRINT_UNVERIFIED, transcript, peerIdOf,
} from './livecontrol-trust.js';

const CHANNEL_LABEL = 'live-control';
const JSON_PROTOCOL = 'livecontrol.v1.json';
const DEDUP_WINDOW = 4096;

/** Defaults mirror the Java runtime's configuration keys (README, "Configuration"). */
export const DEFAULTS = Object.freeze({
  heartbeatIntervalMs: 2000,   // livecontrol.heartbeat.interval
  heartbeatMisses: 3,          // livecontrol.heartbeat.misses
  connectTimeoutMs: 3000,      // livecontrol.signaling.connect-timeout
  retryIntervalMs: 100,        // livecontrol.delivery.retry-interval
  deadlineMs: 10000,           // livecontrol.delivery.deadline
  pingIntervalMs: 1000,        // livecontrol.link.ping-interval
  reconnectBackoffMs: 250,     // livecontrol.link.reconnect-backoff
  reconnectMaxBackoffMs: 5000, // livecontrol.link.reconnect-max-backoff
});

/** A revision: Lamport counter with the controller id as tie-break (docs/protocol.md, "Revisions"). */
export function compareRevisions(a, b) {
  const ac = a ? a.counter : 0;
  const bc = b ? b.counter : 0;
  if (ac !== bc) return ac < bc ? -1 : 1;
  const ai = a ? a.controllerId : '';
  const bi = b ? b.controllerId : '';
  return ai === bi ? 0 : (ai < bi ? -1 : 1);
}

const ZERO = Object.freeze({ counter: 0, controllerId: '' });

function newerOf(a, b) {
  return compareRevisions(a, b) >= 0 ? a : b;
}

function randomId() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') {
    return globalThis.crypto.randomUUID();
  }
  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function storage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null; // e.g. disabled storage in a private window
  }
}

/** "host:port" of an http(s)/ws(s) URL or an endpoint string. */
function endpointOf(url) {
  if (!url.includes('://')) return url;
  return new URL(url).host;
}

/** A delivery failure: reason is one of TIMEOUT, UNKNOWN_PEER, NOT_ALLOWED, REJECTED, CLOSED. */
export class DeliveryError extends Error {
  constructor(reason, peerId, messageId, detail) {
    super(`${reason}: message ${messageId} to peer ${peerId}: ${detail}`);
    this.name = 'DeliveryError';
    this.reason = reason;
    this.peerId = peerId;
    this.messageId = messageId;
  }
}

/**
 * Signaling with failover. Emits (as the owner's events) "signaling" {connected, leaderId, endpoint, term},
 * "peers" {peers}, and hands offers/answers/candidates to the owner.
 */
class Signaling {
  constructor(owner, opts) {
    this.owner = owner;
    this.opts = opts;
    this.ws = null;
    this.connected = false;
    this.stopped = true;
    this.endpoint = endpointOf(opts.server);
    this.candidates = new Set(opts.candidates || []);
    this.candidates.add(this.endpoint);
    this.leaderId = null;
    this.term = 0;
    this.unanswered = 0;
    this.heartbeatTimer = null;
    this.attempt = 0;
    this.tokens = {};
    const saved = storage() && storage().getItem(`livecontrol.candidates.${opts.session || ''}`);
    if (saved) {
      try { JSON.parse(saved).forEach((c) => this.candidates.add(c)); } catch { /* ignore a corrupt entry */ }
    }
  }

  start() {
    this.stopped = false;
    this.#connectLoop();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    if (this.ws) {
      try { this.ws.close(1000, 'left'); } catch { /* already closed */ }
    }
    this.ws = null;
    this.connected = false;
  }

  send(frame) {
    if (!this.connected || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  #remember(list) {
    let changed = false;
    for (const c of list) {
      if (c && !this.candidates.has(c)) {
        this.candidates.add(c);
        changed = true;
      }
    }
    if (changed && storage()) {
      storage().setItem(`livecontrol.candidates.${this.opts.session || ''}`, JSON.stringify([...this.candidates]));
    }
  }

  /**
   * GET /health of one endpoint: {endpoint, ready, leaderId, term, leaderCandidates} or null. A node that does
   * not lead answers {"standby": true, "leaderCandidates": [leader]}: it is never followed, but where it points
   * is remembered (this page may have been loaded from it).
   */
  async #probe(endpoint) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 1000);
    // a paired browser (it holds the room's trust list) follows only a leader that proves its key for this probe
    // and is in the list, as paired Java nodes do: a rogue announcing a paired device's id is not followed
    const list = this.owner.identity ? heldTrustList() : null;
    const challenge = list ? leaderChallenge() : null;
    try {
      const r = await fetch(`http://${endpoint}/health${challenge ? `?challenge=${challenge}` : ''}`,
        { signal: ctl.signal, cache: 'no-store' });
      const body = await r.json();
      const leaderCandidates = Array.isArray(body.leaderCandidates) ? body.leaderCandidates : [];
      if (body.standby === true) {
        return { endpoint, ready: false, leaderId: null, term: 0, leaderCandidates };
      }
      if (typeof body.leaderId !== 'string') return null;
      if (list) {
        const problem = await leaderProofProblem(body, challenge, list);
        if (problem) {
          this.owner._log(`leader-unverified: ${endpoint} claims to lead as ${body.leaderId} but ${problem}; not followed`);
          return null;
        }
      }
      return { endpoint, ready: r.status === 200, leaderId: body.leaderId, term: body.term || 0,
        leaderCandidates };
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Finds the current leader among every endpoint that could lead, highest term first. */
  async #findLeader() {
    const probed = new Set();
    let ready = [];
    // a second round probes what the first one learnt (a standby node names the leader)
    for (let round = 0; round < 2 && !ready.length; round++) {
      const fresh = [...this.candidates].filter((c) => !probed.has(c));
      if (!fresh.length) break;
      fresh.forEach((c) => probed.add(c));
      const answers = (await Promise.all(fresh.map((c) => this.#probe(c)))).filter(Boolean);
      answers.forEach((a) => this.#remember(a.leaderCandidates));
      ready = answers.filter((a) => a.ready).sort((a, b) => b.term - a.term);
    }
    return ready.length ? ready[0] : null;
  }

  async #connectLoop() {
    const attempt = ++this.attempt;
    let backoff = this.opts.reconnectBackoffMs;
    while (!this.stopped && attempt === this.attempt) {
      const leader = await this.#findLeader();
      if (this.stopped || attempt !== this.attempt) return;
      if (leader) {
        try {
          await this.#open(leader.endpoint);
          return;
        } catch (e) {
          this.owner._log(`registration with ${leader.endpoint} failed: ${e.message}`);
        }
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(this.opts.reconnectMaxBackoffMs, backoff * 2);
    }
  }

  /** Opens the WebSocket, registers, and resolves once "registered" arrives. */
  #open(endpoint) {
    return new Promise((resolve, reject) => {
      // with a device key: the livecontrol JSON subprotocol, so the server sends a challenge to sign; without
      // one: no subprotocol, the seed's plain JSON
      const keyed = !!this.owner.identity;
      const ws = keyed ? new WebSocket(`ws://${endpoint}/signaling`, [JSON_PROTOCOL])
        : new WebSocket(`ws://${endpoint}/signaling`);
      let done = false;
      const timer = setTimeout(() => {
        if (!done) {
          done = true;
          try { ws.close(); } catch { /* closing anyway */ }
          reject(new Error(`no "registered" within ${this.opts.connectTimeoutMs} ms`));
        }
      }, this.opts.connectTimeoutMs);
      ws.onopen = () => {
        if (!keyed || ws.protocol !== JSON_PROTOCOL) ws.send(JSON.stringify(this.owner._registerFrame(this.tokens[endpoint])));
        // else: wait for the challenge
      };
      ws.onmessage = (ev) => {
        let f;
        try {
          f = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (!done) {
          if (f.type === 'challenge' && keyed) {
            this.owner._signedRegisterFrame(this.tokens[endpoint], f.nonce)
              .then((frame) => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame)); })
              .catch((e) => { try { ws.close(); } catch { /* closing anyway */ } reject(e); });
          } else if (f.type === 'trust-list') {
            adoptTrustList(f.document).then((adopted) => { if (adopted) this.owner._log('adopted a newer trust list'); });
          } else if (f.type === 'registered') {
            done = true;
            clearTimeout(timer);
            this.tokens[endpoint] = f.token;
            this.#adopt(ws, endpoint, f);
            resolve();
          } else if (f.type === 'error') {
            done = true;
            clearTimeout(timer);
            try { ws.close(); } catch { /* closing anyway */ }
            // e.g. not-paired (paired mode, this browser is not in the room's trust list): it sees no peers
            this.owner._emit('signaling-error', { code: f.code, message: f.message, registering: true });
            reject(new Error(`${f.code}: ${f.message}`));
          }
          return;
        }
        this.#onFrame(f);
      };
      ws.onclose = (ev) => {
        if (!done) {
          done = true;
          clearTimeout(timer);
          reject(new Error(`closed before registration (${ev.code} ${ev.reason || ''})`));
        } else if (this.ws === ws) {
          this.#lost(`signaling closed: ${ev.code} ${ev.reason || ''}`.trim());
        }
      };
      ws.onerror = () => { /* onclose follows */ };
    });
  }

  #adopt(ws, endpoint, registered) {
    this.ws = ws;
    this.endpoint = endpoint;
    this.connected = true;
    this.leaderId = registered.leaderId;
    this.term = registered.term;
    this.unanswered = 0;
    this.#remember([endpoint]);
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => this.#heartbeat(), this.opts.heartbeatIntervalMs);
    this.owner._emit('signaling', { connected: true, leaderId: this.leaderId, endpoint, term: this.term });
  }

  #heartbeat() {
    if (this.unanswered >= this.opts.heartbeatMisses) {
      this.#lost(`no heartbeat-ack for ${this.unanswered} heartbeats`);
      return;
    }
    this.unanswered++;
    this.send({ type: 'heartbeat', timestamp: Date.now() });
  }

  #lost(reason) {
    const ws = this.ws;
    this.ws = null;
    this.connected = false;
    clearInterval(this.heartbeatTimer);
    if (ws) {
      try { ws.close(); } catch { /* already closed */ }
    }
    this.owner._emit('signaling', { connected: false, leaderId: this.leaderId, reason });
    if (!this.stopped) {
      this.#connectLoop(); // open data channels keep carrying cues meanwhile
    }
  }

  #onFrame(f) {
    switch (f.type) {
      case 'heartbeat-ack':
        this.unanswered = 0;
        break;
      case 'peer-list':
        this.#remember((f.peers || []).map((p) => p.signalingEndpoint).filter(Boolean));
        this.owner._peerList(f.peers || []);
        break;
      case 'offer':
      case 'answer':
      case 'ice-candidate':
        this.owner._signal(f);
        break;
      case 'trust-list':
        adoptTrustList(f.document).then((adopted) => { if (adopted) this.owner._log('adopted a newer trust list'); });
        break;
      case 'error':
        this.owner._log(`signaling error ${f.code}: ${f.message}`);
        this.owner._emit('signaling-error', { code: f.code, message: f.message, targetPeerId: f.targetPeerId });
        break;
      default:
        break; // relay and unknown types: this client does not use the relay transport
    }
  }
}

/** What both roles share: identity, signaling, peer connections. */
class Peer extends EventTarget {
  constructor(peerType, opts) {
    super();
    if (!opts || !opts.server) {
      throw new TypeError('livecontrol: options.server is required, e.g. location.host or "192.168.1.5:3010"');
    }
    this.opts = { ...DEFAULTS, ...opts };
    this.peerType = peerType;
    this.identity = null; // set by start() where WebCrypto allows a device key
    this.peerId = opts.peerId || Peer.#storedId(peerType, opts.session);
    this.displayName = opts.displayName || (peerType === 'display' ? 'Browser display' : 'Browser remote');
    this.peers = [];
    this.links = new Map(); // remote peerId -> Link
    this.signaling = new Signaling(this, this.opts);
  }

  /** The id survives reloads, so a TV that reloads keeps its place (and the leader's reservation). */
  static #storedId(peerType, session) {
    const key = `livecontrol.peerId.${peerType}.${session || ''}`;
    const s = storage();
    const existing = s && s.getItem(key);
    if (existing) return existing;
    const id = randomId();
    if (s) s.setItem(key, id);
    return id;
  }

  /**
   * Starts signaling; first loads (or makes) this role's device key unless options.identity is false, a peerId
   * was given, or the page has no WebCrypto. {@link ready} resolves once registration has begun.
   */
  start() {
    this.stopped = false;
    this.ready = this.#loadIdentity().then(() => {
      if (!this.stopped) this.signaling.start();
    });
    return this;
  }

  async #loadIdentity() {
    if (this.opts.identity === false || this.opts.peerId || this.identity) return;
    if (!trustAvailable()) {
      this._log('this page can hold no device key (no IndexedDB): registering without one (open mode only)');
      return;
    }
    try {
      this.identity = await deviceIdentity(this.peerType);
      this.peerId = this.identity.peerId;
      if (this.identity.keyStore === 'noble') {
        this._log('no WebCrypto on this page (not a secure context): device key from the noble libraries, kept as'
          + ' raw bytes in IndexedDB (docs/security.md T15)');
      }
    } catch (e) {
      this._log(`no device key: ${e.message}; registering without one (open mode only)`);
    }
  }

  /** The trust list this browser holds, as a signed document, or null before pairing. */
  get trustList() {
    return heldTrustList();
  }

  stop() {
    this.stopped = true;
    this.signaling.stop();
    for (const link of this.links.values()) link.close('stopped');
    this.links.clear();
    clearInterval(this.tick);
  }

  get leader() {
    return { leaderId: this.signaling.leaderId, endpoint: this.signaling.endpoint,
      connected: this.signaling.connected, term: this.signaling.term };
  }

  /** The register frame (docs/protocol.md "register"); the one place an authentication step would go. */
  _registerFrame(token) {
    const f = { type: 'register', peerId: this.peerId, peerType: this.peerType, displayName: this.displayName,
      encodings: ['json'] };
    if (this.peerType === 'display') f.displayClass = this.opts.displayClass || 'audience';
    if (this.opts.session) f.session = this.opts.session;
    if (token) f.token = token;
    return f;
  }

  /** The register frame signed for this connection's challenge, with the room's trust list once paired. */
  async _signedRegisterFrame(token, nonce) {
    const f = this._registerFrame(token);
    const list = heldTrustList();
    if (list) f.trustList = list;
    return signRegistration(this.identity, f, nonce);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _log(message) {
    this._emit('log', { message });
    if (this.opts.debug) console.log(`[livecontrol ${this.peerType}] ${message}`);
  }

  _peerList(peers) {
    this.peers = peers.filter((p) => p.peerId !== this.peerId);
    this._emit('peers', { peers: this.peers });
  }

  _signal(f) {
    const from = f.fromPeerId;
    if (f.type === 'offer') {
      this._onOffer(from, f.sdp);
      return;
    }
    const link = this.links.get(from);
    if (!link) return;
    if (f.type === 'answer') link.answer(f.sdp).catch((e) => link.close(`the answer failed: ${e.message}`));
    else link.candidate(f);
  }

  _onOffer() {
    // controllers open channels; they do not answer offers
  }

  _sendSignal(frame) {
    return this.signaling.send(frame);
  }

  _linkOpened(link) {
    this._emit('channel', { peerId: link.remote, open: true });
  }

  _linkClosed(link, reason) {
    if (this.links.get(link.remote) === link) this.links.delete(link.remote);
    this._emit('channel', { peerId: link.remote, open: false, reason });
  }
}

/** One RTCPeerConnection with its live-control data channel. */
class Link {
  constructor(owner, remote, initiator) {
    this.owner = owner;
    this.remote = remote;
    this.initiator = initiator;
    this.closed = false;
    this.channel = null;
    this.remoteSet = false;
    this.pendingCandidates = [];
    this.rttMs = null;
    this.localCandidates = [];
    this.pc = new RTCPeerConnection({ iceServers: owner.opts.iceServers || [] });
    this.pc.onicecandidate = (ev) => {
      // a null candidate ends gathering: sent as the documented end-of-candidates frame (candidate "")
      const c = ev.candidate;
      if (c) this.localCandidates.push(c.candidate); // diagnostics: Chromium hides host IPs behind *.local
      owner._sendSignal({ type: 'ice-candidate', targetPeerId: remote, candidate: c ? c.candidate : '',
        sdpMid: c && c.sdpMid != null ? c.sdpMid : '0', sdpMLineIndex: c && c.sdpMLineIndex != null ? c.sdpMLineIndex : 0 });
    };
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      if (s === 'failed' || s === 'closed') this.close(`peer connection ${s}`);
    };
    if (initiator) {
      this.#attach(this.pc.createDataChannel(CHANNEL_LABEL, { ordered: true, protocol: JSON_PROTOCOL }));
    } else {
      this.pc.ondatachannel = (ev) => {
        const dc = ev.channel;
        if (dc.label !== CHANNEL_LABEL || this.channel) {
          dc.close();
          return;
        }
        if (dc.protocol && dc.protocol !== JSON_PROTOCOL) {
          // this client declared only "json"; a protobuf channel would carry frames it cannot read
          owner._log(`refusing data channel with protocol "${dc.protocol}" from ${remote}`);
          dc.close();
          this.close(`unsupported data-channel protocol "${dc.protocol}"`);
          return;
        }
        this.#attach(dc);
      };
    }
  }

  #attach(dc) {
    this.channel = dc;
    dc.onopen = () => this.owner._linkOpened(this);
    dc.onclose = () => this.close('data channel closed');
    dc.onmessage = (ev) => {
      let text = ev.data;
      if (typeof text !== 'string') text = new TextDecoder().decode(ev.data);
      let frame;
      try {
        frame = JSON.parse(text);
      } catch (e) {
        this.send({ type: 'error', code: 'malformed', message: `malformed JSON: ${e.message}` });
        return;
      }
      this.owner._frame(this, frame);
    };
    if (dc.readyState === 'open') this.owner._linkOpened(this);
  }

  get open() {
    return !this.closed && this.channel && this.channel.readyState === 'open';
  }

  send(frame) {
    if (!this.open) return false;
    try {
      this.channel.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Our SDP, its DTLS fingerprints signed by this browser's device key when it has one. */
  async #signed(sdp, kind) {
    const id = this.owner.identity;
    return id ? signSdp(id, sdp, kind, this.owner.peerId, this.remote) : sdp;
  }

  /** A peer's SDP, checked (a key-bound peer must prove its fingerprints) and without the signature. */
  async #verified(sdp, kind) {
    try {
      return await verifySdp(sdp, kind, this.remote, this.owner.peerId);
    } catch (e) {
      if (e.code === FINGERPRINT_UNVERIFIED) {
        this.owner._log(e.message);
        this.owner._emit('link-error', { peerId: this.remote, code: e.code, message: e.message });
      }
      throw e;
    }
  }

  async offer() {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.owner._sendSignal({ type: 'offer', targetPeerId: this.remote,
      sdp: await this.#signed(this.pc.localDescription.sdp, 'offer') });
  }

  async acceptOffer(sdp) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: await this.#verified(sdp, 'offer') });
    this.#flushCandidates();
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    this.owner._sendSignal({ type: 'answer', targetPeerId: this.remote,
      sdp: await this.#signed(this.pc.localDescription.sdp, 'answer') });
  }

  async answer(sdp) {
    if (this.pc.signalingState !== 'have-local-offer') return;
    let verified;
    try {
      verified = await this.#verified(sdp, 'answer');
    } catch (e) {
      this.close(e.message);
      return;
    }
    await this.pc.setRemoteDescription({ type: 'answer', sdp: verified });
    this.#flushCandidates();
  }

  candidate(f) {
    if (!f.candidate) return; // end of candidates: nothing to add
    const c = { candidate: f.candidate, sdpMid: f.sdpMid || '0', sdpMLineIndex: f.sdpMLineIndex || 0 };
    if (!this.remoteSet) {
      this.pendingCandidates.push(c);
      return;
    }
    this.pc.addIceCandidate(c).catch((e) => this.owner._log(`candidate from ${this.remote} refused: ${e.message}`));
  }

  #flushCandidates() {
    this.remoteSet = true;
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    queued.forEach((c) => this.candidate(c));
  }

  close(reason) {
    if (this.closed) return;
    this.closed = true;
    try { if (this.channel) this.channel.close(); } catch { /* closing anyway */ }
    try { this.pc.close(); } catch { /* closing anyway */ }
    this.owner._linkClosed(this, reason);
  }
}

/**
 * Display role. Events: "state" {state, from}, "message" {from, messageId, message}, "signaling",
 * "peers", "channel", "log".
 */
export class LiveControlDisplay extends Peer {
  constructor(opts) {
    super('display', opts);
    this.state = { eventId: '', itemId: '', slideIndex: 0, isBlack: false, revision: ZERO, blackRevision: ZERO };
    this.seen = new Map(); // controller id -> {set, order} of message ids
  }

  _onOffer(from, sdp) {
    const old = this.links.get(from);
    if (old) old.close('the controller sent a new offer');
    const link = new Link(this, from, false);
    this.links.set(from, link);
    link.acceptOffer(sdp).catch((e) => link.close(`answering the offer failed: ${e.message}`));
  }

  #firstTime(from, messageId) {
    let w = this.seen.get(from);
    if (!w) {
      w = { set: new Set(), order: [] };
      this.seen.set(from, w);
    }
    if (w.set.has(messageId)) return false;
    w.set.add(messageId);
    w.order.push(messageId);
    if (w.order.length > DEDUP_WINDOW) w.set.delete(w.order.shift());
    return true;
  }

  get revision() {
    return newerOf(this.state.revision, this.state.blackRevision);
  }

  _frame(link, f) {
    switch (f.type) {
      case 'slide':
      case 'black':
      case 'sync':
        this.#cue(link, f);
        break;
      case 'ping': {
        const pong = { type: 'pong', timestamp: f.timestamp };
        if (compareRevisions(this.revision, ZERO) > 0) pong.revision = this.revision;
        link.send(pong);
        break;
      }
      case 'ack':
      case 'pong':
      case 'error':
        break;
      default:
        link.send({ type: 'error', code: 'unknown-type', message: `unknown message type '${String(f.type).slice(0, 40)}'`,
          ...(f.messageId ? { messageId: f.messageId } : {}) });
    }
  }

  #cue(link, f) {
    const missing = !f.messageId ? 'messageId' : !f.eventId ? 'eventId'
      : f.type === 'slide' && !f.itemId ? 'itemId' : f.type === 'sync' && !f.fullState ? 'fullState' : null;
    if (missing) {
      link.send({ type: 'error', code: 'missing-field', message: `missing required field '${missing}' in '${f.type}'`,
        ...(f.messageId ? { messageId: f.messageId } : {}) });
      return;
    }
    if (this.#firstTime(link.remote, f.messageId)) {
      // a seed controller sends no revision: its change is the newest this display has seen
      const rev = f.revision || { counter: this.revision.counter + 1, controllerId: link.remote };
      const changed = this.#apply(f, rev);
      this._emit('message', { from: link.remote, messageId: f.messageId, message: f });
      if (changed) this._emit('state', { state: { ...this.state }, from: link.remote });
    }
    // duplicates are acked too: the first ack may have been lost
    const ack = { type: 'ack', messageId: f.messageId };
    if (compareRevisions(this.revision, ZERO) > 0) ack.revision = this.revision;
    link.send(ack);
  }

  #apply(f, rev) {
    const s = this.state;
    let changed = false;
    const slide = (eventId, itemId, slideIndex, r) => {
      if (compareRevisions(r, s.revision) > 0) {
        Object.assign(s, { eventId, itemId, slideIndex: Math.max(0, slideIndex | 0), revision: r });
        changed = true;
      }
    };
    const black = (isBlack, r) => {
      if (compareRevisions(r, s.blackRevision) > 0) {
        Object.assign(s, { isBlack: !!isBlack, blackRevision: r });
        changed = true;
      }
    };
    if (f.type === 'slide') slide(f.eventId, f.itemId, f.slideIndex, rev);
    else if (f.type === 'black') black(f.isBlack, rev);
    else {
      const st = f.fullState;
      const slideRev = st.revision || rev;
      slide(st.eventId || f.eventId, st.itemId || '', st.slideIndex || 0, slideRev);
      black(st.isBlack, st.blackRevision || slideRev);
    }
    return changed;
  }
}

/**
 * Controller role. Events: "delivery" {peerId, messageId, ok, reason?, attempts, roundTripMs},
 * "rtt" {peerId, rttMs}, plus "signaling", "peers", "channel", "log".
 */
export class LiveControlController extends Peer {
  constructor(opts) {
    super('controller', opts);
    this.lamport = 0;
    this.pending = new Map(); // messageId -> pending delivery
    this.state = { eventId: opts.eventId || 'event', itemId: '', slideIndex: 0, isBlack: false, revision: ZERO };
    this.reconnects = new Map(); // display id -> {timer, failures}
  }

  start() {
    super.start();
    this.tick = setInterval(() => this.#tick(), Math.max(10, this.opts.retryIntervalMs / 4));
    this.pingTimer = setInterval(() => this.#ping(), this.opts.pingIntervalMs);
    return this;
  }

  stop() {
    super.stop();
    clearInterval(this.pingTimer);
    for (const p of this.pending.values()) {
      this.#fail(p, 'CLOSED', 'the controller was stopped before the display acknowledged');
    }
    for (const r of this.reconnects.values()) clearTimeout(r.timer);
  }

  get displays() {
    return this.peers.filter((p) => p.peerType === 'display');
  }

  _peerList(peers) {
    super._peerList(peers);
    for (const d of this.displays) this.#ensureLink(d.peerId);
  }

  #ensureLink(id) {
    const existing = this.links.get(id);
    if (existing && !existing.closed) return;
    const link = new Link(this, id, true);
    this.links.set(id, link);
    link.offer().catch((e) => link.close(`offer failed: ${e.message}`));
  }

  _linkOpened(link) {
    super._linkOpened(link);
    this.reconnects.delete(link.remote);
    if (compareRevisions(this.state.revision, ZERO) > 0) {
      this.#track(link.remote, { type: 'sync', eventId: this.state.eventId, fullState: { ...this.state } },
        this.state.revision);
    }
    for (const p of this.pending.values()) {
      if (p.peerId === link.remote) this.#transmit(p);
    }
  }

  _linkClosed(link, reason) {
    super._linkClosed(link, reason);
    if (!this.signaling.stopped && this.displays.some((d) => d.peerId === link.remote)) {
      const r = this.reconnects.get(link.remote) || { failures: 0 };
      r.failures++;
      const delay = Math.min(this.opts.reconnectMaxBackoffMs, this.opts.reconnectBackoffMs * 2 ** (r.failures - 1));
      clearTimeout(r.timer);
      r.timer = setTimeout(() => this.#ensureLink(link.remote), delay);
      this.reconnects.set(link.remote, r);
    }
  }

  /** Hybrid logical clock, as the Java controller: never behind the wall clock in ms. */
  #nextRevision() {
    this.lamport = Math.max(this.lamport + 1, Date.now());
    return { counter: this.lamport, controllerId: this.peerId };
  }

  #applyOwn(message, rev) {
    if (message.type === 'slide') {
      Object.assign(this.state, { eventId: message.eventId, itemId: message.itemId, slideIndex: message.slideIndex, revision: rev });
    } else if (message.type === 'black') {
      Object.assign(this.state, { isBlack: message.isBlack, revision: rev });
    }
  }

  /**
   * Sends a cue to one display; resolves with {peerId, messageId, attempts, roundTripMs} on its ack, rejects
   * with a DeliveryError. message: {type:"slide", eventId, itemId, slideIndex} | {type:"black", eventId, isBlack}
   * | {type:"sync", eventId, fullState}.
   */
  send(displayId, message) {
    const rev = this.#nextRevision();
    this.#applyOwn(message, rev);
    return this.#track(displayId, message, rev);
  }

  /** Sends one cue (one revision) to every display; returns Map<displayId, Promise<delivery>>. */
  broadcast(message) {
    const rev = this.#nextRevision();
    this.#applyOwn(message, rev);
    const out = new Map();
    for (const d of this.displays) out.set(d.peerId, this.#track(d.peerId, message, rev));
    return out;
  }

  #track(displayId, message, rev) {
    const messageId = randomId();
    const frame = { ...message, messageId, revision: rev };
    if (!this.displays.some((d) => d.peerId === displayId) && !this.links.has(displayId)) {
      return Promise.reject(new DeliveryError('UNKNOWN_PEER', displayId, messageId, 'no such display in this session'));
    }
    return new Promise((resolve, reject) => {
      const now = performance.now();
      const p = { peerId: displayId, messageId, frame, resolve, reject, first: now, last: -Infinity,
        deadline: now + this.opts.deadlineMs, attempts: 0 };
      this.pending.set(messageId, p);
      this.#transmit(p);
    });
  }

  #transmit(p) {
    const link = this.links.get(p.peerId);
    if (!link || !link.open) return;
    p.attempts++;
    p.last = performance.now();
    link.send(p.frame);
  }

  #tick() {
    const now = performance.now();
    for (const p of this.pending.values()) {
      if (now >= p.deadline) {
        this.#fail(p, 'TIMEOUT', `no ack within ${this.opts.deadlineMs} ms after ${p.attempts} attempt(s)`);
      } else if (now - p.last >= this.opts.retryIntervalMs) {
        this.#transmit(p);
      }
    }
  }

  #fail(p, reason, detail) {
    this.pending.delete(p.messageId);
    const e = new DeliveryError(reason, p.peerId, p.messageId, detail);
    this._emit('delivery', { peerId: p.peerId, messageId: p.messageId, ok: false, reason, detail, attempts: p.attempts });
    p.reject(e);
  }

  #ping() {
    for (const link of this.links.values()) {
      const info = this.peers.find((x) => x.peerId === link.remote);
      // ping only peers that declared their encodings: they promised to answer (docs/protocol.md)
      if (link.open && info && info.encodings && info.encodings.length) {
        link.send({ type: 'ping', timestamp: Math.round(performance.timeOrigin + performance.now()) });
      }
    }
  }

  _frame(link, f) {
    switch (f.type) {
      case 'ack': {
        if (f.revision) this.lamport = Math.max(this.lamport, f.revision.counter);
        const p = this.pending.get(f.messageId);
        if (!p) return; // ack of a retry whose first ack already completed the delivery
        this.pending.delete(f.messageId);
        const d = { peerId: p.peerId, messageId: p.messageId, attempts: p.attempts,
          roundTripMs: performance.now() - p.first, appliedRevision: f.revision || null };
        this._emit('delivery', { ...d, ok: true });
        p.resolve(d);
        break;
      }
      case 'pong':
        if (f.revision) this.lamport = Math.max(this.lamport, f.revision.counter);
        link.rttMs = Math.max(0, performance.timeOrigin + performance.now() - f.timestamp);
        this._emit('rtt', { peerId: link.remote, rttMs: link.rttMs });
        break;
      case 'error': {
        const p = f.messageId && this.pending.get(f.messageId);
        if (p) this.#fail(p, 'REJECTED', `the display answered ${f.code}: ${f.message}`);
        else this._log(`display ${link.remote} reported ${f.code}: ${f.message}`);
        break;
      }
      case 'ping':
        link.send({ type: 'pong', timestamp: f.timestamp });
        break;
      default:
        link.send({ type: 'error', code: 'not-allowed', message: `a controller takes no '${String(f.type).slice(0, 40)}'`,
          ...(f.messageId ? { messageId: f.messageId } : {}) });
    }
  }
}
