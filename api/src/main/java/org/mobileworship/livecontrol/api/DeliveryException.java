package org.mobileworship.livecontrol.api;

import java.util.Objects;

/** Why a {@link LiveControl#send} future failed. The message always names the peer and the message id. */
public class DeliveryException extends LiveControlException {
    private static final long serialVersionUID = 1L;

    /** The failure kinds; stable, meant to be switched on. */
    public enum Reason {
        /** No ack before the delivery deadline, retries included. */
        TIMEOUT,
        /** The target is not a peer of this session. */
        UNKNOWN_PEER,
        /** The target's role cannot take the message (e.g. a slide to a controller, or sent by a display). */
        NOT_ALLOWED,
        /** The encoded message exceeds the data-channel limit. */
        TOO_LARGE,
        /** The display answered with an {@code error} frame. */
        REJECTED,
        /** The node was closed before the message was acknowledged. */
        CLOSED
    }

    private final Reason reason;
    private final PeerId peer;
    private final String messageId;

    public DeliveryException(Reason reason, PeerId peer, String messageId, String detail) {
        super(reason + ": message " + messageId + " to peer " + peer + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.peer = peer;
        this.messageId = messageId;
    }

    public Reason reason() {
        return reason;
    }

    public PeerId peer() {
        return peer;
    }

    public String messageId() {
        return messageId;
    }
}
