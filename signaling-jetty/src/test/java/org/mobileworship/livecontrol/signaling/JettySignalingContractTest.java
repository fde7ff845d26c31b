package org.mobileworship.livecontrol.signaling;

import java.util.Map;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.testkit.SignalingContractTest;

/** The testkit's signaling contract against real Jetty on an ephemeral loopback port. */
class JettySignalingContractTest extends SignalingContractTest {
    @Override
    protected SignalingProvider provider() {
        return new JettySignalingProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("livecontrol.heartbeat.interval", "500ms");
    }
}
