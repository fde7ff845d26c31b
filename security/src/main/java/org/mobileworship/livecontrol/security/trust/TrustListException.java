package org.mobileworship.livecontrol.security.trust;

/** A trust list document is malformed, badly signed, or not acceptable to this device; the message says which. */
public final class TrustListException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustListException(String message) {
        super(message);
    }
}
