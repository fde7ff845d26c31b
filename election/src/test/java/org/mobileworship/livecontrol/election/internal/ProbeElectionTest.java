package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;
import org.mobileworship.livecontrol.election.internal.FakeCluster.Node;

/**
 * Leaders are found and verified by probing every peer's announced port, so the election converges even when
 * mDNS TXT updates (leader-id, term) never reach other nodes — as observed with jmdns in the demo.
 * All times are fake-clock times, hence deterministic.
 */
class ProbeElectionTest {

    private static final PeerType CONTROLLER = PeerType.controller();
    private static final PeerType DISPLAY = PeerType.display(DisplayClass.AUDIENCE);
    private static final long T0 = 1_700_000_000_000L;

    private final FakeCluster room = new FakeCluster();
    private final long poll = room.settings.pollInterval().toMillis();

    {
        room.txtUpdates = false; // the worst case seen with jmdns: re-announcements never arrive
    }

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

    private void assertConverged(Node leader) {
        assertThat(room.leaders()).as("exactly one serving leader").containsExactly(leader);
        for (Node n : room.alive()) {
            assertThat(n.status().leaderId()).as("%s's leader", n.name).isEqualTo(leader.id);
            assertThat(n.election.state()).as("%s's state", n.name)
                    .isEqualTo(n == leader ? State.LEADER : State.FOLLOWER);
        }
    }

    /** Advances the fake clock in 10 ms steps until the condition holds; returns the fake time it took. */
    private long runUntil(BooleanSupplier condition, Duration max) {
        long start = room.sched.now();
        while (!condition.getAsBoolean()) {
            assertThat(room.sched.now() - start).as("fake ms waited").isLessThan(max.toMillis());
            room.run(Duration.ofMillis(10));
        }
        return room.sched.now() - start;
    }

    private static void assertTermsNeverDecrease(Node n) {
        long last = -1;
        for (LeaderStatus s : n.statuses) {
            assertThat(s.term()).as("%s statuses %s", n.name, n.statuses).isGreaterThanOrEqualTo(last);
            last = s.term();
        }
    }

    @Test
    void joiningNodeFindsTheLeaderByProbeAlthoughItsTxtIsStale() {
        Node display = room.node("display", DISPLAY, T0 + 10_000, "dddd").start();
        room.run(Duration.ofSeconds(3));
        assertConverged(display);
        assertThat(display.published.leaderId()).as("other nodes still see no leader-id in its TXT").isNull();

        Node ctl = room.node("ctl", CONTROLLER, T0, "cccc").start(); // better priority, must not pre-empt
        long took = runUntil(() -> ctl.election.state() == State.FOLLOWER, room.settings.discoveryWait());
        System.out.printf("joining node followed the existing leader after %d fake ms%n", took);
        room.run(Duration.ofSeconds(30));
        assertConverged(display);
        assertThat(display.stopReasons).isEmpty();
        assertThat(display.startServingCalls).isEqualTo(1);
        assertThat(ctl.startServingCalls).isZero();
        assertThat(ctl.statuses).extracting(LeaderStatus::leaderId).containsExactly(display.id);
    }

    @Test
    void gracefulLeaderExitConvergesOnTheBestRemainingNodeWithinAFewPolls() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", CONTROLLER, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 1, "3333").start();
        Node c = room.node("c", DISPLAY, T0 + 2, "4444").start();
        room.run(Duration.ofSeconds(3));
        assertConverged(leader);

