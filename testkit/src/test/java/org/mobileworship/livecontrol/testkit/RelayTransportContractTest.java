package org.mobileworship.livecontrol.testkit;

import java.util.Set;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;

/**
 * The relay fallback passes the transport contract. It lives here rather than in its own module because this
 * module already depends on it for the transport-switching tests (a test dependency back would be a cycle).
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
