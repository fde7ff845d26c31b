package org.mobileworship.livecontrol.api.spi.transport;

import java.util.Optional;

/**
 * How frames on a link are encoded, negotiated per link: binary protobuf between livecontrol peers, the
 * seed's JSON with browsers and Tauri clients. Peers declare the encodings they speak when they register
 * (signaling {@code register.encodings}); a peer that declares none speaks only {@link #JSON}.
 */
public enum LinkEncoding {
    /** {@code livecontrol.v1.DataFrame} in binary protobuf. */
    PROTOBUF("protobuf"),
    /** The seed's JSON shapes, UTF-8. */
    JSON("json");

    private final String wireName;

    LinkEncoding(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in {@code register.encodings} and peer-list entries: {@code "protobuf"} or {@code "json"}. */
    public String wireName() {
        return wireName;
    }

    /** The encoding named {@code name} on the wire, or empty for an unknown name. */
    public static Optional<LinkEncoding> fromWireName(String name) {
        for (LinkEncoding e : values()) {
            if (e.wireName.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
