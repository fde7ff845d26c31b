// livecontrol web client, trust (docs/security.md): the device key, signed registration, signed SDP fingerprints,
// the room's trust list, and pairing from the QR code's token. WebCrypto only, nothing hand-written:
//   - device key: ECDSA P-256, generated non-extractable, kept in IndexedDB (a CryptoKey is stored as itself, so
//     the private key never exists outside the browser's key store); peer id "k-" + hex SHA-256 of the public
//     key's SubjectPublicKeyInfo DER, exactly as the Java nodes derive it;
//   - signatures: WebCrypto's ECDSA sign() returns IEEE P1363 (r||s), which is what the Java side verifies;
//   - transcripts: a label then each field as a 4-byte big-endian length and its UTF-8 bytes
//     (DeviceProofs.transcript on the Java side);
//   - pairing: HKDF-SHA256 of the 128-bit token and HMAC-SHA256 (docs/protocol.md "Pairing from the QR code's
//     token"). There is deliberately no code-based pairing here: it needs a PAKE (web/README.md says why).
//
// WebCrypto's subtle API exists only in secure contexts (https, http://localhost or 127.0.0.1, Tauri): a page
// opened over plain http on a LAN address (a TV's http://192.168.1.5:3010/display) has none. There the same
// operations run on the audited noble libraries (@noble/curves p256, @noble/hashes sha256/hmac/hkdf), bundled
// unmodified as ./livecontrol-noble.js (web/vendor/build-noble.sh) and imported only then. They produce the same
// P1363 signatures and SPKI keys; what is weaker is the key store: JavaScript must hold the private key, so it is
// kept in IndexedDB as raw bytes, readable by any script of this origin (docs/security.md T15).

const enc = new TextEncoder();
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const DB_NAME = 'livecontrol';
const KEY_STORE = 'device-keys';
const TRUST_LIST_KEY = 'livecontrol.trustList';
const TRUST_LIST_FORMAT = 'livecontrol-trust-list/1';

/** The named error of a connection refused because a peer's SDP does not prove its fingerprint. */
export const FINGERPRINT_UNVERIFIED = 'fingerprint-unverified';
const IDENTITY_ATTRIBUTE = 'a=x-livecontrol-identity:';

function subtle() {
  return (globalThis.isSecureContext !== false && globalThis.crypto && globalThis.crypto.subtle) || null;
}

let nobleModule = null;
/** The noble libraries, loaded on first need (never on a page that has WebCrypto and a WebCrypto key). */
function noble() {
  if (!nobleModule) {
    nobleModule = import('./livecontrol-noble.js').catch((e) => {
      nobleModule = null;
      throw new Error(`this page has no WebCrypto and cannot load ./livecontrol-noble.js (${e.message})`);
    });
  }
  return nobleModule;
}

/**
 * Whether this page can hold a device key: IndexedDB and crypto.getRandomValues (every browser has both, secure
 * context or not; the signatures come from WebCrypto or, without it, from the noble libraries).
 */
export function trustAvailable() {
  return typeof globalThis.indexedDB !== 'undefined' && !!(globalThis.crypto && globalThis.crypto.getRandomValues);
}

/**
 * Which implementation holds new device keys here: 'webcrypto' (non-extractable CryptoKey), 'noble' (no
 * WebCrypto: the key is raw bytes in IndexedDB, docs/security.md T15), or null (no key possible).
 */
export function trustMode() {
  if (!trustAvailable()) return null;
  return subtle() ? 'webcrypto' : 'noble';
}

// The DER SubjectPublicKeyInfo of a P-256 key is this fixed header (SEQUENCE, AlgorithmIdentifier id-ecPublicKey +
// prime256v1, BIT STRING of 66 bytes) followed by the 65-byte uncompressed point: a format step, no crypto.
const P256_SPKI_PREFIX = Uint8Array.of(0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
  0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00);

function spkiOfPoint(point) {
  const out = new Uint8Array(P256_SPKI_PREFIX.length + point.length);
  out.set(P256_SPKI_PREFIX);
  out.set(point, P256_SPKI_PREFIX.length);
  return out;
}

