package org.mobileworship.livecontrol.transport.webrtc;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mobileworship.livecontrol.testkit.ManualScheduler;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The transport contract against real libwebrtc with the transport's own timers (the ICE timeout of a connect,
 * the disconnected grace) on fake time ({@link ManualScheduler}), moved twice as fast as real time; ICE, DTLS and SCTP stay real.
 */
class WebRtcTransportFakeTimeContractTest extends WebRtcTransportContractTest {
    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private ManualScheduler.Driver driver;

    @BeforeEach
    void driveTime() {
        driver = time.drive(Duration.ofMillis(10), Duration.ofMillis(5));
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
}
