package org.mobileworship.livecontrol.api.spi.transport;

/**
 * How frames on a link are encoded, negotiated per link: binary protobuf between livecontrol peers, the
 * seed's JSON with browsers and Tauri clients.
 */
public enum LinkEncoding {
    /** {@code livecontrol.v1.DataFrame} in binary protobuf. */
    PROTOBUF,
    /** The seed's JSON shapes, UTF-8. */
    JSON
}
