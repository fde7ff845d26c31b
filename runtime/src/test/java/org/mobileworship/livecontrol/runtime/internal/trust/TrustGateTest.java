package org.mobileworship.livecontrol.runtime.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/** The election's view in paired mode (docs/security.md T6): unpaired nodes are no candidates; open mode sees all. */
class TrustGateTest {
    @TempDir
    Path dir;

    private final DeviceIdentity booth = DeviceIdentity.ephemeral();
    private final DeviceIdentity stage = DeviceIdentity.ephemeral();
    private final DeviceIdentity rogue = DeviceIdentity.ephemeral();

    private TrustStore store(boolean enforced) {
        TrustStore s = TrustStore.load(dir, booth, enforced, Clock.systemUTC());
        s.change("Booth", l -> l.with(new TrustList.Device(stage.peerId().value(),
                TrustStore.keyText(stage.publicKey()), "display", "Stage", Instant.now().toString(), null), booth,
                Instant.now()));
        return s;
    }

    private static DiscoveredPeer seen(DeviceIdentity key) {
        return new DiscoveredPeer(new Announcement(key.peerId(), PeerType.controller(), "x", 0, null, 0, 3010,
                Announcement.PROTOCOL_VERSION), List.of(InetAddress.getLoopbackAddress()), Instant.now());
    }

    /** A discovery that lists what it was given. */
    private static Discovery listing(List<DiscoveredPeer> peers) {
        return new Discovery() {
            @Override
            public void start(Announcement self, DiscoveryListener listener) {
            }

            @Override
            public void announce(Announcement self) {
            }

            @Override
            public List<DiscoveredPeer> peers() {
                return peers;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void pairedModeAdmitsOnlyMembersAndFiltersWhatTheElectionLists() {
        TrustGate gate = new TrustGate(store(true), "booth");
        assertThat(gate.admitsCandidate(stage.peerId())).isTrue();
        assertThat(gate.admitsCandidate(booth.peerId())).isTrue();
        assertThat(gate.admitsCandidate(rogue.peerId())).isFalse();
        assertThat(gate.admitsCandidate(PeerId.of("seed-phone"))).isFalse();
        Discovery filtered = gate.filtered(listing(List.of(seen(stage), seen(rogue))));
        assertThat(filtered.peers()).extracting(p -> p.announcement().peerId()).containsExactly(stage.peerId());
    }

    @Test
    void aRemovedMemberIsNoCandidateAnyMore() {
        TrustStore s = store(true);
        TrustGate gate = new TrustGate(s, "booth");
        assertThat(gate.admitsCandidate(stage.peerId())).isTrue();
        s.change("Booth", l -> l.without(stage.peerId().value(), booth, Instant.now()));
        assertThat(gate.admitsCandidate(stage.peerId())).isFalse();
    }

    @Test
    void openModeAndNodesWithoutIdentitySeeEveryone() {
        assertThat(new TrustGate(store(false), "booth").admitsCandidate(rogue.peerId())).isTrue();
        TrustGate none = new TrustGate(null, "plain");
        assertThat(none.admitsCandidate(rogue.peerId())).isTrue();
        Discovery d = listing(List.of(seen(rogue)));
        assertThat(none.filtered(d)).isSameAs(d);
    }
}
