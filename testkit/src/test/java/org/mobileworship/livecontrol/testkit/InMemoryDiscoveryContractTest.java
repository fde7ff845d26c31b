package org.mobileworship.livecontrol.testkit;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;

class InMemoryDiscoveryContractTest extends DiscoveryContractTest {
    private final String network = "discovery-contract-" + PeerId.random();

    @Override
    protected Discovery createDiscovery(ProviderContext context) {
        return new InMemoryDiscoveryProvider().create(context);
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(InMemoryNetwork.CONFIG_KEY, network);
    }

    @AfterEach
    void resetNetwork() {
        InMemoryNetwork.reset(network);
    }
}
