package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * What a node registers with the signaling server (seed {@code register}).
 *
 * @param session the room/session name; messages never cross sessions ("" is the default session)
 */
public record Registration(PeerId peerId, PeerType peerType, String displayName, String session) {
    public Registration {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(peerType, "peerType");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(session, "session");
    }
}
