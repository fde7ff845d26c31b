package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;

/**
 * What a node registers with the signaling server (seed {@code register}).
 *
 * @param session   the room/session name; messages never cross sessions ("" is the default session)
 * @param encodings the data-channel encodings this node speaks, sent as {@code register.encodings} and
 *                  carried to every peer in the peer list, so an opener never picks one the node cannot read.
 *                  Empty means "declares nothing": the peer is taken as a seed client (JSON only, not pinged).
 * @param signalingPort the port this node serves signaling on when elected (sent as {@code register.signalingPort};
 *                  the leader tells every peer, so browsers, which cannot browse mDNS, can find the next
 *                  leader); 0 for a node that never leads
 * @param deviceKey the device's key, or {@code null} for a node without a device identity (then the
 *                  registration is unsigned, as the seed's clients' are); with a key, {@code peerId} must be
 *                  the id derived from it
 */
public record Registration(PeerId peerId, PeerType peerType, String displayName, String session,
                           Set<LinkEncoding> encodings, int signalingPort, DeviceKey deviceKey) {
    public Registration {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(peerType, "peerType");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(session, "session");
        encodings = encodings == null || encodings.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(encodings));
        if (signalingPort < 0 || signalingPort > 65535) {
            throw new IllegalArgumentException("signalingPort " + signalingPort + " is not a port (1-65535, or 0)");
        }
    }

    /** A registration that declares no encodings (a seed client: JSON only), unsigned. */
    public Registration(PeerId peerId, PeerType peerType, String displayName, String session) {
        this(peerId, peerType, displayName, session, Set.of(), 0, null);
    }

    /** An unsigned registration (no device key). */
    public Registration(PeerId peerId, PeerType peerType, String displayName, String session,
                        Set<LinkEncoding> encodings, int signalingPort) {
        this(peerId, peerType, displayName, session, encodings, signalingPort, null);
    }
}
