package org.mobileworship.livecontrol.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mobileworship.livecontrol.testbed.Testbed.SYNC;
import static org.mobileworship.livecontrol.testbed.Testbed.assertAllAcked;
import static org.mobileworship.livecontrol.testbed.Testbed.black;
import static org.mobileworship.livecontrol.testbed.Testbed.item;
import static org.mobileworship.livecontrol.testbed.Testbed.slide;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Seed 000's manual scenarios, automated: real {@code livecontrol} processes in network namespaces (see {@link Lan}).
 * Each scenario checks the invariants: one agreed leader once stable, every acked cue applied exactly once, every
 * display ends on the controller's final state, no process crashed.
 *
 * <p>Nodes are started with the first one alone (it becomes leader) and the rest once it leads, as devices in a
 * room are switched on; simultaneous cold start of everybody is scenario 7's territory (duplicate leaders).
 */
@Tag("lan")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanScenariosTest {
    static final Duration STABLE = Duration.ofSeconds(40);
    static final Duration LINKS = Duration.ofSeconds(40);
    static final Duration CONVERGE = Duration.ofSeconds(20);

    /** Starts the first node alone and waits until it leads. */
    private static Node first(Testbed tb, Node n) {
        tb.awaitOneLeader(List.of(n), STABLE);
        return n;
    }

    /** Final step of every scenario: a sync from {@code controller}, acked by all, and every display shows it. */
    private static void finalSync(Testbed tb, Node controller, List<Node> displays) {
        JsonNode r = tb.cue(controller, SYNC);
        assertAllAcked(r, displays.size());
        tb.awaitConverged(displays, r.path("message").path("fullState"), CONVERGE);
    }

    @Test
    @Order(1)
    void s01_twoHostsEcho() throws Exception {
        try (Testbed tb = Testbed.open("s01-echo")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            Node c1 = tb.controller(2, "c1");
            tb.awaitOneLeader(List.of(d1, c1), STABLE);
            tb.awaitLinks(c1, List.of(d1), LINKS);
            for (String cue : List.of(slide(1), slide(2), black(true), black(false), item("song-2"), slide(3))) {
                assertAllAcked(tb.cue(c1, cue), 1);
            }
            finalSync(tb, c1, List.of(d1));
            tb.assertExactlyOnce(List.of(c1), List.of(d1));
            tb.log("links at end: %s", c1.links());
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(2)
    void s02_oneControllerTwoDisplays() throws Exception {
        try (Testbed tb = Testbed.open("s02-1c2d")) {
            Node aud = first(tb, tb.display(1, "aud", "audience"));
            Node stage = tb.display(2, "stage", "stage");
            Node c1 = tb.controller(3, "c1");
            List<Node> displays = List.of(aud, stage);
            tb.awaitOneLeader(List.of(aud, stage, c1), STABLE);
            tb.awaitLinks(c1, displays, LINKS);
            for (int i = 1; i <= 10; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 2);
            }
            assertAllAcked(tb.cue(c1, black(true)), 2);
            finalSync(tb, c1, displays);
            tb.assertExactlyOnce(List.of(c1), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(3)
    void s03_twoControllersThreeDisplaysConcurrently() throws Exception {
        try (Testbed tb = Testbed.open("s03-2c3d")) {
            Node c1 = first(tb, tb.controller(1, "c1"));
            Node c2 = tb.controller(2, "c2");
            List<Node> displays = List.of(tb.display(3, "d3", "audience"), tb.display(4, "d4", "stage"),
                    tb.display(5, "d5", "lobby"));
            List<Node> all = new ArrayList<>(displays);
            all.add(c1);
            all.add(c2);
            tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c1, displays, LINKS);
            tb.awaitLinks(c2, displays, LINKS);
            long t = System.nanoTime();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 15; i++) {
                    assertAllAcked(tb.cue(c1, slide(100 + i)), 3);
                }
            });
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 15; i++) {
                    assertAllAcked(tb.cue(c2, slide(200 + i)), 3);
                }
            });
            CompletableFuture.allOf(a, b).join();
            tb.log("30 concurrent cues to 3 displays acked in %.2f s", (System.nanoTime() - t) / 1e9);
            // the displays agree among themselves whatever the interleaving
            await().atMost(CONVERGE).until(() -> displays.stream().map(d -> d.state().map(s -> s.path("revision").asText())
                    .orElse("")).distinct().count() == 1);
            tb.log("displays agree on %s", displays.get(0).state().orElseThrow());
            // then the operator on c1 moves on: everybody shows c1's state
            assertAllAcked(tb.cue(c1, item("final")), 3);
            finalSync(tb, c1, displays);
            tb.assertExactlyOnce(List.of(c1, c2), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(4)
    void s04_leaderKilledCuesKeepFlowing() throws Exception {
        try (Testbed tb = Testbed.open("s04-leader-kill")) {
            // the leader is a second controller, so the cues c1 → displays do not involve it at all
            Node c0 = first(tb, tb.controller(1, "c0"));
            Node c1 = tb.controller(2, "c1");
            List<Node> displays = List.of(tb.display(3, "d3", "audience"), tb.display(4, "d4", "stage"));
            List<Node> survivors = new ArrayList<>(displays);
            survivors.add(c1);
            List<Node> all = new ArrayList<>(survivors);
            all.add(c0);
            assertThat(tb.awaitOneLeader(all, STABLE)).isSameAs(c0);
            tb.awaitLinks(c1, displays, LINKS);
            assertAllAcked(tb.cue(c1, slide(1)), 2);

            AtomicBoolean stop = new AtomicBoolean();
            List<long[]> acked = new CopyOnWriteArrayList<>(); // [nanoTime of result]
            CompletableFuture<Void> cues = CompletableFuture.runAsync(() -> {
                for (int i = 0; !stop.get(); i++) {
                    assertAllAcked(tb.cue(c1, slide(1000 + i)), 2);
                    acked.add(new long[] {System.nanoTime()});
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() >= 3 || cues.isDone());
            long kill = System.nanoTime();
            c0.kill9();
            tb.log("killed leader c0 (kill -9)");
            Node newLeader = tb.awaitOneLeader(survivors, STABLE);
            long agreed = System.nanoTime();
            long during = acked.stream().filter(x -> x[0] > kill && x[0] < agreed).count();
            tb.log("failover: new leader %s agreed %.2f s after the kill; %d cues acked by both displays meanwhile",
                    newLeader.name, (agreed - kill) / 1e9, during);
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.stream().filter(x -> x[0] > agreed).count() >= 3
                    || cues.isDone());
            stop.set(true);
            cues.join();
            assertThat(during).as("cues acked while the survivors had no agreed leader (P2P links do not need it)")
                    .isGreaterThan(0);
            finalSync(tb, c1, displays);
            tb.assertExactlyOnce(List.of(c1), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(8)
    void s08_iceBlockedPairRelaysThenUpgrades() throws Exception {
        Assumptions.assumeTrue(Lan.nftAvailable(), "nftables (nft) is not installed; apt-get install nftables");
        try (Testbed tb = Testbed.open("s08-ice-block")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            // block everything but signaling between host 2 (c1) and host 3 (d3), in both namespaces
            tb.host(2);
            tb.host(3);
            tb.lan.blockIce(2, 3, Testbed.SIGNALING_PORT);
            tb.lan.blockIce(3, 2, Testbed.SIGNALING_PORT);
            Node c1 = tb.controller(2, "c1");
            Node d3 = tb.display(3, "d3", "stage");
            List<Node> displays = List.of(d1, d3);
            tb.awaitOneLeader(List.of(d1, c1, d3), STABLE);
            tb.awaitLinks(c1, displays, Duration.ofSeconds(60));
            await().atMost(LINKS).until(() -> "relay".equals(c1.links().get(tb.id(d3))));
            Map<String, String> links = c1.links();
            tb.log("with ICE blocked: %s", links);
            assertThat(links).containsEntry(tb.id(d1), "webrtc").containsEntry(tb.id(d3), "relay");
            for (int i = 1; i <= 5; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 2);
            }
            long unblock = System.nanoTime();
            tb.lan.unfilter(2);
            tb.lan.unfilter(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> "webrtc".equals(c1.links().get(tb.id(d3))));
            tb.log("upgraded back to webrtc %.2f s after unblocking", (System.nanoTime() - unblock) / 1e9);
            for (int i = 6; i <= 10; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 2);
            }
            finalSync(tb, c1, displays);
            tb.assertExactlyOnce(List.of(c1), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }
    /** Waits until {@code controller}'s latest peer list names every display (it re-registered with the leader). */
    private static void awaitPeerList(Testbed tb, Node controller, List<Node> displays, Duration within) {
        await().atMost(within).until(() -> controller.last("peerListChanged").map(e -> {
            List<String> ids = new ArrayList<>();
            e.path("peers").forEach(p -> ids.add(p.path("id").asText()));
            return displays.stream().allMatch(d -> ids.contains(tb.id(d)));
        }).orElse(false));
    }

    @Test
    @Order(5)
    void s05_controllerHandoff() throws Exception {
        try (Testbed tb = Testbed.open("s05-handoff")) {
            Node c1 = first(tb, tb.controller(1, "c1"));
            Node c2 = tb.controller(2, "c2");
            List<Node> displays = List.of(tb.display(3, "d3", "audience"), tb.display(4, "d4", "stage"));
            List<Node> all = new ArrayList<>(displays);
            all.add(c2);
            all.add(c1);
            tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c1, displays, LINKS);
            tb.awaitLinks(c2, displays, LINKS);
            for (int i = 1; i <= 8; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 2);
            }
            assertAllAcked(tb.cue(c1, black(true)), 2);
            c1.kill9();
            tb.log("killed controller (and leader) c1");
            tb.awaitOneLeader(List.of(c2, displays.get(0), displays.get(1)), STABLE);
            awaitPeerList(tb, c2, displays, STABLE);
            // c2 carries on: its next cue must show on every display although c1 had sent more revisions
            JsonNode r = tb.cue(c2, slide(42));
            assertAllAcked(r, 2);
            // a slide keeps the black flag (LiveState.withSlide): c1 blacked the screen, so it stays black on slide 42
            tb.awaitConverged(displays, Node.JSON.readTree(
                    "{\"eventId\":\"live\",\"itemId\":\"item-1\",\"slideIndex\":42,\"isBlack\":true}"), CONVERGE);
            for (Node d : displays) {
                assertThat(d.state().orElseThrow().path("revision").asText()).as("revision at %s", d.name)
                        .endsWith("@" + tb.id(c2));
            }
            assertAllAcked(tb.cue(c2, item("after-handoff")), 2);
            finalSync(tb, c2, displays);
            tb.assertExactlyOnce(List.of(c1, c2), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(6)
    void s06_lateAndRestartedDisplaysGetTheState() throws Exception {
        try (Testbed tb = Testbed.open("s06-state-sync")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            Node c1 = tb.controller(2, "c1");
            Node d2 = tb.display(3, "d2", "stage");
            tb.awaitOneLeader(List.of(d1, c1, d2), STABLE);
            tb.awaitLinks(c1, List.of(d1, d2), LINKS);
            assertAllAcked(tb.cue(c1, item("song-7")), 2);
            assertAllAcked(tb.cue(c1, slide(4)), 2);
            assertAllAcked(tb.cue(c1, black(true)), 2);
            JsonNode current = tb.cue(c1, SYNC).path("message").path("fullState");
            // late display
            Node late = tb.display(4, "late", "lobby");
            tb.awaitLinks(c1, List.of(late), LINKS);
            tb.awaitConverged(List.of(late), current, CONVERGE);
            tb.log("late display shows %s", late.state().orElseThrow());
            // restarted display (same id), with a cue sent while it was down
            d2.kill9();
            await().atMost(LINKS).until(() -> !c1.links().containsKey(tb.id(d2)));
            JsonNode whileDown = tb.cue(c1, slide(5));
            tb.log("cue while d2 was down: %s", whileDown);
            Node d2b = tb.display(3, "d2", "stage");
            tb.awaitLinks(c1, List.of(d2b), LINKS);
            JsonNode now = tb.cue(c1, SYNC).path("message").path("fullState");
            assertThat(now.path("slideIndex").asInt()).isEqualTo(5);
            tb.awaitConverged(List.of(d1, late, d2b), now, CONVERGE);
            tb.assertExactlyOnce(List.of(c1), List.of(d1));
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(7)
    void s07_partitionAndHeal() throws Exception {
        try (Testbed tb = Testbed.open("s07-partition")) {
            Node c1 = first(tb, tb.controller(1, "c1"));
            Node d2 = tb.display(2, "d2", "audience");
            Node c3 = tb.controller(3, "c3");
            Node d4 = tb.display(4, "d4", "stage");
            List<Node> all = List.of(c1, d2, c3, d4);
            tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c1, List.of(d2, d4), LINKS);
            assertAllAcked(tb.cue(c1, slide(1)), 2);
            tb.lan.split(3, 4);
            tb.log("split {c1,d2} | {c3,d4}");
            Node second = tb.awaitOneLeader(List.of(c3, d4), Duration.ofSeconds(60));
            tb.log("second half elected %s", second.name);
            assertThat(tb.cue(c1, slide(2)).path("acked").asInt()).as("d2 still acks within its half").isGreaterThanOrEqualTo(1);
            long heal = System.nanoTime();
            tb.lan.join(3, 4);
            Node leader = tb.awaitOneLeader(all, Duration.ofSeconds(60));
            tb.log("healed: one leader %s after %.2f s", leader.name, (System.nanoTime() - heal) / 1e9);
            tb.awaitLinks(c1, List.of(d2, d4), LINKS);
            awaitPeerList(tb, c1, List.of(d2, d4), STABLE);
            assertAllAcked(tb.cue(c1, slide(3)), 2);
            finalSync(tb, c1, List.of(d2, d4));
            tb.assertExactlyOnce(List.of(c1), List.of(d2));
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(9)
    void s09_fivePercentLossEverywhere() throws Exception {
        Assumptions.assumeTrue(Lan.nftAvailable(), "nftables (nft) is not installed; apt-get install nftables");
        try (Testbed tb = Testbed.open("s09-loss")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            Node c1 = tb.controller(2, "c1");
            List<Node> displays = List.of(d1, tb.display(3, "d3", "stage"), tb.display(4, "d4", "lobby"));
            List<Node> all = new ArrayList<>(displays);
            all.add(c1);
            tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c1, displays, LINKS);
            for (int h = 1; h <= 4; h++) {
                tb.lan.loss(h, 5);
            }
            tb.log("5 %% loss on every host");
            long t = System.nanoTime();
            for (int i = 1; i <= 40; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 3);
            }
            tb.log("40 cues × 3 displays acked under loss in %.2f s", (System.nanoTime() - t) / 1e9);
            finalSync(tb, c1, displays);
            tb.assertExactlyOnce(List.of(c1), displays);
            for (int h = 1; h <= 4; h++) {
                tb.lan.unfilter(h);
            }
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    @Test
    @Order(10)
    void s10_addressChange() throws Exception {
        try (Testbed tb = Testbed.open("s10-address-change")) {
            // d1 (the leader) and d3 choose their interfaces themselves (no --interface), as on a laptop with DHCP
            Node d1 = first(tb, tb.start(1, "d1", false, "audience", "display-d1", false));
            Node c2 = tb.controller(2, "c2");
            Node d3 = tb.start(3, "d3", false, "stage", "display-d3", false);
            List<Node> displays = List.of(d1, d3);
            tb.awaitOneLeader(List.of(d1, c2, d3), STABLE);
            tb.awaitLinks(c2, displays, LINKS);
            for (int i = 1; i <= 3; i++) {
                assertAllAcked(tb.cue(c2, slide(i)), 2);
            }
            // a display (not the leader) gets a new address
            tb.lan.changeAddress(3, 3, 33);
            tb.log("d3 moved to %s", tb.lan.addresses(3));
            double display = tb.cueUntilAllAck(c2, displays, 100, Duration.ofSeconds(60));
            tb.log("cues acked by both displays again %.2f s after d3's address change; links %s", display, c2.links());
            // the leader gets a new address: the others must find it (or a new leader) and keep going
            tb.lan.changeAddress(1, 1, 31);
            tb.log("leader d1 moved to %s", tb.lan.addresses(1));
            double leader = tb.cueUntilAllAck(c2, displays, 200, Duration.ofSeconds(60));
            tb.log("cues acked by both displays again %.2f s after the leader's address change; links %s", leader,
                    c2.links());
            Node after = tb.awaitOneLeader(List.of(d1, c2, d3), STABLE);
            tb.log("leader after the moves: %s, endpoint %s", after.name,
                    c2.last("leaderChanged").map(e -> e.path("endpoint").asText()).orElse("?"));
            if (after == d1) {
                assertThat(c2.last("leaderChanged").orElseThrow().path("endpoint").asText())
                        .as("c2 follows d1 at its new address").startsWith(Lan.ip(31) + ":");
            }
            for (int i = 300; i < 303; i++) {
                assertAllAcked(tb.cue(c2, slide(i)), 2);
            }
            finalSync(tb, c2, displays);
            tb.assertExactlyOnce(List.of(c2), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    /**
     * Chaos: for {@code testbed.chaos-seconds} (60) a seeded schedule ({@code testbed.chaos-seed}, printed; scenario
     * 12's original generator, {@link ChaosSchedule#legacy}) kills -9 displays (the leader among them) and restarts
     * them with the same id, cuts hosts off the LAN and puts 5–15 % loss on hosts, while the controller cues without
     * pause. Afterwards everything is healed and the invariants must hold: one leader, links to every display, every
     * acked cue applied exactly once (per process), all displays on the final state, no crash. Schedules with every
     * fault kind run in the soak ({@code ./soak}); failing seeds become {@link LanRegressionTest}s.
     */
    @Test
    @Order(12)
    void s12_chaos() throws Exception {
        // CI replays one fixed schedule so a red run always means a regression; explore new schedules with
        // -Dtestbed.chaos-seed=random (or a number) or with ./soak (every fault kind, many seeds).
        String seedProperty = System.getProperty("testbed.chaos-seed", "4331110303722");
        long seed = "random".equals(seedProperty) ? System.nanoTime() : Long.parseLong(seedProperty);
        int seconds = Integer.getInteger("testbed.chaos-seconds", 60);
        ChaosRun.Result r = ChaosRun.run(ChaosSchedule.legacy(seed, seconds, Lan.nftAvailable()), "s12-chaos", true);
        System.out.println("[testbed s12-chaos] " + r.summary());
        r.assertPassed();
    }

    /**
     * Several processes on one host (issue "Reliability at scale", item 3): host 1 is a PC with two outputs (audience and
     * stage, one process each) and the operator's controller beside them, all three bound to 198.18.0.1 (each with its
     * own signaling port), with a lobby display on host 2. They agree on one leader and the controller reaches every
     * display; then the leader is stopped and started again and they agree and link again. The loopback version of this
     * (three JVMs on 127.0.0.1) is cli's SeveralProcessesOneHostTest.
     */
    @Test
    @Order(13)
    void s13_severalProcessesOnOneHost() throws Exception {
        try (Testbed tb = Testbed.open("s13-one-host")) {
            Map<String, String[]> how = Map.of(
                    "aud", new String[] {"audience", "display-aud", "3011"},
                    "stage", new String[] {"stage", "display-stage", "3012"},
                    "c1", new String[] {null, null, "3013"});
            java.util.function.Function<String, Node> startOnHost1 = name -> {
                String[] h = how.get(name);
                return tb.start(1, name, h[0] == null, h[0], h[1], true, "--port", h[2]);
            };
            Node aud = startOnHost1.apply("aud");
            Node stage = startOnHost1.apply("stage");
            Node c1 = startOnHost1.apply("c1");
            Node lobby = tb.display(2, "lobby", "lobby");
            List<Node> all = new ArrayList<>(List.of(aud, stage, c1, lobby));
            Node leader = tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c1, List.of(aud, stage, lobby), LINKS);
            for (int i = 1; i <= 3; i++) {
                assertAllAcked(tb.cue(c1, slide(i)), 3);
            }

            leader.stop();
            leader.killedOnPurpose = true; // stopped by the test: not a crash
            all.remove(leader);
            tb.awaitOneLeader(all, STABLE);
            Node back = leader.host == 1 ? startOnHost1.apply(leader.name) : tb.display(2, "lobby", "lobby");
            all.add(back);
            Node after = tb.awaitOneLeader(all, STABLE);
            tb.log("leader %s stopped and restarted; leader now %s", leader.name, after.name);
            Node controller = all.stream().filter(n -> n.controller).findFirst().orElseThrow();
            List<Node> displays = all.stream().filter(n -> !n.controller).toList();
            tb.awaitLinks(controller, displays, LINKS);
            tb.cueUntilAllAck(controller, displays, 100, Duration.ofSeconds(60));
            finalSync(tb, controller, displays);
            tb.assertExactlyOnce(tb.nodes.stream().filter(n -> n.controller).toList(),
                    tb.nodes.stream().filter(n -> !n.controller).toList());
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    /**
     * Sleep and wake (issue "Reliability at scale", item 6): a laptop lid closes and opens. SIGSTOP freezes a node's JVM
     * with its sockets open, for longer than the heartbeat budget (heartbeats every 2 s, 3 misses: the leader drops a
     * connection silent for 6 s, a follower gives its leader up after 3 unanswered heartbeats), then SIGCONT; it must
     * rejoin by itself, with nothing done for it. Each sleep lasts until the others have noticed it (that is the
     * budget passed; no fixed sleep): first a display that follows (dropped from the room, so the controller's cues
     * meanwhile go to the others; once awake it is linked and acks again), then the leader (the others elect a new one while
     * it sleeps; it wakes believing it still leads and must find the new one), then the cueing controller (its first
     * cues after waking must reach every display again).
     */
    @Test
    @Order(14)
    void s14_sleepAndWake() throws Exception {
        try (Testbed tb = Testbed.open("s14-sleep-wake")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            Node c2 = tb.controller(2, "c2");
            Node d3 = tb.display(3, "d3", "stage");
            Node d4 = tb.display(4, "d4", "lobby");
            List<Node> displays = List.of(d1, d3, d4);
            List<Node> all = List.of(d1, c2, d3, d4);
            tb.awaitOneLeader(all, STABLE);
            tb.awaitLinks(c2, displays, LINKS);
            assertAllAcked(tb.cue(c2, slide(1)), 3);

            // 1. a following display sleeps: the leader drops it from the room, the controller's cues list it as failed
            Node leader1 = tb.awaitOneLeader(all, STABLE);
            Node sleeper = leader1 == d3 ? d4 : d3;
            long t = System.nanoTime();
            sleeper.freeze();
            tb.log("SIGSTOP %s (follower)", sleeper.name);
            awaitNotListed(tb, leader1, sleeper, Duration.ofSeconds(60));
            // the room carries on without it: the displays still awake ack the controller's cue
            JsonNode whileAsleep = tb.cue(c2, slide(2));
            for (Node d : displays) {
                if (d != sleeper) {
                    assertThat(whileAsleep.path("deliveries").findValuesAsText("peer")).as("acked while %s sleeps",
                            sleeper.name).contains(tb.id(d));
                }
            }
            sleeper.thaw();
            tb.log("SIGCONT %s after %.1f s asleep (the room dropped it)", sleeper.name, (System.nanoTime() - t) / 1e9);
            double back = tb.cueUntilAllAck(c2, displays, 100, Duration.ofSeconds(60));
            tb.log("%s woke: cues acked by every display again %.2f s after SIGCONT", sleeper.name, back);

            // 2. the leader sleeps: the others elect a new leader; it wakes still believing it leads and must give way
            Node leader = tb.awaitOneLeader(all, STABLE);
            List<Node> awake = all.stream().filter(n -> n != leader).toList();
            t = System.nanoTime();
            leader.freeze();
            tb.log("SIGSTOP %s (the leader)", leader.name);
            Node interim = tb.awaitOneLeader(awake, Duration.ofSeconds(60));
            tb.log("while %s sleeps the others agreed on %s after %.2f s", leader.name, interim.name,
                    (System.nanoTime() - t) / 1e9);
            assertThat(interim).isNotSameAs(leader);
            long wake = System.nanoTime();
            leader.thaw();
            tb.log("SIGCONT %s after %.1f s asleep", leader.name, (wake - t) / 1e9);
            Node after = tb.awaitOneLeader(all, Duration.ofSeconds(60));
            tb.log("after the old leader woke: one leader %s agreed by all 4 after %.2f s", after.name,
                    (System.nanoTime() - wake) / 1e9);
            back = tb.cueUntilAllAck(c2, displays, 200, Duration.ofSeconds(60));
            tb.log("cues acked by every display %.2f s after the leader's wake (and leader agreement)", back);

            // 3. the controller sleeps: the leader drops it; once it wakes, its cues reach every display again
            t = System.nanoTime();
            c2.freeze();
            tb.log("SIGSTOP c2 (the controller%s)", after == c2 ? ", which leads" : "");
            if (after == c2) {
                tb.awaitOneLeader(displays, Duration.ofSeconds(60));
            } else {
                awaitNotListed(tb, after, c2, Duration.ofSeconds(60));
            }
            wake = System.nanoTime();
            c2.thaw();
            tb.log("SIGCONT c2 after %.1f s asleep", (wake - t) / 1e9);
            back = tb.cueUntilAllAck(c2, displays, 300, Duration.ofSeconds(60));
            tb.log("c2 woke: its cues acked by every display %.2f s after SIGCONT", back);
            tb.awaitOneLeader(all, STABLE);
            finalSync(tb, c2, displays);
            tb.assertExactlyOnce(List.of(c2), displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    /**
     * mDNS survives a moment without a link (the chaos soak's seeds 20261201202–204, fixed in discovery-mdns): while
     * the leader cannot send, jmdns fails to answer a newcomer's query and closes itself. Its link comes back; the
     * newcomer (a controller) and the old leader must find each other and the room must have one leader. Before the fix the leader stayed
     * invisible and blind in mDNS for good: the controller led too, took the display that followed, and the room
     * stayed split ([d1 (self), c2 (self), d3→c2]).
     */
    @Test
    @Order(15)
    void s15_mdnsSurvivesALinkDrop() throws Exception {
        Assumptions.assumeTrue(Lan.nftAvailable(), "nftables (nft) is not installed; apt-get install nftables");
        try (Testbed tb = Testbed.open("s15-mdns-link-drop")) {
            Node d1 = first(tb, tb.display(1, "d1", "audience"));
            Node d3 = tb.display(3, "d3", "stage");
            assertThat(tb.awaitOneLeader(List.of(d1, d3), STABLE)).isSameAs(d1);
            // its sends fail (as when its link drops) while packets still reach it; a controller starts and asks who is
            // there (no known answers, so d1 must answer): jmdns' answer fails
            tb.lan.failSends(1);
            tb.log("the leader d1 can no longer send (its sends fail with EPERM)");
            Node c2 = tb.controller(2, "c2");
            java.nio.file.Path log = d1.logDir.resolve("livecontrol.log");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    java.nio.file.Files.exists(log) && java.util.regex.Pattern
                            .compile("run\\(\\) exception|Wait for canceled timed out|starting it again")
                            .matcher(java.nio.file.Files.readString(log)).find());
            tb.log("d1's jmdns failed to send while its link was silent and gave up");
            tb.lan.powerOn(1);
            tb.log("d1 can send again");
            List<Node> all = List.of(d1, c2, d3);
            Node leader = tb.awaitOneLeader(all, Duration.ofSeconds(60));
            tb.log("one leader %s for d1, c2 and d3 after d1 could send again", leader.name);
            tb.awaitLinks(c2, List.of(d1, d3), LINKS);
            finalSync(tb, c2, List.of(d1, d3));
            tb.assertExactlyOnce(List.of(c2), List.of(d1, d3));
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }

    /**
     * Waits until {@code leader}'s own peer list no longer names {@code gone}: its server dropped the silent connection
     * (other nodes keep a peer they still have an open link to).
     */
    private static void awaitNotListed(Testbed tb, Node leader, Node gone, Duration within) {
        String id = tb.id(gone);
        await().atMost(within).until(() -> leader.last("peerListChanged").map(e -> {
            for (JsonNode p : e.path("peers")) {
                if (id.equals(p.path("id").asText())) {
                    return false;
                }
            }
            return true;
        }).orElse(false));
        tb.log("the leader %s dropped %s from the room", leader.name, gone.name);
    }

    @Test
    @Order(11)
    void s11_twentyHosts() throws Exception {
        try (Testbed tb = Testbed.open("s11-20-hosts")) {
            for (int h = 1; h <= 20; h++) { // paired before the room powers on, not while 19 nodes already run
                tb.pairAhead(h, (h <= 4 ? "c" : "d") + h, h <= 4);
            }
            List<Node> controllers = new ArrayList<>(List.of(first(tb, tb.controller(1, "c1"))));
            for (int h = 2; h <= 4; h++) {
                controllers.add(tb.controller(h, "c" + h));
            }
            List<Node> displays = new ArrayList<>();
            String[] classes = {"audience", "stage", "lobby"};
            for (int h = 5; h <= 20; h++) {
                displays.add(tb.display(h, "d" + h, classes[h % 3]));
            }
            long t = System.nanoTime();
            // 20 JVMs starting together on the test machine's 2 cores: a bound for a starved machine, not a goal (the
            // figure is the log line below)
            tb.awaitOneLeader(tb.nodes, Duration.ofSeconds(180));
            // every "host" of this room shares the test machine's cores: what the 20 JVMs burnt until they agreed
            // bounds how fast they could agree here, unlike 20 real machines
            double cpu = tb.nodes.stream().mapToDouble(Node::cpuSeconds).sum();
            tb.log("20 hosts: leader agreed %.1f s after the last start; the 20 nodes used %.1f CPU s by then (%d cores:"
                    + " ≥ %.1f s of wall time for that alone)", (System.nanoTime() - t) / 1e9, cpu,
                    Runtime.getRuntime().availableProcessors(), cpu / Runtime.getRuntime().availableProcessors());
            for (Node c : controllers) {
                tb.awaitLinks(c, displays, Duration.ofSeconds(180));
            }
            tb.log("20 hosts: leader agreed and 64 links open %.1f s after the last start", (System.nanoTime() - t) / 1e9);
            for (Node c : controllers) {
                for (int i = 0; i < 3; i++) {
                    assertAllAcked(tb.cue(c, slide(Integer.parseInt(c.name.substring(1)) * 100 + i)), 16);
                }
            }
            Map<String, Long> mem = tb.memory();
            tb.log("memory (RSS MiB) per node: %s; total %d MiB", mem, mem.values().stream().mapToLong(Long::longValue).sum());
            finalSync(tb, controllers.get(0), displays);
            tb.assertExactlyOnce(controllers, displays);
            tb.assertNoCrashAndStop();
            tb.passed();
        }
    }
}
