// TypeScript declarations for livecontrol.js and the JSON shapes of docs/protocol.md (the seed's shapes
// plus livecontrol's optional additions). Fields marked optional may be absent on the wire.

// ----------------------------------------------------------------------------- data channel ("live-control")

/** Lamport counter with the issuing controller's id as tie-break. */
export interface Revision {
  counter: number;
  controllerId: string;
}

export interface LiveState {
  eventId: string;
  itemId: string;
  slideIndex: number;
  isBlack: boolean;
  revision?: Revision;
  blackRevision?: Revision;
}

/** Controller → display (seed `LiveControlMessage`). */
export type LiveControlMessage =
  | { type: 'slide'; eventId: string; itemId: string; slideIndex: number; messageId: string; revision?: Revision }
  | { type: 'black'; eventId: string; isBlack: boolean; messageId: string; revision?: Revision }
  | { type: 'ping'; timestamp: number }
  | { type: 'sync'; eventId: string; fullState: LiveState; messageId: string; revision?: Revision };

/** Display → controller (seed `LiveControlResponse`). */
export type LiveControlResponse =
  | { type: 'ack'; messageId: string; revision?: Revision }
  | { type: 'pong'; timestamp: number; revision?: Revision }
  | { type: 'error'; code: string; message: string; messageId?: string };

// ----------------------------------------------------------------------------- signaling (WebSocket /signaling)

export type PeerType = 'controller' | 'display';
export type DisplayClass = 'audience' | 'stage' | 'lobby';
/** Data-channel encodings; a peer that declares none speaks only JSON and is not pinged. */
export type Encoding = 'json' | 'protobuf';

export interface Register {
  type: 'register';
  peerId: string;
  peerType: PeerType;
  displayName: string;
  displayClass?: DisplayClass;
  token?: string;
  session?: string;
  encodings?: Encoding[];
  /** Port this peer serves signaling on when elected; absent for peers that never lead (browsers). */
  signalingPort?: number;
  /** Keyed devices: base64 SubjectPublicKeyInfo DER of the ECDSA P-256 key whose SHA-256 the "k-…" peerId names. */
  publicKey?: string;
  /** Keyed devices: base64 P1363 signature over the registration transcript with the challenge's nonce. */
  signature?: string;
  /** The room's signed trust list document, as a string, once this device is paired. */
  trustList?: string;
}

/** Server → client, first frame on a connection that negotiated livecontrol.v1.json or .proto. */
export interface Challenge {
  type: 'challenge';
  nonce: string;
}

export interface Registered {
  type: 'registered';
  peerId: string;
  token: string;
  leaderId: string;
  term: number;
}

export interface PeerEntry {
  peerId: string;
  peerType: PeerType;
  displayName: string;
  displayClass?: DisplayClass;
  encodings?: Encoding[];
  /** "host:port" of the signaling server this peer runs when it leads. */
  signalingEndpoint?: string;
}

export type SignalingFrame =
  | Register
  | Registered
  | Challenge
  | { type: 'trust-list'; document: string }
  | { type: 'offer'; targetPeerId: string; fromPeerId?: string; sdp: string }
  | { type: 'answer'; targetPeerId: string; fromPeerId?: string; sdp: string }
  | { type: 'ice-candidate'; targetPeerId: string; fromPeerId?: string; candidate: string; sdpMid?: string; sdpMLineIndex?: number }
  | { type: 'peer-list'; peers: PeerEntry[] }
  | { type: 'heartbeat'; timestamp?: number }
  | { type: 'heartbeat-ack'; timestamp?: number }
  | { type: 'relay'; targetPeerId: string; fromPeerId?: string; data: LiveControlMessage | LiveControlResponse }
  | { type: 'error'; code: string; message: string; targetPeerId?: string };

/** GET /health (200 when ready, 503 with ready=false while the leader's own node has not registered). */
export interface Health {
  leaderId: string;
  /** With ?challenge=C on a keyed leader: its SPKI DER (base64) and its signature over "livecontrol/v1 leader", C, leaderId. */
  leaderKey?: string;
  leaderProof?: string;
  term: number;
  uptimeMs: number;
  peers: number;
  ready: boolean;
  leaderCandidates: string[];
}

