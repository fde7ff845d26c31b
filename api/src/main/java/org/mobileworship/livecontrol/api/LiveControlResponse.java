package org.mobileworship.livecontrol.api;

import java.util.Objects;

/** A display's answer to a controller (seed {@code LiveControlResponse}). */
public sealed interface LiveControlResponse
        permits LiveControlResponse.Ack, LiveControlResponse.Pong, LiveControlResponse.Error {

    /** The display has the message {@code messageId}; {@code appliedRevision} is its state's revision now. */
    record Ack(String messageId, Revision appliedRevision) implements LiveControlResponse {
        public Ack {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(appliedRevision, "appliedRevision");
        }
    }

    /** Echo of a {@link LiveControlMessage.Ping}'s timestamp. */
    record Pong(long timestamp) implements LiveControlResponse {
    }

    /**
     * The display could not take a message. {@code code} is one of {@link ErrorCodes}; {@code messageId}
     * is empty when the offending frame had none (e.g. it did not parse).
     */
    record Error(String code, String message, String messageId) implements LiveControlResponse {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(messageId, "messageId");
        }
    }
}
