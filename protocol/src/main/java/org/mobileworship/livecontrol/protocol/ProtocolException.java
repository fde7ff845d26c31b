package org.mobileworship.livecontrol.protocol;

import java.util.Objects;

/**
 * A received frame could not be decoded into a complete, valid message. The {@link #code()} says
 * which rule was broken; the message names the problem (field, type, size) for logs and for the
 * {@code message} of an {@code error} reply.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProtocolErrorCode code;

    /** Creates an exception with the given category and human-readable description. */
    public ProtocolException(ProtocolErrorCode code, String message) {
        this(code, message, null);
    }

    /** Creates an exception with the given category, description and underlying cause. */
    public ProtocolException(ProtocolErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The category of the failure. */
    public ProtocolErrorCode code() {
        return code;
    }
}
