package org.mobileworship.livecontrol.transport.webrtc;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.testkit.BuildConfigCheck;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcSettings;

/** Bad webrtc keys fail build(), naming key, value and expected form (not start(), where they were swallowed). */
class WebRtcConfigTest {

    @Test
    void badKeysFailBuild() {
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new WebRtcTransportProvider())),
                WebRtcSettings.CHANNEL_LABEL, "  ");
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new WebRtcTransportProvider())),
                WebRtcSettings.ICE_TIMEOUT, "0s");
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new WebRtcTransportProvider())),
                WebRtcSettings.MAX_QUEUED_FRAMES, "0");
    }
}
