package org.mobileworship.livecontrol.plugin.support;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.PeerId;

/**
 * Daemon threads named after what they do and, for a node's threads, which node they serve: with several
 * nodes in one JVM (tests, the demo) a thread dump or a log line says whose thread it is. The first thread is
 * named {@code base}, later ones {@code base-2}, {@code base-3}, ...
 *
 * <pre>{@code
 * Executors.newSingleThreadExecutor(DaemonThreadFactory.forNode(context.localId(), "livecontrol-mdns"));
 * // -> thread "livecontrol-mdns-3f2a9c1e"
 * }</pre>
 *
 * <p>Daemon, so a node that was not closed never keeps the JVM alive; closing still stops them.
 */
public final class DaemonThreadFactory implements ThreadFactory {
    /** Characters of a peer id kept in thread names (as the CLI shortens ids). */
    public static final int SHORT_ID_LENGTH = 8;

    private final String base;
    private final AtomicInteger created = new AtomicInteger();

    private DaemonThreadFactory(String base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Threads named {@code <role>-<short id of node>}, e.g. {@code livecontrol-webrtc-io-3f2a9c1e}. */
    public static DaemonThreadFactory forNode(PeerId node, String role) {
        Objects.requireNonNull(role, "role");
        return new DaemonThreadFactory(role + "-" + shortId(node));
    }

    /** Threads named {@code base}: for threads that serve no single node (a test network, a CLI command). */
    public static DaemonThreadFactory named(String base) {
        return new DaemonThreadFactory(base);
    }

    /**
     * The first {@value #SHORT_ID_LENGTH} characters of the id, with anything but letters, digits, {@code .},
     * {@code _} and {@code -} replaced by {@code _} (ids are free-form strings on the wire).
     */
    public static String shortId(PeerId node) {
        String v = Objects.requireNonNull(node, "node").value();
        String s = v.length() <= SHORT_ID_LENGTH ? v : v.substring(0, SHORT_ID_LENGTH);
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The name the next thread will have (for logs and tests). */
    public String nextName() {
        int n = created.get();
        return n == 0 ? base : base + "-" + (n + 1);
    }

    @Override
    public Thread newThread(Runnable r) {
        int n = created.incrementAndGet();
        Thread t = new Thread(r, n == 1 ? base : base + "-" + n);
        t.setDaemon(true);
        return t;
    }
}
