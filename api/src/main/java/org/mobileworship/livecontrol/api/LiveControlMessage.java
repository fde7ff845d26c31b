package org.mobileworship.livecontrol.api;

import java.util.Objects;

/**
 * A message a controller sends to a display (seed {@code LiveControlMessage}). The runtime adds the
 * {@code messageId} and revision on the wire; applications never set them.
 */
public sealed interface LiveControlMessage
        permits LiveControlMessage.Slide, LiveControlMessage.Black, LiveControlMessage.Ping, LiveControlMessage.Sync {

    /** Whether applying this message changes a display's {@link LiveState} (and so needs a revision). */
    default boolean changesState() {
        return !(this instanceof Ping);
    }

    /** Show slide {@code slideIndex} of item {@code itemId} in event {@code eventId}. Idempotent. */
    record Slide(String eventId, String itemId, int slideIndex) implements LiveControlMessage {
        public Slide {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(itemId, "itemId");
            if (slideIndex < 0) {
                throw new IllegalArgumentException("slideIndex must be >= 0, was " + slideIndex);
            }
        }
    }

    /** Black the screen out ({@code black = true}) or bring the content back. Idempotent. */
    record Black(String eventId, boolean black) implements LiveControlMessage {
        public Black {
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /** Liveness and round-trip probe; answered by a {@link LiveControlResponse.Pong}. */
    record Ping(long timestamp) implements LiveControlMessage {
    }

    /** Replace the display's whole state (sent to a display that joins or rejoins). Idempotent. */
    record Sync(String eventId, LiveState fullState) implements LiveControlMessage {
        public Sync {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(fullState, "fullState");
        }
    }
}
