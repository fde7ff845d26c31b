package org.mobileworship.livecontrol.api;

import java.util.Objects;

/**
 * Base of livecontrol's exceptions. Messages name the problem and, where there is one, the fix
 * (e.g. the artifact to add or the config key to change); {@link #kind()} classifies the failure for code that
 * must react to it without reading the message.
 */
public class LiveControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /** A failure of kind {@link ErrorKind#UNSPECIFIED}. */
    public LiveControlException(String message) {
        this(ErrorKind.UNSPECIFIED, message);
    }

    /** A failure of kind {@link ErrorKind#UNSPECIFIED}. */
    public LiveControlException(String message, Throwable cause) {
        this(ErrorKind.UNSPECIFIED, message, cause);
    }

    public LiveControlException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public LiveControlException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What kind of failure this is; {@link ErrorKind#UNSPECIFIED} when the thrower did not classify it. */
    public ErrorKind kind() {
        return kind;
    }
}
