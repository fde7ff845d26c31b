package org.mobileworship.livecontrol.testkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.RuntimeBuilder;
import org.mobileworship.livecontrol.testkit.InMemoryDiscoveryProvider;
import org.mobileworship.livecontrol.testkit.InMemoryElectionProvider;
import org.mobileworship.livecontrol.testkit.InMemoryNetwork;
import org.mobileworship.livecontrol.testkit.InMemorySignalingProvider;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;

/**
 * N livecontrol nodes in one JVM on a private {@link InMemoryNetwork}: deterministic, fast, with the network's
 * fault injection. Every node's events are recorded. Close the cluster to close every node and the network.
 *
 * <pre>{@code
 * try (LiveControlCluster cluster = new LiveControlCluster()) {
 *     LiveControl c = cluster.controller("booth");
 *     LiveControl d = cluster.display("stage", DisplayClass.STAGE);
 *     cluster.startAll();
 *     cluster.awaitLinked(c, 1);
 * }
 * }</pre>
 */
public final class LiveControlCluster implements AutoCloseable {
    private final String networkName = "cluster-" + UUID.randomUUID();
    private final InMemoryNetwork network = InMemoryNetwork.named(networkName);
    private final Map<String, LiveControl> nodes = new LinkedHashMap<>();
    private final Map<LiveControl, ConcurrentLinkedQueue<LiveControlEvent>> events = new LinkedHashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private List<TransportProvider> transports = List.of(new InMemoryTransportProvider());
    private UnaryOperator<RuntimeBuilder> customizer = UnaryOperator.identity();

    public InMemoryNetwork network() {
        return network;
    }

    /** A config key for every node added afterwards. */
    public LiveControlCluster config(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** The transports every node added afterwards uses, in order of preference (default: in-memory). */
    public LiveControlCluster transports(List<TransportProvider> providers) {
        this.transports = List.copyOf(providers);
        return this;
    }

    /** Further builder settings for nodes added afterwards (e.g. a Guice module). */
    public LiveControlCluster customize(UnaryOperator<RuntimeBuilder> customizer) {
        this.customizer = customizer;
        return this;
    }

    public LiveControl controller(String name) {
        return add(name, PeerType.controller(), null);
    }

    public LiveControl display(String name, DisplayClass displayClass) {
        return add(name, PeerType.display(displayClass), null);
    }

    /** Adds a node with a fixed id (e.g. a display restarting with its old identity). */
    public LiveControl add(String name, PeerType type, PeerId id) {
        RuntimeBuilder b = LiveControlRuntime.builder().role(type).displayName(name)
                .discovery(new InMemoryDiscoveryProvider())
                .election(new InMemoryElectionProvider())
                .signaling(new InMemorySignalingProvider())
                .transports(transports)
                .config(InMemoryNetwork.CONFIG_KEY, networkName)
                // an in-memory room has no devices to pair: open unless the test configures paired mode
                .config(LiveControlConfig.SECURITY, "open");
        config.forEach(b::config);
        if (id != null) {
            b.peerId(id);
        }
        LiveControl node = customizer.apply(b).build();
        ConcurrentLinkedQueue<LiveControlEvent> log = new ConcurrentLinkedQueue<>();
        node.events().subscribe(log::add);
        synchronized (this) {
            nodes.put(name, node);
            events.put(node, log);
        }
        return node;
    }

    public synchronized LiveControl node(String name) {
        LiveControl n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node named " + name + "; nodes: " + nodes.keySet());
        }
        return n;
    }

    public synchronized List<LiveControl> nodes() {
        return new ArrayList<>(nodes.values());
    }

    public void startAll() {
        nodes().forEach(LiveControl::start);
    }

    /** Every event {@code node} published so far, in order. */
    public synchronized List<LiveControlEvent> events(LiveControl node) {
        return new ArrayList<>(events.getOrDefault(node, new ConcurrentLinkedQueue<>()));
    }

    /** Events of one type, in order. */
    public <E extends LiveControlEvent> List<E> events(LiveControl node, Class<E> type) {
        return events(node).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until {@code controller} has open links to {@code displays} displays. */
    public void awaitLinked(LiveControl controller, int displays) {
        Awaitility.await("links of " + controller.id()).atMost(Duration.ofSeconds(20))
                .until(() -> controller.connectedPeers().stream().filter(p -> p.type().isDisplay()).count() == displays);
    }

    /** Closes one node now (a crash-free exit), keeping the others. */
    public synchronized void stop(String name) {
        LiveControl n = nodes.remove(name);
        if (n != null) {
            n.close();
        }
    }

    @Override
    public void close() {
        for (LiveControl n : nodes()) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // keep closing the others
            }
        }
        InMemoryNetwork.reset(networkName);
    }
}