/** GET /health of a node that does not lead (always 503): where the leader is; never followed itself. */
export interface StandbyHealth {
  standby: true;
  ready: false;
  leaderCandidates: string[];
  leaderEndpoint?: string;
}

// ----------------------------------------------------------------------------- the client

/** What an application hands to send/broadcast: the client adds messageId and revision. */
export type Cue =
  | { type: 'slide'; eventId: string; itemId: string; slideIndex: number }
  | { type: 'black'; eventId: string; isBlack: boolean }
  | { type: 'sync'; eventId: string; fullState: LiveState };

export interface Options {
  /** "host:port" (or an http/ws URL) of a signaling server, e.g. `location.host`. */
  server: string;
  /** More "host:port" endpoints of nodes that can lead (learned automatically from /health and the peer list). */
  candidates?: string[];
  peerId?: string;
  displayName?: string;
  displayClass?: DisplayClass;
  session?: string;
  iceServers?: RTCIceServer[];
  heartbeatIntervalMs?: number;
  heartbeatMisses?: number;
  connectTimeoutMs?: number;
  retryIntervalMs?: number;
  deadlineMs?: number;
  pingIntervalMs?: number;
  reconnectBackoffMs?: number;
  reconnectMaxBackoffMs?: number;
  debug?: boolean;
  /**
   * false: never use a device key (register unsigned, as the seed's clients do; open mode only). By default a
   * page uses its role's key (made on first use; WebCrypto in a secure context, else the noble libraries) and a
   * "k-…" peer id; a given peerId also disables the key.
   */
  identity?: boolean;
}

export declare const DEFAULTS: Readonly<Required<Pick<Options,
  'heartbeatIntervalMs' | 'heartbeatMisses' | 'connectTimeoutMs' | 'retryIntervalMs' | 'deadlineMs'
  | 'pingIntervalMs' | 'reconnectBackoffMs' | 'reconnectMaxBackoffMs'>>>;

export declare function compareRevisions(a: Revision | undefined, b: Revision | undefined): -1 | 0 | 1;

export type DeliveryFailure = 'TIMEOUT' | 'UNKNOWN_PEER' | 'NOT_ALLOWED' | 'REJECTED' | 'CLOSED';

export declare class DeliveryError extends Error {
  readonly reason: DeliveryFailure;
  readonly peerId: string;
  readonly messageId: string;
}

export interface Delivery {
  peerId: string;
  messageId: string;
  attempts: number;
  roundTripMs: number;
  appliedRevision: Revision | null;
}

export interface SignalingEvent {
  connected: boolean;
  leaderId: string | null;
  endpoint?: string;
  term?: number;
  reason?: string;
}

/** This browser's device key for one role (the private key stays non-extractable in IndexedDB). */
export interface DeviceIdentity {
  /** "k-" + hex SHA-256 of publicKey's DER. */
  readonly peerId: string;
  /** base64 SubjectPublicKeyInfo DER. */
  readonly publicKey: string;
  /** false with WebCrypto (the private key cannot be exported); true for a 'noble' key (raw bytes in IndexedDB). */
  readonly extractable: boolean;
  /** 'webcrypto': a non-extractable CryptoKey; 'noble': made without WebCrypto (not a secure context). */
  readonly keyStore: 'webcrypto' | 'noble';
  /** ECDSA P-256 / SHA-256 signature, base64 P1363 (r||s). */
  sign(data: Uint8Array): Promise<string>;
}

/** "link-error" event: a keyed peer's SDP did not prove its DTLS fingerprint; the link was closed. */
export interface LinkErrorEvent {
  peerId: string;
  code: 'fingerprint-unverified';
  message: string;
}

/** "signaling-error" event; registering: true when the leader refused this browser's registration (e.g. not-paired). */
export interface SignalingErrorEvent {
  code: string;
  message: string;
  targetPeerId?: string;
  registering?: boolean;
}

interface PeerBase extends EventTarget {
  readonly peerId: string;
  /** Set once start() loaded the key; null without one. */
  readonly identity: DeviceIdentity | null;
  /** The room's signed trust list this browser holds, or null before pairing. */
  readonly trustList: string | null;
  /** Resolves once start() loaded the key and signaling began. */
  readonly ready: Promise<void>;
  readonly peers: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  start(): this;
  stop(): void;
}