        leader.exit(); // record withdrawn, server closed: followers' runtimes report the leader unreachable
        long took = runUntil(() -> convergedOn(a), Duration.ofMillis(4 * poll + 100));
        System.out.printf("graceful exit: converged on the best remaining node after %d fake ms%n", took);
        long term = a.status().term();
        room.run(Duration.ofSeconds(60));
        assertConverged(a);
        assertThat(a.status().term()).as("no term war").isEqualTo(term);
        assertThat(a.startServingCalls).isEqualTo(1);
        for (Node n : List.of(a, b, c)) {
            assertTermsNeverDecrease(n);
            assertThat(n.status().term()).isGreaterThan(1);
        }
    }

    @Test
    void crashedLeaderIsReplacedAfterLossConfirmAlthoughItsRecordLingers() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", CONTROLLER, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 1, "3333").start();
        Node c = room.node("c", DISPLAY, T0 + 2, "4444").start();
        room.run(Duration.ofSeconds(3));

        leader.crash(); // kill -9: record lingers, only heartbeats notice
        for (Node n : List.of(a, b, c)) {
            n.election.leaderUnreachable(leader.id, "3 heartbeats missed");
        }
        long took = runUntil(() -> convergedOn(a),
                room.settings.lossConfirm().plusMillis(4 * poll + 100));
        System.out.printf("crash: converged after %d fake ms (loss-confirm %d ms)%n", took,
                room.settings.lossConfirm().toMillis());
        room.run(Duration.ofSeconds(60));
        assertConverged(a);
        assertThat(a.startServingCalls).isEqualTo(1);
    }

    /** A controller leading, then a worse controller {@code a} and a display {@code b} that follow it. */
    private record Followed(Node leader, Node a, Node b) {
    }

    private Followed leaderWithTwoFollowers() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", CONTROLLER, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 1, "3333").start();
        room.run(Duration.ofSeconds(3));
        return new Followed(leader, a, b);
    }

    @Test
    void frozenLeaderReportedByTheRuntimeIsReplacedAfterOneProbeTimeoutNotTwo() {
        Followed r = leaderWithTwoFollowers();
        Node leader = r.leader(), a = r.a(), b = r.b();

        leader.freeze(); // power loss: probes of it hang until probe-timeout, its record lingers
        for (Node n : List.of(a, b)) {
            n.election.leaderUnreachable(leader.id, "no heartbeat-ack for 3 heartbeat intervals");
        }
        // the follower's confirming probe times out once; the candidate then neither waits out loss-confirm
        // again nor a second probe timeout of the frozen leader (before: probe-timeout + max(loss-confirm,
        // probe-timeout))
        long bound = room.settings.probeTimeout().toMillis() + 2 * poll + 100;
        long took = runUntil(() -> convergedOn(a), Duration.ofMillis(bound));
        System.out.printf("power loss: converged after %d fake ms (probe-timeout %d ms)%n", took,
                room.settings.probeTimeout().toMillis());
        room.run(Duration.ofSeconds(60));
        assertConverged(a);
        assertThat(a.startServingCalls).isEqualTo(1);
    }

    @Test
    void aLeaderSuspectedOneHeartbeatEarlierIsReplacedAtTheLossWithoutAnotherProbeTimeout() {
        Followed r = leaderWithTwoFollowers();
        Node leader = r.leader(), a = r.a(), b = r.b();

        leader.freeze(); // power loss: probes of it hang until probe-timeout, its record lingers
        for (Node n : List.of(a, b)) {
            // the signaling connection silent for misses − 1 heartbeat intervals: the runtime's hint
            n.election.leaderSuspected(leader.id, "nothing from the leader for 2 heartbeat intervals");
        }
        room.run(Duration.ofSeconds(2)); // the last heartbeat interval of the budget, also silent
        assertThat(a.election.state()).as("a suspicion alone is not a loss").isEqualTo(State.FOLLOWER);
        for (Node n : List.of(a, b)) {
            n.election.leaderUnreachable(leader.id, "no heartbeat-ack for 3 heartbeat intervals");
        }
        // the probe made on the suspicion already failed: the new leader claims within a poll or two of the loss,
        // not one probe timeout later (frozenLeaderReportedByTheRuntimeIsReplacedAfterOneProbeTimeoutNotTwo)
        long bound = 2 * poll + 100;
        assertThat(bound).isLessThan(room.settings.probeTimeout().toMillis());
        long took = runUntil(() -> convergedOn(a), Duration.ofMillis(bound));
        System.out.printf("power loss, suspected first: converged %d fake ms after the loss%n", took);
        room.run(Duration.ofSeconds(60));
        assertConverged(a);
        assertThat(a.startServingCalls).isEqualTo(1);
    }

    @Test
    void aSuspicionThatALaterProbeContradictsIsForgotten() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", CONTROLLER, T0 + 5, "2222").start();
        room.run(Duration.ofSeconds(3));

        room.stallProbes("a", "leader"); // a blip: the probe made on the suspicion times out
        a.election.leaderSuspected(leader.id, "nothing from the leader for 2 heartbeat intervals");
        room.run(Duration.ofMillis(room.settings.probeTimeout().toMillis() + 2 * poll));
        room.heal();
        room.run(room.settings.recheck().plusSeconds(1)); // the periodic check answers: the suspicion is void
        assertThat(a.statuses).as("the blip alone starts no election").allMatch(st -> leader.id.equals(st.leaderId()));
        int before = a.statuses.size();
        int serves = a.startServingCalls;
        a.election.leaderUnreachable(leader.id, "signaling connection closed"); // a later, unrelated drop
        room.run(Duration.ofSeconds(30));
        assertThat(a.statuses.subList(before, a.statuses.size()))
                .as("the leader answers the probe made on the report: a never starts an election")
                .allMatch(st -> leader.id.equals(st.leaderId()));
        assertThat(a.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(a.startServingCalls).isEqualTo(serves);
    }

    @Test
    void onlyTheLeaderLearnsItsTermSoFollowersNoticeTheCrashByPeriodicProbe() {
        room.runtimeReportsClose = false;
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node a = room.node("a", DISPLAY, T0 + 5, "2222").start();
        Node b = room.node("b", DISPLAY, T0 + 6, "3333").start();
        room.run(Duration.ofSeconds(2));
        leader.crash(); // nobody reports it: the followers' own periodic probes must find out
        long took = runUntil(() -> convergedOn(a), Duration.ofSeconds(20));
        System.out.printf("unreported crash: converged after %d fake ms (recheck %d ms, 2 misses)%n", took,
                room.settings.recheck().toMillis());
    }

    @Test
    void awaitedCandidateIsFollowedOnTheNextPollAfterItStartsServing() {
        Node a = room.node("a", CONTROLLER, T0, "aaaa");
        a.failServe = true; // its first attempts fail, so b waits for it
        a.start();
        Node b = room.node("b", DISPLAY, T0, "bbbb").start();
        room.run(Duration.ofMillis(2200));
        assertThat(b.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(a.serving).isFalse();
        a.failServe = false;
        runUntil(() -> a.serving, Duration.ofSeconds(5));
        long servedAt = a.servingSince;
        runUntil(() -> b.election.state() == State.FOLLOWER, Duration.ofMillis(poll + 20));
        System.out.printf("awaited candidate followed %d fake ms after it started serving%n",
                room.sched.now() - servedAt);
        assertConverged(a);
        assertThat(b.startServingCalls).isZero();
    }

    @Test
    void simultaneousStartWithSlowVisibilityAndStaleTxtEndsWithTheBestLeader() {
        room.visibilityDelay = Duration.ofMillis(4500);
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        Node b = room.node("b", CONTROLLER, T0 + 3, "bbbb").start();
        Node c = room.node("c", DISPLAY, T0, "cccc").start();
        room.run(Duration.ofSeconds(2));
        assertThat(room.leaders()).hasSize(3);
        long took = runUntil(() -> convergedOn(a), Duration.ofSeconds(4));
        System.out.printf("three simultaneous leaders converged %d fake ms after the discovery wait%n", took);
        room.run(Duration.ofSeconds(30));
        assertConverged(a);
        assertThat(a.stopReasons).isEmpty();
        assertThat(b.stopReasons).containsExactly("backing down to " + a.id);
        assertThat(c.stopReasons).containsExactly("backing down to " + a.id);
    }

    @Test
    void splitAndHealManyTimesConvergesOnTheBetterLeaderWithoutATermWar() {
        Node a = room.node("a", CONTROLLER, T0, "aaaa").start();
        room.run(Duration.ofSeconds(2));
        Node b = room.node("b", CONTROLLER, T0 + 100, "bbbb").start();
        Node c = room.node("c", DISPLAY, T0 + 50, "cccc").start();
        Node d = room.node("d", DISPLAY, T0 + 60, "dddd").start();
        room.run(Duration.ofSeconds(2));
        assertConverged(a);

        int rounds = 20;
        long maxHeal = 0;
        for (int r = 1; r <= rounds; r++) {
            long termBefore = a.status().term();
            for (Node n : List.of(b, c, d)) {
                room.cut("a", n.name);
            }
            for (Node n : List.of(b, c, d)) {
                n.election.leaderUnreachable(a.id, "heartbeats missed (round " + r + ")");
            }
            room.run(Duration.ofSeconds(10));
            assertThat(room.leaders()).as("round %d split", r).containsExactlyInAnyOrder(a, b);
            assertThat(c.status().leaderId()).isEqualTo(b.id);
            assertThat(d.status().leaderId()).isEqualTo(b.id);

            room.heal();
            long took = runUntil(() -> convergedOn(a), Duration.ofMillis(6 * poll));
            maxHeal = Math.max(maxHeal, took);
            room.run(Duration.ofSeconds(5));
            assertConverged(a);
            assertThat(a.status().term() - termBefore).as("round %d: a's term grows by a bounded step", r)
                    .isBetween(0L, 3L);
        }
        System.out.printf("%d split/heal rounds: slowest heal converged in %d fake ms; final terms a=%d b=%d c=%d d=%d%n",
                rounds, maxHeal, a.status().term(), b.status().term(), c.status().term(), d.status().term());
        assertThat(a.stopReasons).isEmpty();
        // a leader that backed down is a candidate again in the next split (its TXT never said so)
        assertThat(c.startServingCalls).isZero();
        assertThat(d.startServingCalls).isZero();
        assertThat(b.stopReasons).hasSize(rounds).allMatch(s -> s.equals("backing down to " + a.id));
        long t = a.status().term();
        room.run(Duration.ofSeconds(120));
        assertConverged(a);
        assertThat(a.status().term()).as("terms stay put once converged").isEqualTo(t);
        for (Node n : List.of(a, b, c, d)) {
            assertTermsNeverDecrease(n);
        }
    }

    @Test
    void withoutItsPortFromTheContextANonLeaderLeavesTheRuntimesAnnouncementAlone() {
        Node leader = room.node("leader", CONTROLLER, T0, "1111").start();
        room.run(Duration.ofSeconds(2));
        Node f = room.node("f", DISPLAY, T0 + 5, "2222");
        f.portInContext = false;
        f.start();
        room.run(Duration.ofSeconds(2));
        assertConverged(leader);
        assertThat(f.announcement.signalingPort()).as("never overwritten with 0").isEqualTo(f.port);
    }
}
