package org.mobileworship.livecontrol.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery over an in-memory network: an announcement reaches every other started discovery of the
 * network after the visibility delay (0 by default); close withdraws it at once ({@code peerGone}).
 */
public final class InMemoryDiscovery implements Discovery {
    /** Config key: how long an announcement takes to become visible to others ({@code 0}). */
    public static final String VISIBILITY_DELAY_KEY = "livecontrol.testkit.discovery.visibility-delay";

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryDiscovery.class);

    private final ProviderContext context;
    private final NetworkCore core;
    private final SerialExecutor callbacks;
    private final Duration visibilityDelay;
    private final Map<PeerId, DiscoveredPeer> known = new ConcurrentHashMap<>();
    private final Map<PeerId, Long> knownSeq = new ConcurrentHashMap<>();
    private volatile DiscoveryListener listener;
    private volatile Announcement self;
    private volatile long seq;
    private volatile boolean started;
    private volatile boolean closed;

    public InMemoryDiscovery(ProviderContext context, NetworkCore core) {
        this.context = context;
        this.core = core;
        this.callbacks = core.newSerial("discovery-" + context.localId());
        this.visibilityDelay = context.config().getDuration(VISIBILITY_DELAY_KEY, core.visibilityDelay());
    }

    @Override
    public void start(Announcement announcement, DiscoveryListener discoveryListener) {
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(discoveryListener, "listener");
        checkSelf(announcement);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("discovery of " + context.localId() + " is closed");
            }
            if (started) {
                throw new IllegalStateException("discovery of " + context.localId() + " already started");
            }
            started = true;
            this.listener = discoveryListener;
            this.self = announcement;
            this.seq = 1;
        }
        core.discoveries.add(this);
        for (InMemoryDiscovery other : core.discoveries) {
            if (other != this) {
                other.remoteAnnounced(this, announcement, 1);
                Announcement theirs = other.self;
                if (theirs != null && other.isLive()) {
                    remoteAnnounced(other, theirs, other.seq);
                }
            }
        }
    }

    @Override
    public void announce(Announcement announcement) {
        Objects.requireNonNull(announcement, "announcement");
        checkSelf(announcement);
        long s;
        synchronized (this) {
            if (!started || closed) {
                throw new IllegalStateException("discovery of " + context.localId() + " is not running");
            }
            self = announcement;
            s = ++seq;
        }
        for (InMemoryDiscovery other : core.discoveries) {
            if (other != this) {
                other.remoteAnnounced(this, announcement, s);
            }
        }
    }

    private void checkSelf(Announcement announcement) {
        if (!announcement.peerId().equals(context.localId())) {
            throw new IllegalArgumentException("announcement is for " + announcement.peerId()
                    + " but this discovery belongs to " + context.localId());
        }
    }

    boolean isLive() {
        return started && !closed;
    }

    Announcement current() {
        return self;
    }

    /** Called by another node's discovery: its announcement becomes visible here after the delay. */
    private void remoteAnnounced(InMemoryDiscovery source, Announcement announcement, long sourceSeq) {
        Runnable deliver = () -> callbacks.execute(() -> {
            // A withdrawn record never comes back from a delayed announcement.
            if (closed || !source.isLive()) {
                return;
            }
            PeerId id = announcement.peerId();
            Long last = knownSeq.get(id);
            if (last != null && last > sourceSeq) {
                return;
            }
            knownSeq.put(id, sourceSeq);
            DiscoveredPeer peer = new DiscoveredPeer(announcement, List.of(NetworkCore.address()),
                    context.clock().instant());
            known.put(id, peer);
            listener.peerSeen(peer);
        });
        if (visibilityDelay.isZero()) {
            deliver.run();
        } else {
            try {
                core.scheduler().schedule(deliver, visibilityDelay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("network {} shut down; announcement of {} dropped", core.name(), announcement.peerId());
            }
        }
    }

    private void remoteGone(PeerId id) {
        callbacks.execute(() -> {
            knownSeq.remove(id);
            if (known.remove(id) != null && !closed) {
                listener.peerGone(id);
            }
        });
    }

    @Override
    public List<DiscoveredPeer> peers() {
        return new ArrayList<>(known.values());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        core.discoveries.remove(this);
        if (started) {
            for (InMemoryDiscovery other : core.discoveries) {
                other.remoteGone(context.localId());
            }
        }
        callbacks.shutdown();
        known.clear();
    }
}
