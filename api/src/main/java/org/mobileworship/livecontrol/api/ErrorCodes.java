package org.mobileworship.livecontrol.api;

/**
 * The {@code code} values livecontrol puts in {@code error} frames, on data channels and on signaling.
 * Stable strings: clients match on them.
 */
public final class ErrorCodes {
    /** Bytes or JSON that do not parse. */
    public static final String MALFORMED = "malformed";
    /** A {@code type} this peer does not know (e.g. from a newer version). */
    public static final String UNKNOWN_TYPE = "unknown-type";
    /** A required field is absent or empty. */
    public static final String MISSING_FIELD = "missing-field";
    /** A field has the wrong type or an out-of-range value. */
    public static final String INVALID_FIELD = "invalid-field";
    /** The frame exceeds the size limit. */
    public static final String TOO_LARGE = "too-large";
    /** The target peer is not registered in this session. */
    public static final String UNKNOWN_PEER = "unknown-peer";
    /** A message that needs registration arrived before {@code register}. */
    public static final String NOT_REGISTERED = "not-registered";
    /** Another live connection holds this peer id and the token does not prove ownership. */
    public static final String ID_TAKEN = "id-taken";
    /** The sender exceeded the per-connection rate limit; the frame was dropped. */
    public static final String RATE_LIMITED = "rate-limited";
    /** The server holds its maximum number of peers. */
    public static final String SERVER_FULL = "server-full";
    /** This peer's role may not receive that message (e.g. a slide sent to a controller). */
    public static final String NOT_ALLOWED = "not-allowed";

    /**
     * A registration did not prove the device's key: the peer id is bound to a key (or the registration
     * names a key) and the signature of the server's challenge is missing, wrong, or for another challenge.
     * One code for every such case, so a guesser learns nothing about which part failed.
     */
    public static final String UNAUTHENTICATED = "unauthenticated";

    /**
     * Paired mode: the registering device is not an active member of the room's trust list (never paired,
     * removed, or registering without its device key), or registers with another role than it was paired with.
     * Pair it with {@code livecontrol pair}.
     */
    public static final String NOT_PAIRED = "not-paired";

    private ErrorCodes() {
    }
}
