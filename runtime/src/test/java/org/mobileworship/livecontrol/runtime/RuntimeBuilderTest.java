package org.mobileworship.livecontrol.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerType;

class RuntimeBuilderTest {

    @Test
    void apiBuilderFindsThisRuntimeThroughServiceLoader() {
        assertThat(LiveControl.builder()).isInstanceOf(RuntimeBuilder.class);
    }

    @Test
    void roleIsRequired() {
        assertThatThrownBy(() -> LiveControlRuntime.builder().build())
                .isInstanceOf(LiveControlException.class).hasMessageContaining("role is required");
    }

    @Test
    void noDiscoveryOnTheClasspathNamesTheArtifact() {
        // the runtime's own test classpath has no plugins at all
        assertThatThrownBy(() -> LiveControlRuntime.builder().role(PeerType.controller()).build())
                .isInstanceOf(LiveControlException.class)
                .hasMessage("No DiscoveryProvider on the classpath: add "
                        + "org.mobileworship.livecontrol:livecontrol-discovery-mdns");
    }

    @Test
    void invalidConfigFailsAtBuildTime() {
        assertThatThrownBy(() -> LiveControlRuntime.builder().role(PeerType.controller())
                .config("livecontrol.heartbeat.interval", "-1s").build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("livecontrol.heartbeat.interval");
    }
}
