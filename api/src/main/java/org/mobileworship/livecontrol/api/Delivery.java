package org.mobileworship.livecontrol.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A message a display acknowledged.
 *
 * @param peer            the display that acknowledged
 * @param messageId       the id the runtime gave the message
 * @param attempts        how many times it was sent (1 = no retry)
 * @param roundTrip       from the first send to the ack
 * @param transport       the transport the ack came back over
 * @param appliedRevision the display's state revision when it acked (newer than the message's own
 *                        revision if another controller's later change won)
 */
public record Delivery(PeerId peer, String messageId, int attempts, Duration roundTrip, String transport,
                       Revision appliedRevision) {
    public Delivery {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(appliedRevision, "appliedRevision");
    }
}
