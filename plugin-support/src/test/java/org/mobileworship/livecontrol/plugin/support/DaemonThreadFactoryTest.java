package org.mobileworship.livecontrol.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerId;

class DaemonThreadFactoryTest {

    @Test
    void namesNodeThreadsWithTheShortIdAndNumbersLaterOnes() {
        DaemonThreadFactory f = DaemonThreadFactory.forNode(
                PeerId.of("3f2a9c1e-0000-4000-8000-000000000000"), "livecontrol-webrtc-io");
        assertThat(f.nextName()).isEqualTo("livecontrol-webrtc-io-3f2a9c1e");
        Thread first = f.newThread(() -> { });
        Thread second = f.newThread(() -> { });
        assertThat(first.getName()).isEqualTo("livecontrol-webrtc-io-3f2a9c1e");
        assertThat(second.getName()).isEqualTo("livecontrol-webrtc-io-3f2a9c1e-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void shortIdKeepsShortIdsAndReplacesOddCharacters() {
        assertThat(DaemonThreadFactory.shortId(PeerId.of("ctl"))).isEqualTo("ctl");
        assertThat(DaemonThreadFactory.shortId(PeerId.of("a b/c:d e f"))).isEqualTo("a_b_c_d_");
        assertThat(DaemonThreadFactory.shortId(PeerId.of("k-0123456789abcdef"))).isEqualTo("k-012345");
    }

    @Test
    void namedFactoryUsesTheBaseAsIs() {
        DaemonThreadFactory f = DaemonThreadFactory.named("inmem-net-timer");
        assertThat(f.newThread(() -> { }).getName()).isEqualTo("inmem-net-timer");
    }
}
