package org.mobileworship.livecontrol.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A peer as this node sees it (seed {@code PeerInfo}).
 *
 * @param id          the peer's id
 * @param type        controller, display (with class) or other
 * @param displayName human-readable name, e.g. "Stage left TV"
 * @param connected   whether this node has an open link to the peer right now
 * @param transport   name of the transport carrying that link ({@code "webrtc"}, {@code "relay"}, ...),
 *                    or {@code null} while not connected
 */
public record PeerInfo(PeerId id, PeerType type, String displayName, boolean connected, String transport) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** The transport carrying this peer's link, when connected. */
    public Optional<String> activeTransport() {
        return Optional.ofNullable(transport);
    }

    public PeerInfo withConnection(boolean connected, String transport) {
        return new PeerInfo(id, type, displayName, connected, connected ? transport : null);
    }
}
