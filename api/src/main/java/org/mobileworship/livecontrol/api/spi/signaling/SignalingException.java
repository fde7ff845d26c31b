package org.mobileworship.livecontrol.api.spi.signaling;

import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;

/**
 * A signaling operation failed; {@link #code()} is an {@link ErrorKind#code()}: a wire code the server answered
 * with, or {@link ErrorKind#IO} when the connection could not be opened or broke.
 */
public class SignalingException extends LiveControlException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public SignalingException(String code, String message) {
        super(kindOf(code), message);
        this.code = code;
    }

    public SignalingException(String code, String message, Throwable cause) {
        super(kindOf(code), message, cause);
        this.code = code;
    }

    /** A failure of {@code kind}; {@link #code()} is its code. */
    public SignalingException(ErrorKind kind, String message) {
        this(kind.code(), message);
    }

    /** A failure of {@code kind}; {@link #code()} is its code. */
    public SignalingException(ErrorKind kind, String message, Throwable cause) {
        this(kind.code(), message, cause);
    }

    private static ErrorKind kindOf(String code) {
        return ErrorKind.fromCode(code).orElse(ErrorKind.UNSPECIFIED);
    }

    public String code() {
        return code;
    }
}
