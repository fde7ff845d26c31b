package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compiles and runs the README's controller-and-display example over the real plugins on loopback. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleDeliversASlide() {
        String session = "readme-" + UUID.randomUUID();
        String shown = ReadmeExample.run(b -> b
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.security", "open")); // as the README says: two unpaired nodes need open
        assertThat(shown).isEqualTo("show song-1 slide 3");
    }
}
