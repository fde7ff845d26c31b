package org.mobileworship.livecontrol.runtime.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionListener;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.runtime.internal.trust.TrustGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin hosting: creates the discovery, election, signaling and transport plugins from their providers, gives
 * each the context it needs (identity, config, timers, the signaling path, discovery, probes, leadership),
 * starts and stops the signaling server when this node leads, and closes everything in reverse order.
 * Thread-safe: plugins call the context from their own threads.
 */
final class PluginHost implements HostedPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** Where each plugin's callbacks go. */
    record Wiring(Consumer<Link> incomingLinks, SignalingListener signalingListener,
                  ElectionListener electionListener, SignalSender signals) {
    }

    private final NodeIdentity identity;
    private final LiveControlConfig config;
    private final Clock clock;
    private final DiscoveryProvider discoveryProvider;
    private final ElectionProvider electionProvider;
    private final SignalingProvider signalingProvider;
    private final List<TransportProvider> transportProviders;
    private final ScheduledExecutorService scheduler;
    private final Context context = new Context();
    /** Paired mode: which discovered nodes the election may see at all (internal/trust). */
    private final TrustGate trustGate;

    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private volatile SignalingClient client;
    private volatile Discovery discovery;
    private volatile Election election;
    private volatile SignalSender signals;
    /** The signaling port: the leader's server or the standby page server; reserved by {@link #start}. */
    private volatile SignalingPort port;

    PluginHost(NodeIdentity identity, LiveControlConfig config, Clock clock, DiscoveryProvider discoveryProvider,
               ElectionProvider electionProvider, SignalingProvider signalingProvider,
               List<TransportProvider> transportProviders) {
        this.identity = identity;
        this.trustGate = new TrustGate(identity.trust(), identity.displayName());
        this.config = config;
        this.clock = clock;
        this.discoveryProvider = discoveryProvider;
        this.electionProvider = electionProvider;
        this.signalingProvider = signalingProvider;
        this.transportProviders = List.copyOf(transportProviders);
        // Plugins get their own scheduler so a plugin's timer never waits behind node work. One thread: its tasks
        // (heartbeats, timeouts, retries, Jetty's connect and idle timeouts) are short and never block
        // (ProviderContext.scheduler's contract), so a second thread only sat idle on every node.
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                DaemonThreadFactory.forNode(identity.id(), "livecontrol-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
    }

    /**
     * Creates and starts every plugin: the signaling client, each transport (one that fails is skipped and
     * logged; none at all fails the start), discovery, then the election, which may start serving at once.
     */
    void start(Wiring wiring) {
        signals = wiring.signals();
        port = new SignalingPort(identity.displayName(), config.signalingBindAddress(), config.signalingPort());
        SignalingClient c = signalingProvider.createClient(context);
        c.setListener(wiring.signalingListener());
        client = c;
        List<String> startFailures = new ArrayList<>();
        for (TransportProvider p : transportProviders) {
            try {
                Transport t = p.create(context);
                t.start(wiring.incomingLinks()::accept);
                transports.add(t);
            } catch (RuntimeException | LinkageError e) {
                startFailures.add("'" + p.name() + "': " + e);
                LOG.warn("transport '{}' failed to start and is skipped: {}", p.name(), e.toString());
            }
        }
        if (transports.isEmpty()) {
            throw new LiveControlException("no transport could start: " + String.join("; ", startFailures));
        }
        port.follow(signalingProvider.createStandbyServer(context).orElse(null));
        Discovery d = discoveryProvider.create(context);
        discovery = d;
        d.start(announcement(), new ForwardingDiscoveryListener());
        Election e = electionProvider.create(context);
        election = e;
        e.start(wiring.electionListener());
    }

    @Override
    public SignalingClient client() {
        return client;
    }

    @Override
    public List<Transport> transports() {
        return transports;
    }

    @Override
    public Election election() {
        return election;
    }

    @Override
    public int servingPort() {
        SignalingPort p = port;
        return p == null ? 0 : p.port();
    }

    String describe() {
        return "discovery=" + discoveryProvider.name() + ", election=" + electionProvider.name() + ", signaling="
                + signalingProvider.name() + ", transports=" + transports.stream().map(Transport::name).toList();
    }

    /** The leader this node follows now: the standby server points pages at it. */
    void leaderChanged(LeaderStatus status) {
        SignalingPort p = port;
        if (p != null) {
            p.leaderChanged(status);
        }
    }

    /** Closes the plugins, the election first (so it stops serving), discovery last (its goodbye goes out). */
    void close() {
        if (port != null) {
            port.closing();
        }
        quietly("election", () -> {
            if (election != null) {
                election.close();
            }
        });
        quietly("signaling server", () -> {
            if (port != null) {
                port.close("leader " + identity.displayName() + " is leaving");
            }
        });
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
        scheduler.shutdownNow();
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("closing {} failed: {}", what, e.toString());
        }
    }

    private Announcement announcement() {
        return new Announcement(identity.id(), identity.type(), identity.displayName(), identity.startedAtMillis(),
                null, 0, servingPort(), Announcement.PROTOCOL_VERSION);
    }

    /** A node says it leads with a better priority: the election probes it (paired mode: only paired nodes). */
    private void leaderNotice(DiscoveredPeer peer) {
        Election e = election;
        if (e != null && trustGate.admitsCandidate(peer.announcement().peerId())) {
            e.leaderNotice(peer);
        }
    }

    /** The node's trust gate: which discovered nodes may be candidates; the start-up line about the mode. */
    TrustGate trustGate() {
        return trustGate;
    }

    /** Discovery's news goes to the election (a DiscoveryListener by contract); a network change also to every transport. */
    private final class ForwardingDiscoveryListener implements DiscoveryListener {
        @Override
        public void peerSeen(DiscoveredPeer peer) {
            if (!trustGate.admitsCandidate(peer.announcement().peerId())) {
                return; // paired mode: a device outside the trust list is never a candidate
            }
            Election e = election;
            if (e != null) {
                e.peerSeen(peer);
            }
        }

        @Override
        public void peerGone(PeerId peer) {
            Election e = election;
            if (e != null) {
                e.peerGone(peer);
            }
        }

        @Override
        public void networkChanged() {
            Election e = election;
            if (e != null) {
                e.networkChanged();
            }
            transports.forEach(Transport::networkChanged);
        }
    }

    /** What every plugin gets. One object implements every context, so plugins share one view of the node. */
    private final class Context implements ProviderContext, TransportContext, ElectionContext, LeaderProbe,
            Leadership {
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
            return config;
        }

        /** The port this node reserved and announced; the election repeats it in its announcements. */
        @Override
        public int signalingPort() {
            return servingPort();
        }

        @Override
        public Optional<DeviceKey> deviceKey() {
            return Optional.ofNullable(identity.deviceKey());
        }

        @Override
        public Optional<org.mobileworship.livecontrol.api.spi.signaling.RoomTrust> trust() {
            return Optional.ofNullable(identity.trust());
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public SignalSender signaling() {
            return signals;
        }

        @Override
        public Discovery discovery() {
            return trustGate().filtered(discovery); // paired mode: the election lists no unpaired candidates
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
        public CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout) {
            SignalingClient c = client;
            if (c == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            // paired mode: the answer counts only if the leader proves the key its id names (TrustGate)
            String challenge = trustGate().probeChallenge();
            return challenge == null ? c.probe(endpoint, timeout)
                    : c.probe(endpoint, timeout, challenge)
                            .thenApply(answer -> trustGate().believe(endpoint, challenge, answer));
        }

        @Override
        public void tellLeader(InetSocketAddress worseLeader, Announcement self) {
            SignalingClient c = client;
            if (c != null) {
                c.tellLeader(worseLeader, self);
            }
        }

        @Override
        public InetSocketAddress startServing(long term) {
            return port.lead(() -> {
                SignalingServer s = signalingProvider.createServer(this);
                s.onLeaderNotice(PluginHost.this::leaderNotice);
                return s;
            }, identity.id(), term);
        }

        @Override
        public void stopServing(String reason) {
            port.stopLeading(reason);
        }
    }
}
