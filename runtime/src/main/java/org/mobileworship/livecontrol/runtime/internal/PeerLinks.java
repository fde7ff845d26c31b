package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links to other peers: one {@link PeerChannel} per peer, transport selection (best first, falling back in
 * order), reconnects with backoff, upgrades back to a better transport (Syncthing's relay behaviour) and
 * liveness of links whose transport cannot detect loss itself. Controllers open links; displays accept them.
 * Loop-confined, except {@link #channelIfPresent}, which any thread may call.
 */
final class PeerLinks implements DeliveryTracker.Links {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);

    /** What the node does when links come and go. */
    interface Listener {
        /** A frame arrived over {@code link} (on the loop). */
        void frame(PeerChannel ch, Link link, byte[] frame);

        /** {@code link} now carries {@code ch}'s traffic; {@code firstOpen} when there was no open link before. */
        void linkReady(PeerChannel ch, Link link, boolean firstOpen);

        /** A link opened, closed or changed transport: the peer view changed. */
        void linksChanged();
    }

    private final NodeIdentity identity;
    private final LiveControlConfig config;
    private final NodeLoop loop;
    private final Ticker ticker;
    private final Clock clock;
    private final EventBus events;
    private final PeerRegistry registry;
    private final Supplier<List<Transport>> transports;
    private final BooleanSupplier signalingConnected;
    private final BooleanSupplier closed;
    private final Listener listener;
    private final Map<PeerId, PeerChannel> channels = new ConcurrentHashMap<>();

    PeerLinks(NodeIdentity identity, LiveControlConfig config, NodeLoop loop, Ticker ticker, Clock clock,
              EventBus events, PeerRegistry registry, Supplier<List<Transport>> transports,
              BooleanSupplier signalingConnected, BooleanSupplier closed, Listener listener) {
        this.identity = identity;
        this.config = config;
        this.loop = loop;
        this.ticker = ticker;
        this.clock = clock;
        this.events = events;
        this.registry = registry;
        this.transports = transports;
        this.signalingConnected = signalingConnected;
        this.closed = closed;
        this.listener = listener;
    }

    /** The channel to {@code peer}, if any; safe from any thread (its stats are readable anywhere). */
    PeerChannel channelIfPresent(PeerId peer) {
        return channels.get(peer);
    }

    boolean isOpen(PeerId peer) {
        PeerChannel ch = channels.get(peer);
        return ch != null && ch.isOpen();
    }

    @Override
    public PeerChannel open(PeerId peer) {
        PeerChannel ch = channels.get(peer);
        return ch != null && ch.isOpen() ? ch : null;
    }

    /** Controller side: make sure a link to {@code peer} is open or being opened, best transport first. */
    @Override
    public void ensure(PeerId peer) {
        loop.assertInLoop();
        if (closed.getAsBoolean() || !identity.type().isController()) {
            return;
        }
        PeerChannel ch = channel(peer, true);
        if (ch.isOpen() || ch.connecting) {
            return;
        }
        ch.connecting = true;
        ch.attemptStartedNanos = ticker.read();
        tryTransport(ch, 0, null);
    }

    /** The peer list (re)named a display: a controller links to it; a fresh entry restarts a stale attempt. */
    void registered(PeerId display, boolean newInList) {
        if (newInList) {
            channel(display, true).registeredNanos = ticker.read();
        }
        ensure(display);
    }

    /** A link the peer opened (this node accepts). */
    void incoming(Link link) {
        loop.assertInLoop();
        if (closed.getAsBoolean()) {
            link.close();
            return;
        }
        attach(channel(link.remote(), false), link, rankOf(link.transport()), "opened by the peer");
    }

    /** Pings every open link, closes silent ones, and retries better transports for fallback pairs. */
    void tick() {
        long now = ticker.read();
        long timeout = config.linkTimeout().toNanos();
        long upgradeEvery = config.upgradeInterval().toNanos();
        for (PeerChannel ch : new ArrayList<>(channels.values())) {
            if (!ch.isOpen()) {
                continue;
            }
            if (!ch.current.detectsRemoteLoss() && now - ch.lastReceivedNanos > timeout) {
                // Only where the transport cannot tell by itself: WebRTC links end on ICE/SCTP loss, so a
                // quiet seed controller (it sends only when its operator acts) keeps its channel.
                Link silent = ch.current;
                LOG.warn("{} ↔ {}: nothing received over {} for {} ms; closing the link", identity.displayName(),
                        ch.remote, silent.transport(), config.linkTimeout().toMillis());
                silent.close();
                closed(ch, silent, "no traffic for " + config.linkTimeout().toMillis() + " ms");
                continue;
            }
            if (ch.initiator) {
                if (registry.answersPings(ch.remote)) {
                    ch.send(ch.current, Frames.ping(ticker.read()));
                }
                if (ch.currentRank > 0 && !ch.upgrading && now - ch.lastUpgradeAttemptNanos >= upgradeEvery) {
                    tryUpgrade(ch);
                }
            }
        }
    }

    /** Every channel, for snapshots. */
    Iterable<PeerChannel> channels() {
        return channels.values();
    }

    private PeerChannel channel(PeerId peer, boolean initiator) {
        return channels.computeIfAbsent(peer, p -> new PeerChannel(p, initiator));
    }

    private void tryTransport(PeerChannel ch, int rank, String lastFailure) {
        List<Transport> ts = transports.get();
        if (rank >= ts.size()) {
            ch.connecting = false;
            ch.consecutiveFailures++;
            if (ch.consecutiveFailures == 1) {
                // Reported once per outage, not hidden: with no fallback this pair cannot carry cues.
                events.publish(new LiveControlEvent.Disconnected(clock.instant(), ch.remote,
                        "no transport could connect: " + lastFailure));
            }
            scheduleReconnect(ch);
            return;
        }
        Transport t = ts.get(rank);
        connectSpeaking(t, ch.remote).whenComplete((link, error) -> loop.post(() -> {
            if (error != null) {
                LOG.info("{} could not open {} link to {}: {}", identity.displayName(), t.name(), ch.remote,
                        rootMessage(error));
                if (closed.getAsBoolean()) {
                    return;
                }
                if (ch.registeredNanos - ch.attemptStartedNanos > 0) {
                    // The peer (re)registered while this attempt ran (e.g. it restarted): the attempt
                    // signalled a peer that was not there yet. Start over with the best transport.
                    ch.attemptStartedNanos = ticker.read();
                    tryTransport(ch, 0, null);
                    return;
                }
                tryTransport(ch, rank + 1, t.name() + ": " + rootMessage(error));
            } else {
                ch.connecting = false;
                ch.consecutiveFailures = 0;
                attach(ch, link, rank, rank == 0 ? "connected" : "better transports failed");
            }
        }));
    }

    /**
     * {@code t.connect} with what the peer declared it speaks; a link in an encoding the peer does not read
     * is closed and fails the attempt (so the next transport is tried) instead of carrying cues nobody acks.
     */
    private CompletionStage<Link> connectSpeaking(Transport t, PeerId peer) {
        PeerInfo info = registry.get(peer);
        PeerInfo declared = info != null ? info
                : new PeerInfo(peer, PeerType.display(DisplayClass.AUDIENCE), peer.value(), false, null);
        return t.connect(declared).thenCompose(link -> {
            if (declared.speaks(link.encoding())) {
                return CompletableFuture.completedFuture(link);
            }
            link.close();
            return CompletableFuture.failedFuture(new TransportException("transport " + t.name() + " opened a "
                    + link.encoding().wireName() + " link to " + peer + ", which declared only "
                    + (declared.declaredEncodings()
                            ? declared.encodings().stream().map(LinkEncoding::wireName).sorted().toList()
                            : "nothing (a seed client: json only)")));
        });
    }

    private void scheduleReconnect(PeerChannel ch) {
        if (closed.getAsBoolean() || !ch.initiator || ch.reconnectTask.isPending()) {
            return;
        }
        if (!registry.listed(ch.remote) && signalingConnected.getAsBoolean()) {
            registry.dropUnlisted(ch.remote);
            LOG.info("{} left the session; not reconnecting", ch.remote);
            return;
        }
        long base = config.reconnectBackoff().toMillis();
        long delay = Math.min(config.reconnectMaxBackoff().toMillis(),
                base << Math.min(10, Math.max(0, ch.consecutiveFailures - 1)));
        ch.reconnectTask = loop.schedule(() -> ensure(ch.remote), Duration.ofMillis(delay));
    }

    private int rankOf(String transportName) {
        List<Transport> ts = transports.get();
        for (int i = 0; i < ts.size(); i++) {
            if (ts.get(i).name().equals(transportName)) {
                return i;
            }
        }
        return ts.size();
    }

    private void attach(PeerChannel ch, Link link, int rank, String why) {
        Link old = ch.current;
        boolean wasOpen = old != null && old.isOpen();
        ch.current = link;
        ch.currentRank = rank;
        ch.lastReceivedNanos = ticker.read();
        link.setListener(new LinkListener() {
            @Override
            public void frame(byte[] frame) {
                // on the transport's receive thread when the loop is idle: no wake-up of the loop thread, and
                // the answer (ack, pong) can leave from the same callback
                loop.runInlineIfIdle(() -> listener.frame(ch, link, frame));
            }

            @Override
            public void closed(String reason) {
                loop.post(() -> PeerLinks.this.closed(ch, link, reason));
            }
        });
        // the peer view first: an application reacting to the event below must already see this link
        listener.linksChanged();
        if (wasOpen && old != link) {
            events.publish(new LiveControlEvent.TransportChanged(clock.instant(), ch.remote, old.transport(),
                    link.transport(), why));
            LOG.info("{} ↔ {}: {} → {} ({})", identity.displayName(), ch.remote, old.transport(), link.transport(),
                    why);
            if (ch.initiator) {
                old.close();
            }
        } else if (!wasOpen) {
            events.publish(new LiveControlEvent.Connected(clock.instant(), ch.remote, link.transport()));
            LOG.info("{} ↔ {} connected over {}", identity.displayName(), ch.remote, link.transport());
            if (ch.initiator && registry.answersPings(ch.remote)) {
                // learn the display's revision (in its pong) before the operator's next cue
                ch.send(link, Frames.ping(ticker.read()));
            }
        }
        listener.linkReady(ch, link, !wasOpen);
    }

    private void closed(PeerChannel ch, Link link, String reason) {
        if (ch.current != link) {
            return; // an old link we replaced
        }
        ch.current = null;
        if (signalingConnected.getAsBoolean() && registry.dropUnlisted(ch.remote)) {
            LOG.info("{} had left the session (the leader's list no longer names it); its link is gone too",
                    ch.remote);
        }
        listener.linksChanged(); // before the event, as in attach
        events.publish(new LiveControlEvent.Disconnected(clock.instant(), ch.remote, reason));
        LOG.info("{} ↔ {} disconnected: {}", identity.displayName(), ch.remote, reason);
        if (ch.initiator) {
            ch.consecutiveFailures++;
            scheduleReconnect(ch);
        }
    }

    private void tryUpgrade(PeerChannel ch) {
        ch.upgrading = true;
        ch.lastUpgradeAttemptNanos = ticker.read();
        int target = 0;
        Transport t = transports.get().get(target);
        connectSpeaking(t, ch.remote).whenComplete((link, error) -> loop.post(() -> {
            ch.upgrading = false;
            if (error != null) {
                LOG.debug("upgrade of {} to {} failed: {}", ch.remote, t.name(), rootMessage(error));
                return;
            }
            if (closed.getAsBoolean() || (ch.isOpen() && ch.currentRank <= target)) {
                link.close();
                return;
            }
            attach(ch, link, target, t.name() + " works again");
        }));
    }

    static Throwable rootCause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String rootMessage(Throwable t) {
        Throwable c = rootCause(t);
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }
}
