package org.mobileworship.livecontrol.api;

import java.util.Optional;

/**
 * livecontrol's one vocabulary of failure kinds. Each has a stable {@link #code()}: the wire kinds are the
 * {@code code} values of {@code error} frames ({@link ErrorCodes} holds the same strings as constants); the local
 * kinds never leave the process and classify a {@link LiveControlException} ({@link LiveControlException#kind()})
 * so that a caller such as the CLI can say what to do without reading the message.
 */
public enum ErrorKind {
    // ---- on the wire (error frames on data channels and on signaling)
    /** Bytes or JSON that do not parse. */
    MALFORMED(ErrorCodes.MALFORMED, true),
    /** A {@code type} this peer does not know. */
    UNKNOWN_TYPE(ErrorCodes.UNKNOWN_TYPE, true),
    /** A required field is absent or empty. */
    MISSING_FIELD(ErrorCodes.MISSING_FIELD, true),
    /** A field has the wrong type or an out-of-range value. */
    INVALID_FIELD(ErrorCodes.INVALID_FIELD, true),
    /** The frame exceeds the size limit. */
    TOO_LARGE(ErrorCodes.TOO_LARGE, true),
    /** The target peer is not registered in this session. */
    UNKNOWN_PEER(ErrorCodes.UNKNOWN_PEER, true),
    /** A message that needs registration arrived before {@code register}. */
    NOT_REGISTERED(ErrorCodes.NOT_REGISTERED, true),
    /** Another live connection holds this peer id. */
    ID_TAKEN(ErrorCodes.ID_TAKEN, true),
    /** The sender exceeded the rate limit. */
    RATE_LIMITED(ErrorCodes.RATE_LIMITED, true),
    /** The server holds its maximum number of peers. */
    SERVER_FULL(ErrorCodes.SERVER_FULL, true),
    /** This peer's role may not receive (or send) that message. */
    NOT_ALLOWED(ErrorCodes.NOT_ALLOWED, true),
    /** A registration did not prove the device's key. */
    UNAUTHENTICATED(ErrorCodes.UNAUTHENTICATED, true),
    /** Paired mode: the device is not an active member of the room's trust list, or not with that role. */
    NOT_PAIRED(ErrorCodes.NOT_PAIRED, true),

    // ---- local: classify exceptions, never sent
    /** A connection could not be opened, broke, or was closed (e.g. to the signaling server). */
    IO("io", false),
    /** A configuration value is invalid ({@link ConfigurationException}). */
    CONFIGURATION("configuration", false),
    /** A port this node must listen on is taken by another process. */
    ADDRESS_IN_USE("address-in-use", false),
    /** No (usable) network interface has the address the node was told to use. */
    NO_NETWORK_INTERFACE("no-network-interface", false),
    /** No leader was found in time. */
    NO_LEADER("no-leader", false),
    /** A plugin the node needs is not on the classpath, or cannot work here. */
    MISSING_PLUGIN("missing-plugin", false),
    /** A native library (webrtc-java, or one it links against such as libpulse) cannot load. */
    NATIVE_LIBRARY("native-library", false),
    /** None of the above; the message says what happened. */
    UNSPECIFIED("unspecified", false);

    private final String code;
    private final boolean onTheWire;

    ErrorKind(String code, boolean onTheWire) {
        this.code = code;
        this.onTheWire = onTheWire;
    }

    /** The stable kebab-case code, e.g. {@code "missing-field"} or {@code "io"}. */
    public String code() {
        return code;
    }

    /** Whether this kind is a {@code code} of {@code error} frames (else it only classifies local failures). */
    public boolean onTheWire() {
        return onTheWire;
    }

    /** The kind of {@code code}; empty for {@code null} or an unknown code (e.g. from a newer peer). */
    public static Optional<ErrorKind> fromCode(String code) {
        for (ErrorKind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
