package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.election.internal.FakeCluster.Node;

/**
 * The demo's failover under load: a display joins, follows the leader, and the leader leaves before the
 * display ever saw the controller's mDNS record (jmdns takes seconds to show a new service). The display would
 * lead its own half of the room; the leader's peer list told it where the controller serves, and that is enough
 * to find the controller leading and follow it. Deterministic: fake time, in-memory room.
 */
class LearntThroughSignalingTest {
    private static final PeerType CONTROLLER = PeerType.controller();
    private static final PeerType DISPLAY = PeerType.display(DisplayClass.STAGE);
    private static final long T0 = 1_700_000_000_000L;

    private final FakeCluster room = new FakeCluster();

    private String view() {
        return room.alive().stream().map(n -> n.name + "→" + n.status().leaderId()).toList().toString();
    }

    /** d1 leads, c2 follows it (no pre-emption), d3 joins but never sees c2's record; then d1 leaves. */
    private Node[] roomWhereTheLateDisplayNeverSawTheController() {
        Node d1 = room.node("d1", PeerType.display(DisplayClass.AUDIENCE), T0, "d1").start();
        room.run(Duration.ofSeconds(5));
        Node c2 = room.node("c2", CONTROLLER, T0 + 5_000, "c2").start();
        room.run(Duration.ofSeconds(5));
        room.hideRecords("c2", "d3");
        Node d3 = room.node("d3", DISPLAY, T0 + 10_000, "d3").start();
        room.run(Duration.ofSeconds(5));
        assertThat(room.leaders()).as("before: %s", view()).containsExactly(d1);
        assertThat(d3.status().leaderId()).isEqualTo(d1.id);
        return new Node[] {d1, c2, d3};
    }

    @Test
    void withoutWhatSignalingToldItTheLateDisplayLeadsItsOwnHalf() {
        Node[] n = roomWhereTheLateDisplayNeverSawTheController();
        n[0].exit();
        room.run(Duration.ofSeconds(30));
        assertThat(room.leaders()).as("split: %s", view()).containsExactlyInAnyOrder(n[1], n[2]);
    }

    @Test
    void theControllerLearntFromThePeerListIsFoundLeadingAndFollowed() {
        Node[] n = roomWhereTheLateDisplayNeverSawTheController();
        Node c2 = n[1];
        Node d3 = n[2];
        // what the runtime does with the leader's peer list entry of c2 (signalingEndpoint = where c2 would serve)
        d3.election.peerLearned(new PeerInfo(c2.id, CONTROLLER, "c2", false, null, Set.of(),
                new InetSocketAddress(FakeCluster.LOOPBACK, c2.port)));
        n[0].exit();
        room.run(Duration.ofSeconds(30));
        assertThat(room.leaders()).as("one leader: %s", view()).containsExactly(c2);
        assertThat(d3.status().leaderId()).as(view()).isEqualTo(c2.id);
        assertThat(room.alive()).allMatch(x -> c2.id.equals(x.status().leaderId()));
    }

    @Test
    void aLearntRecordNeverReplacesWhatDiscoveryShows() {
        PeerTable table = new PeerTable(org.mobileworship.livecontrol.api.PeerId.of("me"));
        Node c2 = room.node("c2", CONTROLLER, T0, "c2");
        c2.start();
        assertThat(table.update(c2.asPeer())).isTrue();
        var learnt = new org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer(
                new org.mobileworship.livecontrol.api.spi.discovery.Announcement(c2.id, CONTROLLER, "c2",
                        Long.MAX_VALUE, null, 0, 1, 1), List.of(FakeCluster.LOOPBACK), java.time.Instant.EPOCH);
        assertThat(table.learn(learnt)).as("listed by discovery: ignored").isFalse();
        table.remove(c2.id);
        assertThat(table.learn(learnt)).as("remembered from discovery: still ignored").isFalse();
        assertThat(table.rememberedUnlisted()).extracting(p -> p.announcement().signalingPort())
                .containsExactly(c2.port);
    }
}
