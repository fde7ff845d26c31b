package org.mobileworship.livecontrol.signaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.testkit.SignalingContractTest;
import org.mobileworship.livecontrol.testkit.ManualScheduler;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The signaling contract against real Jetty on loopback with the plugin's own timers — the server's heartbeat
 * sweep, the client's heartbeats and connect timeout — on fake time ({@link ManualScheduler}), moved twice as fast as real time:
 * the contract must not depend on who paces those timers. The network stays real, so each timer is set to
 * leave real connects and round trips as much real time as the real-time contract run does (a 1 s heartbeat
 * here is 0.5 s of real time, as there).
 */
class JettySignalingFakeTimeContractTest extends SignalingContractTest {
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

    @Override
    protected SignalingProvider provider() {
        return new JettySignalingProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("livecontrol.heartbeat.interval", "1s", "livecontrol.signaling.connect-timeout", "6s");
    }
}
