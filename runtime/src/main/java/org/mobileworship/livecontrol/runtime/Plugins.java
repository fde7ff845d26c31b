package org.mobileworship.livecontrol.runtime;

import java.util.List;
import java.util.Objects;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;

/**
 * The providers a node runs with: one per single-choice SPI, the transports best first. What
 * {@link RuntimeBuilder#resolvePlugins()} reports and what the runtime wires.
 */
public record Plugins(DiscoveryProvider discovery, ElectionProvider election, SignalingProvider signaling,
                      List<TransportProvider> transports) {
    public Plugins {
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(signaling, "signaling");
        transports = List.copyOf(transports);
    }
}
