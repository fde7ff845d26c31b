package org.mobileworship.livecontrol.api;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;

/**
 * A peer as this node sees it (seed {@code PeerInfo}).
 *
 * @param id          the peer's id
 * @param type        controller, display (with class) or other
 * @param displayName human-readable name, e.g. "Stage left TV"
 * @param connected   whether this node has an open link to the peer right now
 * @param transport   name of the transport carrying that link ({@code "webrtc"}, {@code "relay"}, ...),
 *                    or {@code null} while not connected
 * @param encodings   the data-channel encodings the peer declared when it registered; empty when it declared
 *                    none (a seed client, which speaks only JSON — see {@link #speaks})
 * @param signalingEndpoint where the peer serves signaling when it leads, as the leader's peer list names it;
 *                    {@code null} when unknown (a seed client, or a signaling plugin that does not say)
 */
public record PeerInfo(PeerId id, PeerType type, String displayName, boolean connected, String transport,
                       Set<LinkEncoding> encodings, InetSocketAddress signalingEndpoint) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayName, "displayName");
        encodings = encodings == null || encodings.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(encodings));
    }

    /** A peer that declared no encodings (a seed client: JSON only). */
    public PeerInfo(PeerId id, PeerType type, String displayName, boolean connected, String transport) {
        this(id, type, displayName, connected, transport, Set.of());
    }

    /** A peer whose signaling endpoint is unknown. */
    public PeerInfo(PeerId id, PeerType type, String displayName, boolean connected, String transport,
                    Set<LinkEncoding> encodings) {
        this(id, type, displayName, connected, transport, encodings, null);
    }

    /** The transport carrying this peer's link, when connected. */
    public Optional<String> activeTransport() {
        return Optional.ofNullable(transport);
    }

    /** Whether the peer reads {@code encoding}: what it declared, or JSON alone when it declared nothing. */
    public boolean speaks(LinkEncoding encoding) {
        return encodings.isEmpty() ? encoding == LinkEncoding.JSON : encodings.contains(encoding);
    }

    /**
     * Whether the peer declared its encodings, i.e. follows livecontrol's protocol document, which includes
     * answering {@code ping} with {@code pong}. A seed client that declared nothing is never pinged.
     */
    public boolean declaredEncodings() {
        return !encodings.isEmpty();
    }

    public PeerInfo withConnection(boolean connected, String transport) {
        return new PeerInfo(id, type, displayName, connected, connected ? transport : null, encodings,
                signalingEndpoint);
    }
}
