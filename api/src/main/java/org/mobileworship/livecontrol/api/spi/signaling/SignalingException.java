package org.mobileworship.livecontrol.api.spi.signaling;

import org.mobileworship.livecontrol.api.LiveControlException;

/** A signaling operation failed; {@link #code()} is one of {@link org.mobileworship.livecontrol.api.ErrorCodes} or "io". */
public class SignalingException extends LiveControlException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public SignalingException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SignalingException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
