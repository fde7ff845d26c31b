package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;

/** A decorator with order-preserving faults only (delay and jitter) must still honour the whole contract. */
class FaultInjectingTransportContractTest extends TransportContractTest {
    private final String network = "decorator-contract-" + PeerId.random();

    @Override
    protected Transport createTransport(TransportContext context) {
        return new FaultInjectingTransport(new InMemoryTransportProvider().create(context),
                new Faults().delay(Duration.ofMillis(1), Duration.ofMillis(2)).seed(3),
                new Faults().delay(Duration.ZERO, Duration.ofMillis(1)).seed(4));
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(InMemoryNetwork.CONFIG_KEY, network);
    }

    @Override
    protected Predicate<Thread> ignoredThreads() {
        return t -> t.getName().startsWith("inmem-");
    }

    @AfterEach
    void resetNetwork() {
        InMemoryNetwork.reset(network);
    }
}
