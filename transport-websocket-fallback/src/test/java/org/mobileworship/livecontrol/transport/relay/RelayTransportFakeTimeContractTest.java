package org.mobileworship.livecontrol.transport.relay;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Set;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.testkit.DrivenFakeTime;
import org.mobileworship.livecontrol.testkit.TestContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;

/**
 * The transport contract with the relay's own timers (hello pings every 200 ms, the connect timeout) on
 * fake time ({@link DrivenFakeTime}), moved forward ten times faster than real time, while the signal path stays real threads:
 * the contract must hold whatever the timers' pace, and the absent-peer case no longer waits 3 real seconds.
 */
class RelayTransportFakeTimeContractTest extends TransportContractTest {
    @RegisterExtension
    final DrivenFakeTime time = DrivenFakeTime.moving(Duration.ofMillis(50), Duration.ofMillis(5));

    @Override
    protected TestContext.Builder context(TestContext.Builder builder) {
        return time.apply(builder);
    }

    @Override
    protected Transport createTransport(TransportContext context) {
        return new RelayTransportProvider().create(context);
    }

    @Override
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of(Signal.Relay.class);
    }
}
