package org.mobileworship.livecontrol.transport.webrtc;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mobileworship.livecontrol.testkit.FakeTime;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The transport contract against real libwebrtc with the transport's own timers (the ICE timeout of a connect,
 * the disconnected grace) on {@link FakeTime}, moved twice as fast as real time; ICE, DTLS and SCTP stay real.
 */
class WebRtcTransportFakeTimeContractTest extends WebRtcTransportContractTest {
    private final FakeTime time = new FakeTime();
    private FakeTime.Driver driver;

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
