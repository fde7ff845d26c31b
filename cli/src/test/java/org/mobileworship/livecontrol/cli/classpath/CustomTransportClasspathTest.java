package org.mobileworship.livecontrol.cli.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;

/**
 * A third-party transport jar on the classpath (surefire execution "custom-transport" adds
 * {@code src/test/custom-transport} with its {@code META-INF/services} entry): it is found, ranked by its
 * priority above the built-ins, and carries the cues.
 */
@Tag("custom-transport")
class CustomTransportClasspathTest {
    @Test
    void aCustomTransportIsFoundRankedFirstAndUsed() throws Exception {
        assertThat(LiveControlRuntime.builder().role(PeerType.controller()).resolvePlugins().transports())
                .extracting(t -> t.name()).containsExactly(CustomTransportProvider.NAME, "webrtc", "relay");
        // the custom transport re-labels the relay; two relays would both answer relayed frames
        System.setProperty("livecontrol.transports", CustomTransportProvider.NAME + ",webrtc");
        try {
            Delivery d = ClasspathNodes.slideThroughWhateverIsOnTheClasspath();
            assertThat(d.transport()).isEqualTo(CustomTransportProvider.NAME);
        } finally {
            System.clearProperty("livecontrol.transports");
        }
    }
}
