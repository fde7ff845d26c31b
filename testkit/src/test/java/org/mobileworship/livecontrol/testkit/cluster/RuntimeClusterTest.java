package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;

/** The runtime over the testkit's in-memory plugins: delivery, retries, dedup, convergence, deadlines. */
class RuntimeClusterTest {

    private static final String EVENT = "sunday";

    @Test
    void controllerAndTwoDisplaysExchangeSlideBlackAndSyncWithAcks() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl audience = cluster.display("audience", DisplayClass.AUDIENCE);
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.nodes().stream()
                    .allMatch(n -> n.leaderStatus().hasLeader()
                            && n.leaderStatus().leaderId().equals(ctrl.id())));

            Delivery d = ctrl.send(stage.id(), new LiveControlMessage.Slide(EVENT, "song-1", 3)).get(5, TimeUnit.SECONDS);
            assertThat(d.peer()).isEqualTo(stage.id());
            assertThat(d.attempts()).isGreaterThanOrEqualTo(1);
            assertThat(d.transport()).isEqualTo("in-memory");
            await().until(() -> stage.liveState().slideIndex() == 3);
            assertThat(audience.liveState().itemId()).as("a send targets one display").isEmpty();

            Map<PeerId, CompletableFuture<Delivery>> black = ctrl.broadcast(new LiveControlMessage.Black(EVENT, true),
                    Audience.displays());
            assertThat(black).containsOnlyKeys(audience.id(), stage.id());
            for (CompletableFuture<Delivery> f : black.values()) {
                assertThat(f.get(5, TimeUnit.SECONDS).appliedRevision()).isNotNull();
            }
            Map<PeerId, CompletableFuture<Delivery>> stageOnly = ctrl.broadcast(
                    new LiveControlMessage.Slide(EVENT, "song-2", 0), Audience.displays(DisplayClass.STAGE));
            assertThat(stageOnly).containsOnlyKeys(stage.id());
            stageOnly.get(stage.id()).get(5, TimeUnit.SECONDS);

            LiveState full = new LiveState(EVENT, "song-3", 7, false, ctrl.liveState().revision());
            ctrl.send(audience.id(), new LiveControlMessage.Sync(EVENT, full)).get(5, TimeUnit.SECONDS);
            await().until(() -> audience.liveState().itemId().equals("song-3") && audience.liveState().slideIndex() == 7
                    && !audience.liveState().black());
            await().until(() -> stage.liveState().itemId().equals("song-2") && stage.liveState().black());

            List<LiveControlEvent.MessageReceived> got = cluster.events(stage, LiveControlEvent.MessageReceived.class);
            assertThat(got).extracting(m -> m.message().getClass().getSimpleName())
                    .containsExactly("Slide", "Black", "Slide");
            assertThat(got).allSatisfy(m -> assertThat(m.from()).isEqualTo(ctrl.id()));
            assertThat(cluster.events(ctrl, LiveControlEvent.Connected.class)).hasSize(2);
        }
    }

    @Test
    void thirtyPercentDropsStillDeliverEveryMessageExactlyOnce() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl a = cluster.display("a", DisplayClass.AUDIENCE);
            LiveControl b = cluster.display("b", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 2);
            cluster.network().faults().drop(0.3).seed(7);
            List<CompletableFuture<Delivery>> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                all.addAll(ctrl.broadcast(new LiveControlMessage.Slide(EVENT, "song", i), Audience.displays()).values());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long retried = all.stream().map(CompletableFuture::join).filter(d -> d.attempts() > 1).count();
            assertThat(retried).as("drops forced retries").isPositive();
            for (LiveControl display : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> receivedSlides(cluster, display).size() == 60);
                assertThat(receivedSlides(cluster, display)).as("each message applied once, none missing")
                        .doesNotHaveDuplicates().hasSize(60);
                assertThat(display.liveState().slideIndex()).isEqualTo(59);
            }
        }
    }

    @Test
    void duplicatesAreAckedButAppliedOnce() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d = cluster.display("d", DisplayClass.AUDIENCE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            cluster.network().faults().duplicate(0.6).seed(11);
            List<CompletableFuture<Delivery>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(ctrl.send(d.id(), new LiveControlMessage.Black(EVENT, i % 2 == 0)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            await().until(() -> cluster.events(d, LiveControlEvent.MessageReceived.class).size() >= 40);
            List<String> ids = cluster.events(d, LiveControlEvent.MessageReceived.class).stream()
                    .map(LiveControlEvent.MessageReceived::messageId).toList();
            assertThat(ids).hasSize(40).doesNotHaveDuplicates();
            assertThat(d.liveState().black()).isFalse();
        }
    }

    @Test
    void twoControllersThroughAReorderingNetworkLeaveEveryDisplayOnTheSameState() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            try (LiveControlCluster cluster = new LiveControlCluster()) {
                LiveControl c1 = cluster.controller("c1");
                LiveControl c2 = cluster.controller("c2");
                List<LiveControl> displays = List.of(cluster.display("d1", DisplayClass.AUDIENCE),
                        cluster.display("d2", DisplayClass.STAGE), cluster.display("d3", DisplayClass.LOBBY));
                cluster.startAll();
                cluster.awaitLinked(c1, 3);
                cluster.awaitLinked(c2, 3);
                cluster.network().faults().reorder(0.4).duplicate(0.1).drop(0.1)
                        .delay(Duration.ofMillis(1), Duration.ofMillis(3)).seed(seed);
                java.util.Random random = new java.util.Random(seed);
                List<CompletableFuture<Delivery>> all = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    LiveControl sender = random.nextBoolean() ? c1 : c2;
                    LiveControlMessage m = random.nextInt(4) == 0
                            ? new LiveControlMessage.Black(EVENT, random.nextBoolean())
                            : new LiveControlMessage.Slide(EVENT, "song-" + random.nextInt(3), random.nextInt(10));
                    all.addAll(sender.broadcast(m, Audience.displays()).values());
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                long finalSeed = seed;
                await("convergence, seed " + seed).atMost(Duration.ofSeconds(5)).until(() -> displays.stream()
                        .map(LiveControl::liveState).distinct().count() == 1);
                assertThat(displays.stream().map(LiveControl::liveState).collect(Collectors.toSet()))
                        .as("seed %d", finalSeed).hasSize(1);
            }
        }
    }

    @Test
    void aControllerJoiningLaterWinsWithItsFirstCue() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl c1 = cluster.controller("c1");
            LiveControl d = cluster.display("d", DisplayClass.AUDIENCE);
            cluster.startAll();
            cluster.awaitLinked(c1, 1);
            for (int i = 0; i < 9; i++) {
                c1.send(d.id(), new LiveControlMessage.Slide(EVENT, "c1-song", i)).get(5, TimeUnit.SECONDS);
            }
            // c2 has seen none of c1's revisions: its first cue must still win (the operator pressed it last)
            LiveControl c2 = cluster.controller("c2");
            c2.start();
            cluster.awaitLinked(c2, 1);
            c2.send(d.id(), new LiveControlMessage.Slide(EVENT, "c2-song", 42)).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> d.liveState().slideIndex() == 42);
            assertThat(d.liveState().itemId()).isEqualTo("c2-song");
            // and then c1 again, having not heard from c2 directly
            c1.send(d.id(), new LiveControlMessage.Black(EVENT, true)).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> d.liveState().black());
        }
    }

    @Test
    void deadlineExpiryFailsTheFutureNamingPeerAndMessage() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            cluster.config("livecontrol.delivery.deadline", "400ms");
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d = cluster.display("d", DisplayClass.AUDIENCE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            java.util.List<LiveControlEvent.DeliveryFailed> failedEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
            ctrl.events().subscribe(e -> {
                if (e instanceof LiveControlEvent.DeliveryFailed df) {
                    failedEvents.add(df);
                }
            });
            cluster.network().faults(ctrl.id(), d.id()).drop(1.0);
            CompletableFuture<Delivery> f = ctrl.send(d.id(), new LiveControlMessage.Slide(EVENT, "x", 1));
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("TIMEOUT").hasMessageContaining(d.id().value())
                    .hasMessageContaining("no ack within 400 ms")
                    .satisfies(e -> assertThat(((DeliveryException) e).reason())
                            .isEqualTo(DeliveryException.Reason.TIMEOUT));
            // the application hears why too, once
            await().until(() -> !failedEvents.isEmpty());
            assertThat(failedEvents).hasSize(1);
            assertThat(failedEvents.get(0).peer()).isEqualTo(d.id());
            assertThat(failedEvents.get(0).reason()).isEqualTo(DeliveryException.Reason.TIMEOUT);
            assertThat(failedEvents.get(0).detail()).contains("no ack within 400 ms");
        }
    }

    @Test
    void unknownPeersAndWrongRolesGetSpecificErrors() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl c1 = cluster.controller("c1");
            LiveControl c2 = cluster.controller("c2");
            LiveControl d = cluster.display("d", DisplayClass.AUDIENCE);
            cluster.startAll();
            cluster.awaitLinked(c1, 1);
            await().until(() -> c1.peers().size() == 2);
            PeerId stranger = PeerId.random();
            assertThatThrownBy(() -> c1.send(stranger, new LiveControlMessage.Slide(EVENT, "x", 1)).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOf(DeliveryException.class).hasMessageContaining("UNKNOWN_PEER")
                    .hasMessageContaining(stranger.value());
            assertThatThrownBy(() -> c1.send(c2.id(), new LiveControlMessage.Slide(EVENT, "x", 1)).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("NOT_ALLOWED").hasMessageContaining("only displays take cues");
            assertThatThrownBy(() -> d.send(c1.id(), new LiveControlMessage.Slide(EVENT, "x", 1)).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("NOT_ALLOWED").hasMessageContaining("only controllers send cues");
            String huge = "x".repeat(20_000);
            assertThatThrownBy(() -> c1.send(d.id(), new LiveControlMessage.Slide(EVENT, huge, 1)).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("TOO_LARGE").hasMessageContaining("16384");
            // and the session still works afterwards
            c1.send(d.id(), new LiveControlMessage.Slide(EVENT, "ok", 2)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLateDisplayAndARestartedDisplayReceiveTheCurrentState() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d1 = cluster.display("d1", DisplayClass.AUDIENCE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            ctrl.send(d1.id(), new LiveControlMessage.Slide(EVENT, "song-9", 4)).get(5, TimeUnit.SECONDS);
            ctrl.send(d1.id(), new LiveControlMessage.Black(EVENT, true)).get(5, TimeUnit.SECONDS);

            LiveControl late = cluster.display("late", DisplayClass.STAGE);
            late.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> sameShown(late.liveState(), ctrl.liveState()));

            PeerId d1Id = d1.id();
            cluster.stop("d1");
            LiveControl again = cluster.add("d1-again", d1.type(), d1Id);
            again.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> sameShown(again.liveState(), ctrl.liveState()));
            assertThat(again.liveState().itemId()).isEqualTo("song-9");
            assertThat(again.liveState().black()).isTrue();
        }
    }

    @Test
    void leaderLossDoesNotStopCuesOnOpenLinks() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl leaderDisplay = cluster.display("first", DisplayClass.AUDIENCE);
            leaderDisplay.start();
            await().until(() -> leaderDisplay.leaderStatus().self());
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            ctrl.start();
            stage.start();
            cluster.awaitLinked(ctrl, 2);
            assertThat(ctrl.leaderStatus().leaderId()).as("no pre-emption").isEqualTo(leaderDisplay.id());
            cluster.stop("first");
            // cues keep flowing to the stage display while the session re-elects
            for (int i = 0; i < 20; i++) {
                ctrl.send(stage.id(), new LiveControlMessage.Slide(EVENT, "s", i)).get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ctrl.leaderStatus().hasLeader()
                    && !ctrl.leaderStatus().leaderId().equals(leaderDisplay.id()));
            assertThat(stage.liveState().slideIndex()).isEqualTo(19);
        }
    }

    private static boolean sameShown(LiveState a, LiveState b) {
        return a.eventId().equals(b.eventId()) && a.itemId().equals(b.itemId()) && a.slideIndex() == b.slideIndex()
                && a.black() == b.black();
    }

    private static List<Integer> receivedSlides(LiveControlCluster cluster, LiveControl display) {
        return cluster.events(display, LiveControlEvent.MessageReceived.class).stream()
                .map(LiveControlEvent.MessageReceived::message)
                .filter(LiveControlMessage.Slide.class::isInstance)
                .map(m -> ((LiveControlMessage.Slide) m).slideIndex())
                .collect(Collectors.toList());
    }
}
