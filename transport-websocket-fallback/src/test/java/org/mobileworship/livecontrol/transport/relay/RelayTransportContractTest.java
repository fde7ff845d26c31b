package org.mobileworship.livecontrol.transport.relay;

import java.util.Set;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;

/**
 * The relay fallback passes the transport contract, run from this module's own tests as a third-party
 * transport's author would run it (the testkit is a test dependency here).
 */
class RelayTransportContractTest extends TransportContractTest {
    @Override
    protected Transport createTransport(TransportContext context) {
        return new RelayTransportProvider().create(context);
    }

    @Override
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of(Signal.Relay.class);
    }
}
