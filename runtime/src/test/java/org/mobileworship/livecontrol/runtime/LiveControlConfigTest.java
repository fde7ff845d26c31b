package org.mobileworship.livecontrol.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.LiveControlException;

class LiveControlConfigTest {

    @Test
    void defaultsAreTheSeeds() {
        LiveControlConfig c = LiveControlConfig.of(Map.of());
        assertThat(c.signalingPort()).isEqualTo(3010);
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.heartbeatMisses()).isEqualTo(3);
        assertThat(c.retryInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.get(LiveControlConfig.CHANNEL_LABEL)).contains("live-control");
    }

    @Test
    void precedenceIsExplicitThenSystemThenEnvironmentThenFileThenDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lc.properties");
        Files.writeString(file, "livecontrol.signaling.port=4001\nlivecontrol.heartbeat.misses=5\n"
                + "livecontrol.session=file\nlivecontrol.link.timeout=9s\n");
        Properties sys = new Properties();
        sys.setProperty("livecontrol.signaling.port", "4002");
        sys.setProperty("livecontrol.session", "sys");
        Map<String, String> env = Map.of("LIVECONTROL_SIGNALING_PORT", "4003", "LIVECONTROL_HEARTBEAT_MISSES", "6");
        LiveControlConfig c = LiveControlConfig.load(Map.of("livecontrol.signaling.port", "4004"), file, env, sys);
        assertThat(c.signalingPort()).isEqualTo(4004);
        assertThat(c.session()).isEqualTo("sys");
        assertThat(c.heartbeatMisses()).isEqualTo(6);
        assertThat(c.linkTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(c.retryInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void invalidValuesAreRejectedWithKeyAndReason() {
        assertThatThrownBy(() -> LiveControlConfig.of(Map.of("livecontrol.signaling.port", "70000")))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("livecontrol.signaling.port").hasMessageContaining("70000")
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> LiveControlConfig.of(Map.of("livecontrol.delivery.retry-interval", "soon")))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("livecontrol.delivery.retry-interval").hasMessageContaining("duration");
        assertThatThrownBy(() -> LiveControlConfig.of(Map.of("livecontrol.heartbeat.misses", "0")))
                .hasMessageContaining("livecontrol.heartbeat.misses").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LiveControlConfig.of(Map.of("livecontrol.sync-on-connect", "maybe")))
                .hasMessageContaining("livecontrol.sync-on-connect").hasMessageContaining("true or false");
    }

    @Test
    void missingConfigFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> LiveControlConfig.load(Map.of(), missing, Map.of(), new Properties()))
                .isInstanceOf(LiveControlException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void durationsAcceptCommonForms() {
        LiveControlConfig c = LiveControlConfig.of(Map.of("a", "250ms", "b", "1.5s", "c", "PT3S", "d", "2m"));
        assertThat(c.getDuration("a", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.getDuration("b", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.getDuration("c", null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.getDuration("d", null)).isEqualTo(Duration.ofMinutes(2));
    }
}
