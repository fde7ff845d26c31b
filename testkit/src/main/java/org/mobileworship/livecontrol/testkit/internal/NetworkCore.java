package org.mobileworship.livecontrol.testkit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.mobileworship.livecontrol.testkit.Faults;

/**
 * State of one in-memory network, shared by the in-memory plugins of every node on it. Not API: reach it
 * through {@link org.mobileworship.livecontrol.testkit.InMemoryNetwork}.
 */
public final class NetworkCore {
    /** First fake port handed out; high enough not to look like a real service port. */
    private static final int FIRST_PORT = 41000;

    private final String name;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService pool;
    private final AtomicInteger nextPort = new AtomicInteger(FIRST_PORT);
    private final Faults defaultFaults = new Faults();
    private final ConcurrentMap<String, Faults> directionalFaults = new ConcurrentHashMap<>();
    private final Set<String> refusedPairs = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, AtomicInteger> linkCounters = new ConcurrentHashMap<>();
    private volatile Duration visibilityDelay = Duration.ZERO;

    final List<InMemoryDiscovery> discoveries = new CopyOnWriteArrayList<>();
    final ConcurrentMap<InetSocketAddress, InMemorySignalingServer> servers = new ConcurrentHashMap<>();
    final ConcurrentMap<PeerId, InMemoryTransport> transports = new ConcurrentHashMap<>();
    private final ElectionCoordinator elections;

    public NetworkCore(String name) {
        this.name = name;
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreadFactory.named("inmem-" + name + "-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.pool = Executors.newCachedThreadPool(DaemonThreadFactory.named("inmem-" + name + "-worker"));
        this.elections = new ElectionCoordinator(this);
    }

    public String name() {
        return name;
    }

    public ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }

    public ExecutorService pool() {
        return pool;
    }

    public SerialExecutor newSerial(String what) {
        return new SerialExecutor(pool, "inmem-" + name + "/" + what, SerialExecutor.OnRejection.DISCARD);
    }

    public int allocatePort() {
        return nextPort.getAndIncrement();
    }

    public static InetAddress address() {
        return InetAddress.getLoopbackAddress();
    }

    public Faults defaultFaults() {
        return defaultFaults;
    }

    public Faults directionalFaults(PeerId from, PeerId to) {
        return directionalFaults.computeIfAbsent(from + "->" + to, k -> new Faults());
    }

    /** The faults applied to frames from {@code from} to {@code to}: a directional override, else the default. */
    public Faults faultsFor(PeerId from, PeerId to) {
        Faults f = directionalFaults.get(from + "->" + to);
        return f != null ? f : defaultFaults;
    }

    public void clearFaults() {
        defaultFaults.clear();
        directionalFaults.clear();
    }

    private static String pairKey(PeerId a, PeerId b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }

    public void refuse(PeerId a, PeerId b, boolean refuse) {
        if (refuse) {
            refusedPairs.add(pairKey(a, b));
        } else {
            refusedPairs.remove(pairKey(a, b));
        }
    }

    public boolean isRefused(PeerId a, PeerId b) {
        return refusedPairs.contains(pairKey(a, b));
    }

    /** How many links this ordered pair opened so far; part of each link's fault seed. */
    public int nextLinkIndex(PeerId from, PeerId to) {
        return linkCounters.computeIfAbsent(from + "->" + to, k -> new AtomicInteger()).getAndIncrement();
    }

    public Duration visibilityDelay() {
        return visibilityDelay;
    }

    public void visibilityDelay(Duration delay) {
        this.visibilityDelay = delay;
    }

    public ElectionCoordinator elections() {
        return elections;
    }

    public void disconnect(PeerId a, PeerId b, String reason) {
        InMemoryTransport ta = transports.get(a);
        if (ta != null) {
            ta.breakLinksTo(b, reason);
        }
        InMemoryTransport tb = transports.get(b);
        if (tb != null) {
            tb.breakLinksTo(a, reason);
        }
    }

    public List<PeerId> transportPeers() {
        return new ArrayList<>(transports.keySet());
    }

    public boolean hasServer(InetSocketAddress endpoint) {
        return servers.containsKey(endpoint);
    }

    /** Closes everything still registered and stops the threads. */
    public void shutdown() {
        for (InMemoryTransport t : new ArrayList<>(transports.values())) {
            t.close();
        }
        for (InMemorySignalingServer s : new ArrayList<>(servers.values())) {
            s.close("network reset");
        }
        for (InMemoryDiscovery d : new ArrayList<>(discoveries)) {
            d.close();
        }
        elections.shutdown();
        scheduler.shutdownNow();
        pool.shutdownNow();
    }
}
