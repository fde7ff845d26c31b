package org.mobileworship.livecontrol.cli.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;

/** Classpath without the fallback jar (surefire execution "webrtc-only"): WebRTC alone, no hidden relay. */
@Tag("webrtc-only")
class WebRtcOnlyClasspathTest {
    @Test
    void onlyWebRtcIsFoundAndItCarriesCues() throws Exception {
        assertThat(LiveControlRuntime.builder().role(PeerType.controller()).resolvePlugins().transports())
                .extracting(t -> t.name()).containsExactly("webrtc");
        Delivery d = ClasspathNodes.slideThroughWhateverIsOnTheClasspath();
        assertThat(d.transport()).isEqualTo("webrtc");
    }
}
