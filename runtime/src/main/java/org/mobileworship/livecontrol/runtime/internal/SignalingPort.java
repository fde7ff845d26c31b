package org.mobileworship.livecontrol.runtime.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.signaling.StandbyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's signaling port and what serves on it: the leader's signaling server while this node leads, the
 * standby page server otherwise (when the signaling plugin has one). One lock orders the hand-over, so the
 * leader's server never tries to bind the port before the standby released it, and the standby takes it back
 * when leadership ends. Thread-safe: the election calls it from its own threads.
 */
final class SignalingPort {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingPort.class);

    private final String nodeName;
    private final String bindAddress;
    private final int port;
    // written under the lock, read without it by leaderChanged (see there)
    private volatile StandbyServer standby;
    private boolean standbyUp; // guarded by this
    private SignalingServer server; // guarded by this
    private InetSocketAddress serverEndpoint; // guarded by this
    private boolean closing; // guarded by this

    /**
     * Reserves the port: the configured one, or for 0 a free one picked now and kept for the node's lifetime.
     * Every node announces it from the start, so others can probe it the moment its record is visible instead
     * of waiting for a slow mDNS update after it becomes leader.
     */
    SignalingPort(String nodeName, String bindAddress, int configuredPort) {
        this.nodeName = nodeName;
        this.bindAddress = bindAddress;
        this.port = configuredPort != 0 ? configuredPort : freePort(bindAddress);
    }

    int port() {
        return port;
    }

    /** Serves the pages with {@code standby} while this node follows (none: the port stays closed). */
    synchronized void follow(StandbyServer standbyServer) {
        this.standby = standbyServer;
        startStandby();
    }

    /**
     * The leader this node follows now: the standby points pages at it. Never waits for the lock: the election
     * reports a back-down while the old server is still closing under it (a second or more with connections to
     * peers that went silent), and the node must report the new leader at once, not when the close is done.
     */
    void leaderChanged(LeaderStatus status) {
        StandbyServer s = standby;
        if (s != null) {
            s.leaderChanged(status);
        }
    }

    /** Starts the leader's server (created by {@code create}) on the port, unless it runs already; its endpoint. */
    synchronized InetSocketAddress lead(Supplier<SignalingServer> create, PeerId self, long term) {
        if (closing) {
            throw new IllegalStateException("node " + nodeName + " is closing; not serving signaling");
        }
        if (server == null) {
            stopStandby(); // released before the leader's server binds the port
            SignalingServer s = create.get();
            InetSocketAddress bound;
            try {
                bound = s.start(new InetSocketAddress(bindAddress, port), self, term);
            } catch (RuntimeException e) {
                s.close("failed to start");
                startStandby();
                throw e;
            }
            server = s;
            serverEndpoint = reachable(bound);
            LOG.info("{} serves signaling on {} (term {})", nodeName, serverEndpoint, term);
        }
        return serverEndpoint;
    }

    /** Stops the leader's server, if any, and serves the pages again. Closed under the lock (see class doc). */
    synchronized void stopLeading(String reason) {
        SignalingServer s = server;
        server = null;
        if (s != null) {
            LOG.info("{} stops serving signaling: {}", nodeName, reason);
            s.close(reason);
            startStandby();
        }
    }

    /** The node is closing: from now on nothing new starts on the port (a leadership ending keeps it closed). */
    synchronized void closing() {
        closing = true;
    }

    /** The node closes: nothing serves on the port any more. */
    synchronized void close(String reason) {
        closing = true;
        stopLeading(reason);
        stopStandby();
    }

    /** A port in use is logged, not fatal: this node can still follow. */
    private void startStandby() {
        if (standby == null || standbyUp || closing) {
            return;
        }
        try {
            standby.start(new InetSocketAddress(bindAddress, port));
            standbyUp = true;
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", nodeName, e.getMessage());
        }
    }

    private void stopStandby() {
        if (standbyUp) {
            standbyUp = false;
            standby.close();
        }
    }

    private static InetSocketAddress reachable(InetSocketAddress bound) {
        if (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort());
        }
        return bound;
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(bindAddress, 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new LiveControlException("cannot find a free signaling port on " + bindAddress + ": "
                    + e.getMessage() + "; set livecontrol.signaling.port", e);
        }
    }
}
