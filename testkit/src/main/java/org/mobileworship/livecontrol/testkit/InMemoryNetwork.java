package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.testkit.internal.NetworkCore;

/**
 * A simulated room network that the in-memory plugins of several nodes in one JVM share: discovery
 * announcements, signaling servers (under fake loopback ports), transport links and the in-memory election
 * all live in one named instance. Nodes pick theirs with {@value #CONFIG_KEY} (default
 * {@value #DEFAULT_NAME}).
 *
 * <p>Fault injection for the in-memory transport is configured here:
 * <pre>{@code
 * InMemoryNetwork net = InMemoryNetwork.named("t1");
 * net.faults().drop(0.3).duplicate(0.1).reorder(0.2).delay(ofMillis(5), ofMillis(2)).seed(42);
 * net.faults(controllerId, displayId).drop(1.0);   // one direction only
 * net.disconnect(controllerId, displayId);          // break their links now
 * net.refuseConnections(controllerId, displayId, true); // simulate ICE failure
 * }</pre>
 * Give each test its own network name and {@link #reset(String)} it afterwards. Thread-safe.
 */
public final class InMemoryNetwork {
    /** Config key naming the network a node's in-memory plugins join. */
    public static final String CONFIG_KEY = "livecontrol.testkit.network";
    /** The network used when {@value #CONFIG_KEY} is not set. */
    public static final String DEFAULT_NAME = "default";

    private static final ConcurrentMap<String, InMemoryNetwork> NETWORKS = new ConcurrentHashMap<>();

    private final NetworkCore core;

    private InMemoryNetwork(String name) {
        this.core = new NetworkCore(name);
    }

    /** The network called {@code name}, created on first use. */
    public static InMemoryNetwork named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("network name must not be blank");
        }
        return NETWORKS.computeIfAbsent(name, InMemoryNetwork::new);
    }

    /** The network a node with this configuration joins. */
    public static InMemoryNetwork of(Config config) {
        return named(config.getString(CONFIG_KEY, DEFAULT_NAME));
    }

    /**
     * Closes everything still registered on the network (transports, servers, discoveries), stops its
     * threads and forgets it; the next {@link #named} creates a fresh one. Harmless for unknown names.
     */
    public static void reset(String name) {
        InMemoryNetwork n = NETWORKS.remove(name);
        if (n != null) {
            n.core.shutdown();
        }
    }

    public String name() {
        return core.name();
    }

    /** Faults applied to every direction without its own settings. */
    public Faults faults() {
        return core.defaultFaults();
    }

    /**
     * Faults for frames from {@code from} to {@code to} only, replacing the network-wide ones for that
     * direction from now on (created empty on first call).
     */
    public Faults faults(PeerId from, PeerId to) {
        return core.directionalFaults(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
    }

    /** Removes every fault, network-wide and per direction. Refused pairs stay refused. */
    public InMemoryNetwork clearFaults() {
        core.clearFaults();
        return this;
    }

    /** Breaks every in-memory link between {@code a} and {@code b} now; both ends get {@code closed}. */
    public void disconnect(PeerId a, PeerId b) {
        core.disconnect(a, b, "disconnected by the test network");
    }

    /** While {@code refuse} is true, in-memory connects between {@code a} and {@code b} fail like ICE failures. */
    public void refuseConnections(PeerId a, PeerId b, boolean refuse) {
        core.refuse(a, b, refuse);
    }

    /**
     * How long a discovery announcement takes to reach the other nodes (default 0), for discoveries created
     * afterwards that do not set {@code livecontrol.testkit.discovery.visibility-delay}.
     */
    public InMemoryNetwork visibilityDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("visibility delay must be >= 0, was " + delay);
        }
        core.visibilityDelay(delay);
        return this;
    }

    /** The leader chosen by the in-memory election of this network, if any. */
    public Optional<PeerId> electedLeader() {
        return core.elections().leader();
    }

    /** The in-memory election's current term. */
    public long electionTerm() {
        return core.elections().term();
    }

    /** Implementation detail shared with the in-memory plugins; not API. */
    public NetworkCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "InMemoryNetwork[" + core.name() + "]";
    }
}
