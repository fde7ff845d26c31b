package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionListener;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bully-variant election with terms in which leaders are <em>found and verified by probing</em>, never by
 * waiting for mDNS TXT updates (which propagate slowly or not at all between jmdns instances). See the module
 * README for the rules.
 *
 * <p>This class is the coordinator: it owns what lives as long as the election (the {@link PeerTable}, the
 * term, this node's port, the published status) and the current {@link Role} — {@link Discovering},
 * {@link Candidate}, {@link Leading} or {@link Following} — which owns its own fields and timers and is
 * replaced on every transition ({@link #become}).
 *
 * <p>Threading: one serialization mechanism, the {@code loop} executor, which runs one task at a time.
 * Every entry point (discovery callbacks, {@code leaderUnreachable}, timers from {@code ctx.scheduler()},
 * probe answers) hops onto it; state is confined to it, so there is no lock. Nothing slow runs there:
 * probes are asynchronous, and {@code startServing}/{@code stopServing} run on the {@link ServingControl}
 * worker with their results posted back. All time comes from {@code ctx.clock()} and
 * {@code ctx.scheduler()}. {@link #close()} runs on the caller and returns with the server stopped.
 */
public final class BullyElection implements Election {

    static final Logger log = LoggerFactory.getLogger(BullyElection.class);

    /** The roles, as reported by {@link #state()}. */
    public enum State { NEW, DISCOVERING, CANDIDATE, LEADER, FOLLOWER, CLOSED }

    private final ElectionContext ctx;
    private final ElectionSettings settings;
    private final Executor loop;
    private final ServingControl serving;
    private final Runnable onClose;
    private final Announcement base;
    private final Priority myPriority;
    private final PeerTable peers;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    // --- confined to the loop ---
    private ElectionListener listener;
    private Role role;
    /** The port this node announces (it serves there when elected); 0 while unknown. */
    private int ownPort;
    private int serveFailures;
    private long lastHintCheckMillis = Long.MIN_VALUE / 2;

    // --- written on the loop, read anywhere ---
    /** Highest term this node used or followed; never decreases. */
    private volatile long term;
    private volatile LeaderStatus status = LeaderStatus.none();
    private volatile State publicState = State.NEW;
    private volatile ScheduledFuture<?> tickTimer;

    /**
     * @param loop    runs all election work one task at a time, in order (a private thread in production, a
     *                fake scheduler in tests)
     * @param worker  runs {@code Leadership} calls one at a time, in order, off the loop (a private thread in
     *                production; may be the same fake scheduler in tests)
     * @param onClose called once by {@link #close()} (e.g. shuts the executors down)
     */
    public BullyElection(ElectionContext ctx, ElectionSettings settings, Executor loop, Executor worker,
                         Runnable onClose) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.serving = new ServingControl(ctx.leadership(), Objects.requireNonNull(worker, "worker"));
        this.onClose = onClose == null ? () -> { } : onClose;
        this.base = new Announcement(ctx.localId(), ctx.localType(), ctx.displayName(), ctx.startedAtMillis(),
                null, 0, 0, Announcement.PROTOCOL_VERSION);
        this.myPriority = Priority.of(base);
        this.peers = new PeerTable(ctx.localId());
        int port = ctx.signalingPort();
        this.ownPort = port > 0 && port <= 65535 ? port : 0;
    }

    // ------------------------------------------------------------------ Election

    @Override
    public void start(ElectionListener electionListener) {
        Objects.requireNonNull(electionListener, "listener");
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("election already started (state " + publicState + ")");
        }
        publicState = State.DISCOVERING;
        execute(() -> {
            listener = electionListener;
            become(new Discovering(this));
            long poll = settings.pollInterval().toMillis();
            tickTimer = ctx.scheduler().scheduleWithFixedDelay(() -> post(this::tick), poll, poll,
                    TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public LeaderStatus status() {
        return status;
    }

    /** The current role (diagnostics and tests). */
    public State state() {
        return publicState;
    }

    /** The current term (diagnostics and tests). */
    public long term() {
        return term;
    }

    @Override
    public void leaderUnreachable(PeerId reported, String reason) {
        post(() -> role.leaderUnreachable(reported, reason));
    }

    @Override
    public void leaderSuspected(PeerId reported, String reason) {
        post(() -> role.leaderSuspected(reported, reason));
    }

    @Override
    public void peerSeen(DiscoveredPeer peer) {
        Objects.requireNonNull(peer, "peer");
        post(() -> onPeer(peer));
    }

    /**
     * A node named by the leader's peer list with the endpoint it serves on when it leads. Its start time is not
     * on the wire, so it ranks after every node of its type whose start is known; a node of a better type (a
     * controller, for a display) still outranks this one, which is what lets a display that never saw the
     * controller's mDNS record follow it (or back down to it) instead of leading half the room.
     */
    @Override
    public void peerLearned(PeerInfo peer) {
        Objects.requireNonNull(peer, "peer");
        InetSocketAddress ep = peer.signalingEndpoint();
        if (ep == null || ep.getAddress() == null) {
            return;
        }
        DiscoveredPeer learnt = new DiscoveredPeer(new Announcement(peer.id(), peer.type(), peer.displayName(),
                Long.MAX_VALUE, null, 0, ep.getPort(), Announcement.PROTOCOL_VERSION), List.of(ep.getAddress()),
                ctx.clock().instant());
        post(() -> {
            if (peers().learn(learnt)) {
                log.info("election: learnt {} ({}) at {} through signaling", peer.id(), peer.type(), ep);
            }
        });
    }

    /**
     * A better leader told this node where it serves (a leader notice through the signaling port). Remembered
     * like a learnt record; the current role decides: a leader probes it at once and backs down only if it
     * answers as a better live leader.
     */
    @Override
    public void leaderNotice(DiscoveredPeer peer) {
        Objects.requireNonNull(peer, "peer");
        post(() -> {
            peers().learn(peer);
            if (role != null) {
                role.leaderNoticed(peer);
            }
        });
    }

    /** Sends {@code worse} a leader notice naming this node (it cannot see this node, or it would have backed down). */
    void tellLeader(InetSocketAddress worse) {
        ctx.probe().tellLeader(worse, base().withLeader(self(), term, ownPort));
    }

    @Override
    public void peerGone(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        post(() -> onGone(peer));
    }

    @Override
    public void networkChanged() {
        post(() -> role.networkChanged());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publicState = State.CLOSED;
        ScheduledFuture<?> tick = tickTimer;
        if (tick != null) {
            tick.cancel(false);
        }
        serving.close("leader closing");
        status = LeaderStatus.none(term);
        execute(() -> {
            if (role != null) {
                role.exit();
            }
        });
        onClose.run();
    }

    // ------------------------------------------------------------------ loop

    /** Runs {@code task} on the loop unless the election is closed or not started by then. */
    void post(Runnable task) {
        execute(() -> {
            if (closed.get() || role == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("election: unexpected failure in role {}", role, e);
            }
        });
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("election: event dropped after close");
        }
    }

    /** Leaves the current role and enters {@code next}. */
    void become(Role next) {
        if (role != null) {
            role.exit();
        }
        role = next;
        publicState = next.state();
        next.enter();
    }

    /** Every poll interval: re-read discovery, then let the role probe as it needs. */
    private void tick() {
        Map<PeerId, DiscoveredPeer> now = peers.read(ctx.discovery());
        for (PeerId id : peers.ids()) {
            if (!now.containsKey(id)) {
                onGone(id);
            }
        }
        for (DiscoveredPeer p : now.values()) {
            onPeer(p);
        }
        role.tick();
    }

    private void onPeer(DiscoveredPeer p) {
        if (peers.update(p)) {
            role.peerChanged(p);
        }
    }

    private void onGone(PeerId id) {
        peers.remove(id);
        role.peerGone(id);
    }

    // ------------------------------------------------------------------ services for the roles (loop only)

    ElectionSettings settings() {
        return settings;
    }

    PeerTable peers() {
        return peers;
    }

    PeerId self() {
        return base.peerId();
    }

    PeerType selfType() {
        return base.peerType();
    }

    Announcement base() {
        return base;
    }

    Priority priority() {
        return myPriority;
    }

    long now() {
        return ctx.clock().millis();
    }

    void setTerm(long t) {
        term = Math.max(term, t);
    }

    int ownPort() {
        return ownPort;
    }

    void setOwnPort(int port) {
        ownPort = port;
    }

    void refreshPeers() {
        peers.replaceWith(peers.read(ctx.discovery()));
    }

    /** Whether a follower may act on a TXT hint now (at most one per recheck interval). */
    boolean hintAllowed() {
        long nowMs = now();
        if (nowMs - lastHintCheckMillis < settings.recheck().toMillis()) {
            return false;
        }
        lastHintCheckMillis = nowMs;
        return true;
    }

    /** Announces, unless our port is unknown: then the runtime's own announcement (with its port) stays. */
    void announce(Announcement a) {
        if (a.signalingPort() == 0) {
            log.debug("election: not announcing {} (own signaling port unknown)", a);
            return;
        }
        try {
            ctx.discovery().announce(a);
        } catch (RuntimeException e) {
            log.warn("election: announce failed: {}", e.toString());
        }
    }

    /** Publishes a decision to the listener (terms reported never decrease). */
    void emit(LeaderStatus s) {
        setStatus(s);
        if (closed.get()) {
            return;
        }
        try {
            listener.leaderChanged(status);
        } catch (RuntimeException e) {
            log.warn("election: listener failed on {}", status, e);
        }
    }

    /** Updates the published status without a listener call (e.g. a term learnt from the leader). */
    void setStatus(LeaderStatus s) {
        if (s.term() < status.term()) {
            s = new LeaderStatus(s.leaderId(), s.self(), status.term(), s.endpoint());
        }
        status = s;
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return ctx.scheduler().schedule(() -> post(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Probes {@code endpoint}; {@code then} runs on the loop with the answer (empty on any failure). */
    void probe(InetSocketAddress endpoint, Consumer<Optional<LeaderHealth>> then) {
        try {
            ctx.probe().probe(endpoint, settings.probeTimeout()).whenComplete((h, ex) -> post(() ->
                    then.accept(ex != null || h == null ? Optional.empty() : h)));
        } catch (RuntimeException e) {
            log.warn("election: probe of {} threw (contract says never): {}", endpoint, e.toString());
            post(() -> then.accept(Optional.empty()));
        }
    }

    /**
     * Starts serving for {@code forTerm} off the loop; the outcome runs on the loop, and only while
     * {@code asker} is still the current role.
     */
    void serve(Role asker, long forTerm, Consumer<InetSocketAddress> ok, Consumer<RuntimeException> failed) {
        serving.start(forTerm, (ep, failure) -> post(() -> {
            if (!asker.active()) {
                return; // a later stop (back-down) or close() is already queued or done
            }
            if (failure != null) {
                failed.accept(failure);
            } else {
                ok.accept(ep);
            }
        }));
    }

    /** Stops serving off the loop. */
    void stopServing(String reason) {
        serving.stop(reason);
    }

    void serveSucceeded() {
        serveFailures = 0;
    }

    /** Counts a failed claim; returns the back-off before the next attempt. */
    long serveFailed() {
        serveFailures++;
        return Math.min(settings.serveRetryMax().toMillis(),
                settings.serveRetryMin().toMillis() << Math.min(serveFailures - 1, 16));
    }
}
