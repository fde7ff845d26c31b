package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mobileworship.livecontrol.election.internal.ScriptedNode.T0;
import static org.mobileworship.livecontrol.election.internal.ScriptedNode.peer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * Each role object on its own, on fake time, with a scripted world ({@link ScriptedNode}): what it does on
 * entry, which timers it owns, that they and its probe answers die with it, and that leadership calls never
 * run on the election loop.
 */
class RolesTest {

    private static final PeerType CONTROLLER = PeerType.controller();
    private static final PeerType DISPLAY = PeerType.display(DisplayClass.AUDIENCE);

    private static ScriptedNode display(boolean workerIsLoop) {
        return new ScriptedNode(DISPLAY, T0 + 1_000, "node", workerIsLoop);
    }

    // ------------------------------------------------------------------ Discovering

    @Test
    void discoveringFollowsALiveLeaderAtOnceAndItsWaitTimerDiesWithIt() {
        ScriptedNode n = display(true);
        DiscoveredPeer p = peer("pppp", DISPLAY, T0 + 5_000, 31000); // worse priority: still followed
        n.visible.put(p.announcement().peerId(), p);
        n.leads(p, 3);
        n.start();
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        n.run(Duration.ofSeconds(10)); // past discovery-wait: the exited role's timer must not start an election
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.statuses).containsExactly(new LeaderStatus(p.announcement().peerId(), false, 3,
                new java.net.InetSocketAddress(ScriptedNode.LOOPBACK, 31000)));
        assertThat(n.startServingTerms).isEmpty();
        assertThat(n.announced).last().satisfies(a -> {
            assertThat(a.leaderId()).isEqualTo(p.announcement().peerId());
            assertThat(a.signalingPort()).as("the port the context gave").isEqualTo(n.port);
        });
    }

    @Test
    void discoveringWithoutALeaderStartsTheElectionWhenTheWaitEnds() {
        ScriptedNode n = display(true);
        n.start();
        n.run(Duration.ofMillis(1499));
        assertThat(n.election.state()).isEqualTo(State.DISCOVERING);
        assertThat(n.statuses).isEmpty();
        n.run(Duration.ofMillis(1));
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        assertThat(n.startServingTerms).containsExactly(1L);
        assertThat(n.statuses).extracting(LeaderStatus::leaderId).containsExactly(null, n.id);
    }

    @Test
    void discoveringProbesARecordClaimingLeadershipOnceMoreBeforeItElects() {
        ScriptedNode n = display(true);
        n.start();
        n.run(Duration.ofMillis(1400));
        // A peer's record claims leadership, but it is not serving yet when probed.
        DiscoveredPeer claimer = new DiscoveredPeer(peer("pppp", DISPLAY, T0 + 5_000, 31000).announcement()
                .withLeader(PeerId.of("pppp"), 1, 31000), List.of(ScriptedNode.LOOPBACK), java.time.Instant.ofEpochMilli(T0));
        n.see(claimer);
        n.run(Duration.ofMillis(100)); // the discovery wait ends: not an election yet
        assertThat(n.election.state()).isEqualTo(State.DISCOVERING);
        n.leads(claimer, 1); // now it serves
        n.run(Duration.ofMillis(300));
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.statuses).as("followed at its term, no election at term 2 first")
                .containsExactly(new LeaderStatus(PeerId.of("pppp"), false, 1,
                        new java.net.InetSocketAddress(ScriptedNode.LOOPBACK, 31000)));
    }

    // ------------------------------------------------------------------ Candidate

    @Test
    void candidateAwaitsABetterCandidateForClaimWaitThenExcludesItAndClaims() {
        ScriptedNode n = display(true);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0, 31000); // never answers
        n.visible.put(better.announcement().peerId(), better);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        n.run(n.settings.claimWait().minusMillis(1));
        assertThat(n.startServingTerms).as("still awaiting the better candidate").isEmpty();
        n.run(Duration.ofMillis(1));
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        assertThat(n.startServingAtMillis).containsExactly(1500 + n.settings.claimWait().toMillis());
    }

    /**
     * Devices powering on together: this node's discovery wait ends while the better one is still starting to
     * serve (≈50 ms on real Jetty). It is followed one fast re-probe after it serves, not at the next poll.
     */
    @Test
    void anAwaitedCandidateThatServesMomentsLaterIsFollowedBeforeTheNextPoll() {
        ScriptedNode n = display(true);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0, 31000);
        n.visible.put(better.announcement().peerId(), better);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        n.run(Duration.ofMillis(60));
        n.leads(better, 1); // it serves now, 60 ms after this node began awaiting it
        long poll = n.settings.pollInterval().toMillis();
        long fast = poll / 5;
        // the probes at 1500 (entry), 1550 found it not leading; the next one, at 1600, finds it
        n.run(Duration.ofMillis(fast));
        assertThat(n.election.state()).as("followed at the fast re-probe, %d ms before the poll at %d ms",
                1500 + poll - 1610, 1500 + poll).isEqualTo(State.FOLLOWER);
        assertThat(n.status().leaderId()).isEqualTo(better.announcement().peerId());
        assertThat(n.startServingTerms).isEmpty();
    }

    @Test
    void fastReprobesOfAnAwaitedCandidateAreBoundedThenOnlyThePollProbesIt() {
        ScriptedNode n = display(true);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0, 31000); // never answers
        n.visible.put(better.announcement().peerId(), better);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        n.run(Duration.ofSeconds(3));
        long poll = n.settings.pollInterval().toMillis();
        List<Long> candidateProbes = n.probesAt.get(31000).stream().filter(t -> t >= 1500).toList();
        long fastWindowEnd = 1500 + (Candidate.AWAIT_FAST_PROBES + 1) * (poll / 5);
        long polls = candidateProbes.stream().filter(t -> t > fastWindowEnd).count();
        assertThat(candidateProbes.stream().filter(t -> t <= fastWindowEnd).count())
                .as("entry probe + %d fast re-probes (poll probes may coincide)", Candidate.AWAIT_FAST_PROBES)
                .isBetween(1L + Candidate.AWAIT_FAST_PROBES, 1L + Candidate.AWAIT_FAST_PROBES + 3);
        assertThat(polls).as("after the fast window, one probe per poll").isBetween(
                (4500 - fastWindowEnd) / poll - 1, (4500 - fastWindowEnd) / poll + 1);
        assertThat(n.startServingTerms).as("the claim-wait is unchanged").isEmpty();
    }

    @Test
    void aProbeAnswerArrivingAfterItsRoleExitedIsDropped() {
        ScriptedNode n = display(true);
        DiscoveredPeer p = peer("pppp", DISPLAY, T0 + 5_000, 31000);
        n.visible.put(p.announcement().peerId(), p);
        n.holdProbes = true;
        n.start();
        assertThat(n.heldProbes).hasSize(1); // Discovering's probe, left open
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(n.heldProbes).as("the candidate probes anew").hasSize(2);

        // The discovering role's answer arrives late: "p leads". It must change nothing.
        n.heldProbes.get(0).answer().complete(Optional.of(new LeaderHealth(p.announcement().peerId(), 1, 0)));
        n.time.runPending();
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);

        // The candidate's own probe answering the same makes it follow.
        n.heldProbes.get(1).answer().complete(Optional.of(new LeaderHealth(p.announcement().peerId(), 1, 0)));
        n.time.runPending();
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.status().leaderId()).isEqualTo(p.announcement().peerId());
    }

    @Test
    void claimingRunsStartServingOffTheLoopWhichKeepsWorking() {
        ScriptedNode n = display(false);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(n.queuedLeadershipCalls()).isEqualTo(1);
        assertThat(n.startServingTerms).as("not called on the loop").isEmpty();

        // The loop keeps handling events meanwhile: a peer appears and is probed at once.
        DiscoveredPeer p = peer("pppp", DISPLAY, T0 + 5_000, 31000);
        n.holdProbes = true;
        n.see(p);
        assertThat(n.heldProbes).hasSize(1);

        n.runWorker();
        assertThat(n.startServingTerms).containsExactly(1L);
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        assertThat(n.status()).isEqualTo(new LeaderStatus(n.id, true, 1,
                new java.net.InetSocketAddress(ScriptedNode.LOOPBACK, n.port)));
    }

    @Test
    void aFailedClaimIsRetriedWithGrowingBackOff() {
        ScriptedNode n = display(true);
        n.failServe = true;
        n.start();
        n.run(Duration.ofSeconds(6));
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(n.status().hasLeader()).isFalse();
        // claims at 1.5 s, then after 1 s, 2 s (each retry re-chooses and claims at once)
        assertThat(n.startServingAtMillis).containsExactly(1500L, 2500L, 4500L);
        n.failServe = false;
        n.run(Duration.ofSeconds(4));
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        assertThat(n.startServingAtMillis).containsExactly(1500L, 2500L, 4500L, 8500L);
    }

    // ------------------------------------------------------------------ Leading

    @Test
    void leadingBacksDownToABetterLiveLeaderItFinds() {
        ScriptedNode n = display(true);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0 + 9_000, 31000);
        n.leads(better, 1);
        n.see(better);
        assertThat(n.stopReasons).containsExactly("backing down to cccc");
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.status().leaderId()).isEqualTo(better.announcement().peerId());
    }

    @Test
    void leadingRaisesItsTermAboveAWorseDuplicateOnceAndStaysLeader() {
        ScriptedNode n = display(false);
        n.start();
        n.run(Duration.ofMillis(1500));
        n.runWorker();
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        DiscoveredPeer worse = peer("wwww", DISPLAY, T0 + 9_000, 31000);
        n.leads(worse, 4);
        n.see(worse);
        n.run(Duration.ofSeconds(1)); // four more probe rounds while the raise is still queued
        assertThat(n.queuedLeadershipCalls()).as("one raise asked for").isEqualTo(1);
        n.runWorker();
        n.run(Duration.ofSeconds(5));
        assertThat(n.startServingTerms).containsExactly(1L, 5L);
        assertThat(n.status()).satisfies(s -> {
            assertThat(s.self()).isTrue();
            assertThat(s.term()).isEqualTo(5);
        });
        assertThat(n.announced).last().satisfies(a -> assertThat(a.term()).isEqualTo(5));
        assertThat(n.stopReasons).isEmpty();
    }

    @Test
    void leadingAdoptsAFollowersHigherTerm() {
        ScriptedNode n = display(true);
        n.start();
        n.run(Duration.ofMillis(1500));
        assertThat(n.status().term()).isEqualTo(1);
        // a node that began an election at term 3 just before it found us follows us
        n.see(new DiscoveredPeer(peer("ffff", DISPLAY, T0 + 9_000, 31000).announcement().withLeader(n.id, 3, 31000),
                List.of(ScriptedNode.LOOPBACK), java.time.Instant.ofEpochMilli(T0)));
        assertThat(n.startServingTerms).containsExactly(1L, 3L);
        assertThat(n.status()).satisfies(s -> {
            assertThat(s.self()).isTrue();
            assertThat(s.term()).isEqualTo(3);
        });
        assertThat(n.election.state()).isEqualTo(State.LEADER);
    }

    // ------------------------------------------------------------------ Following

    @Test
    void followingNeedsTwoMissedPeriodicChecksThenElectsWithoutTheLostLeader() {
        ScriptedNode n = display(true);
        DiscoveredPeer p = peer("pppp", CONTROLLER, T0, 31000); // better than us
        n.visible.put(p.announcement().peerId(), p);
        n.leads(p, 2);
        n.start();
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        n.answers.clear(); // it crashed; its record lingers
        n.run(n.settings.recheck());
        assertThat(n.election.state()).as("one miss").isEqualTo(State.FOLLOWER);
        n.run(n.settings.recheck());
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
        assertThat(n.status()).isEqualTo(LeaderStatus.none(3));
        n.run(n.settings.lossConfirm().minusMillis(10));
        assertThat(n.startServingTerms).as("loss-confirm: the lost leader may still come back").isEmpty();
        n.run(Duration.ofMillis(260));
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        assertThat(n.startServingTerms).containsExactly(3L);
    }

    @Test
    void followingActsOnOneFailedProbeWhenTheRuntimeReportsTheLeaderUnreachable() {
        ScriptedNode n = display(true);
        DiscoveredPeer p = peer("pppp", CONTROLLER, T0, 31000);
        n.visible.put(p.announcement().peerId(), p);
        n.leads(p, 2);
        n.start();
        n.election.leaderUnreachable(PeerId.of("someone-else"), "confused");
        n.time.runPending();
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        n.answers.clear();
        n.election.leaderUnreachable(p.announcement().peerId(), "heartbeats missed");
        n.time.runPending();
        assertThat(n.election.state()).isEqualTo(State.CANDIDATE);
    }

    @Test
    void followingMovesToTheLeadersNewEndpointOnceItAnswersThere() {
        ScriptedNode n = display(true);
        DiscoveredPeer p = peer("pppp", CONTROLLER, T0, 31000);
        n.visible.put(p.announcement().peerId(), p);
        n.leads(p, 2);
        n.start();
        DiscoveredPeer moved = peer("pppp", CONTROLLER, T0, 32000);
        n.answers.clear();
        n.leads(moved, 2);
        n.see(moved);
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.status().endpoint().getPort()).isEqualTo(32000);
        assertThat(n.statuses).hasSize(2);
    }

    @Test
    void followingMovesToABetterNodeOnceItAnswersAsLeaderToo() {
        ScriptedNode n = display(true);
        DiscoveredPeer worse = peer("wwww", DISPLAY, T0 + 9_000, 31000);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0 + 9_000, 32000);
        n.visible.put(worse.announcement().peerId(), worse);
        n.visible.put(better.announcement().peerId(), better);
        n.leads(worse, 2);
        n.start();
        assertThat(n.status().leaderId()).isEqualTo(worse.announcement().peerId());
        n.leads(better, 3); // two leaders now, e.g. a healed partition
        n.run(n.settings.recheck().minusMillis(10));
        assertThat(n.status().leaderId()).as("checked every recheck interval").isEqualTo(worse.announcement().peerId());
        n.run(Duration.ofMillis(10));
        assertThat(n.election.state()).isEqualTo(State.FOLLOWER);
        assertThat(n.status().leaderId()).isEqualTo(better.announcement().peerId());
        assertThat(n.status().term()).isEqualTo(3);
        assertThat(n.startServingTerms).isEmpty();
    }

    @Test
    void leadingProbesABetterNodeDiscoveryNoLongerListsAndBacksDownToIt() {
        ScriptedNode n = display(true);
        DiscoveredPeer better = peer("cccc", CONTROLLER, T0 + 9_000, 32000);
        n.visible.put(better.announcement().peerId(), better); // seen once, not leading yet
        n.start();
        n.run(Duration.ofSeconds(8)); // the better node never claims: excluded after claim-wait, we lead
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        n.visible.clear(); // mDNS loses its record
        n.run(Duration.ofSeconds(1));
        n.leads(better, 4); // it leads somewhere else
        n.run(n.settings.recheck());
        assertThat(n.stopReasons).containsExactly("backing down to cccc");
        assertThat(n.status().leaderId()).isEqualTo(better.announcement().peerId());
    }

    @Test
    void closeStopsServingAtOnceAndLeadershipCallsStillQueuedAreDropped() {
        ScriptedNode n = display(false);
        n.start();
        n.run(Duration.ofMillis(1500));
        n.runWorker();
        assertThat(n.election.state()).isEqualTo(State.LEADER);
        DiscoveredPeer worse = peer("wwww", DISPLAY, T0 + 9_000, 31000);
        n.leads(worse, 4);
        n.see(worse); // queues a raise to term 5
        assertThat(n.queuedLeadershipCalls()).isEqualTo(1);
        n.election.close();
        assertThat(n.stopReasons).containsExactly("leader closing");
        assertThat(n.election.state()).isEqualTo(State.CLOSED);
        n.runWorker();
        n.run(Duration.ofSeconds(10));
        assertThat(n.startServingTerms).as("the queued raise never ran").containsExactly(1L);
        assertThat(n.stopReasons).containsExactly("leader closing");
    }
}
