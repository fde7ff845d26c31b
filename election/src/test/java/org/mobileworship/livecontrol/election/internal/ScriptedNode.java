package org.mobileworship.livecontrol.election.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.testkit.ManualScheduler;

/**
 * One real {@link BullyElection} whose whole world is scripted by the test, on fake time: the peers discovery
 * lists, what each endpoint answers when probed (or a probe held open until the test completes it), and a
 * recording {@link Leadership}. Leadership calls run on {@link #worker}, a queue the test drains explicitly
 * ({@link #runWorker}) unless {@code workerIsLoop}, so tests can see what happens on the loop meanwhile.
 */
final class ScriptedNode {
    static final long T0 = 1_700_000_000_000L;
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final ManualScheduler time = new ManualScheduler(T0);
    final ElectionSettings settings = ElectionSettings.defaults();
    final PeerId id;
    final PeerType type;
    final int port;
    final Map<PeerId, DiscoveredPeer> visible = new LinkedHashMap<>();
    /** Probe answers by port; a port without entry does not answer. */
    final Map<Integer, LeaderHealth> answers = new HashMap<>();
    /** When true, probes stay open until the test completes them from {@link #heldProbes}. */
    boolean holdProbes;
    final List<HeldProbe> heldProbes = new ArrayList<>();
    /** Fake times (ms since T0) of the probes sent, by port. */
    final Map<Integer, List<Long>> probesAt = new HashMap<>();
    final List<Long> startServingTerms = new ArrayList<>();
    final List<Long> startServingAtMillis = new ArrayList<>();
    final List<String> stopReasons = new ArrayList<>();
    final List<Announcement> announced = new ArrayList<>();
    final List<LeaderStatus> statuses = new ArrayList<>();
    boolean failServe;
    private final Queue<Runnable> workerQueue = new ArrayDeque<>();
    final Executor worker;
    final BullyElection election;

    record HeldProbe(InetSocketAddress endpoint, CompletableFuture<Optional<LeaderHealth>> answer) {
    }

    ScriptedNode(PeerType type, long startedAt, String id, boolean workerIsLoop) {
        this.type = type;
        this.id = PeerId.of(id);
        this.port = 30000;
        this.worker = workerIsLoop ? time : workerQueue::add;
        this.election = new BullyElection(context(startedAt), settings, time, worker, () -> { });
    }

    LeaderStatus status() {
        return election.status();
    }

    void start() {
        election.start(statuses::add);
        time.runPending();
    }

    void run(Duration d) {
        time.advance(d);
    }

    void runWorker() {
        Runnable r;
        while ((r = workerQueue.poll()) != null) {
            r.run();
        }
        time.runPending();
    }

    int queuedLeadershipCalls() {
        return workerQueue.size();
    }

    /** A peer record as discovery would list it. */
    static DiscoveredPeer peer(String id, PeerType type, long startedAt, int port) {
        return new DiscoveredPeer(new Announcement(PeerId.of(id), type, id, startedAt, null, 0, port,
                Announcement.PROTOCOL_VERSION), List.of(LOOPBACK), java.time.Instant.ofEpochMilli(T0));
    }

    /** Makes {@code p} visible and tells the election, as the runtime forwards discovery callbacks. */
    void see(DiscoveredPeer p) {
        visible.put(p.announcement().peerId(), p);
        election.peerSeen(p);
        time.runPending();
    }

    void leads(DiscoveredPeer p, long term) {
        answers.put(p.announcement().signalingPort(), new LeaderHealth(p.announcement().peerId(), term, 0));
    }

    private ElectionContext context(long startedAt) {
        Discovery discovery = new Discovery() {
            @Override
            public void start(Announcement self, DiscoveryListener listener) {
            }

            @Override
            public void announce(Announcement self) {
                announced.add(self);
            }

            @Override
            public List<DiscoveredPeer> peers() {
                return List.copyOf(visible.values());
            }

            @Override
            public void close() {
            }
        };
        LeaderProbe probe = (InetSocketAddress ep, Duration timeout) -> {
            probesAt.computeIfAbsent(ep.getPort(), k -> new ArrayList<>()).add(time.now() - T0);
            if (holdProbes) {
                CompletableFuture<Optional<LeaderHealth>> f = new CompletableFuture<>();
                heldProbes.add(new HeldProbe(ep, f));
                return f;
            }
            CompletionStage<Optional<LeaderHealth>> r =
                    CompletableFuture.completedFuture(Optional.ofNullable(answers.get(ep.getPort())));
            return r;
        };
        Leadership leadership = new Leadership() {
            @Override
            public InetSocketAddress startServing(long term) {
                startServingTerms.add(term);
                startServingAtMillis.add(time.now() - T0);
                if (failServe) {
                    throw new LiveControlException("port " + port + " already in use");
                }
                return new InetSocketAddress(LOOPBACK, port);
            }

            @Override
            public void stopServing(String reason) {
                stopReasons.add(reason);
            }
        };
        return new ElectionContext() {
            @Override
            public Discovery discovery() {
                return discovery;
            }

            @Override
            public LeaderProbe probe() {
                return probe;
            }

            @Override
            public Leadership leadership() {
                return leadership;
            }

            @Override
            public int signalingPort() {
                return port;
            }

            @Override
            public PeerId localId() {
                return id;
            }

            @Override
            public PeerType localType() {
                return type;
            }

            @Override
            public String displayName() {
                return id.value();
            }

            @Override
            public long startedAtMillis() {
                return startedAt;
            }

            @Override
            public Config config() {
                return key -> Optional.empty();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return time;
            }

            @Override
            public Clock clock() {
                return time.clock();
            }
        };
    }
}
