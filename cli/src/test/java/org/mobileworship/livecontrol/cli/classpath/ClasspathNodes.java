package org.mobileworship.livecontrol.cli.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * A controller and a display built only from what {@link java.util.ServiceLoader} finds on this test run's
 * classpath (each classpath suite removes or adds jars), on loopback.
 */
final class ClasspathNodes {
    private ClasspathNodes() {
    }

    static LiveControl.Builder local(LiveControl.Builder b, String session) {
        return b.config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.security", "open"); // what is on the classpath is tested here, not pairing
    }

    /** Starts a display then a controller, sends a slide, and returns the delivery. */
    static Delivery slideThroughWhateverIsOnTheClasspath() throws Exception {
        String session = "classpath-" + UUID.randomUUID();
        try (LiveControl display = local(LiveControl.builder().role(PeerType.display(DisplayClass.STAGE))
                .displayName("stage"), session).build();
             LiveControl controller = local(LiveControl.builder().role(PeerType.controller())
                .displayName("booth"), session).build()) {
            display.start();
            controller.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> controller.connectedPeers().stream()
                    .anyMatch(PeerInfo::connected));
            Delivery d = controller.send(display.id(), new LiveControlMessage.Slide("e", "song", 4))
                    .get(10, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 4);
            assertThat(display.liveState().itemId()).isEqualTo("song");
            return d;
        }
    }
}
