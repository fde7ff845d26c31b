package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerStats;

/**
 * The node's API works from inside its own callbacks. A delivery's future completes on the node loop, so an
 * application chaining on it ({@code send(...).thenAccept(d -> node.peers())}) runs there: getters must read
 * snapshots, and {@code send}/{@code broadcast} must not wait for the loop they are on.
 */
class NodeApiFromCallbacksTest {

    private record Seen(List<PeerInfo> peers, List<PeerInfo> connected, Optional<PeerStats> stats,
                        Map<PeerId, CompletableFuture<Delivery>> broadcast, CompletableFuture<Delivery> next) {
    }

    @Test
    void gettersSendAndBroadcastAnswerAtOnceFromADeliveryCallback() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);

            CompletableFuture<Seen> inCallback = ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "s", 1))
                    .thenApply(d -> new Seen(ctrl.peers(), ctrl.connectedPeers(), ctrl.stats(stage.id()),
                            ctrl.broadcast(new LiveControlMessage.Slide("e", "s", 2), Audience.displays()),
                            ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "s", 3))));
            Seen seen = inCallback.get(10, TimeUnit.SECONDS);

            assertThat(seen.peers()).extracting(PeerInfo::id).contains(stage.id());
            assertThat(seen.connected()).extracting(PeerInfo::id).contains(stage.id());
            assertThat(seen.stats()).hasValueSatisfying(s -> assertThat(s.messagesSent()).isPositive());
            assertThat(seen.broadcast()).containsOnlyKeys(stage.id());
            seen.broadcast().get(stage.id()).get(10, TimeUnit.SECONDS);
            seen.next().get(10, TimeUnit.SECONDS);
            assertThat(stage.liveState().slideIndex()).isEqualTo(3);
        }
    }

    @Test
    void aListenerOfConnectedAndDisconnectedSeesThePeerViewAlreadyChanged() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            List<Boolean> connectedAtEvent = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Boolean> stillConnectedAtDisconnect = new java.util.concurrent.CopyOnWriteArrayList<>();
            ctrl.events().subscribe(e -> {
                if (e instanceof org.mobileworship.livecontrol.api.LiveControlEvent.Connected c
                        && c.peer().equals(stage.id())) {
                    connectedAtEvent.add(ctrl.connectedPeers().stream().anyMatch(p -> p.id().equals(stage.id())));
                } else if (e instanceof org.mobileworship.livecontrol.api.LiveControlEvent.Disconnected d
                        && d.peer().equals(stage.id())) {
                    stillConnectedAtDisconnect.add(ctrl.connectedPeers().stream()
                            .anyMatch(p -> p.id().equals(stage.id())));
                }
            });
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);
            org.awaitility.Awaitility.await().until(() -> !connectedAtEvent.isEmpty());
            cluster.stop("stage");
            org.awaitility.Awaitility.await().until(() -> !stillConnectedAtDisconnect.isEmpty());
            assertThat(connectedAtEvent).as("connectedPeers() at the Connected event").containsOnly(true);
            assertThat(stillConnectedAtDisconnect).as("connectedPeers() at the Disconnected event").containsOnly(false);
        }
    }

    @Test
    void aDisplaysOwnSendIsRefusedWithoutChangingItsState() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            LiveControl lobby = cluster.display("lobby", DisplayClass.LOBBY);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 2);
            ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "song", 4)).get(10, TimeUnit.SECONDS);
            LiveState before = stage.liveState();

            CompletableFuture<Delivery> refused = stage.send(lobby.id(), new LiveControlMessage.Black("e", true));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DeliveryException.class)
                    .satisfies(e -> assertThat(((DeliveryException) e).reason())
                            .isEqualTo(DeliveryException.Reason.NOT_ALLOWED));
            assertThat(stage.liveState()).as("a refused send changes nothing").isEqualTo(before);
            assertThat(stage.liveState().black()).isFalse();
        }
    }
}
