package org.mobileworship.livecontrol.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Counters for the link to one peer.
 *
 * @param peer               the remote peer
 * @param transport          transport of the current link, or {@code null} when none is open
 * @param roundTrip          last ping/pong round trip, or {@code null} before the first pong
 * @param messagesSent       frames sent (retries included)
 * @param messagesReceived   frames received (duplicates included)
 * @param bytesSent          encoded bytes sent
 * @param bytesReceived      encoded bytes received
 * @param retries            re-sends of unacknowledged messages
 * @param candidatePairType  the selected ICE candidate pair ("host/host", "srflx/relay", ...) when the
 *                           transport is WebRTC, else {@code null}
 */
public record PeerStats(PeerId peer, String transport, Duration roundTrip, long messagesSent,
                        long messagesReceived, long bytesSent, long bytesReceived, long retries,
                        String candidatePairType) {
    public Optional<Duration> lastRoundTrip() {
        return Optional.ofNullable(roundTrip);
    }
}
