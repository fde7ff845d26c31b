package org.mobileworship.livecontrol.transport.webrtc;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;

/** Test doubles: a context per "node" and an in-test signaling wire between two transports. */
final class TestNodes {
    private TestNodes() {
    }

    static Config config(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return key -> Optional.ofNullable(copy.get(key));
    }

    /** A node context whose signaling goes to {@link #wire}, delivered asynchronously in order. */
    static final class Node implements TransportContext, SignalSender, AutoCloseable {
        final PeerId id;
        final PeerType type;
        final Config config;
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-scheduler");
            t.setDaemon(true);
            return t;
        });
        private final ExecutorService outbound = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-signaling");
            t.setDaemon(true);
            return t;
        });
        volatile BiConsumer<PeerId, Signal> wire = (to, s) -> { };
        volatile boolean connected = true;

        final DeviceKey deviceKey;

        Node(PeerId id, PeerType type, Map<String, String> config) {
            this(id, type, config, null);
        }

        /** A node with a device key: {@code id} must be the key's id. */
        Node(PeerId id, PeerType type, Map<String, String> config, DeviceKey deviceKey) {
            this.id = id;
            this.type = type;
            this.config = TestNodes.config(config);
            this.deviceKey = deviceKey;
        }

        @Override
        public Optional<DeviceKey> deviceKey() {
            return Optional.ofNullable(deviceKey);
        }

        static Node controller(Map<String, String> config) {
            return new Node(PeerId.random(), PeerType.controller(), config);
        }

        static Node display(Map<String, String> config) {
            return new Node(PeerId.random(), PeerType.display(DisplayClass.AUDIENCE), config);
        }

        @Override
        public SignalSender signaling() {
            return this;
        }

        @Override
        public CompletionStage<Void> send(PeerId target, Signal signal) {
            if (!connected) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            return CompletableFuture.runAsync(() -> wire.accept(target, signal), outbound);
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public PeerId localId() {
            return id;
        }

        @Override
        public PeerType localType() {
            return type;
        }

        @Override
        public String displayName() {
            return "test " + id;
        }

        @Override
        public long startedAtMillis() {
            return 0;
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void close() {
            outbound.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    /** Records frames and the close reason of a link. */
    static final class Recorder implements LinkListener {
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile int closedCalls;

        static Recorder on(Link link) {
            Recorder r = new Recorder();
            link.setListener(r);
            return r;
        }

        @Override
        public void frame(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void closed(String reason) {
            closedCalls++;
            closed.complete(reason);
        }
    }
}
