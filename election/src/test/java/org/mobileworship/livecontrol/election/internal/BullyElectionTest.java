package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;
import org.mobileworship.livecontrol.election.internal.FakeCluster.Node;

/** Election state transitions on a fake clock and an in-memory room. */
class BullyElectionTest {

    private static final PeerType CONTROLLER = PeerType.controller();
    private static final PeerType DISPLAY = PeerType.display(DisplayClass.AUDIENCE);
    private static final long T0 = 1_700_000_000_000L;

    private final FakeCluster room = new FakeCluster();

    private static void assertConverged(FakeCluster room, Node expectedLeader) {
        assertThat(room.leaders()).as("exactly one serving leader").containsExactly(expectedLeader);
        for (Node n : room.alive()) {
            assertThat(n.status().leaderId()).as("%s's leader", n.name).isEqualTo(expectedLeader.id);
            assertThat(n.election.state()).as("%s's state", n.name)
                    .isEqualTo(n == expectedLeader ? State.LEADER : State.FOLLOWER);
            assertThat(n.serving).as("%s serving", n.name).isEqualTo(n == expectedLeader);
        }
    }

    private static void assertTermsNeverDecrease(Node n) {
        long last = -1;
        for (LeaderStatus s : n.statuses) {
            assertThat(s.term()).as("%s statuses %s", n.name, n.statuses).isGreaterThanOrEqualTo(last);
            last = s.term();
        }
    }

    @Test
    void loneNodeLeadsAfterDiscoveryWait() {
        Node a = room.node("a", DISPLAY, T0, "aaaa").start();
        room.run(Duration.ofMillis(1400));
        assertThat(a.election.state()).isEqualTo(State.DISCOVERING);
        assertThat(a.serving).isFalse();
        room.run(Duration.ofMillis(200));
        assertConverged(room, a);
        assertThat(a.status().self()).isTrue();
        assertThat(a.status().term()).isEqualTo(1);
        assertThat(a.announcement.claimsLeadership()).isTrue();
        assertThat(a.announcement.term()).isEqualTo(1);
    }

    @Test
    void newcomerFollowsExistingLeaderWithoutPreemptingIt() {
        Node display = room.node("display", DISPLAY, T0 + 10_000, "dddd").start();
        room.run(Duration.ofSeconds(3));
        assertConverged(room, display);

        // A controller that started earlier (by its clock) has a higher priority, but must not pre-empt.
        Node ctl = room.node("ctl", CONTROLLER, T0, "cccc").start();
        room.run(Duration.ofMillis(100));
        assertThat(ctl.election.state()).as("follows the verified leader before the discovery wait ends")
                .isEqualTo(State.FOLLOWER);
        room.run(Duration.ofSeconds(30));
        assertConverged(room, display);
        assertThat(display.startServingCalls).isEqualTo(1);
        assertThat(ctl.statuses).hasSize(1);
        assertThat(ctl.announcement.leaderId()).isEqualTo(display.id);
        // the runtime's reserved port stays in the follower's record (changed: it used to announce 0)
        assertThat(ctl.announcement.signalingPort()).isEqualTo(ctl.port);
    }

    @Test
    void leaderCrashLeadsToNewElectionWithHigherTerm() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", CONTROLLER, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 1, "3333").start();
        room.run(Duration.ofSeconds(2));
        assertConverged(room, leader);
        long oldTerm = leader.status().term();

        leader.crash(); // its mDNS record lingers
        a.election.leaderUnreachable(leader.id, "3 heartbeats missed");
        b.election.leaderUnreachable(leader.id, "3 heartbeats missed");
        room.run(Duration.ofSeconds(10));

