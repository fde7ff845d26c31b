package org.mobileworship.livecontrol.transport.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.testkit.ManualScheduler;
import org.mobileworship.livecontrol.testkit.TestContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;

/**
 * The transport contract with the relay's own timers (hello pings every 200 ms, the connect timeout) on
 * fake time ({@link ManualScheduler}), moved forward ten times faster than real time, while the signal path stays real threads:
 * the contract must hold whatever the timers' pace, and the absent-peer case no longer waits 3 real seconds.
 */
class RelayTransportFakeTimeContractTest extends TransportContractTest {
    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private ManualScheduler.Driver driver;

    @BeforeEach
    void driveTime() {
        driver = time.drive(Duration.ofMillis(50), Duration.ofMillis(5));
    }

    @AfterEach
    void stopTime() throws InterruptedException {
        driver.close();
        time.shutdownNow();
    }

    @Override
    protected TestContext.Builder context(TestContext.Builder builder) {
        return builder.scheduler(time).clock(time.clock());
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
