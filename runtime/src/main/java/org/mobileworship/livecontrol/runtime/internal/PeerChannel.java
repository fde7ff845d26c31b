package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerStats;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the node knows about its link to one remote peer: the current link and the rank of its
 * transport (0 = best), reconnect and upgrade bookkeeping, and counters. Written only on the node loop; the
 * link and the counters are volatile so {@link #stats()} can be read from any thread without waiting for it.
 */
final class PeerChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PeerChannel.class);

    final PeerId remote;
    /** Whether this side opens links (controller to display) or only accepts them. */
    final boolean initiator;

    volatile Link current;
    int currentRank = -1;
    boolean connecting;
    boolean upgrading;
    int consecutiveFailures;
    NodeLoop.Timer reconnectTask = NodeLoop.Timer.NONE;
    long lastReceivedNanos;
    long lastUpgradeAttemptNanos;
    /** When the current connect attempt began, and when the peer last (re)appeared in the peer list. */
    long attemptStartedNanos;
    long registeredNanos;

    // Single writer (the loop), readers anywhere: volatile is enough for these counters.
    volatile long messagesSent;
    volatile long messagesReceived;
    volatile long bytesSent;
    volatile long bytesReceived;
    volatile long retries;
    volatile Duration roundTrip;

    PeerChannel(PeerId remote, boolean initiator) {
        this.remote = remote;
        this.initiator = initiator;
    }

    boolean isOpen() {
        Link l = current;
        return l != null && l.isOpen();
    }

    String transportName() {
        Link l = current;
        return l != null && l.isOpen() ? l.transport() : null;
    }

    PeerStats stats() {
        Link l = current;
        String pair = l != null ? l.stats().candidatePairType() : null;
        return new PeerStats(remote, transportName(), roundTrip, messagesSent, messagesReceived, bytesSent,
                bytesReceived, retries, pair);
    }

    /** Counts a received frame; the link is alive. */
    void received(int bytes, long nowNanos) {
        lastReceivedNanos = nowNanos;
        messagesReceived++;
        bytesReceived += bytes;
    }

    /**
     * Encodes {@code frame} in the link's encoding and sends it. A failed send is logged, not thrown: the
     * retry loop resends cues, and responses are re-sent when the retry arrives.
     */
    void send(Link link, DataFrame frame) {
        if (link == null || !link.isOpen()) {
            return;
        }
        byte[] bytes = codec(link).encodeData(frame);
        try {
            link.send(bytes);
            messagesSent++;
            bytesSent += bytes.length;
        } catch (RuntimeException e) {
            LOG.debug("send to {} over {} failed: {}", remote, link.transport(), e.toString());
        }
    }

    static FrameCodec codec(Link link) {
        return FrameCodec.of(link.encoding() == LinkEncoding.JSON ? WireFormat.JSON : WireFormat.PROTOBUF);
    }
}
