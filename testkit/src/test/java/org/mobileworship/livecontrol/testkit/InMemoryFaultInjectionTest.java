package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;

/** Seeded fault injection of the in-memory transport. */
class InMemoryFaultInjectionTest {
    private static final PeerId CONTROLLER = PeerId.of("fault-controller");
    private static final PeerId DISPLAY = PeerId.of("fault-display");
    private static final int FRAMES = 10_000;

    private final List<String> networks = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        networks.forEach(InMemoryNetwork::reset);
    }

    /** Both ends of a fresh link on a fresh network with fixed peer ids (so seeds replay). */
    private final class Setup {
        final InMemoryNetwork network;
        final Transport controller;
        final Transport display;
        final LinkedBlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
        Link controllerLink;
        Link displayLink;
        final RecordingLinkListener atController = new RecordingLinkListener();
        final RecordingLinkListener atDisplay = new RecordingLinkListener();

        Setup(Faults faults) throws Exception {
            String name = "faults-" + PeerId.random();
            networks.add(name);
            network = InMemoryNetwork.named(name);
            if (faults != null) {
                network.faults().drop(faults.dropProbability()).duplicate(faults.duplicateProbability())
                        .reorder(faults.reorderProbability()).delay(faults.delay(), faults.jitter())
                        .seed(faults.seed());
            }
            controller = transport(CONTROLLER, PeerType.controller(), name);
            display = transport(DISPLAY, PeerType.display(DisplayClass.AUDIENCE), name);
            display.start(incoming::add);
            controller.start(l -> { });
            connect();
        }

        void connect() throws Exception {
            controllerLink = controller.connect(DISPLAY).toCompletableFuture().get(5, TimeUnit.SECONDS);
            displayLink = incoming.poll(5, TimeUnit.SECONDS);
            controllerLink.setListener(atController);
            displayLink.setListener(atDisplay);
        }

        private Transport transport(PeerId id, PeerType type, String net) {
            TestContext ctx = TestContext.builder(id, type).config(InMemoryNetwork.CONFIG_KEY, net).build();
            toClose.add(ctx);
            Transport t = new InMemoryTransportProvider().create(ctx);
            toClose.add(t);
            return t;
        }

        List<Integer> sendAndCollect(int n, int expectedAtLeast) {
            for (int i = 0; i < n; i++) {
                controllerLink.send(ByteBuffer.allocate(8).putInt(i).putInt(~i).array());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> atDisplay.frameCount() >= expectedAtLeast);
            // Let stragglers (held reorders) arrive: a marker from the other direction is no help here, so
            // wait until the count is stable for a short while.
            Stable.await(atDisplay::frameCount);
            List<Integer> got = new ArrayList<>();
            for (byte[] f : atDisplay.frames()) {
                got.add(ByteBuffer.wrap(f).getInt());
            }
            return got;
        }
    }

    private static boolean strictlyIncreasing(List<Integer> xs) {
        for (int i = 1; i < xs.size(); i++) {
            if (xs.get(i) <= xs.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void dropRateIsWithinToleranceAndSeededRunsReplayExactly() throws Exception {
        Setup first = new Setup(new Faults().drop(0.3).seed(42));
        List<Integer> got = first.sendAndCollect(FRAMES, 6_000);
        double rate = 1.0 - got.size() / (double) FRAMES;
        System.out.printf("[faults] drop 0.3 seed 42: %d of %d delivered, measured drop rate %.4f%n", got.size(),
                FRAMES, rate);
        assertThat(rate).isBetween(0.27, 0.33);
        assertThat(strictlyIncreasing(got)).as("survivors stay in order, no duplicates").isTrue();

        Setup replay = new Setup(new Faults().drop(0.3).seed(42));
        assertThat(replay.sendAndCollect(FRAMES, got.size())).isEqualTo(got);

        Setup otherSeed = new Setup(new Faults().drop(0.3).seed(43));
        assertThat(otherSeed.sendAndCollect(FRAMES, 6_000)).isNotEqualTo(got);
    }

    @Test
    void duplicatesFollowTheirOriginalAndNothingIsLost() throws Exception {
        Setup s = new Setup(new Faults().duplicate(0.1).seed(7));
        List<Integer> got = s.sendAndCollect(FRAMES, FRAMES);
        int duplicates = got.size() - FRAMES;
        System.out.printf("[faults] duplicate 0.1 seed 7: %d duplicates in %d frames%n", duplicates, FRAMES);
        assertThat(duplicates).isBetween(700, 1_300);
        assertThat(new HashSet<>(got)).hasSize(FRAMES);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)).isIn(got.get(i - 1), got.get(i - 1) + 1);
        }
    }

    @Test
    void reorderSwapsNeighboursOnlyAndLosesNothing() throws Exception {
        Setup s = new Setup(new Faults().reorder(0.2).seed(99));
        List<Integer> got = s.sendAndCollect(FRAMES, FRAMES);
        assertThat(got).hasSize(FRAMES).containsExactlyInAnyOrderElementsOf(range(FRAMES));
        int swapped = 0;
        for (int i = 0; i < got.size(); i++) {
            assertThat(Math.abs(got.get(i) - i)).as("displacement at %d", i).isLessThanOrEqualTo(1);
            if (got.get(i) != i) {
                swapped++;
            }
        }
        System.out.printf("[faults] reorder 0.2 seed 99: %d frames out of place%n", swapped);
        assertThat(swapped).isGreaterThan(1_000);
    }

    @Test
    void aHeldFrameWithNoFollowerIsDeliveredAfterTheFlush() throws Exception {
        Setup s = new Setup(new Faults().reorder(1.0).seed(1));
        s.controllerLink.send(new byte[] {0, 0, 0, 9});
        await().atMost(Duration.ofSeconds(5)).until(() -> s.atDisplay.frameCount() == 1);
    }

    @Test
    void delayAndJitterKeepOrder() throws Exception {
        Setup s = new Setup(new Faults().delay(Duration.ofMillis(20), Duration.ofMillis(15)).seed(5));
        long t0 = System.nanoTime();
        List<Integer> got = s.sendAndCollect(200, 200);
        System.out.printf("[faults] 200 frames with 20 ms + 0..15 ms jitter delivered in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(got).isEqualTo(range(200));
    }

    @Test
    void directionalFaultsOverrideTheNetworkWideOnes() throws Exception {
        Setup s = new Setup(null);
        s.network.faults(CONTROLLER, DISPLAY).drop(1.0);
        for (int i = 0; i < 100; i++) {
            s.controllerLink.send(new byte[] {(byte) i});
            s.displayLink.send(new byte[] {(byte) i});
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> s.atController.frameCount() == 100);
        assertThat(s.atDisplay.frameCount()).isZero();
        s.network.clearFaults();
        s.controllerLink.send(new byte[] {1});
        await().atMost(Duration.ofSeconds(5)).until(() -> s.atDisplay.frameCount() == 1);
    }

    @Test
    void disconnectClosesBothEndsAndAllowsReconnecting() throws Exception {
        Setup s = new Setup(null);
        s.network.disconnect(CONTROLLER, DISPLAY);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.atController.closedCount() == 1 && s.atDisplay.closedCount() == 1);
        assertThat(s.atDisplay.closeReasons().get(0)).contains("disconnected");
        assertThat(s.controllerLink.isOpen()).isFalse();
        assertThatThrownBy(() -> s.controllerLink.send(new byte[1])).isInstanceOf(TransportException.class);
        RecordingLinkListener oldDisplay = s.atDisplay;
        Link fresh = s.controller.connect(DISPLAY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Link freshRemote = s.incoming.poll(5, TimeUnit.SECONDS);
        RecordingLinkListener l = new RecordingLinkListener();
        freshRemote.setListener(l);
        fresh.send(new byte[] {3});
        await().atMost(Duration.ofSeconds(5)).until(() -> l.frameCount() == 1);
        assertThat(oldDisplay.frameCount()).isZero();
    }

    @Test
    void refusedConnectionsFailLikeIceFailuresUntilAllowedAgain() throws Exception {
        Setup s = new Setup(null);
        s.network.refuseConnections(DISPLAY, CONTROLLER, true);
        assertThatThrownBy(() -> s.controller.connect(DISPLAY).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(TransportException.class)
                .hasMessageContaining("ICE failed");
        assertThat(s.controllerLink.isOpen()).as("existing links are not affected").isTrue();
        s.network.refuseConnections(CONTROLLER, DISPLAY, false);
        assertThat(s.controller.connect(DISPLAY).toCompletableFuture().get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    }

    @Test
    void invalidFaultSettingsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new Faults().drop(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drop").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Faults().duplicate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Faults().delay(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }
}
