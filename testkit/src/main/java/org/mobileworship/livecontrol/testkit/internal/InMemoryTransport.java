package org.mobileworship.livecontrol.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport whose links are direct in-memory pipes to the peer's in-memory transport on the same
 * network, with the network's faults applied per direction.
 */
public final class InMemoryTransport implements Transport {
    /** The transport's (and its provider's) name. */
    public static final String NAME = "in-memory";
    /** Config key: {@code protobuf} or {@code json}, what {@link Link#encoding()} reports ({@code protobuf}). */
    public static final String ENCODING_KEY = "livecontrol.testkit.transport.encoding";
    /**
     * Config key: when {@code true}, {@link #connect} fails while the node has no signaling connection,
     * like a real transport that negotiates through the leader ({@code false}).
     */
    public static final String REQUIRES_SIGNALING_KEY = "livecontrol.testkit.transport.requires-signaling";
    /** Largest frame a link accepts (the seed's data-channel limit). */
    public static final int MAX_FRAME_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTransport.class);

    private final TransportContext context;
    private final NetworkCore core;
    private final LinkEncoding encoding;
    private final boolean requiresSignaling;
    private final SerialExecutor incoming;
    private final Set<InMemoryLink> links = ConcurrentHashMap.newKeySet();
    private volatile TransportListener listener;
    private boolean started;
    private boolean closed;

    /** {@value #ENCODING_KEY}: {@code protobuf} (default) or {@code json}. */
    public static LinkEncoding encoding(Config config) {
        String enc = config.getString(ENCODING_KEY, "protobuf").trim().toUpperCase(Locale.ROOT);
        try {
            return LinkEncoding.valueOf(enc);
        } catch (IllegalArgumentException e) {
            throw Config.invalidValue(ENCODING_KEY, config.get(ENCODING_KEY).orElse(""), "protobuf or json");
        }
    }

    /** {@value #REQUIRES_SIGNALING_KEY}: {@code true} or {@code false} (default). */
    public static boolean requiresSignaling(Config config) {
        return config.getBoolean(REQUIRES_SIGNALING_KEY, false);
    }

    public InMemoryTransport(TransportContext context, NetworkCore core) {
        this.context = context;
        this.core = core;
        this.encoding = encoding(context.config());
        this.requiresSignaling = requiresSignaling(context.config());
        this.incoming = core.newSerial("transport-" + context.localId());
    }

    @Override
    public String name() {
        return NAME;
    }

    PeerId localId() {
        return context.localId();
    }

    NetworkCore core() {
        return core;
    }

    LinkEncoding encoding() {
        return encoding;
    }

    @Override
    public void start(TransportListener transportListener) {
        Objects.requireNonNull(transportListener, "listener");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("in-memory transport of " + localId() + " is closed");
            }
            if (started) {
                throw new IllegalStateException("in-memory transport of " + localId() + " already started");
            }
            started = true;
            listener = transportListener;
        }
        InMemoryTransport previous = core.transports.put(localId(), this);
        if (previous != null && previous != this) {
            LOG.warn("peer id {} already had an in-memory transport on network {}; the new one replaces it",
                    localId(), core.name());
        }
    }

    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        Objects.requireNonNull(remote, "remote");
        synchronized (this) {
            if (closed) {
                return failed("cannot connect to " + remote + ": the in-memory transport is closed");
            }
            if (!started) {
                return failed("cannot connect to " + remote + ": the in-memory transport is not started");
            }
        }
        if (remote.equals(localId())) {
            return failed("cannot connect to " + remote + ": that is this node");
        }
        if (core.isRefused(localId(), remote)) {
            return failed("cannot connect to " + remote + ": ICE failed (connections refused by the test network)");
        }
        if (requiresSignaling && !context.signaling().isConnected()) {
            return failed("cannot connect to " + remote + ": no signaling connection to negotiate through");
        }
        InMemoryTransport peer = core.transports.get(remote);
        if (peer == null) {
            return failed("cannot connect to " + remote + ": no in-memory transport with that id on network '"
                    + core.name() + "'");
        }
        InMemoryLink local = new InMemoryLink(this, remote);
        InMemoryLink far = new InMemoryLink(peer, localId());
        InMemoryLink.pair(local, far, core.nextLinkIndex(localId(), remote));
        synchronized (this) {
            if (closed) {
                return failed("cannot connect to " + remote + ": the in-memory transport closed meanwhile");
            }
            links.add(local);
        }
        if (!peer.accept(far)) {
            links.remove(local);
            local.abandon();
            return failed("cannot connect to " + remote + ": its in-memory transport closed");
        }
        return CompletableFuture.completedFuture(local);
    }

    private static CompletionStage<Link> failed(String message) {
        return CompletableFuture.failedFuture(new TransportException(message));
    }

    private boolean accept(InMemoryLink link) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            links.add(link);
        }
        incoming.execute(() -> listener.incomingLink(link));
        return true;
    }

    void forget(InMemoryLink link) {
        links.remove(link);
    }

    /** Closes every link to {@code remote} on both ends, as if the network path broke. */
    public void breakLinksTo(PeerId remote, String reason) {
        for (InMemoryLink l : new ArrayList<>(links)) {
            if (l.remote().equals(remote)) {
                l.closeBothEnds(reason, reason);
            }
        }
    }

    /** Open links (diagnostics for tests). */
    public List<Link> links() {
        return new ArrayList<>(links);
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        // In-memory links need no negotiation: every signal kind is ignored, as the contract asks.
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        core.transports.remove(localId(), this);
        for (InMemoryLink l : new ArrayList<>(links)) {
            l.closeBothEnds("transport closed", "remote transport closed");
        }
        links.clear();
        incoming.shutdown();
    }
}
