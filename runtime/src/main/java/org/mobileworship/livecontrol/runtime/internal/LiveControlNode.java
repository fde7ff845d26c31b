package org.mobileworship.livecontrol.runtime.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.inject.Inject;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DeliveryException.Reason;
import org.mobileworship.livecontrol.api.ErrorCodes;
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
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node: wires discovery, election, signaling and transports, and implements delivery (ids, acks,
 * retries, de-duplication), state convergence and per-peer transport selection.
 *
 * <p>Threading: all mutable node state lives on one thread ({@link #node}); plugin callbacks hop onto it.
 * Plugins get a separate scheduler so a plugin's timer never waits behind node work.
 */
public final class LiveControlNode implements LiveControl {
    private static final Logger LOG = LoggerFactory.getLogger(LiveControlNode.class);

    private final NodeIdentity identity;
    private final LiveControlConfig config;
    private final Clock clock;
    private final DiscoveryProvider discoveryProvider;
    private final ElectionProvider electionProvider;
    private final SignalingProvider signalingProvider;
    private final List<TransportProvider> transportProviders;

    private final String shortName;
    private final ScheduledExecutorService node;
    private final ScheduledExecutorService pluginScheduler;
    private final EventBus events;
    private final Context context = new Context();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    // Plugins, created by start().
    private Discovery discovery;
    private volatile Election election;
    private SignalingClient client;
    private final AtomicReference<SignalingServer> server = new AtomicReference<>();
    private final List<Transport> transports = new CopyOnWriteArrayList<>();

    // Node-thread state.
    private volatile LeaderStatus leaderStatus = LeaderStatus.none();
    private volatile boolean signalingConnected;
    private InetSocketAddress signalingEndpoint;
    private int signalingAttempt;
    private final Map<PeerId, PeerInfo> registry = new LinkedHashMap<>();
    private final Map<PeerId, PeerChannel> channels = new HashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<PeerId, DedupWindow> dedup = new HashMap<>();
    private final StateRegister state = new StateRegister();
    private volatile LiveState liveState = LiveState.EMPTY;
    private long lamport;

    /** A message waiting for its ack. */
    private static final class Pending {
        final PeerId peer;
        final String messageId;
        final DataFrame frame;
        final CompletableFuture<Delivery> future = new CompletableFuture<>();
        final long firstSentNanos;
        final long deadlineNanos;
        long lastSentNanos = Long.MIN_VALUE;
        int attempts;

        Pending(PeerId peer, String messageId, DataFrame frame, long now, long deadline) {
            this.peer = peer;
            this.messageId = messageId;
            this.frame = frame;
            this.firstSentNanos = now;
            this.deadlineNanos = deadline;
        }
    }

    @Inject
    public LiveControlNode(NodeIdentity identity, LiveControlConfig config, Clock clock,
                           DiscoveryProvider discoveryProvider, ElectionProvider electionProvider,
                           SignalingProvider signalingProvider, List<TransportProvider> transportProviders) {
        this.identity = identity;
        this.config = config;
        this.clock = clock;
        this.discoveryProvider = discoveryProvider;
        this.electionProvider = electionProvider;
        this.signalingProvider = signalingProvider;
        this.transportProviders = List.copyOf(transportProviders);
        this.shortName = identity.displayName().replaceAll("[^A-Za-z0-9_.-]", "_");
        this.node = Executors.newSingleThreadScheduledExecutor(daemon("livecontrol-node-" + shortName));
        ScheduledThreadPoolExecutor plugin = new ScheduledThreadPoolExecutor(2, daemon("livecontrol-timer-" + shortName));
        plugin.setRemoveOnCancelPolicy(true);
        this.pluginScheduler = plugin;
        this.events = new EventBus(shortName);
        this.trustGate = new org.mobileworship.livecontrol.runtime.internal.trust.TrustGate(identity.trust(),
                identity.displayName());
    }

    private final org.mobileworship.livecontrol.runtime.internal.trust.TrustGate trustGate;

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ public API

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
            servingPort = chooseServingPort();
            client = signalingProvider.createClient(context);
            client.setListener(new ClientListener());
            List<String> startFailures = new ArrayList<>();
            for (TransportProvider p : transportProviders) {
                try {
                    Transport t = p.create(context);
                    t.start(link -> onNode(() -> incomingLink(link)));
                    transports.add(t);
                } catch (RuntimeException | LinkageError e) {
                    startFailures.add("'" + p.name() + "': " + e);
                    LOG.warn("transport '{}' failed to start and is skipped: {}", p.name(), e.toString());
                }
            }
            if (transports.isEmpty()) {
                throw new LiveControlException("no transport could start: " + String.join("; ", startFailures));
            }
            discovery = discoveryProvider.create(context);
            discovery.start(announcement(), new ForwardingDiscoveryListener());
            election = electionProvider.create(context);
            election.start(status -> onNode(() -> leaderChanged(status)));
            long tick = Math.max(10, config.retryInterval().toMillis() / 4);
            node.scheduleWithFixedDelay(this::retryTick, tick, tick, TimeUnit.MILLISECONDS);
            long ping = config.pingInterval().toMillis();
            node.scheduleWithFixedDelay(this::linkTick, ping, ping, TimeUnit.MILLISECONDS);
            trustGate.logModeAtStart(identity.id(), identity.deviceKey() != null, LiveControlConfig.STATE_DIR);
            LOG.info("node {} ({}, {}) started with discovery={}, election={}, signaling={}, transports={}",
                    identity.displayName(), identity.id(), identity.type(), discoveryProvider.name(),
                    electionProvider.name(), signalingProvider.name(),
                    transports.stream().map(Transport::name).toList());
        } catch (RuntimeException e) {
            close();
            throw e instanceof LiveControlException ? e
                    : new LiveControlException("node " + identity.displayName() + " failed to start: " + e, e);
        }
    }

    @Override
    public CompletableFuture<Delivery> send(PeerId display, LiveControlMessage message) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        onNodeOrFail(result, display, () -> {
            Revision revision = message.changesState() ? nextRevision() : null;
            if (revision != null) {
                applyOwn(message, revision);
            }
            sendTracked(display, message, revision).whenComplete((d, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(d);
                }
            });
        });
        return result;
    }

    @Override
    public Map<PeerId, CompletableFuture<Delivery>> broadcast(LiveControlMessage message, Audience audience) {
        CompletableFuture<Map<PeerId, CompletableFuture<Delivery>>> result = new CompletableFuture<>();
        try {
            node.execute(() -> {
                Map<PeerId, CompletableFuture<Delivery>> out = new LinkedHashMap<>();
                // One revision for the whole fan-out: every display orders this change identically.
                Revision revision = message.changesState() && identity.type().isController() ? nextRevision() : null;
                if (revision != null) {
                    applyOwn(message, revision);
                }
                for (PeerInfo p : knownPeers()) {
                    if (audience.includes(p.type())) {
                        out.put(p.id(), sendTracked(p.id(), message, revision));
                    }
                }
                result.complete(out);
            });
        } catch (RejectedExecutionException e) {
            return Map.of();
        }
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveControlException("interrupted while starting broadcast", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LiveControlException("broadcast could not be started: " + e, e);
        }
    }

    @Override
    public List<PeerInfo> peers() {
        return callOnNode(this::knownPeers, List.of());
    }

    @Override
    public List<PeerInfo> connectedPeers() {
        return peers().stream().filter(PeerInfo::connected).toList();
    }

    @Override
    public LeaderStatus leaderStatus() {
        return leaderStatus;
    }

    @Override
    public LiveState liveState() {
        return liveState;
    }

    @Override
    public Optional<PeerStats> stats(PeerId peer) {
        return callOnNode(() -> Optional.ofNullable(channels.get(peer)).map(PeerChannel::stats), Optional.empty());
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
        try {
            node.execute(() -> {
                for (Pending p : new ArrayList<>(pending.values())) {
                    p.future.completeExceptionally(new DeliveryException(Reason.CLOSED, p.peer, p.messageId,
                            "the node was closed before the display acknowledged"));
                }
                pending.clear();
                drained.complete(null);
            });
            drained.get(2, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.debug("close: pending deliveries not drained: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        quietly("election", () -> {
            if (election != null) {
                election.close();
            }
        });
        quietly("signaling server", () -> context.stopServing("leader " + identity.displayName() + " is leaving"));
        quietly("signaling client", () -> {
            if (client != null) {
                client.close();
            }
        });
        for (Transport t : transports) {
            quietly("transport " + t.name(), t::close);
        }
        quietly("discovery", () -> {
            if (discovery != null) {
                discovery.close();
            }
        });
        node.shutdownNow();
        pluginScheduler.shutdownNow();
        events.close();
        LOG.info("node {} closed", identity.displayName());
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("closing {} failed: {}", what, e.toString());
        }
    }

    // ------------------------------------------------------------------ delivery (controller side)

    /**
     * A hybrid logical clock: the Lamport counter, but never behind this device's wall clock in milliseconds.
     * Two controllers that never exchanged a message still order their changes by when they happened (to
     * within their clock skew), so an operator's cue wins over an older one from another controller even
     * before this controller has heard a pong or an ack carrying the newer revision. With skewed clocks it
     * falls back to plain Lamport behaviour, which pongs and acks keep current.
     */
    private Revision nextRevision() {
        lamport = Math.max(lamport + 1, clock.millis());
        return new Revision(lamport, identity.id().value());
    }

    private void applyOwn(LiveControlMessage message, Revision revision) {
        if (state.apply(message, revision)) {
            liveState = state.state();
        }
    }

    private CompletableFuture<Delivery> sendTracked(PeerId peer, LiveControlMessage message, Revision revision) {
        String messageId = UUID.randomUUID().toString();
        if (!identity.type().isController()) {
            return failed(Reason.NOT_ALLOWED, peer, messageId, "only controllers send cues; this node is "
                    + identity.type());
        }
        PeerType targetType = typeOf(peer);
        if (targetType == null) {
            return failed(Reason.UNKNOWN_PEER, peer, messageId, "no such peer in this session; known peers: "
                    + knownPeers().stream().map(p -> p.displayName() + "=" + p.id()).toList());
        }
        if (!targetType.isDisplay()) {
            return failed(Reason.NOT_ALLOWED, peer, messageId, "the peer is a " + targetType
                    + ", only displays take cues");
        }
        DataFrame frame;
        if (message instanceof LiveControlMessage.Sync sync) {
            frame = Frames.message(messageId, revision, new LiveControlMessage.Sync(sync.eventId(),
                    withRevision(sync.fullState(), revision)));
        } else {
            frame = Frames.message(messageId, revision, message);
        }
        int size = frame.getSerializedSize();
        if (size > ProtocolLimits.MAX_DATA_FRAME_BYTES) {
            return failed(Reason.TOO_LARGE, peer, messageId, "encoded size " + size + " bytes exceeds the "
                    + ProtocolLimits.MAX_DATA_FRAME_BYTES + "-byte data-channel limit");
        }
        long now = System.nanoTime();
        Pending p = new Pending(peer, pendingKey(frame, messageId), frame, now,
                now + config.deliveryDeadline().toNanos());
        pending.put(p.messageId, p);
        PeerChannel ch = channels.get(peer);
        if (ch != null && ch.isOpen()) {
            transmit(p, ch);
        } else if (identity.type().isController()) {
            ensureLink(peer);
        }
        return p.future;
    }

    private static LiveState withRevision(LiveState s, Revision revision) {
        return revision == null ? s : new LiveState(s.eventId(), s.itemId(), s.slideIndex(), s.black(), revision);
    }

    /** Pings are answered by pongs, not acks: they are matched by their timestamp. */
    private static String pendingKey(DataFrame frame, String messageId) {
        return frame.hasPing() ? "ping:" + frame.getPing().getTimestamp() : messageId;
    }

    private CompletableFuture<Delivery> failed(Reason reason, PeerId peer, String messageId, String detail) {
        CompletableFuture<Delivery> f = new CompletableFuture<>();
        fail(f, new DeliveryException(reason, peer, messageId, detail));
        return f;
    }

    /** Fails a delivery and tells the application why ({@link LiveControlEvent.DeliveryFailed}). */
    private void fail(CompletableFuture<Delivery> future, DeliveryException e) {
        if (future.completeExceptionally(e)) {
            events.publish(new LiveControlEvent.DeliveryFailed(now(), e.peer(), e.messageId(), e.reason(),
                    e.getMessage()));
        }
    }

    private void transmit(Pending p, PeerChannel ch) {
        DataFrame frame = p.frame;
        if (p.attempts > 0) {
            ch.retries++;
        }
        p.attempts++;
        p.lastSentNanos = System.nanoTime();
        sendFrame(ch, ch.current, frame);
    }

    private void retryTick() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long interval = config.retryInterval().toNanos();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future.isDone()) {
                it.remove();
                continue;
            }
            PeerChannel ch = channels.get(p.peer);
            if (now - p.deadlineNanos >= 0) {
                it.remove();
                fail(p.future, new DeliveryException(Reason.TIMEOUT, p.peer, p.messageId,
                        "no ack within " + config.deliveryDeadline().toMillis() + " ms after " + p.attempts
                                + " attempt(s); link: " + (ch != null && ch.isOpen() ? ch.transportName() : "none")));
                continue;
            }
            if (ch != null && ch.isOpen() && (p.attempts == 0 || now - p.lastSentNanos >= interval)) {
                transmit(p, ch);
            }
        }
    }

    private void onAck(PeerChannel ch, Link link, String messageId, Revision applied) {
        lamport = Math.max(lamport, applied.counter());
        Pending p = pending.remove(messageId);
        if (p == null) {
            return; // ack of a retry whose first ack already completed the delivery
        }
        Duration rtt = Duration.ofNanos(System.nanoTime() - p.firstSentNanos);
        p.future.complete(new Delivery(ch.remote, messageId, p.attempts, rtt, link.transport(), applied));
    }

    // ------------------------------------------------------------------ receiving

    private void onFrame(PeerChannel ch, Link link, byte[] bytes) {
        ch.lastReceivedNanos = System.nanoTime();
        ch.messagesReceived++;
        ch.bytesReceived += bytes.length;
        DataFrame frame;
        try {
            frame = codec(link).decodeData(bytes);
        } catch (ProtocolException e) {
            LOG.warn("bad frame from {} over {}: {}", ch.remote, link.transport(), e.getMessage());
            sendFrame(ch, link, Frames.error(e.code().wireCode(), e.getMessage(), ""));
            return;
        }
        switch (frame.getBodyCase()) {
            case SLIDE, BLACK, SYNC -> onCue(ch, link, frame);
            case PING -> sendFrame(ch, link, Frames.pong(frame.getPing().getTimestamp(), state.revision()));
            case ACK -> onAck(ch, link, frame.getAck().getMessageId(), frame.getAck().hasAppliedRevision()
                    ? Frames.fromWire(frame.getAck().getAppliedRevision()) : Revision.ZERO);
            case PONG -> {
                if (frame.hasRevision()) {
                    // Lamport: a controller's next change must be newer than what the display shows,
                    // whichever controller produced that.
                    lamport = Math.max(lamport, frame.getRevision().getCounter());
                }
                onPong(ch, link, frame.getPong().getTimestamp());
            }
            case ERROR -> onErrorFrame(ch, frame.getError());
            default -> sendFrame(ch, link, Frames.error(ErrorCodes.UNKNOWN_TYPE,
                    "frame without a known body", frame.getMessageId()));
        }
    }

    private void onCue(PeerChannel ch, Link link, DataFrame frame) {
        String messageId = frame.getMessageId();
        if (!identity.type().isDisplay()) {
            sendFrame(ch, link, Frames.error(ErrorCodes.NOT_ALLOWED,
                    "peer " + identity.id() + " is a " + identity.type() + " and takes no cues", messageId));
            return;
        }
        // Role authorization does not rely on the leader alone: a leader of another version, or one that does
        // not enforce roles, must still not let a display (or a stranger) drive this display.
        PeerType senderType = typeOf(ch.remote);
        if (senderType == null) {
            // Not (yet) in this node's peer list: unknown-peer is retryable for the sender, so a controller
            // whose link beat its peer-list entry here is served on its next retry; a stranger never is.
            LOG.info("refused a {} cue from {}: not registered in this session", frame.getBodyCase(), ch.remote);
            sendFrame(ch, link, Frames.error(ErrorCodes.UNKNOWN_PEER, "peer " + ch.remote
                    + " is not registered in this session; displays apply cues only from registered controllers",
                    messageId));
            return;
        }
        if (!senderType.isController()) {
            LOG.warn("refused a {} cue from {}: it is registered as a {}", frame.getBodyCase(), ch.remote,
                    senderType);
            sendFrame(ch, link, Frames.error(ErrorCodes.NOT_ALLOWED, "peer " + ch.remote + " is registered as a "
                    + senderType + "; displays apply cues only from controllers", messageId));
            return;
        }
        DedupWindow window = dedup.computeIfAbsent(ch.remote, k -> new DedupWindow(config.dedupWindow()));
        if (window.firstTime(messageId)) {
            // A seed client sends no revision: its change is taken as the newest this display has seen.
            Revision revision = frame.hasRevision() ? Frames.fromWire(frame.getRevision())
                    : new Revision(state.revision().counter() + 1, ch.remote.value());
            LiveControlMessage message = Frames.toMessage(frame);
            boolean changed = frame.hasSync() ? applySync(frame, revision) : state.apply(message, revision);
            events.publish(new LiveControlEvent.MessageReceived(now(), ch.remote, messageId, message));
            if (changed) {
                liveState = state.state();
                events.publish(new LiveControlEvent.StateApplied(now(), ch.remote, liveState));
            }
        }
        // Duplicates are acked too: the first ack may have been the frame that got lost.
        sendFrame(ch, link, Frames.ack(messageId, state.revision()));
    }

    private boolean applySync(DataFrame frame, Revision frameRevision) {
        var s = frame.getSync().getFullState();
        Revision slideRev = s.hasRevision() ? Frames.fromWire(s.getRevision()) : frameRevision;
        Revision blackRev = s.hasBlackRevision() ? Frames.fromWire(s.getBlackRevision()) : slideRev;
        return state.applySync(s.getEventId(), s.getItemId(), Math.max(0, s.getSlideIndex()), slideRev,
                s.getIsBlack(), blackRev);
    }

    private void onPong(PeerChannel ch, Link link, long timestamp) {
        Duration rtt = Duration.ofNanos(Math.max(0, System.nanoTime() - timestamp));
        ch.roundTrip = rtt;
        Pending p = pending.remove("ping:" + timestamp);
        if (p != null) {
            p.future.complete(new Delivery(ch.remote, p.messageId, p.attempts, rtt, link.transport(),
                    state.revision()));
        }
    }

    private void onErrorFrame(PeerChannel ch, org.mobileworship.livecontrol.protocol.v1.Error error) {
        String messageId = error.getMessageId();
        Pending p = messageId.isEmpty() ? null : pending.remove(messageId);
        if (p != null && ErrorCodes.UNKNOWN_PEER.equals(error.getCode())) {
            // the display has not seen this node in its peer list yet: the retry loop sends again
            LOG.debug("{} does not know this node yet ({}); retrying {}", ch.remote, error.getMessage(), messageId);
            pending.put(messageId, p);
        } else if (p != null) {
            fail(p.future, new DeliveryException(Reason.REJECTED, ch.remote, messageId,
                    "the peer answered " + error.getCode() + ": " + error.getMessage()));
        } else {
            LOG.warn("peer {} reported error {}: {}", ch.remote, error.getCode(), error.getMessage());
        }
    }

    private void sendFrame(PeerChannel ch, Link link, DataFrame frame) {
        if (link == null || !link.isOpen()) {
            return;
        }
        byte[] bytes = codec(link).encodeData(frame);
        try {
            link.send(bytes);
            ch.messagesSent++;
            ch.bytesSent += bytes.length;
        } catch (RuntimeException e) {
            // The retry loop resends cues; responses are re-sent when the retry arrives.
            LOG.debug("send to {} over {} failed: {}", ch.remote, link.transport(), e.toString());
        }
    }

    private static FrameCodec codec(Link link) {
        return FrameCodec.of(link.encoding() == LinkEncoding.JSON ? WireFormat.JSON : WireFormat.PROTOBUF);
    }

    // ------------------------------------------------------------------ links and transport selection

    private PeerChannel channel(PeerId peer, boolean initiator) {
        return channels.computeIfAbsent(peer, p -> new PeerChannel(p, initiator));
    }

    /** Controller side: make sure a link to {@code peer} is open or being opened, best transport first. */
    private void ensureLink(PeerId peer) {
        if (closed.get() || !identity.type().isController()) {
            return;
        }
        PeerChannel ch = channel(peer, true);
        if (ch.isOpen() || ch.connecting) {
            return;
        }
        ch.connecting = true;
        ch.attemptStartedNanos = System.nanoTime();
        tryTransport(ch, 0);
    }

    private void tryTransport(PeerChannel ch, int rank) {
        tryTransport(ch, rank, null);
    }

    private void tryTransport(PeerChannel ch, int rank, String lastFailure) {
        if (rank >= transports.size()) {
            ch.connecting = false;
            ch.consecutiveFailures++;
            if (ch.consecutiveFailures == 1) {
                // Reported once per outage, not hidden: with no fallback this pair cannot carry cues.
                events.publish(new LiveControlEvent.Disconnected(now(), ch.remote,
                        "no transport could connect: " + lastFailure));
            }
            scheduleReconnect(ch);
            return;
        }
        Transport t = transports.get(rank);
        connectSpeaking(t, ch.remote).whenComplete((link, error) -> onNode(() -> {
            if (error != null) {
                LOG.info("{} could not open {} link to {}: {}", identity.displayName(), t.name(), ch.remote,
                        rootMessage(error));
                if (closed.get()) {
                    return;
                }
                if (ch.registeredNanos - ch.attemptStartedNanos > 0) {
                    // The peer (re)registered while this attempt ran (e.g. it restarted): the attempt
                    // signalled a peer that was not there yet. Start over with the best transport.
                    ch.attemptStartedNanos = System.nanoTime();
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
    private java.util.concurrent.CompletionStage<Link> connectSpeaking(Transport t, PeerId peer) {
        PeerInfo info = registry.get(peer);
        if (info == null) {
            info = new PeerInfo(peer, PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.AUDIENCE),
                    peer.value(), false, null); // unknown peer: assume the least (JSON only)
        }
        PeerInfo declared = info;
        return t.connect(declared).thenCompose(link -> {
            if (declared.speaks(link.encoding())) {
                return CompletableFuture.completedFuture(link);
            }
            link.close();
            return CompletableFuture.failedFuture(new org.mobileworship.livecontrol.api.spi.transport.TransportException(
                    "transport " + t.name() + " opened a " + link.encoding().wireName() + " link to " + peer
                            + ", which declared only " + (declared.declaredEncodings()
                            ? declared.encodings().stream().map(LinkEncoding::wireName).sorted().toList()
                            : "nothing (a seed client: json only)")));
        });
    }

    private void scheduleReconnect(PeerChannel ch) {
        if (closed.get() || !ch.initiator || (ch.reconnectTask != null && !ch.reconnectTask.isDone())) {
            return;
        }
        if (!registry.containsKey(ch.remote) && signalingConnected) {
            LOG.info("{} left the session; not reconnecting", ch.remote);
            return;
        }
        long base = config.reconnectBackoff().toMillis();
        long delay = Math.min(config.reconnectMaxBackoff().toMillis(),
                base << Math.min(10, Math.max(0, ch.consecutiveFailures - 1)));
        ch.reconnectTask = node.schedule(() -> ensureLink(ch.remote), delay, TimeUnit.MILLISECONDS);
    }

    private void incomingLink(Link link) {
        if (closed.get()) {
            link.close();
            return;
        }
        PeerChannel ch = channel(link.remote(), false);
        attach(ch, link, rankOf(link.transport()), "opened by the peer");
    }

    private int rankOf(String transportName) {
        for (int i = 0; i < transports.size(); i++) {
            if (transports.get(i).name().equals(transportName)) {
                return i;
            }
        }
        return transports.size();
    }

    private void attach(PeerChannel ch, Link link, int rank, String why) {
        Link old = ch.current;
        boolean wasOpen = old != null && old.isOpen();
        ch.current = link;
        ch.currentRank = rank;
        ch.lastReceivedNanos = System.nanoTime();
        link.setListener(new LinkListener() {
            @Override
            public void frame(byte[] frame) {
                onNode(() -> onFrame(ch, link, frame));
            }

            @Override
            public void closed(String reason) {
                onNode(() -> linkClosed(ch, link, reason));
            }
        });
        if (wasOpen && old != link) {
            events.publish(new LiveControlEvent.TransportChanged(now(), ch.remote, old.transport(),
                    link.transport(), why));
            LOG.info("{} ↔ {}: {} → {} ({})", identity.displayName(), ch.remote, old.transport(), link.transport(), why);
            if (ch.initiator) {
                old.close();
            }
        } else if (!wasOpen) {
            events.publish(new LiveControlEvent.Connected(now(), ch.remote, link.transport()));
            LOG.info("{} ↔ {} connected over {}", identity.displayName(), ch.remote, link.transport());
            if (ch.initiator && answersPings(ch.remote)) {
                // learn the display's revision (in its pong) before the operator's next cue
                sendFrame(ch, link, Frames.ping());
            }
            if (ch.initiator && config.syncOnConnect() && state.revision().isNewerThan(Revision.ZERO)) {
                sendSync(ch.remote);
            }
        }
        // Whatever waited for this peer goes out now instead of at the next retry tick.
        for (Pending p : pending.values()) {
            if (p.peer.equals(ch.remote) && !p.future.isDone()) {
                transmit(p, ch);
            }
        }
    }

    private void sendSync(PeerId peer) {
        LiveState s = state.state();
        String messageId = UUID.randomUUID().toString();
        DataFrame frame = Frames.syncOf(messageId, state);
        long now = System.nanoTime();
        Pending p = new Pending(peer, messageId, frame, now, now + config.deliveryDeadline().toNanos());
        pending.put(messageId, p);
        p.future.whenComplete((d, e) -> {
            if (e != null) {
                LOG.warn("sync of {} to {} failed: {}", s, peer, e.getMessage());
            }
        });
    }

    private void linkClosed(PeerChannel ch, Link link, String reason) {
        if (ch.current != link) {
            return; // an old link we replaced
        }
        ch.current = null;
        events.publish(new LiveControlEvent.Disconnected(now(), ch.remote, reason));
        LOG.info("{} ↔ {} disconnected: {}", identity.displayName(), ch.remote, reason);
        if (ch.initiator) {
            ch.consecutiveFailures++;
            scheduleReconnect(ch);
        }
    }

    /** Pings every open link, closes silent ones, and retries better transports for fallback pairs. */
    private void linkTick() {
        long now = System.nanoTime();
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
                linkClosed(ch, silent, "no traffic for " + config.linkTimeout().toMillis() + " ms");
                continue;
            }
            if (ch.initiator) {
                if (answersPings(ch.remote)) {
                    sendFrame(ch, ch.current, Frames.ping());
                }
                if (ch.currentRank > 0 && !ch.upgrading && now - ch.lastUpgradeAttemptNanos >= upgradeEvery) {
                    tryUpgrade(ch);
                }
            }
        }
    }

    /** Syncthing's relay behaviour: a pair on a fallback keeps trying the better transports. */
    private void tryUpgrade(PeerChannel ch) {
        ch.upgrading = true;
        ch.lastUpgradeAttemptNanos = System.nanoTime();
        int target = 0;
        Transport t = transports.get(target);
        connectSpeaking(t, ch.remote).whenComplete((link, error) -> onNode(() -> {
            ch.upgrading = false;
            if (error != null) {
                LOG.debug("upgrade of {} to {} failed: {}", ch.remote, t.name(), rootMessage(error));
                return;
            }
            if (closed.get() || (ch.isOpen() && ch.currentRank <= target)) {
                link.close();
                return;
            }
            attach(ch, link, target, t.name() + " works again");
        }));
    }

    // ------------------------------------------------------------------ leader and signaling

    private void leaderChanged(LeaderStatus status) {
        LeaderStatus previous = leaderStatus;
        leaderStatus = status;
        if (!status.equals(previous)) {
            events.publish(new LiveControlEvent.LeaderChanged(now(), status));
            LOG.info("{}: leader {} (term {}{})", identity.displayName(), status.leader().map(PeerId::value)
                    .orElse("unknown"), status.term(), status.self() ? ", this node" : "");
        }
        if (status.hasLeader() && status.endpoint() != null) {
            if (!status.endpoint().equals(signalingEndpoint) || !signalingConnected) {
                connectSignaling(status.endpoint(), status.leaderId());
            }
        }
    }

    private void connectSignaling(InetSocketAddress endpoint, PeerId leader) {
        signalingEndpoint = endpoint;
        int attempt = ++signalingAttempt;
        if (signalingConnected) {
            signalingConnected = false;
            client.disconnect("leader changed to " + leader);
            transports.forEach(t -> t.signalingChanged(false));
        }
        // Java nodes read both encodings: openers use protobuf with them and JSON with seed clients
        Registration me = new Registration(identity.id(), identity.type(), identity.displayName(), config.session(),
                java.util.EnumSet.of(LinkEncoding.PROTOBUF, LinkEncoding.JSON), servingPort, identity.deviceKey());
        client.connect(endpoint, me).whenComplete((ok, error) -> onNode(() -> {
            if (attempt != signalingAttempt || closed.get()) {
                return;
            }
            if (error == null) {
                signalingConnected = true;
                registrationFailures = 0;
                LOG.info("{} registered with leader {} at {}", identity.displayName(), leader, endpoint);
                transports.forEach(t -> t.signalingChanged(true));
                return;
            }
            Throwable cause = rootCause(error);
            LOG.warn("{} could not register with leader {} at {}: {}", identity.displayName(), leader, endpoint,
                    cause.getMessage());
            boolean unreachable = !(cause instanceof SignalingException se) || "io".equals(se.code());
            if (unreachable && election != null) {
                election.leaderUnreachable(leader, "cannot register: " + cause.getMessage());
            }
            // Whatever the cause (timeout, id still reserved, server full), try this leader again while the
            // election keeps it; a new leader starts its own attempt.
            retrySignalingLater(endpoint, leader, attempt,
                    Math.min(5000, 500L << Math.min(4, registrationFailures++)));
        }));
    }

    /**
     * Connects to {@code leader} again after {@code delayMs}, unless meanwhile another attempt started, the
     * connection came back, the node closed, or the election named another leader (which connects itself).
     */
    private void retrySignalingLater(InetSocketAddress endpoint, PeerId leader, int attempt, long delayMs) {
        if (closed.get()) {
            return; // a registration failing because this node closes: nothing to retry
        }
        try {
            node.schedule(() -> {
                if (attempt == signalingAttempt && !signalingConnected && !closed.get()
                        && leader.equals(leaderStatus.leaderId())) {
                    connectSignaling(endpoint, leader);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the node loop shut down between the check and the schedule: the node is closing
        }
    }

    private int registrationFailures;

    private final class ClientListener implements SignalingListener {
        @Override
        public void peerList(List<PeerInfo> peers) {
            onNode(() -> {
                Map<PeerId, PeerInfo> previous = new LinkedHashMap<>(registry);
                registry.clear();
                for (PeerInfo p : peers) {
                    if (!p.id().equals(identity.id())) {
                        registry.put(p.id(), p);
                    }
                }
                // A new leader's first lists miss peers that have not re-registered yet; a peer we still
                // have an open link to is in the session regardless (links do not depend on the leader).
                for (PeerInfo p : previous.values()) {
                    PeerChannel ch = channels.get(p.id());
                    if (!registry.containsKey(p.id()) && ch != null && ch.isOpen()) {
                        registry.put(p.id(), p);
                    }
                }
                events.publish(new LiveControlEvent.PeerListChanged(now(), knownPeers()));
                if (identity.type().isController()) {
                    for (PeerInfo p : peers) {
                        if (p.type().isDisplay()) {
                            if (!previous.containsKey(p.id())) {
                                channel(p.id(), true).registeredNanos = System.nanoTime();
                            }
                            ensureLink(p.id());
                        }
                    }
                }
            });
        }

        @Override
        public void signal(PeerId from, Signal signal) {
            // A transport's own signals reach that transport only, so no other transport ever has to judge
            // (and possibly act on) a handshake it does not understand.
            String addressee = signal instanceof Signal.TransportSignal ts ? ts.transport() : null;
            boolean delivered = false;
            for (Transport t : transports) {
                if (addressee != null && !addressee.equals(t.name())) {
                    continue;
                }
                delivered = true;
                try {
                    t.onSignal(from, signal);
                } catch (RuntimeException e) {
                    LOG.warn("transport {} failed on a signal from {}: {}", t.name(), from, e.toString());
                }
            }
            if (addressee != null && !delivered) {
                LOG.debug("dropping a signal from {} for transport '{}', which this node does not run (it runs {})",
                        from, addressee, transports.stream().map(Transport::name).toList());
            }
        }

        @Override
        public void error(String code, String message, PeerId target) {
            LOG.warn("signaling error {}{}: {}", code, target == null ? "" : " about " + target, message);
        }

        @Override
        public void disconnected(String reason) {
            onNode(() -> {
                signalingConnected = false;
                transports.forEach(t -> t.signalingChanged(false));
                PeerId leader = leaderStatus.leaderId();
                InetSocketAddress endpoint = signalingEndpoint;
                LOG.warn("{} lost signaling with leader {}: {}", identity.displayName(), leader, reason);
                if (election != null && leader != null) {
                    election.leaderUnreachable(leader, reason);
                }
                if (leader != null && endpoint != null) {
                    // If the election keeps this leader (it still answers probes), nothing else would
                    // reconnect: try again shortly; a leader change starts its own attempt instead.
                    retrySignalingLater(endpoint, leader, signalingAttempt, 500);
                }
            });
        }
    }

    private final class ForwardingDiscoveryListener implements DiscoveryListener {
        @Override
        public void peerSeen(DiscoveredPeer peer) {
            if (!trustGate.admitsCandidate(peer.announcement().peerId())) {
                return; // paired mode: a device outside the trust list is never a candidate (internal/trust)
            }
            if (election instanceof DiscoveryListener l) {
                l.peerSeen(peer);
            }
        }

        @Override
        public void peerGone(PeerId peer) {
            if (election instanceof DiscoveryListener l) {
                l.peerGone(peer);
            }
        }

        @Override
        public void networkChanged() {
            if (election instanceof DiscoveryListener l) {
                l.networkChanged();
            }
            transports.forEach(Transport::networkChanged);
        }
    }

    /**
     * Every node announces from the start the port it would serve signaling on, so others can probe it the
     * moment its record is visible instead of waiting for a slow mDNS update after it becomes leader. A
     * configured port of 0 means "any free port": one is picked now and kept for this node's lifetime.
     */
    private int chooseServingPort() {
        int port = config.signalingPort();
        if (port != 0) {
            return port;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.signalingBindAddress(), 0));
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new LiveControlException("cannot find a free signaling port on " + config.signalingBindAddress()
                    + ": " + e.getMessage() + "; set livecontrol.signaling.port", e);
        }
    }

    private volatile int servingPort;

    /**
     * What plugins read: the node's config, with {@code livecontrol.signaling.port} resolved to the port this
     * node actually reserved (so an election announcing the port never announces 0).
     */
    private final Config pluginConfig = this::pluginConfigValue;

    private Optional<String> pluginConfigValue(String key) {
        return LiveControlConfig.SIGNALING_PORT.equals(key) && servingPort > 0
                ? Optional.of(Integer.toString(servingPort)) : config.get(key);
    }

    private Announcement announcement() {
        return new Announcement(identity.id(), identity.type(), identity.displayName(), identity.startedAtMillis(),
                null, 0, servingPort, Announcement.PROTOCOL_VERSION);
    }

    // ------------------------------------------------------------------ helpers

    /** Peers that declared their encodings follow livecontrol's protocol, pong included; seed clients may not. */
    private boolean answersPings(PeerId peer) {
        PeerInfo info = registry.get(peer);
        return info != null && info.declaredEncodings();
    }

    private PeerType typeOf(PeerId peer) {
        PeerInfo info = registry.get(peer);
        return info != null ? info.type() : null;
    }

    private List<PeerInfo> knownPeers() {
        List<PeerInfo> out = new ArrayList<>();
        for (PeerInfo p : registry.values()) {
            PeerChannel ch = channels.get(p.id());
            out.add(p.withConnection(ch != null && ch.isOpen(), ch != null ? ch.transportName() : null));
        }
        return out;
    }

    private Instant now() {
        return clock.instant();
    }

    private void onNode(Runnable r) {
        try {
            node.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("node {}: unexpected failure", identity.displayName(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("node closed; dropped a callback");
        }
    }

    private void onNodeOrFail(CompletableFuture<Delivery> f, PeerId peer, Runnable r) {
        if (closed.get()) {
            f.completeExceptionally(new DeliveryException(Reason.CLOSED, peer, "-", "the node is closed"));
            return;
        }
        try {
            node.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new DeliveryException(Reason.CLOSED, peer, "-", "the node is closed"));
        }
    }

    private <T> T callOnNode(java.util.concurrent.Callable<T> c, T ifClosed) {
        try {
            return node.submit(c).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            return ifClosed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ifClosed;
        } catch (ExecutionException | TimeoutException e) {
            throw new LiveControlException("node " + identity.displayName() + " did not answer: " + e, e);
        }
    }

    private static Throwable rootCause(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = rootCause(t);
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    // ------------------------------------------------------------------ plugin context

    /** What every plugin gets: identity, config, timers, the signaling path, discovery, probe, leadership. */
    private final class Context implements ProviderContext, TransportContext, ElectionContext, SignalSender,
            LeaderProbe, Leadership {
        @Override
        public PeerId localId() {
            return identity.id();
        }

        @Override
        public PeerType localType() {
            return identity.type();
        }

        @Override
        public String displayName() {
            return identity.displayName();
        }

        @Override
        public long startedAtMillis() {
            return identity.startedAtMillis();
        }

        @Override
        public Config config() {
            return pluginConfig;
        }

        @Override
        public Optional<org.mobileworship.livecontrol.api.spi.signaling.DeviceKey> deviceKey() {
            return Optional.ofNullable(identity.deviceKey());
        }

        @Override
        public Optional<org.mobileworship.livecontrol.api.spi.signaling.RoomTrust> trust() {
            return Optional.ofNullable(identity.trust());
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return pluginScheduler;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public SignalSender signaling() {
            return this;
        }

        @Override
        public Discovery discovery() {
            return trustGate.filtered(discovery); // paired mode: no unpaired candidates (internal/trust)
        }

        @Override
        public LeaderProbe probe() {
            return this;
        }

        @Override
        public Leadership leadership() {
            return this;
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> send(PeerId target, Signal signal) {
            if (client == null || !signalingConnected) {
                return CompletableFuture.failedFuture(new SignalingException("io",
                        "not connected to a signaling server (leader " + leaderStatus.leader().map(PeerId::value)
                                .orElse("unknown") + ")"));
            }
            return client.send(target, signal);
        }

        @Override
        public boolean isConnected() {
            return signalingConnected;
        }

        @Override
        public java.util.concurrent.CompletionStage<Optional<org.mobileworship.livecontrol.api.spi.election.LeaderHealth>> probe(
                InetSocketAddress endpoint, Duration timeout) {
            if (client == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return client.probe(endpoint, timeout);
        }

        @Override
        public synchronized InetSocketAddress startServing(long term) {
            SignalingServer s = server.get();
            if (s == null) {
                s = signalingProvider.createServer(this);
                InetSocketAddress bound;
                try {
                    bound = s.start(new InetSocketAddress(config.signalingBindAddress(), servingPort), identity.id(),
                            term);
                } catch (RuntimeException e) {
                    s.close("failed to start");
                    throw e;
                }
                server.set(s);
                serverEndpoint = reachable(bound);
                LOG.info("{} serves signaling on {} (term {})", identity.displayName(), serverEndpoint, term);
            }
            return serverEndpoint;
        }

        private InetSocketAddress serverEndpoint;

        @Override
        public synchronized void stopServing(String reason) {
            SignalingServer s = server.getAndSet(null);
            if (s != null) {
                LOG.info("{} stops serving signaling: {}", identity.displayName(), reason);
                s.close(reason);
            }
        }

        private InetSocketAddress reachable(InetSocketAddress bound) {
            if (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()) {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort());
            }
            return bound;
        }
    }
}
