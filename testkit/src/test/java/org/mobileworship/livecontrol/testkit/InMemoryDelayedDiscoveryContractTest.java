package org.mobileworship.livecontrol.testkit;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.testkit.internal.InMemoryDiscovery;

/** The discovery contract also holds when announcements take a while to become visible. */
class InMemoryDelayedDiscoveryContractTest extends DiscoveryContractTest {
    private final String network = "discovery-delayed-contract-" + PeerId.random();

    @Override
    protected Discovery createDiscovery(ProviderContext context) {
        return new InMemoryDiscoveryProvider().create(context);
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(InMemoryNetwork.CONFIG_KEY, network, InMemoryDiscovery.VISIBILITY_DELAY_KEY, "150ms");
    }

    @AfterEach
    void resetNetwork() {
        InMemoryNetwork.reset(network);
    }
}
