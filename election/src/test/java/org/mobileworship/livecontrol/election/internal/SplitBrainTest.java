package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;
import org.mobileworship.livecontrol.election.internal.FakeCluster.Node;

/**
 * The split brain of the LAN chaos schedules (issue 16: {@code [d1→d1(self), c2→c2(self), d3→d1, d4→c2,
 * d5→d1]}, seeds 8851957019173, 8979967583916, 6061778612006): after a partition heals, mDNS never shows the
 * two halves each other's records again, although the network carries their traffic. Before the fix nothing
 * made the worse leader probe the better one, and the room stayed split for good. Deterministic: fake time,
 * in-memory room.
 */
class SplitBrainTest {

    private static final PeerType CONTROLLER = PeerType.controller();
    private static final PeerType DISPLAY = PeerType.display(DisplayClass.AUDIENCE);
    private static final long T0 = 1_700_000_000_000L;

    private final FakeCluster room = new FakeCluster();

    private boolean convergedOn(Node leader) {
        if (!room.leaders().equals(List.of(leader))) {
            return false;
        }
        for (Node n : room.alive()) {
            if (!leader.id.equals(n.status().leaderId())
                    || n.election.state() != (n == leader ? State.LEADER : State.FOLLOWER)) {
                return false;
            }
        }
        return true;
    }

    private String view() {
        return room.alive().stream().map(n -> n.name + "→" + n.status().leaderId()).toList().toString();
    }

    @Test
    void aBetterLeaderHiddenFromMdnsStillMakesTheWorseOneBackDownAfterAHeal() {
        Node d1 = room.node("d1", DISPLAY, T0, "d1").start();
        Node c2 = room.node("c2", CONTROLLER, T0 + 50, "c2").start();
        Node d3 = room.node("d3", DISPLAY, T0 + 30, "d3").start();
        Node d4 = room.node("d4", DISPLAY, T0 + 40, "d4").start();
        Node d5 = room.node("d5", DISPLAY, T0 + 50, "d5").start();
        room.run(Duration.ofSeconds(5));
        assertThat(convergedOn(c2)).as("before the partition: %s", view()).isTrue();

        // Partition {d1, d3, d5} | {c2, d4}: the cut-off half elects d1.
        List<Node> left = List.of(d1, d3, d5);
        List<Node> right = List.of(c2, d4);
        for (Node l : left) {
            for (Node r : right) {
                room.cut(l.name, r.name);
            }
            l.election.leaderUnreachable(c2.id, "heartbeats missed");
        }
        room.run(Duration.ofSeconds(15));
        assertThat(room.leaders()).as("split: %s", view()).containsExactlyInAnyOrder(d1, c2);
        assertThat(d3.status().leaderId()).isEqualTo(d1.id);
        assertThat(d4.status().leaderId()).isEqualTo(c2.id);

        // The network heals, but mDNS never shows either half the other's records again.
        for (Node l : left) {
            for (Node r : right) {
                room.hideRecords(l.name, r.name);
            }
        }
        room.heal();
        room.run(Duration.ofSeconds(30));

        assertThat(convergedOn(c2)).as("one leader again after the heal: %s", view()).isTrue();
        assertThat(d1.stopReasons).containsExactly("backing down to " + c2.id);
        assertThat(c2.stopReasons).isEmpty();
    }
}
