package org.mobileworship.livecontrol.signaling;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Map;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.testkit.SignalingContractTest;
import org.mobileworship.livecontrol.testkit.DrivenFakeTime;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The signaling contract against real Jetty on loopback with the plugin's own timers — the server's heartbeat
 * sweep, the client's heartbeats and connect timeout — on fake time ({@link DrivenFakeTime}), moved twice as fast as real time:
 * the contract must not depend on who paces those timers. The network stays real, so each timer is set to
 * leave real connects and round trips as much real time as the real-time contract run does (a 1 s heartbeat
 * here is 0.5 s of real time, as there).
 */
class JettySignalingFakeTimeContractTest extends SignalingContractTest {
    @RegisterExtension
    final DrivenFakeTime time = DrivenFakeTime.moving(Duration.ofMillis(10), Duration.ofMillis(5));

    @Override
    protected TestContext.Builder context(TestContext.Builder builder) {
        return time.apply(builder);
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
