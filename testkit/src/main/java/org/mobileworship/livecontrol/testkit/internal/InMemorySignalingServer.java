package org.mobileworship.livecontrol.testkit.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signaling server that lives in an in-memory network under a fake loopback address. It keeps the real
 * server's registry rules: one connection per id, sessions never mix, signals go to their target only with
 * the sender's registered id stamped, the peer list is pushed on every change.
 */
public final class InMemorySignalingServer implements SignalingServer {
    /** Config key: most peers one server accepts before answering {@code server-full} ({@code 256}). */
    public static final String MAX_PEERS_KEY = "livecontrol.testkit.signaling.max-peers";

    private static final Logger LOG = LoggerFactory.getLogger(InMemorySignalingServer.class);

    private final NetworkCore core;
    private final int maxPeers;
    private final Map<PeerId, InMemorySignalingClient.Connection> registered = new LinkedHashMap<>();
    private InetSocketAddress address;
    private PeerId leaderId;
    private long term;
    private boolean closed;

    public InMemorySignalingServer(ProviderContext context, NetworkCore core) {
        this.core = core;
        this.maxPeers = context.config().getInt(MAX_PEERS_KEY, 256);
    }

    @Override
    public synchronized InetSocketAddress start(InetSocketAddress bind, PeerId leader, long leaderTerm) {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(leader, "leaderId");
        if (closed) {
            throw new LiveControlException("in-memory signaling server is closed; create a new one");
        }
        if (address != null) {
            throw new LiveControlException("in-memory signaling server already serves at " + address);
        }
        int port = bind.getPort() == 0 ? core.allocatePort() : bind.getPort();
        InetSocketAddress candidate = new InetSocketAddress(NetworkCore.address(), port);
        if (core.servers.putIfAbsent(candidate, this) != null) {
            throw new LiveControlException(ErrorKind.ADDRESS_IN_USE, "port " + port + " is already in use on in-memory network '"
                    + core.name() + "': bind port 0 or set livecontrol.signaling.port to a free port");
        }
        this.address = candidate;
        this.leaderId = leader;
        this.term = leaderTerm;
        LOG.debug("in-memory signaling server of {} (term {}) at {} on network {}", leader, leaderTerm, candidate,
                core.name());
        return candidate;
    }

    synchronized LeaderHealth health() {
        return new LeaderHealth(leaderId, term, registered.size());
    }

    @Override
    public synchronized int registeredPeerCount() {
        return registered.size();
    }

    /** Registers a connection; returns the refusal, or null when accepted. */
    synchronized SignalingException register(InMemorySignalingClient.Connection conn) {
        if (closed) {
            return new SignalingException(ErrorKind.IO, "signaling server at " + address + " is closed");
        }
        PeerId id = conn.registration().peerId();
        InMemorySignalingClient.Connection existing = registered.get(id);
        if (existing != null && existing != conn) {
            return new SignalingException(ErrorCodes.ID_TAKEN,
                    "peer id " + id + " is already registered by another live connection");
        }
        if (existing == null && registered.size() >= maxPeers) {
            return new SignalingException(ErrorCodes.SERVER_FULL,
                    "signaling server holds its maximum of " + maxPeers + " peers (" + MAX_PEERS_KEY + ")");
        }
        registered.put(id, conn);
        pushPeerLists(conn.registration().session());
        return null;
    }

    synchronized void unregister(InMemorySignalingClient.Connection conn) {
        PeerId id = conn.registration().peerId();
        if (registered.get(id) == conn) {
            registered.remove(id);
            pushPeerLists(conn.registration().session());
        }
    }

    synchronized void forward(InMemorySignalingClient.Connection from, PeerId target, Signal signal) {
        Registration sender = from.registration();
        if (registered.get(sender.peerId()) != from) {
            from.error(ErrorCodes.NOT_REGISTERED, "this connection is not registered with the server", null);
            return;
        }
        InMemorySignalingClient.Connection to = registered.get(target);
        if (to == null || !to.registration().session().equals(sender.session())) {
            // Other-session peers are reported exactly like absent ones: sessions never leak.
            from.error(ErrorCodes.UNKNOWN_PEER, "peer " + target + " is not registered in this session", target);
            return;
        }
        to.signal(sender.peerId(), signal);
    }

    private void pushPeerLists(String session) {
        List<InMemorySignalingClient.Connection> members = new ArrayList<>();
        for (InMemorySignalingClient.Connection c : registered.values()) {
            if (c.registration().session().equals(session)) {
                members.add(c);
            }
        }
        for (InMemorySignalingClient.Connection receiver : members) {
            List<PeerInfo> list = new ArrayList<>();
            for (InMemorySignalingClient.Connection c : members) {
                if (c != receiver) {
                    Registration r = c.registration();
                    list.add(new PeerInfo(r.peerId(), r.peerType(), r.displayName(), false, null, r.encodings()));
                }
            }
            receiver.peerList(List.copyOf(list));
        }
    }

    @Override
    public void close(String reason) {
        List<InMemorySignalingClient.Connection> conns;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (address != null) {
                core.servers.remove(address, this);
            }
            conns = new ArrayList<>(registered.values());
            registered.clear();
        }
        for (InMemorySignalingClient.Connection c : conns) {
            c.serverClosed(reason);
        }
    }
}
