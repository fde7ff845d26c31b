package org.mobileworship.livecontrol.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;
import org.mobileworship.livecontrol.testkit.cluster.LiveControlCluster;

/**
 * Per-pair transport selection: the in-memory transport plays the direct link (its "refuse connections" fault
 * is an ICE failure) and the real relay transport runs over the in-memory signaling.
 */
class TransportSelectionTest {
    private static final String EVENT = "e";

    private static LiveControlCluster cluster() {
        return new LiveControlCluster()
                .transports(List.of(new InMemoryTransportProvider(), new RelayTransportProvider()))
                .config("livecontrol.transport.upgrade-interval", "300ms")
                .config("livecontrol.link.ping-interval", "100ms")
                .config("livecontrol.link.timeout", "1s");
    }

    @Test
    void aPairWhoseDirectLinkFailsRelaysAndUpgradesBackWhenItWorks() throws Exception {
        try (LiveControlCluster cluster = cluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d = cluster.display("stage", DisplayClass.STAGE);
            cluster.network().refuseConnections(ctrl.id(), d.id(), true);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            assertThat(transportTo(ctrl, d)).as("operator sees the pair is relayed").isEqualTo("relay");
            Delivery relayed = ctrl.send(d.id(), new LiveControlMessage.Slide(EVENT, "s", 1)).get(5, TimeUnit.SECONDS);
            assertThat(relayed.transport()).isEqualTo("relay");

            cluster.network().refuseConnections(ctrl.id(), d.id(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> "in-memory".equals(transportTo(ctrl, d)));
            assertThat(cluster.events(ctrl, LiveControlEvent.TransportChanged.class))
                    .anySatisfy(t -> {
                        assertThat(t.from()).isEqualTo("relay");
                        assertThat(t.to()).isEqualTo("in-memory");
                    });
            Delivery direct = ctrl.send(d.id(), new LiveControlMessage.Slide(EVENT, "s", 2)).get(5, TimeUnit.SECONDS);
            assertThat(direct.transport()).isEqualTo("in-memory");
        }
    }

    @Test
    void cuesStreamedWhileSwitchingBackAndForthAreAppliedExactlyOnce() throws Exception {
        try (LiveControlCluster cluster = cluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d = cluster.display("stage", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            cluster.network().faults().drop(0.05).reorder(0.1).seed(3);
            List<CompletableFuture<Delivery>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                if (i % 40 == 10) {
                    // break the direct link and forbid it: the pair must move to the relay
                    cluster.network().refuseConnections(ctrl.id(), d.id(), true);
                    cluster.network().disconnect(ctrl.id(), d.id());
                } else if (i % 40 == 30) {
                    cluster.network().refuseConnections(ctrl.id(), d.id(), false);
                }
                all.add(ctrl.send(d.id(), new LiveControlMessage.Slide(EVENT, "s", i)));
                if (i % 10 == 0) {
                    all.get(all.size() - 1).get(10, TimeUnit.SECONDS); // pace the stream a little
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(all.stream().map(CompletableFuture::join).map(Delivery::transport).distinct())
                    .as("both transports carried cues").contains("relay", "in-memory");
            // syncs sent when the link reopens are extra messages; the slides must each arrive exactly once
            await().until(() -> slideIds(cluster, d).size() >= 200);
            List<String> ids = slideIds(cluster, d);
            assertThat(ids).hasSize(200).doesNotHaveDuplicates();
            assertThat(d.liveState().slideIndex()).isEqualTo(ctrl.liveState().slideIndex()).isEqualTo(199);
        }
    }

    @Test
    void withoutAFallbackAnIceFailureIsReportedNotHidden() {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl d = cluster.display("stage", DisplayClass.STAGE);
            cluster.network().refuseConnections(ctrl.id(), d.id(), true);
            cluster.startAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.events(ctrl, LiveControlEvent.Disconnected.class)
                    .stream().anyMatch(e -> e.peer().equals(d.id()) && e.reason().startsWith("no transport could connect")));
            assertThat(ctrl.connectedPeers()).isEmpty();
        }
    }

    private static List<String> slideIds(LiveControlCluster cluster, LiveControl d) {
        return cluster.events(d, LiveControlEvent.MessageReceived.class).stream()
                .filter(m -> m.message() instanceof LiveControlMessage.Slide)
                .map(LiveControlEvent.MessageReceived::messageId).toList();
    }

    private static String transportTo(LiveControl ctrl, LiveControl d) {
        return ctrl.peers().stream().filter(p -> p.id().equals(d.id())).findFirst()
                .map(PeerInfo::transport).orElse(null);
    }
}
