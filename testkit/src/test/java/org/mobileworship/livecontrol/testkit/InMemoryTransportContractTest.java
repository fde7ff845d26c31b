package org.mobileworship.livecontrol.testkit;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;

class InMemoryTransportContractTest extends TransportContractTest {
    private final String network = "transport-contract-" + PeerId.random();

    @Override
    protected Transport createTransport(TransportContext context) {
        return new InMemoryTransportProvider().create(context);
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(InMemoryNetwork.CONFIG_KEY, network);
    }

    @Override
    protected Predicate<Thread> ignoredThreads() {
        // The network's worker pool is shared by every node on it and stopped by InMemoryNetwork.reset.
        return t -> t.getName().startsWith("inmem-");
    }

    @AfterEach
    void resetNetwork() {
        InMemoryNetwork.reset(network);
    }
}