        assertConverged(room, a); // controller beats display although b started earlier
        assertThat(a.status().term()).isGreaterThan(oldTerm);
        assertThat(b.status().term()).isEqualTo(a.status().term());
        assertThat(b.statuses).extracting(LeaderStatus::leaderId).containsSubsequence(leader.id, null, a.id);
        assertTermsNeverDecrease(a);
        assertTermsNeverDecrease(b);
    }

    @Test
    void onlyOneFollowerNoticingTheCrashStillConverges() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", DISPLAY, T0 + 5, "2222").start();
        Node b = room.node("b", CONTROLLER, T0 + 9, "3333").start();
        room.run(Duration.ofSeconds(2));
        leader.crash();
        // only a's runtime noticed; a's election announcement (no leader, higher term) makes b check too
        a.election.leaderUnreachable(leader.id, "signaling connection closed");
        room.run(Duration.ofSeconds(15));
        assertConverged(room, b);
    }

    @Test
    void gracefulLeaderExitIsNoticedThroughPeerGone() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", DISPLAY, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 6, "3333").start();
        room.run(Duration.ofSeconds(2));
        leader.exit();
        assertThat(leader.stopReasons).isNotEmpty();
        room.run(Duration.ofSeconds(2));
        assertConverged(room, a);
    }

    @Test
    void simultaneousStartWithSlowVisibilityEndsWithOneLeader() {
        room.visibilityDelay = Duration.ofMillis(4500); // jmdns probing of newly registered services
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        Node b = room.node("b", CONTROLLER, T0 + 3, "bbbb").start();
        Node c = room.node("c", DISPLAY, T0, "cccc").start();
        room.run(Duration.ofSeconds(2));
        assertThat(room.leaders()).as("each alone after the discovery wait").hasSize(3);
        room.run(Duration.ofSeconds(10));
        assertConverged(room, a);
        assertThat(b.stopReasons).containsExactly("backing down to " + a.id);
        assertThat(c.stopReasons).hasSize(1).allMatch(r -> r.startsWith("backing down to "));
        assertThat(b.status().term()).isEqualTo(a.status().term());
        assertThat(c.status().term()).isEqualTo(a.status().term());
        room.nodes.values().forEach(BullyElectionTest::assertTermsNeverDecrease);
    }

    @Test
    void twoCandidatesSeeingEachOtherAgreeWithoutDuplicate() {
        Node a = room.node("a", DISPLAY, T0, "aaaa").start();
        Node b = room.node("b", DISPLAY, T0, "bbbb").start();
        room.run(Duration.ofSeconds(5));
        assertConverged(room, a); // same rank, same start: smaller id wins
        assertThat(b.startServingCalls).isZero();
    }

    @Test
    void splitThenHealLowerLeaderBacksDown() {
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        room.run(Duration.ofSeconds(2));
        Node b = room.node("b", CONTROLLER, T0 + 100, "bbbb").start();
        Node c = room.node("c", DISPLAY, T0 + 50, "cccc").start();
        room.run(Duration.ofSeconds(2));
        assertConverged(room, a);

        room.cut("a", "b");
        room.cut("a", "c");
        b.election.leaderUnreachable(a.id, "heartbeats missed");
        c.election.leaderUnreachable(a.id, "heartbeats missed");
        room.run(Duration.ofSeconds(10));
        assertThat(room.leaders()).containsExactlyInAnyOrder(a, b);
        assertThat(c.status().leaderId()).isEqualTo(b.id);

        room.heal();
        room.run(Duration.ofSeconds(10));
        assertConverged(room, a);
        assertThat(b.stopReasons).containsExactly("backing down to " + a.id);
        assertThat(a.stopReasons).isEmpty();
        assertTermsNeverDecrease(c);
        assertThat(a.status().term()).isGreaterThanOrEqualTo(b.statuses.get(b.statuses.size() - 1).term());
    }

    @Test
    void flappingFollowerCausesNoLeaderChurn() {
        Node leader = room.node("leader", DISPLAY, T0 + 1000, "9999").start();
        room.run(Duration.ofSeconds(2));
        Node flappy = room.node("flappy", CONTROLLER, T0, "0000").start(); // higher priority than the leader
        room.run(Duration.ofSeconds(2));
        assertConverged(room, leader);
        int statusesBefore = flappy.statuses.size();

        for (int i = 0; i < 5; i++) {
            flappy.election.leaderUnreachable(leader.id, "flap " + i); // leader still answers the probe
            room.run(Duration.ofMillis(700));
        }
        assertConverged(room, leader);
        assertThat(flappy.statuses).hasSize(statusesBefore);

        // its record coming and going does not disturb the leader either
        for (int i = 0; i < 3; i++) {
            leader.pushTo.peerGone(flappy.id);
            room.run(Duration.ofMillis(100));
            leader.pushTo.peerSeen(flappy.asPeer());
            room.run(Duration.ofMillis(900));
        }
        assertConverged(room, leader);
        assertThat(leader.startServingCalls).isEqualTo(1);
        assertThat(leader.statuses).extracting(LeaderStatus::leaderId).containsExactly(null, leader.id);
    }

    @Test
    void transientlyCutFollowerRejoinsTheLeaderInsteadOfTakingOver() {
        Node leader = room.node("leader", DISPLAY, T0 + 1000, "9999").start();
        room.run(Duration.ofSeconds(2));
        Node flappy = room.node("flappy", CONTROLLER, T0, "0000").start();
        Node other = room.node("other", DISPLAY, T0 + 2000, "5555").start();
        room.run(Duration.ofSeconds(2));
        room.cut("flappy", "leader");
        flappy.election.leaderUnreachable(leader.id, "heartbeats missed");
        room.run(Duration.ofMillis(10));
        room.heal(); // back before it decided anything
        room.run(Duration.ofSeconds(20));
        assertConverged(room, leader);
        assertThat(leader.stopReasons).isEmpty();
        assertThat(other.statuses).hasSize(1);
    }

    @Test
    void clockSkewChangesOnlyWhoWinsNotAgreement() {
        // b started later in real time but its clock runs 1 h behind, so it announces an earlier start.
        room.visibilityDelay = Duration.ofMillis(4500);
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        room.run(Duration.ofMillis(300));
        Node b = room.node("b", CONTROLLER, T0 + 300 - 3_600_000, "bbbb").start();
        room.run(Duration.ofSeconds(15));
        assertConverged(room, b);

        // once a leader is established, a skewed "older" newcomer does not pre-empt it
        Node c = room.node("c", CONTROLLER, T0 - 7_200_000, "cccc").start();
        room.run(Duration.ofSeconds(15));
        assertConverged(room, b);
        assertThat(c.startServingCalls).isZero();
    }

    @Test
    void unverifiedLeaderClaimIsIgnoredAndStaleTermAnnouncementToo() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node f = room.node("f", DISPLAY, T0 + 5, "2222").start();
        room.run(Duration.ofSeconds(2));
        // A ghost's TXT claims leadership at term 4 but nothing answers its probe. (Changed: the old election
        // re-asserted at term 5 on seeing such a claim; now TXT claims mean nothing until a probe confirms.)
        var ghost = new DiscoveredPeer(
                new Announcement(PeerId.of("zzzz"), DISPLAY, "ghost", T0 + 99, null, 4, 4444, 1)
                        .withLeader(PeerId.of("zzzz"), 4, 4444),
                List.of(InetAddress.getLoopbackAddress()), Instant.ofEpochMilli(room.sched.now()));
        leader.pushTo.peerSeen(ghost);
        f.pushTo.peerSeen(ghost);
        room.run(Duration.ofSeconds(2));
        assertThat(leader.status().term()).isEqualTo(1);
        assertConverged(room, leader);

        // The leader's record arrives at a higher term: the follower adopts the term without a new status.
        int before = f.statuses.size();
        f.pushTo.peerSeen(new DiscoveredPeer(leader.announcement.withLeader(leader.id, 5, leader.port),
                List.of(InetAddress.getLoopbackAddress()), Instant.ofEpochMilli(room.sched.now())));
        room.run(Duration.ofMillis(100));
        assertThat(f.status().term()).isEqualTo(5);

        // An old copy of the leader's record (term 1, no leadership) arrives late: must be ignored.
        var stale = new DiscoveredPeer(leader.announcement.withLeader(null, 1, leader.port),
                List.of(InetAddress.getLoopbackAddress()), Instant.ofEpochMilli(room.sched.now()));
        f.pushTo.peerSeen(stale);
        room.run(Duration.ofSeconds(1));
        assertThat(f.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(f.status().leaderId()).isEqualTo(leader.id);
        assertThat(f.status().term()).isEqualTo(5);
        assertThat(f.statuses).hasSize(before);
    }

    @Test
    void lingeringRecordOfCrashedLeaderIsNotTrusted() {
        Node old = room.node("old", CONTROLLER, T0 - 60_000, "0000").start();
        room.run(Duration.ofSeconds(2));
        old.crash();
        Node fresh = room.node("fresh", DISPLAY, T0, "5555").start();
        room.run(Duration.ofSeconds(10));
        assertConverged(room, fresh);
        assertThat(fresh.status().term()).isGreaterThan(old.announcement.term());
    }

    @Test
    void silentBetterCandidateIsExcludedAfterClaimWait() {
        // A crashed controller's non-leader record lingers; it would win on priority but never claims.
        Node ghost = room.node("ghost", CONTROLLER, T0 - 60_000, "0000").start();
        room.run(Duration.ofMillis(100));
        ghost.crash();
        Node d = room.node("d", DISPLAY, T0, "5555");
        ghost.alive = true; // keep its record visible to the newcomer
        d.start();
        ghost.alive = false;
        room.run(Duration.ofSeconds(5));
        assertThat(d.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(d.serving).isFalse();
        room.run(Duration.ofSeconds(5));
        assertThat(d.election.state()).isEqualTo(State.LEADER);
        assertThat(d.serving).isTrue();
    }

    @Test
    void failingToServeDoesNotClaimAndAnotherNodeTakesOver() {
        Node a = room.node("a", CONTROLLER, T0, "aaaa");
        a.failServe = true;
        a.start();
        Node b = room.node("b", DISPLAY, T0, "bbbb").start();
        room.run(Duration.ofSeconds(3));
        assertThat(room.leaders()).isEmpty();
        assertThat(a.announcement.claimsLeadership()).isFalse();
        assertThat(a.startServingCalls).isGreaterThanOrEqualTo(1);
        room.run(Duration.ofSeconds(10));
        assertConverged(room, b);
        assertThat(a.status().leaderId()).isEqualTo(b.id);
    }

    @Test
    void closeStopsServingAndIgnoresLaterEvents() {
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        room.run(Duration.ofSeconds(2));
        assertThat(a.serving).isTrue();
        a.election.close();
        assertThat(a.stopReasons).containsExactly("leader closing");
        assertThat(a.election.state()).isEqualTo(State.CLOSED);
        assertThat(a.status().hasLeader()).isFalse();
        int n = a.statuses.size();
        a.election.leaderUnreachable(a.id, "late");
        room.run(Duration.ofSeconds(5));
        assertThat(a.statuses).hasSize(n);
        a.election.close(); // idempotent
        assertThat(a.stopReasons).hasSize(1);
    }

    @Test
    void unreachableReportForSomeoneElseIsIgnored() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node f = room.node("f", DISPLAY, T0, "2222").start();
        room.run(Duration.ofSeconds(2));
        f.election.leaderUnreachable(org.mobileworship.livecontrol.api.PeerId.of("nobody"), "confused runtime");
        room.run(Duration.ofSeconds(3));
        assertConverged(room, leader);
        assertThat(f.statuses).hasSize(1);
    }
}
