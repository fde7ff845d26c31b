package org.mobileworship.livecontrol.signaling.internal;

import org.mobileworship.livecontrol.protocol.v1.PeerEntry;

/** A registered peer: identity as registered, its reconnect token and its current connection. */
public record PeerRecord(String session, String peerId, PeerEntry entry, String token, ServerConnection connection) {
}
