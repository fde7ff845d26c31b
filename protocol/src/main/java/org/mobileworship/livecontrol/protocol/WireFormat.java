package org.mobileworship.livecontrol.protocol;

import java.util.Optional;

/**
 * The two encodings a livecontrol connection can speak, identified on the wire by a WebSocket
 * subprotocol / data-channel protocol string. {@link #JSON} is the seed clients' format and the
 * default; {@link #PROTOBUF} is the compact binary form of the same messages.
 */
public enum WireFormat {
    /** Seed-compatible JSON text ({@code "type"} discriminator, camelCase fields). */
    JSON("livecontrol.v1.json"),
    /** Binary protobuf {@code livecontrol.v1.DataFrame} / {@code SignalingFrame}. */
    PROTOBUF("livecontrol.v1.proto");

    private final String subprotocol;

    WireFormat(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    /** The subprotocol string negotiated for this format. */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Looks up the format for a negotiated subprotocol string.
     *
     * @return the format, or empty for {@code null} or an unknown string
     */
    public static Optional<WireFormat> fromSubprotocol(String subprotocol) {
        for (WireFormat f : values()) {
            if (f.subprotocol.equals(subprotocol)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
