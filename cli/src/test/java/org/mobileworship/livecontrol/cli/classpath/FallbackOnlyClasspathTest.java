package org.mobileworship.livecontrol.cli.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;

/** Classpath without the WebRTC jars (surefire execution "fallback-only"): the relay carries every cue. */
@Tag("fallback-only")
class FallbackOnlyClasspathTest {
    @Test
    void onlyTheRelayIsFoundAndItCarriesCues() throws Exception {
        assertThat(LiveControlRuntime.builder().role(PeerType.controller()).resolvePlugins().transports())
                .extracting(t -> t.name()).containsExactly("relay");
        Delivery d = ClasspathNodes.slideThroughWhateverIsOnTheClasspath();
        assertThat(d.transport()).isEqualTo("relay");
    }
}
