package org.mobileworship.livecontrol.security.pairing;

/**
 * A pairing attempt failed. {@link #reason()} is what the operator and the new device may know: a wrong
 * code and a tampered exchange are the same {@link Reason#REJECTED} (the PAKE cannot tell them apart, and
 * telling them apart would help a guesser), while a closed window says why it is closed.
 */
public final class PairingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The code was not the window's code, or the exchange was tampered with. */
        REJECTED,
        /** The window's attempts are used up: it is locked; open a new one. */
        LOCKED,
        /** The window's lifetime is over; open a new one. */
        EXPIRED,
        /** The window already paired its one device; open a new one for the next. */
        USED,
        /** A message arrived out of order or twice. */
        OUT_OF_ORDER
    }

    private final Reason reason;

    public PairingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
