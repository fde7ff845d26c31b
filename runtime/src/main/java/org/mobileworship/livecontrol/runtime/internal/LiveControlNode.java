package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.base.Ticker;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DeliveryException.Reason;
import org.mobileworship.livecontrol.api.EventStream;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerStats;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.plugin.support.CallerThreadSends;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node: the public {@link LiveControl} facade over its parts, all driven by one {@link NodeLoop}.
 *
 * <ul>
 *   <li>{@link PluginHost}: creates, wires and closes the plugins; serves signaling when leading.</li>
 *   <li>{@link SignalingSession}: follows the elected leader, registers, routes signals to transports.</li>
 *   <li>{@link PeerRegistry}: the session's peers, from the leader's peer list.</li>
 *   <li>{@link PeerLinks}: one channel per peer; transport selection, fallback, upgrade, reconnect, liveness.</li>
 *   <li>{@link DeliveryTracker}: ids, revisions, pending cues, retries, acks (the sending side).</li>
 *   <li>{@link InboundFrames} and {@link CueReceiver}: decoding, role checks, de-duplication, the display's
 *       state registers ({@link NodeState}) and acks (the receiving side).</li>
 * </ul>
 *
 * <p>Threading: the parts' mutable state is confined to the loop; plugin callbacks hop onto it. Getters read
 * immutable snapshots and never wait for the loop; {@code send}/{@code broadcast} run inline when called on the
 * loop or when the loop is idle ({@link NodeLoop#runInlineIfIdle}: the caller holds the loop's token meanwhile;
 * no native call runs there, the transport's sender does it), and queue otherwise; a received frame is handled
 * the same way on the transport's callback thread. Delivery futures complete on the thread that settled them,
 * just after it released the loop ({@link NodeLoop#afterTask}), so a callback's next cue runs inline too.
 * Plugins get their own timer threads (see
 * {@link PluginHost}); events reach the application on the {@link EventBus} thread. Wall time comes from the
 * injected {@link Clock}, elapsed time from the injected {@link Ticker}.
 */
public final class LiveControlNode implements LiveControl {
    private static final Logger LOG = LoggerFactory.getLogger(LiveControlNode.class);
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);

    private final NodeIdentity identity;
    private final LiveControlConfig config;
    private final Clock clock;
    private final NodeLoop loop;
    private final EventBus events;
    private final PluginHost plugins;
    private final PeerRegistry registry;
    private final NodeState state = new NodeState();
    private final PeerLinks links;
    private final DeliveryTracker deliveries;
    /**
     * Ticks with nothing pending before the retry tick stops: a tenth of a second at the default quarter of 100 ms.
     * An operator's cues come seconds apart: the tick then stops between them (one wake-up to re-arm per cue, not
     * forty a second); a burst keeps it running.
     */
    private static final int IDLE_RETRY_TICKS = 4;
    /** Retries and deadlines, ticked while something is pending (an idle node's loop thread sleeps). */
    private final DemandTick retries;
    private final InboundFrames inbound;
    private final SignalingSession signaling;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The peer view {@link #peers()} returns; replaced on the loop whenever the peer list or a link changes. */
    private volatile List<PeerInfo> peerView = List.of();

    @Inject
    public LiveControlNode(NodeIdentity identity, LiveControlConfig config, Clock clock, Ticker ticker,
                           DiscoveryProvider discoveryProvider, ElectionProvider electionProvider,
                           SignalingProvider signalingProvider, List<TransportProvider> transportProviders) {
        this.identity = identity;
        this.config = config;
        this.clock = clock;
        this.loop = new ThreadNodeLoop(DaemonThreadFactory.shortId(identity.id()));
        this.events = new EventBus(DaemonThreadFactory.shortId(identity.id()));
        this.plugins = new PluginHost(identity, config, clock, discoveryProvider, electionProvider,
                signalingProvider, transportProviders);
        this.registry = new PeerRegistry(identity.id());
        this.links = new PeerLinks(identity, config, loop, ticker, clock, events, registry, plugins::transports,
                this::signalingConnected, closed::get, new LinkEvents());
        this.deliveries = new DeliveryTracker(identity, config.retryInterval(), config.deliveryDeadline(), ticker,
                clock, events, registry, links);
        this.retries = new DemandTick(loop, Duration.ofMillis(Math.max(10, config.retryInterval().toMillis() / 4)),
                IDLE_RETRY_TICKS, deliveries::retryTick, deliveries::hasPending);
        this.inbound = new InboundFrames(ticker,
                new CueReceiver(identity, config.dedupWindow(), registry, state, events, clock), deliveries, state);
        this.signaling = new SignalingSession(identity, config.session(), loop, clock, events, plugins, closed::get,
                this::peerListChanged);
    }

    @Override
    public PeerId id() {
        return identity.id();
    }

    @Override
    public PeerType type() {
        return identity.type();
    }

    @Override
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("node " + identity.displayName() + " is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("node " + identity.displayName() + " was already started");
        }
        try {
            plugins.start(new PluginHost.Wiring(
                    link -> loop.post(() -> links.incoming(link)),
                    signaling.clientListener(),
                    status -> {
                        plugins.leaderChanged(status);
                        loop.post(() -> signaling.leaderChanged(status));
                    },
                    signaling));
            loop.every(links::tick, config.pingInterval());
            plugins.trustGate().logModeAtStart(identity.id(), identity.deviceKey() != null,
                    LiveControlConfig.STATE_DIR); // open: a warning; paired: whether this device is paired
            LOG.info("node {} ({}, {}) started with {}", identity.displayName(), identity.id(), identity.type(),
                    plugins.describe());
        } catch (RuntimeException e) {
            close();
            throw e instanceof LiveControlException ? e
                    : new LiveControlException("node " + identity.displayName() + " failed to start: " + e, e);
        }
    }

    @Override
    public CompletableFuture<Delivery> send(PeerId display, LiveControlMessage message) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        onLoop(result, display, () -> {
            if (!identity.type().isController()) {
                // refused before anything changes: a display's own state is not the operator's
                return deliveries.refuse(Reason.NOT_ALLOWED, display, "only controllers send cues; this node is "
                        + identity.type());
            }
            Revision revision = message.changesState() ? deliveries.nextRevision() : null;
            if (revision != null) {
                state.apply(message, revision);
            }
            CompletableFuture<Delivery> delivery = deliveries.send(display, message, revision);
            retries.demand();
            return delivery;
        });
        return result;
    }

    @Override
    public Map<PeerId, CompletableFuture<Delivery>> broadcast(LiveControlMessage message, Audience audience) {
        // The audience comes from the published peer view, so the caller never waits for the loop.
        Map<PeerId, CompletableFuture<Delivery>> out = new LinkedHashMap<>();
        for (PeerInfo p : peerView) {
            if (audience.includes(p.type())) {
                out.put(p.id(), new CompletableFuture<>());
            }
        }
        if (closed.get()) {
            return Map.of();
        }
        // Inline when the loop is idle, but the frames go to the transports' sender threads, not the caller's:
        // measured, 16 native sends in a row on one thread were slower than the senders' overlapping ones
        // (benchmarks/README.md, "Tried and reverted: sending the controller's cue from the caller's thread").
        boolean queued = loop.runInlineIfIdle(() -> {
            // One revision for the whole fan-out: every display orders this change identically.
            Revision revision = message.changesState() && identity.type().isController()
                    ? deliveries.nextRevision() : null;
            if (revision != null) {
                state.apply(message, revision);
            }
            out.forEach((peer, f) -> relay(deliveries.send(peer, message, revision), f));
            retries.demand();
        });
        if (!queued) {
            out.forEach((peer, f) -> f.completeExceptionally(
                    new DeliveryException(Reason.CLOSED, peer, "-", "the node is closed")));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public List<PeerInfo> peers() {
        return peerView;
    }

    @Override
    public List<PeerInfo> connectedPeers() {
        return peerView.stream().filter(PeerInfo::connected).toList();
    }

    @Override
    public LeaderStatus leaderStatus() {
        return signaling.leaderStatus();
    }

    @Override
    public LiveState liveState() {
        return state.snapshot();
    }

    @Override
    public Optional<PeerStats> stats(PeerId peer) {
        return Optional.ofNullable(links.channelIfPresent(peer)).map(PeerChannel::stats);
    }

    @Override
    public EventStream events() {
        return events;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("node {} closing", identity.displayName());
        CompletableFuture<Void> drained = new CompletableFuture<>();
        boolean queued = loop.runOrPost(() -> {
            deliveries.failAll("the node was closed before the display acknowledged");
            drained.complete(null);
        });
        if (queued) {
            try {
                drained.get(CLOSE_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("close: pending deliveries not drained: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        plugins.close();
        loop.shutdown();
        events.close();
        LOG.info("node {} closed", identity.displayName());
    }

    private boolean signalingConnected() {
        return signaling.isConnected();
    }

    /** A new peer list from the leader (on the loop). */
    private void peerListChanged(List<PeerInfo> list) {
        Set<PeerId> previous = registry.replace(list, links::isOpen);
        publishPeerView();
        events.publish(new LiveControlEvent.PeerListChanged(clock.instant(), peerView));
        // where each peer would serve if it led: the election probes these even if mDNS never showed them
        Election election = plugins.election();
        if (election != null) {
            for (PeerInfo p : list) {
                if (p.signalingEndpoint() != null && !p.id().equals(identity.id())
                        && plugins.trustGate().admitsCandidate(p.id())) { // paired mode: members only
                    election.peerLearned(p);
                }
            }
        }
        if (identity.type().isController()) {
            for (PeerInfo p : list) {
                if (p.type().isDisplay()) {
                    links.registered(p.id(), !previous.contains(p.id()));
                }
            }
        }
    }

    private static Set<PeerId> ids(List<PeerInfo> view) {
        Set<PeerId> ids = new java.util.HashSet<>();
        view.forEach(p -> ids.add(p.id()));
        return ids;
    }

    private void publishPeerView() {
        peerView = registry.view(links::channelIfPresent);
    }

    /** Runs {@code work} on the loop and completes {@code result} with what it returns; never throws. */
    private void onLoop(CompletableFuture<Delivery> result, PeerId peer,
                        java.util.function.Supplier<CompletableFuture<Delivery>> work) {
        if (closed.get()) {
            result.completeExceptionally(new DeliveryException(Reason.CLOSED, peer, "-", "the node is closed"));
            return;
        }
        // on the caller's thread when the loop is idle: the cue leaves without waking the loop thread
        boolean queued = runCall(() -> {
            try {
                relay(work.get(), result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new DeliveryException(Reason.CLOSED, peer, "-", "the node is closed"));
        }
    }

    /**
     * Runs a {@link #send}'s loop work inline on the caller's thread when the loop is idle (else posts it); the
     * frame it sends may then leave from the caller's thread after the work released the loop
     * ({@link CallerThreadSends}) instead of waking a sender thread, as a plain webrtc-java caller's would. On the
     * loop itself, or from a delivery callback (on the loop thread or a transport's thread that just delivered the
     * ack, {@link NodeLoop#runningAfterTask}), the work runs inline and its frames are queued: neither the loop
     * thread nor a transport's callback thread blocks in a send.
     */
    private boolean runCall(Runnable work) {
        if (loop.inLoop() || loop.runningAfterTask()) {
            return loop.runInlineIfIdle(work);
        }
        boolean[] queued = new boolean[1];
        CallerThreadSends.run(() -> queued[0] = loop.runInlineIfIdle(work));
        return queued[0];
    }

    /**
     * Completes the application's {@code to} with {@code from}'s outcome once the loop task settling it released
     * the loop: a caller waiting on it (or its callback sending the next cue) then finds the loop free and runs
     * inline, where completing inside the task had it find the loop held about a third of the time and queue its
     * cue behind a wake-up of the loop thread and then of a sender thread.
     */
    private void relay(CompletableFuture<Delivery> from, CompletableFuture<Delivery> to) {
        from.whenComplete((d, e) -> loop.afterTask(() -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(d);
            }
        }));
    }

    /** How link changes reach the other parts. */
    private final class LinkEvents implements PeerLinks.Listener {
        @Override
        public void frame(PeerChannel ch, Link link, byte[] frame) {
            inbound.onFrame(ch, link, frame);
        }

        @Override
        public void linkReady(PeerChannel ch, Link link, boolean firstOpen) {
            if (firstOpen && ch.initiator && config.syncOnConnect() && state.revision().isNewerThan(Revision.ZERO)) {
                deliveries.sync(ch.remote, state);
                retries.demand();
            }
            deliveries.flush(ch);
        }

        @Override
        public void linksChanged() {
            Set<PeerId> before = ids(peerView);
            publishPeerView();
            if (!before.equals(ids(peerView))) {
                // a peer the leader had dropped left with its link (PeerRegistry.dropUnlisted)
                events.publish(new LiveControlEvent.PeerListChanged(clock.instant(), peerView));
            }
        }
    }
}
