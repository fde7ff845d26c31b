package org.mobileworship.livecontrol.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.discovery.MdnsDiscoveryProvider;
import org.mobileworship.livecontrol.election.BullyElectionProvider;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.RuntimeBuilder;
import org.mobileworship.livecontrol.signaling.JettySignalingProvider;
import org.mobileworship.livecontrol.testkit.InMemoryDiscoveryProvider;
import org.mobileworship.livecontrol.testkit.InMemoryElectionProvider;
import org.mobileworship.livecontrol.testkit.InMemoryNetwork;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;
import org.mobileworship.livecontrol.transport.webrtc.WebRtcTransportProvider;

/**
 * Builds benchmark nodes. Two kinds: the measured data path (in-memory discovery and election, so that
 * figures which do not measure them do not depend on mDNS timing, but the real Jetty signaling and the real
 * WebRTC / relay transports) and the full real stack (mDNS + Bully + Jetty + WebRTC + relay) on 127.0.0.1.
 * Every node is tracked and closed by {@link #close()}.
 */
public final class Nodes implements AutoCloseable {
    private final String session;
    private final String network = "bench-" + UUID.randomUUID();
    private final List<LiveControl> nodes = new ArrayList<>();
    private final Map<String, String> extraConfig;

    public Nodes(Map<String, String> extraConfig) {
        this("bench-" + UUID.randomUUID().toString().substring(0, 8), extraConfig);
    }

    /** Nodes joining {@code session} (e.g. one started by another JVM). */
    public Nodes(String session, Map<String, String> extraConfig) {
        this.session = session;
        this.extraConfig = Map.copyOf(extraConfig);
    }

    public Nodes() {
        this(Map.of());
    }

    public String session() {
        return session;
    }

    /** The real data path with in-memory discovery/election: {@code transport} is "webrtc" or "relay". */
    public LiveControl dataPath(PeerType type, String name, String transport) {
        return dataPath(type, name, transport, Map.of());
    }

    /** As above with extra config for this node only. */
    public LiveControl dataPath(PeerType type, String name, String transport, Map<String, String> nodeConfig) {
        TransportProvider t = switch (transport) {
            case "webrtc" -> new WebRtcTransportProvider();
            case "relay" -> new RelayTransportProvider();
            case "webrtc+relay" -> null;
            default -> throw new IllegalArgumentException("transport must be webrtc, relay or webrtc+relay, was " + transport);
        };
        RuntimeBuilder b = base(type, name)
                .discovery(new InMemoryDiscoveryProvider())
                .election(new InMemoryElectionProvider())
                .signaling(new JettySignalingProvider())
                .transports(t == null ? List.of(new WebRtcTransportProvider(), new RelayTransportProvider()) : List.of(t))
                .config(InMemoryNetwork.CONFIG_KEY, network);
        nodeConfig.forEach(b::config);
        return track(b.build());
    }

    /** The full real stack, as an installation runs it, confined to 127.0.0.1. */
    public LiveControl fullStack(PeerType type, String name, PeerId id) {
        RuntimeBuilder b = base(type, name)
                .discovery(new MdnsDiscoveryProvider())
                .election(new BullyElectionProvider())
                .signaling(new JettySignalingProvider())
                .transports(List.of(new WebRtcTransportProvider(), new RelayTransportProvider()))
                .config("livecontrol.discovery.interfaces", "127.0.0.1");
        if (id != null) {
            b.peerId(id);
        }
        return track(b.build());
    }

    private RuntimeBuilder base(PeerType type, String name) {
        RuntimeBuilder b = LiveControlRuntime.builder().role(type).displayName(name)
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                // the figures compare transports, not pairing; the paired-mode figures set it (extraConfig)
                .config("livecontrol.security", "open");
        extraConfig.forEach(b::config);
        return b;
    }

    private synchronized LiveControl track(LiveControl n) {
        nodes.add(n);
        return n;
    }

    /** Closes one node now. */
    public void close(LiveControl n) {
        synchronized (this) {
            nodes.remove(n);
        }
        n.close();
    }

    @Override
    public void close() {
        List<LiveControl> all;
        synchronized (this) {
            all = new ArrayList<>(nodes);
            nodes.clear();
        }
        for (LiveControl n : all) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // keep closing the others
            }
        }
        InMemoryNetwork.reset(network);
    }

    /** Number of displays {@code controller} has an open link to. */
    public static long linkedDisplays(LiveControl controller) {
        return controller.connectedPeers().stream().filter(p -> p.type().isDisplay()).count();
    }

    /** Polls {@code condition} every 5 ms; throws with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(5);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
