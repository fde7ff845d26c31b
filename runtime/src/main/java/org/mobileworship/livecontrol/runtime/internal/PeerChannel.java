package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerStats;
import org.mobileworship.livecontrol.api.spi.transport.Link;

/**
 * Everything the node knows about its link to one remote peer: the current link and the rank of its
 * transport (0 = best), reconnect and upgrade bookkeeping, and counters. Touched only on the node thread.
 */
final class PeerChannel {
    final PeerId remote;
    /** Whether this side opens links (controller to display) or only accepts them. */
    final boolean initiator;

    Link current;
    int currentRank = -1;
    boolean connecting;
    boolean upgrading;
    int consecutiveFailures;
    ScheduledFuture<?> reconnectTask;
    long lastReceivedNanos;
    long lastUpgradeAttemptNanos;
    /** When the current connect attempt began, and when the peer last (re)appeared in the peer list. */
    long attemptStartedNanos;
    long registeredNanos;

    long messagesSent;
    long messagesReceived;
    long bytesSent;
    long bytesReceived;
    long retries;
    Duration roundTrip;

    PeerChannel(PeerId remote, boolean initiator) {
        this.remote = remote;
        this.initiator = initiator;
    }

    boolean isOpen() {
        return current != null && current.isOpen();
    }

    String transportName() {
        return isOpen() ? current.transport() : null;
    }

    PeerStats stats() {
        String pair = current != null ? current.stats().candidatePairType() : null;
        return new PeerStats(remote, transportName(), roundTrip, messagesSent, messagesReceived, bytesSent,
                bytesReceived, retries, pair);
    }
}
