package org.mobileworship.livecontrol.api.spi.election;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

/**
 * Checks that a signaling endpoint is alive. Elections use it so that an mDNS record is never taken as proof
 * of life. The runtime backs it with the signaling plugin's client.
 */
public interface LeaderProbe {
    /** Completes with the server's health, or empty if it did not answer within {@code timeout}. Never fails. */
    CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout);

    /**
     * Tells the node serving signaling at {@code worseLeader} that this node leads with a better priority;
     * {@code self} is this node's announcement (its priority and signaling port; the receiver takes the address
     * from the connection). The receiver never takes it on trust: its election probes this node and backs down
     * only if a better leader answers. This is how a better leader ends a split brain with a worse one that
     * cannot see it in discovery. Fire and forget; never fails. Default: nothing is sent.
     */
    default void tellLeader(InetSocketAddress worseLeader, Announcement self) {
    }
}
