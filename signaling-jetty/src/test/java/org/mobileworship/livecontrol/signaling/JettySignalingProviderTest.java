package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.signaling.support.TestContext;

class JettySignalingProviderTest {

    @Test
    void serviceLoaderFindsTheProvider() {
        assertThat(ServiceLoader.load(SignalingProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(JettySignalingProvider.class);
                    assertThat(p.name()).isEqualTo("jetty");
                    assertThat(p.priority()).isEqualTo(100);
                    assertThat(p.isAvailable()).isTrue();
                });
    }

    @Test
    void badConfigValueIsRejectedNamingTheKey() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThatThrownBy(() -> new JettySignalingProvider().createServer(
                    new TestContext(s, Map.of("livecontrol.signaling.max-peers", "0"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("livecontrol.signaling.max-peers");
            assertThatThrownBy(() -> new JettySignalingProvider().createClient(
                    new TestContext(s, Map.of("livecontrol.heartbeat.interval", "soon"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("livecontrol.heartbeat.interval");
        } finally {
            s.shutdownNow();
        }
    }
}
