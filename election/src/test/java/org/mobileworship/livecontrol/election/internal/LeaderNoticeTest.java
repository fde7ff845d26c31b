package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.election.internal.FakeCluster.Node;

/**
 * The split brain left by the LAN soak (seeds 20261201101, 105, 106, 110): a display restarted during the chaos
 * never sees the controller's mDNS record and never registered with it, so nothing tells it where the better
 * leader is; it leads, and the controller — which does see it — only raised its own term. A leader notice from
 * the better leader to the worse one's signaling port closes that gap; the worse one still probes before it backs
 * down. Deterministic: fake time, in-memory room.
 */
class LeaderNoticeTest {
    private static final long T0 = 1_700_000_000_000L;

    private final FakeCluster room = new FakeCluster();

    private String view() {
        return room.alive().stream().map(n -> n.name + "→" + n.status().leaderId()).toList().toString();
    }

    private Node[] restartedDisplayThatCannotSeeTheController() {
        Node c2 = room.node("c2", PeerType.controller(), T0, "c2").start();
        room.run(Duration.ofSeconds(5));
        assertThat(room.leaders()).containsExactly(c2);
        room.hideRecordOf("c2", "d1");
        Node d1 = room.node("d1", PeerType.display(DisplayClass.AUDIENCE), T0 + 60_000, "d1").start();
        return new Node[] {c2, d1};
    }

    @Test
    void withoutNoticesTheWorseLeaderStaysLeader() {
        room.leaderNotices = false;
        Node[] n = restartedDisplayThatCannotSeeTheController();
        room.run(Duration.ofSeconds(30));
        assertThat(room.leaders()).as("split: %s", view()).containsExactlyInAnyOrder(n[0], n[1]);
    }

    @Test
    void theBetterLeaderTellsTheWorseOneWhichProbesItAndBacksDown() {
        Node[] n = restartedDisplayThatCannotSeeTheController();
        Node c2 = n[0];
        Node d1 = n[1];
        room.run(Duration.ofSeconds(30));
        assertThat(room.leaders()).as("one leader: %s", view()).containsExactly(c2);
        assertThat(d1.status().leaderId()).as(view()).isEqualTo(c2.id);
        assertThat(room.noticesSent).as("notices are rate-limited, not sent every poll").isBetween(1, 5);
        assertThat(c2.stopReasons).as("the better leader keeps leading").isEmpty();
    }

    /**
     * Issue 16's bound (never two leaders for longer than one heartbeat interval, 2 s): a notice lost on the way (a
     * loss burst) is sent again within a probe timeout, not a recheck interval later.
     */
    @Test
    void aLostNoticeIsSentAgainWithinTheHeartbeatInterval() {
        room.noticesToLose = 1;
        Node[] n = restartedDisplayThatCannotSeeTheController();
        Node c2 = n[0];
        Node d1 = n[1];
        long waited = 0;
        while (room.leaders().size() < 2 && waited < 10_000) {
            room.run(Duration.ofMillis(50));
            waited += 50;
        }
        assertThat(room.leaders()).as("d1 leads beside the controller first: %s", view())
                .containsExactlyInAnyOrder(c2, d1);
        long twoLeaders = 0;
        while (room.leaders().size() > 1 && twoLeaders < 30_000) {
            room.run(Duration.ofMillis(50));
            twoLeaders += 50;
        }
        System.out.printf("first notice lost: two leaders for %d fake ms%n", twoLeaders);
        assertThat(room.leaders()).as("one leader: %s", view()).containsExactly(c2);
        assertThat(twoLeaders).as("two leaders (ms) with the first notice lost").isLessThanOrEqualTo(2_000);
        assertThat(room.noticesToLose).as("the first notice was lost").isZero();
    }

    @Test
    void aNoticeFromAWorseNodeChangesNothing() {
        Node c2 = room.node("c2", PeerType.controller(), T0, "c2").start();
        room.run(Duration.ofSeconds(5));
        // a display (worse) claims to lead at some port: the controller remembers it but never backs down to it
        var claim = new org.mobileworship.livecontrol.api.spi.discovery.Announcement(
                org.mobileworship.livecontrol.api.PeerId.of("d1"), PeerType.display(DisplayClass.AUDIENCE), "d1",
                T0 - 60_000, org.mobileworship.livecontrol.api.PeerId.of("d1"), 99, 4242, 1);
        c2.election.leaderNotice(new org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer(claim,
                java.util.List.of(FakeCluster.LOOPBACK), java.time.Instant.EPOCH));
        room.run(Duration.ofSeconds(10));
        assertThat(room.leaders()).containsExactly(c2);
        assertThat(c2.stopReasons).isEmpty();
    }
}
