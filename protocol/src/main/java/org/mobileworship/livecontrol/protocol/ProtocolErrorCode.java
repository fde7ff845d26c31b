package org.mobileworship.livecontrol.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a frame was rejected. {@link #wireCode()} is the string put in the {@code code} field of an
 * {@code error} reply, so the remote side learns the category without parsing prose.
 */
public enum ProtocolErrorCode {
    /** Not parseable at all: invalid JSON/UTF-8/protobuf bytes, or not a JSON object. */
    MALFORMED,
    /** Missing or unknown {@code "type"}, or a protobuf frame with no known body. */
    UNKNOWN_TYPE,
    /** A required field is absent (or, for strings, empty). */
    MISSING_FIELD,
    /** A field is present but has the wrong JSON type or an unacceptable value. */
    INVALID_FIELD,
    /** The encoded frame exceeds {@link ProtocolLimits}. */
    TOO_LARGE;

    private final String wireCode = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The kebab-case code used on the wire, e.g. {@code "missing-field"}. */
    public String wireCode() {
        return wireCode;
    }

    /** Inverse of {@link #wireCode()}; empty for {@code null} or an unknown code. */
    public static Optional<ProtocolErrorCode> fromWireCode(String wireCode) {
        for (ProtocolErrorCode c : values()) {
            if (c.wireCode.equals(wireCode)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
