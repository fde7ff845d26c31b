package org.mobileworship.livecontrol.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a node tells its application (seed events {@code webrtc:connected}, {@code webrtc:disconnected},
 * {@code webrtc:message}, {@code webrtc:leader_changed}, {@code webrtc:peer_list_changed}, plus the transport
 * switches and applied states that livecontrol adds). Delivered by {@link EventStream} in order.
 */
public sealed interface LiveControlEvent {
    /** When the node observed the event. */
    Instant at();

    /** A link to {@code peer} opened over {@code transport}. */
    record Connected(Instant at, PeerId peer, String transport) implements LiveControlEvent {
        public Connected {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** The link to {@code peer} closed; {@code reason} says why (e.g. "ice failed", "peer left"). */
    record Disconnected(Instant at, PeerId peer, String reason) implements LiveControlEvent {
        public Disconnected {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** A message from a controller, delivered once per {@code messageId} whatever the retries. */
    record MessageReceived(Instant at, PeerId from, String messageId, LiveControlMessage message)
            implements LiveControlEvent {
        public MessageReceived {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A display applied a state change (its {@link LiveControl#liveState()} is now {@code state}). */
    record StateApplied(Instant at, PeerId from, LiveState state) implements LiveControlEvent {
    }

    /** The leader changed (or became unknown while an election runs). */
    record LeaderChanged(Instant at, LeaderStatus status) implements LiveControlEvent {
    }

    /** The session's peer list changed; {@code peers} is the new list (this node excluded). */
    record PeerListChanged(Instant at, List<PeerInfo> peers) implements LiveControlEvent {
        public PeerListChanged {
            peers = List.copyOf(peers);
        }
    }

    /**
     * A message to {@code peer} will not be acknowledged: the same {@link DeliveryException} its
     * {@link LiveControl#send} future failed with, so logs and UIs see why (timeout, rejected, ...).
     */
    record DeliveryFailed(Instant at, PeerId peer, String messageId, DeliveryException.Reason reason, String detail)
            implements LiveControlEvent {
        public DeliveryFailed {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The link to {@code peer} moved from one transport to another (e.g. "webrtc" → "relay"). */
    record TransportChanged(Instant at, PeerId peer, String from, String to, String reason)
            implements LiveControlEvent {
    }
}
