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

interface PeerBase extends EventTarget {
  readonly peerId: string;
  readonly peers: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  start(): this;
  stop(): void;
}

/** Events: "state" {state, from}, "message", "signaling", "peers", "channel" {peerId, open, reason?}, "log". */
export declare class LiveControlDisplay extends EventTarget implements PeerBase {
  constructor(options: Options);
  readonly peerId: string;
  readonly peers: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  readonly state: LiveState;
  start(): this;
  stop(): void;
}

/** Events: "delivery", "rtt" {peerId, rttMs}, "signaling", "peers", "channel", "log". */
export declare class LiveControlController extends EventTarget implements PeerBase {
  constructor(options: Options & { eventId?: string });
  readonly peerId: string;
  readonly peers: PeerEntry[];
  readonly displays: PeerEntry[];
  readonly leader: { leaderId: string | null; endpoint: string; connected: boolean; term: number };
  readonly state: LiveState;
  start(): this;
  stop(): void;
  send(displayId: string, message: Cue): Promise<Delivery>;
  broadcast(message: Cue): Map<string, Promise<Delivery>>;
}