/**
 * Events: "state" {state, from}, "message", "signaling", "signaling-error", "peers", "channel" {peerId, open,
 * reason?}, "link-error", "log".
 */
export declare class LiveControlDisplay extends EventTarget implements PeerBase {
  constructor(options: Options);
  readonly peerId: string;
  readonly identity: DeviceIdentity | null;
  readonly trustList: string | null;
  readonly ready: Promise<void>;
  readonly peers: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  readonly state: LiveState;
  start(): this;
  stop(): void;
}

/** Events: "delivery", "rtt" {peerId, rttMs}, "signaling", "signaling-error", "peers", "channel", "link-error", "log". */
export declare class LiveControlController extends EventTarget implements PeerBase {
  constructor(options: Options & { eventId?: string });
  readonly peerId: string;
  readonly identity: DeviceIdentity | null;
  readonly trustList: string | null;
  readonly ready: Promise<void>;
  readonly peers: PeerEntry[];
  readonly displays: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  readonly state: LiveState;
  start(): this;
  stop(): void;
  send(displayId: string, message: Cue): Promise<Delivery>;
  broadcast(message: Cue): Map<string, Promise<Delivery>>;
}

// ----------------------------------------------------------------------------- trust (livecontrol-trust.js)

/** Whether this page can hold a device key: IndexedDB and crypto.getRandomValues (secure context or not). */
export declare function trustAvailable(): boolean;
/**
 * Which implementation makes new device keys here: 'webcrypto' (secure context: non-extractable CryptoKey),
 * 'noble' (no crypto.subtle: @noble/curves, key kept as raw bytes in IndexedDB; docs/security.md T15), or null.
 */
export declare function trustMode(): 'webcrypto' | 'noble' | null;
/** This browser's key for a role, made on first use; rejects when the page has no IndexedDB. */
export declare function deviceIdentity(role: PeerType): Promise<DeviceIdentity>;
/** "k-" + hex SHA-256 of a SubjectPublicKeyInfo DER. */
export declare function peerIdOf(spki: Uint8Array): Promise<string>;
/** A label and fields, each a 4-byte big-endian length and UTF-8 bytes (the signed transcripts). */
export declare function transcript(label: string, ...fields: (string | null | undefined)[]): Uint8Array;
/** The signed trust list this browser holds, or null. */
export declare function heldTrustList(): string | null;

export interface TrustListDevice {
  peerId: string;
  publicKey: string;
  role: PeerType;
  name: string;
  added: string;
  removed?: string;
}

/** Parses a trust list document and verifies its signature (WebCrypto); rejects with the reason. */
export declare function parseTrustList(document: string): Promise<{ version: number; devices: TrustListDevice[];
  signerId: string; document: string }>;

export declare const FINGERPRINT_UNVERIFIED: 'fingerprint-unverified';
export declare class FingerprintError extends Error {
  readonly code: 'fingerprint-unverified';
}

/**
 * pairing-rejected | pairing-locked | pairing-expired | pairing-used | pairing-out-of-order | malformed (the
 * controller's); bad-token | unreachable | grant-unverified | trust-list-unverified | wrong-role (this client's).
 */
export declare class PairingError extends Error {
  readonly code: string;
}

/** Pairs this browser's key for `role` from the QR code's token (docs/protocol.md "Pairing from the QR code's token"). */
export declare function pairWithToken(options: { endpoint: string; token: string; role?: PeerType }):
  Promise<{ peerId: string; role: PeerType; name: string; trustListVersion: number }>;

/** POST /pair bodies and answers of the token exchange. */
export type PairingTokenMessage =
  | { type: 'pair-token-hello' }
  | { type: 'pair-token-challenge'; exchange: string; nonce: string }
  | { type: 'pair-token-proof'; exchange: string; publicKey: string; mac: string }
  | { type: 'pair-token-grant'; role: PeerType; name: string; controllerKey: string; trustList: string; mac: string }
  | { type: 'error'; code: string; message: string };
