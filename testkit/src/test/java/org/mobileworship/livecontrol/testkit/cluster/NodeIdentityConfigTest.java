package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.RuntimeBuilder;
import org.mobileworship.livecontrol.testkit.InMemoryDiscoveryProvider;
import org.mobileworship.livecontrol.testkit.InMemoryElectionProvider;
import org.mobileworship.livecontrol.testkit.InMemorySignalingProvider;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;

/** How the runtime takes its identity and security mode from the config. */
class NodeIdentityConfigTest {
    @TempDir
    Path state;

    private static RuntimeBuilder builder() {
        return LiveControlRuntime.builder().role(PeerType.controller()).displayName("booth")
                .discovery(new InMemoryDiscoveryProvider()).election(new InMemoryElectionProvider())
                .signaling(new InMemorySignalingProvider()).transports(List.of(new InMemoryTransportProvider()));
    }

    @Test
    void aStateDirectoryGivesTheNodeAKeyBoundIdThatSurvivesRestarts() {
        try (LiveControl first = builder().config("livecontrol.state-dir", state.toString()).build();
             LiveControl again = builder().config("livecontrol.state-dir", state.toString()).build()) {
            assertThat(DeviceProofs.isKeyBound(first.id().value())).isTrue();
            assertThat(again.id()).isEqualTo(first.id());
        }
        try (LiveControl plain = builder().config("livecontrol.security", "open").build()) {
            assertThat(DeviceProofs.isKeyBound(plain.id().value())).as("no state directory, no key").isFalse();
        }
    }

    @Test
    void aPeerIdThatIsNotTheKeysIsRefused() {
        assertThatThrownBy(() -> builder().config("livecontrol.state-dir", state.toString())
                .peerId(PeerId.of("booth-laptop")).build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("conflicts with the device key in " + state)
                .hasMessageContaining("do not set peerId");
    }

    @Test
    void pairedIsTheDefaultSoANodeWithoutAnIdentityIsRefusedNamingBothWaysOut() {
        assertThatThrownBy(() -> builder().build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("paired mode (the default) needs livecontrol.state-dir")
                .hasMessageContaining("livecontrol pair")
                .hasMessageContaining("livecontrol.security=open");
        try (LiveControl paired = builder().config("livecontrol.state-dir", state.toString()).build()) {
            assertThat(DeviceProofs.isKeyBound(paired.id().value())).isTrue();
        }
    }

    @Test
    void pairedModeWithoutADeviceIdentityIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> builder().config("livecontrol.security", "paired").build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("livecontrol.security").hasMessageContaining("livecontrol.state-dir");
        assertThatThrownBy(() -> builder().config("livecontrol.security", "closed").build())
                .isInstanceOf(LiveControlException.class).hasMessageContaining("'open' or 'paired'");
    }
}
