package org.mobileworship.livecontrol.testkit;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;

class InMemorySignalingContractTest extends SignalingContractTest {
    private final String network = "signaling-contract-" + PeerId.random();

    @Override
    protected SignalingProvider provider() {
        return new InMemorySignalingProvider();
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
