package org.mobileworship.livecontrol.api;

/**
 * Base of livecontrol's exceptions. Messages name the problem and, where there is one, the fix
 * (e.g. the artifact to add or the config key to change).
 */
public class LiveControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LiveControlException(String message) {
        super(message);
    }

    public LiveControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
