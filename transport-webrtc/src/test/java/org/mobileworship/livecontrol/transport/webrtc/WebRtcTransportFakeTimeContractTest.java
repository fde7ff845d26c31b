package org.mobileworship.livecontrol.transport.webrtc;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mobileworship.livecontrol.testkit.DrivenFakeTime;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The transport contract against real libwebrtc with the transport's own timers (the ICE timeout of a connect,
 * the disconnected grace) on fake time ({@link DrivenFakeTime}), moved twice as fast as real time; ICE, DTLS and SCTP stay real.
 */
class WebRtcTransportFakeTimeContractTest extends WebRtcTransportContractTest {
    @RegisterExtension
    final DrivenFakeTime time = DrivenFakeTime.moving(Duration.ofMillis(10), Duration.ofMillis(5));

    @Override
    protected TestContext.Builder context(TestContext.Builder builder) {
        return time.apply(builder);
    }
}
