package org.mobileworship.livecontrol.runtime.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Optional;
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
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
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

    private static final InetSocketAddress AT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3010);

    /** What {@code signer} answers to a probe with {@code challenge} while claiming to be {@code claimed}. */
    private static Optional<LeaderHealth> answer(PeerId claimed, DeviceIdentity signer, String challenge) {
        byte[] signature = signer.sign(DeviceProofs.leaderTranscript(challenge, claimed.value()));
        return Optional.of(new LeaderHealth(claimed, 1, 2, Optional.of(new LeaderHealth.KeyProof(
                Base64.getEncoder().encodeToString(signer.publicKey()), Base64.getEncoder().encodeToString(signature)))));
    }

    @Test
    void pairedModeBelievesALeaderOnlyWhenItProvesTheKeyItsIdNamesForThisProbe() {
        TrustGate gate = new TrustGate(store(true), "booth");
        String challenge = gate.probeChallenge();
        assertThat(challenge).isNotBlank().isNotEqualTo(gate.probeChallenge()).as("fresh per probe");
        assertThat(gate.believe(AT, challenge, answer(stage.peerId(), stage, challenge))).isPresent();
        // a rogue announcing the stage's id (mDNS is not signed) cannot sign with the stage's key
        assertThat(gate.believe(AT, challenge, answer(stage.peerId(), rogue, challenge))).as("another key").isEmpty();
        assertThat(gate.believe(AT, challenge, Optional.of(new LeaderHealth(stage.peerId(), 1, 2))))
                .as("no proof").isEmpty();
        // a proof recorded from an earlier probe is for another challenge
        assertThat(gate.believe(AT, challenge, answer(stage.peerId(), stage, gate.probeChallenge())))
                .as("replayed proof").isEmpty();
        // a genuine key that is not in the room's list
        assertThat(gate.believe(AT, challenge, answer(rogue.peerId(), rogue, challenge))).as("unpaired").isEmpty();
        assertThat(gate.believe(AT, challenge, Optional.empty())).isEmpty();
    }

    @Test
    void openModeAsksForNoProofAndBelievesTheAnswerAsItIs() {
        TrustGate gate = new TrustGate(store(false), "booth");
        assertThat(gate.probeChallenge()).isNull();
        Optional<LeaderHealth> plain = Optional.of(new LeaderHealth(rogue.peerId(), 1, 0));
        assertThat(gate.believe(AT, null, plain)).isEqualTo(plain);
    }
}
