package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;

/** The runtime hands a transport signal only to the transport it names; shared kinds go to every transport. */
class TransportSignalRoutingTest {

    /** Per node and transport name: the signals that transport received. */
    private final Map<String, List<Signal>> received = new ConcurrentHashMap<>();
    private final Map<String, TransportContext> contexts = new ConcurrentHashMap<>();

    /** A transport that opens no links and records its signals (the in-memory one carries the cues). */
    private final class Recording implements TransportProvider {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Transport create(TransportContext context) {
            String key = context.displayName() + "/" + name;
            contexts.put(key, context);
            List<Signal> log = received.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
            return new Transport() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void start(TransportListener listener) {
                }

                @Override
                public java.util.concurrent.CompletionStage<Link> connect(PeerId remote) {
                    return java.util.concurrent.CompletableFuture.failedFuture(
                            new TransportException(name + " opens no links (to " + remote + ")"));
                }

                @Override
                public void onSignal(PeerId from, Signal signal) {
                    log.add(signal);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void aTransportSignalReachesOnlyTheTransportItNames() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster().transports(List.of(
                new InMemoryTransportProvider(), new Recording("alpha"), new Recording("beta")))) {
            LiveControl booth = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(booth, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> contexts.get("booth/alpha").signaling().isConnected());

            contexts.get("booth/alpha").signaling().send(stage.id(),
                    new Signal.TransportSignal("beta", new byte[] {7})).toCompletableFuture().get(5, TimeUnit.SECONDS);
            contexts.get("booth/alpha").signaling().send(stage.id(),
                    new Signal.TransportSignal("gamma", new byte[] {8})).toCompletableFuture().get(5, TimeUnit.SECONDS);
            contexts.get("booth/alpha").signaling().send(stage.id(),
                    new Signal.Offer("v=0 shared kind")).toCompletableFuture().get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.get("stage/alpha").size() >= 1
                    && received.get("stage/beta").size() >= 2);
            assertThat(received.get("stage/beta")).containsExactly(
                    new Signal.TransportSignal("beta", new byte[] {7}), new Signal.Offer("v=0 shared kind"));
            assertThat(received.get("stage/alpha")).as("alpha never sees beta's or gamma's signals")
                    .containsExactly(new Signal.Offer("v=0 shared kind"));
            assertThat(stage.connectedPeers()).as("the in-memory link carried on").hasSize(1);
        }
    }
}
