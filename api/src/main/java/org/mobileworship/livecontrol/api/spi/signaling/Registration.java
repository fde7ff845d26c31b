package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * What a node registers with the signaling server (seed {@code register}).
 *
 * @param session   the room/session name; messages never cross sessions ("" is the default session)
 * @param deviceKey the device's key, or {@code null} for a node without a device identity (then the
 *                  registration is unsigned, as the seed's clients' are); with a key, {@code peerId} must be
 *                  the id derived from it
 */
public record Registration(PeerId peerId, PeerType peerType, String displayName, String session,
                           DeviceKey deviceKey) {
    public Registration {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(peerType, "peerType");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(session, "session");
    }

    /** An unsigned registration (no device key). */
    public Registration(PeerId peerId, PeerType peerType, String displayName, String session) {
        this(peerId, peerType, displayName, session, null);
    }
}
