package org.mobileworship.livecontrol.api.spi.election;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Checks that a signaling endpoint is alive. Elections use it so that an mDNS record is never taken as proof
 * of life. The runtime backs it with the signaling plugin's client.
 */
public interface LeaderProbe {
    /** Completes with the server's health, or empty if it did not answer within {@code timeout}. Never fails. */
    CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout);
}