/** The uncompressed point of a P-256 SPKI, or null when it is not one. */
function pointOfSpki(spki) {
  if (spki.length !== P256_SPKI_PREFIX.length + 65) return null;
  for (let i = 0; i < P256_SPKI_PREFIX.length; i++) if (spki[i] !== P256_SPKI_PREFIX[i]) return null;
  return spki.subarray(P256_SPKI_PREFIX.length);
}

async function sha256(data) {
  const s = subtle();
  if (s) return new Uint8Array(await s.digest('SHA-256', data));
  return (await noble()).sha256(data);
}

// ----------------------------------------------------------------------------- encodings

export function toBase64(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text) {
  const t = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const padded = t + '='.repeat((4 - (t.length % 4)) % 4);
  const s = atob(padded);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function hex(bytes) {
  return [...new Uint8Array(bytes)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A label and fields, each as a 4-byte big-endian length and UTF-8 bytes (DeviceProofs.transcript). */
export function transcript(label, ...fields) {
  const parts = [label, ...fields].map((f) => enc.encode(f == null ? '' : String(f)));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

/** "k-" + lower-case hex SHA-256 of a SubjectPublicKeyInfo DER. */
export async function peerIdOf(spki) {
  return `k-${hex(await sha256(spki))}`;
}

async function verifySignature(spki, data, signature) {
  if (!subtle()) {
    try {
      const point = pointOfSpki(spki);
      // lowS: false — Java's signatures are not normalised to low S, and both halves are valid ECDSA
      return !!point && (await noble()).p256.verify(signature, data, point, { prehash: true, lowS: false, format: 'compact' });
    } catch {
      return false; // malformed point or signature: not verified
    }
  }
  try {
    const key = await subtle().importKey('spki', spki, ECDSA, false, ['verify']);
    return await subtle().verify(ECDSA_SIGN, key, signature, data);
  } catch {
    return false; // not a P-256 key, or garbage: not verified
  }
}

// ----------------------------------------------------------------------------- device key (IndexedDB)

function openDb() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(KEY_STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function request(db, mode, fn) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(KEY_STORE, mode);
    const r = fn(tx.objectStore(KEY_STORE));
    tx.oncomplete = () => resolve(r.result);
    tx.onabort = () => reject(tx.error || r.error);
    tx.onerror = () => reject(tx.error || r.error);
  });
}

async function newKeyRecord() {
  const s = subtle();
  if (s) {
    const made = await s.generateKey(ECDSA, false, ['sign', 'verify']);
    return { privateKey: made.privateKey, publicKey: made.publicKey };
  }
  const { p256 } = await noble();
  const secretKey = p256.utils.randomSecretKey(); // crypto.getRandomValues, present in insecure contexts too
  return { secretKey, spki: spkiOfPoint(p256.getPublicKey(secretKey, false)) };
}

/**
 * This browser's device key for one role (a browser profile may be a display and a remote at once: one key,
 * so one device, per role). Made on first use and kept in IndexedDB: with WebCrypto a non-extractable CryptoKey;
 * without (not a secure context) noble's raw 32-byte secret key, which any script of this origin could read.
 * Resolves to {peerId, publicKey (base64 SPKI), extractable, keyStore ('webcrypto'|'noble'),
 * sign(bytes) → Promise<base64 P1363 signature>}.
 */
export async function deviceIdentity(slot) {
  if (!trustAvailable()) {
    throw new Error('this page can hold no device key: it has no IndexedDB or no crypto.getRandomValues'
      + ' (a private window, or a very old browser)');
  }
  const db = await openDb();
  try {
    let pair = await request(db, 'readonly', (s) => s.get(slot));
    if (!pair) {
      const made = await newKeyRecord();
      try {
        await request(db, 'readwrite', (s) => s.add(made, slot));
        pair = made;
      } catch {
        pair = await request(db, 'readonly', (s) => s.get(slot)); // another tab made it first
      }
    }
    if (pair.secretKey) {
      // a key made without WebCrypto stays a noble key, even if this origin is later opened as a secure context
      const { p256 } = await noble();
      const secretKey = new Uint8Array(pair.secretKey);
      const spki = new Uint8Array(pair.spki);
      return {
        peerId: await peerIdOf(spki),
        publicKey: toBase64(spki),
        extractable: true,
        keyStore: 'noble',
        sign: async (data) => toBase64(p256.sign(data, secretKey, { prehash: true, format: 'compact' })),
      };
    }
    if (!subtle()) {
      throw new Error(`this browser's '${slot}' key is a WebCrypto key, but this page has no WebCrypto (it was`
        + ' opened as a secure context before); open it the same way again, or clear this site\'s data to make a'
        + ' new key and pair again');
    }
    const spki = new Uint8Array(await subtle().exportKey('spki', pair.publicKey)); // public keys always export
    const privateKey = pair.privateKey;
    return {
      peerId: await peerIdOf(spki),
      publicKey: toBase64(spki),
      extractable: privateKey.extractable,
      keyStore: 'webcrypto',
      sign: async (data) => toBase64(await subtle().sign(ECDSA_SIGN, privateKey, data)),
    };
  } finally {
    db.close();
  }
}

// ----------------------------------------------------------------------------- registration

/** The signed fields of a register frame (docs/protocol.md "challenge"), added to {@code frame} in place. */
export async function signRegistration(identity, frame, nonce) {
  frame.publicKey = identity.publicKey;
  frame.signature = await identity.sign(transcript('livecontrol/v1 register', nonce, frame.session || '',
    frame.peerId, frame.peerType, frame.displayName, frame.displayClass || ''));
  return frame;
}

// ----------------------------------------------------------------------------- SDP fingerprints

function fingerprintLines(sdp) {
  return sdp.split(/\r?\n/).filter((l) => l.startsWith('a=fingerprint:')).map((l) => l.trim());
}

/** {@code sdp} with the signature of its fingerprints (kind, sender, receiver) as a session-level attribute. */
export async function signSdp(identity, sdp, kind, self, remote) {
  const signature = await identity.sign(transcript('livecontrol/v1 sdp fingerprint', kind, self, remote,
    ...fingerprintLines(sdp)));
  const line = `${IDENTITY_ATTRIBUTE}${identity.publicKey} ${signature}`;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const media = sdp.startsWith('m=') ? 0 : sdp.indexOf(`${eol}m=`);
  if (media < 0) return sdp + (sdp.endsWith(eol) ? '' : eol) + line + eol;
  const at = media === 0 ? 0 : media + eol.length;
  return sdp.slice(0, at) + line + eol + sdp.slice(at);
}

/** Thrown when a peer's SDP does not prove its fingerprint; {@code code} is {@link FINGERPRINT_UNVERIFIED}. */
export class FingerprintError extends Error {
  constructor(kind, remote, why) {
    super(`${FINGERPRINT_UNVERIFIED}: the ${kind} from ${remote} was refused: ${why}; the signaling server may be`
      + ' trying to intercept the data channel');
    this.name = 'FingerprintError';
    this.code = FINGERPRINT_UNVERIFIED;
  }
}

const KEY_BOUND = /^k-[0-9a-f]{64}$/;

/**
 * Checks the signature of an SDP from {@code remote} and returns it without the attribute. A key-bound peer
 * ("k-…") must prove its fingerprint; a peer without a key (the seed's clients) is accepted as before.
 */
export async function verifySdp(sdp, kind, remote, self) {
  let attribute = null;
  const kept = [];
  for (const line of sdp.split(/(?<=\n)/)) {
    if (line.startsWith(IDENTITY_ATTRIBUTE)) attribute = line.slice(IDENTITY_ATTRIBUTE.length).trim();
    else kept.push(line);
  }
  const stripped = kept.join('');
  if (!KEY_BOUND.test(remote)) return stripped;
  if (attribute == null) throw new FingerprintError(kind, remote, 'it carries no signature of its DTLS fingerprint');
  const [key, signature] = attribute.split(' ');
  let spki;
  let sig;
  try {
    spki = fromBase64(key);
    sig = fromBase64(signature || '');
  } catch {
    throw new FingerprintError(kind, remote, 'its fingerprint signature is not base64');
  }
  if (await peerIdOf(spki) !== remote) {
    throw new FingerprintError(kind, remote, "its fingerprint is signed by another device's key");
  }
  const data = transcript('livecontrol/v1 sdp fingerprint', kind, remote, self, ...fingerprintLines(sdp));
  if (!(await verifySignature(spki, data, sig))) {
    throw new FingerprintError(kind, remote, 'the signature does not match its DTLS fingerprint (altered on the way)');
  }
  return stripped;
}

// ----------------------------------------------------------------------------- the room's trust list

/**
 * Parses a signed trust list document and checks its signature with WebCrypto. Resolves to
 * {version, devices, signerId, document}; rejects with the reason.
 */
export async function parseTrustList(document) {
  let root;
  let body;
  try {
    root = JSON.parse(document);
    if (!root || root.format !== TRUST_LIST_FORMAT) throw new Error(`'format' must be '${TRUST_LIST_FORMAT}'`);
    body = JSON.parse(root.body);
  } catch (e) {
    throw new Error(`not a trust list: ${e.message}`);
  }
  const spki = fromBase64(root.signerKey || '');
  const ok = await verifySignature(spki, transcript('livecontrol/v1 trust list', root.body),
    fromBase64(root.signature || ''));
  if (!ok) throw new Error("the trust list's signature does not verify against its signerKey");
  const devices = Array.isArray(body.devices) ? body.devices : [];
  return { version: Number(body.version), devices, signerId: await peerIdOf(spki), document };
}

function activeMember(list, peerId) {
  return list.devices.find((d) => d.peerId === peerId && !d.removed) || null;
}

function storage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

/** The trust list this browser holds (the signed document), or null. */
export function heldTrustList() {
  const s = storage();
  return (s && s.getItem(TRUST_LIST_KEY)) || null;
}

/**
 * Adopts a trust list pushed by the leader if it verifies, is newer than the held one and is signed by a
 * controller of the held one (a browser that was never paired adopts a list only from pairing). Resolves to
 * whether it was adopted.
 */
export async function adoptTrustList(document) {
  const heldText = heldTrustList();
  if (!heldText) return false;
  try {
    const [held, next] = await Promise.all([parseTrustList(heldText), parseTrustList(document)]);
    const signer = activeMember(held, next.signerId);
    if (next.version <= held.version || !signer || signer.role !== 'controller') return false;
    storage().setItem(TRUST_LIST_KEY, document);
    return true;
  } catch {
    return false;
  }
}

// ----------------------------------------------------------------------------- the leader's proof

/** A fresh challenge for GET /health?challenge=… (16 random bytes, base64url, 22 characters). */
export function leaderChallenge() {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Why the /health answer {@code health} to {@code challenge} does not prove a leader of the room whose trust list
 * is {@code document}, or null when it does: the leader id must be key-bound, {@code leaderKey} must be that id's
 * key, {@code leaderProof} its signature over the transcript "livecontrol/v1 leader", challenge, id
 * (DeviceProofs.leaderTranscript), and the id an active member of the list.
 */
export async function leaderProofProblem(health, challenge, document) {
  const id = health && health.leaderId;
  if (typeof id !== 'string' || !KEY_BOUND.test(id) || !health.leaderKey || !health.leaderProof) {
    return 'it does not prove a device key';
  }
  try {
    const spki = fromBase64(health.leaderKey);
    if (await peerIdOf(spki) !== id) return "its key is not the one its id names";
    if (!(await verifySignature(spki, transcript('livecontrol/v1 leader', challenge, id), fromBase64(health.leaderProof)))) {
      return 'its signature of this probe does not verify';
    }
    const list = await parseTrustList(document);
    if (!activeMember(list, id)) return "it is not a member of the room's trust list";
    return null;
  } catch (e) {
    return `its proof cannot be read (${e.message})`;
  }
}

// ----------------------------------------------------------------------------- pairing from the QR code's token

/** A pairing failure: {@code code} is the controller's (pairing-rejected, -locked, -expired, -used, …) or local. */
export class PairingError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'PairingError';
    this.code = code;
  }
}

async function post(endpoint, body) {
  let r;
  try {
    r = await fetch(`http://${endpoint}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new PairingError('unreachable', `the controller's pairing window at ${endpoint} cannot be reached`
      + ` (${e.message}); is it still open?`);
  }
  let answer;
  try {
    answer = await r.json();
  } catch {
    throw new PairingError('malformed', `the pairing window at ${endpoint} answered HTTP ${r.status} without JSON`);
  }
  if (!r.ok || answer.type === 'error') throw new PairingError(answer.code || 'failed', answer.message || `HTTP ${r.status}`);
  return answer;
}

/** The token's MAC key, HKDF-SHA256(token, salt, info) → HMAC-SHA256, as {sign(bytes), verify(mac, bytes)}. */
async function tokenMac(tokenBits) {
  const salt = enc.encode('livecontrol/v1 pair token');
  const info = enc.encode('livecontrol/v1 pair token mac key');
  const s = subtle();
  if (s) {
    const hkdfKey = await s.importKey('raw', tokenBits, 'HKDF', false, ['deriveKey']);
    const key = await s.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info }, hkdfKey,
      { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
    return {
      sign: async (data) => new Uint8Array(await s.sign('HMAC', key, data)),
      verify: (macBytes, data) => s.verify('HMAC', key, macBytes, data),
    };
  }
  const { hkdf, hmac, sha256: nobleSha256, equalBytes } = await noble();
  const key = hkdf(nobleSha256, tokenBits, salt, info, 32);
  return {
    sign: async (data) => hmac(nobleSha256, key, data),
    verify: async (macBytes, data) => equalBytes(hmac(nobleSha256, key, data), macBytes), // constant-time compare
  };
}

/**
 * Pairs this browser from the QR code's token (docs/protocol.md "Pairing from the QR code's token"):
 * proves the token with an HMAC over the window's nonce and this browser's key, checks the controller's MAC over
 * the grant (so the grant comes from whoever showed the token), checks that the trust list is signed by that
 * controller and lists this browser with the granted role, and keeps the list. Resolves to
 * {peerId, role, name, trustListVersion}; rejects with a PairingError.
 *
 * @param {{endpoint: string, token: string, role?: 'display'|'controller'}} options endpoint: the controller's
 *   pairing address (host:port); token: the QR code's 22-character token; role: which of this browser's keys
 */
export async function pairWithToken({ endpoint, token, role = 'display' }) {
  const tokenBits = /^[A-Za-z0-9_-]{22}$/.test(token || '') ? fromBase64(token) : null;
  if (!tokenBits || tokenBits.length !== 16) {
    throw new PairingError('bad-token', 'the pairing URL carries no valid token (22 characters); scan the QR code again');
  }
  const identity = await deviceIdentity(role);
  const mac = await tokenMac(tokenBits);

  const challenge = await post(endpoint, { type: 'pair-token-hello' });
  const proof = await mac.sign(transcript('livecontrol/v1 pair token device', challenge.nonce,
    identity.peerId, identity.publicKey));
  const grant = await post(endpoint, { type: 'pair-token-proof', exchange: challenge.exchange,
    publicKey: identity.publicKey, mac: toBase64(proof) });

  const grantOk = await mac.verify(fromBase64(grant.mac || ''), transcript(
    'livecontrol/v1 pair token grant', challenge.nonce, identity.peerId, grant.role, grant.name, grant.controllerKey,
    grant.trustList));
  if (!grantOk) {
    throw new PairingError('grant-unverified', 'the answer is not from the controller that showed this QR code'
      + ' (its MAC does not verify); do not use this device until it is paired from the real controller');
  }
  let list;
  try {
    list = await parseTrustList(grant.trustList);
  } catch (e) {
    throw new PairingError('trust-list-unverified', `the controller's trust list is not acceptable: ${e.message}`);
  }
  const controllerId = await peerIdOf(fromBase64(grant.controllerKey));
  const signer = activeMember(list, controllerId);
  const me = activeMember(list, identity.peerId);
  if (list.signerId !== controllerId || !signer || signer.role !== 'controller' || !me || me.role !== grant.role) {
    throw new PairingError('trust-list-unverified', 'the trust list from pairing is not signed by the controller'
      + ' that paired this browser, or does not list it with the granted role');
  }
  if (grant.role !== role) {
    throw new PairingError('wrong-role', `the window granted the role '${grant.role}', but this page paired its`
      + ` '${role}' key; open the QR code's URL unchanged`);
  }
  storage().setItem(TRUST_LIST_KEY, grant.trustList);
  return { peerId: identity.peerId, role: grant.role, name: grant.name, trustListVersion: list.version };
}
