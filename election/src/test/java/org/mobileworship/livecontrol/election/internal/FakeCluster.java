package org.mobileworship.livecontrol.election.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * An in-memory room for election tests: fake mDNS (records linger after a crash, optional visibility delay
 * for newly started nodes, partitions, optionally TXT updates that never arrive), fake probes answered by each
 * node's fake signaling server <em>only while it serves</em>, a fake runtime (announces its reserved port from
 * the start, reports "leader unreachable" to followers when their leader's server closes), all on one
 * deterministic {@link ManualScheduler}.
 */
final class FakeCluster {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final ManualScheduler sched = new ManualScheduler(1_700_000_000_000L);
    final ElectionSettings settings = ElectionSettings.defaults();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Delay before a started node's record becomes visible to others (jmdns probing: 4-5 s). */
    Duration visibilityDelay = Duration.ZERO;
    /** Whether re-announcements (TXT updates) reach other nodes; jmdns sometimes never delivers them. */
    boolean txtUpdates = true;
    /** Whether a follower's fake runtime reports its leader unreachable when that leader stops serving. */
    boolean runtimeReportsClose = true;
    /** Number of probes issued by all nodes (diagnostics). */
    int probes;
    private final Set<Set<String>> cuts = new HashSet<>();
    private final Set<Set<String>> hidden = new HashSet<>();
    private final Set<List<String>> hiddenFrom = new HashSet<>();
    private final Set<List<String>> stalled = new HashSet<>();
    /**
     * Whether a probe across a cut hangs until its timeout (a LAN partition drops packets silently: the TCP connect
     * gets no answer) instead of failing at once.
     */
    boolean cutsHang;
    /** Whether leader notices ({@code LeaderProbe.tellLeader}) reach the node they are sent to. */
    boolean leaderNotices = true;
    /** How many of the next leader notices are lost on the way (a loss burst). */
    int noticesToLose;
    /** Leader notices delivered (diagnostics). */
    int noticesSent;
    private int nextPort = 20000;

    Node node(String name, PeerType type, long startedAtMillis, String id) {
        Node n = new Node(name, type, startedAtMillis, PeerId.of(id), nextPort++);
        nodes.put(name, n);
        return n;
    }

    /**
     * Probes from {@code viewer} to {@code target} hang until their timeout while everything else stays as it is
     * (records listed, the target serving): a brief stall on the path between two nodes. {@link #heal} ends it.
     */
    void stallProbes(String viewer, String target) {
        stalled.add(List.of(viewer, target));
    }

    void cut(String a, String b) {
        cuts.add(Set.of(a, b));
    }

    void heal() {
        cuts.clear();
        stalled.clear();
    }

    /**
     * mDNS loses the two nodes' records for each other (they still reach each other over the network): what
     * the LAN chaos schedules showed, a jmdns instance that never sees a peer's record again after a heal.
     */
    void hideRecords(String a, String b) {
        hidden.add(Set.of(a, b));
    }

    /** mDNS never shows {@code owner}'s record to {@code viewer} (one way: the viewer's record still reaches it). */
    void hideRecordOf(String owner, String viewer) {
        hiddenFrom.add(List.of(owner, viewer));
    }

    boolean canReach(Node a, Node b) {
        return !cuts.contains(Set.of(a.name, b.name));
    }

    void run(Duration d) {
        sched.advance(d);
    }

    List<Node> alive() {
        return nodes.values().stream().filter(n -> n.alive).toList();
    }

    /** Alive nodes that believe they lead and serve. */
    List<Node> leaders() {
        return alive().stream().filter(n -> n.serving && n.election.status().self()).toList();
    }

    final class Node {
        final String name;
        final PeerId id;
        final PeerType type;
        final long startedAt;
        final int port;
        /** What the node last announced. */
        Announcement announcement;
        /** What other nodes see (stays at the first announcement when {@link #txtUpdates} is off). */
        Announcement published;
        /** Whether the fake runtime tells the election its port through {@code ElectionContext.signalingPort()}. */
        boolean portInContext = true;
        /** Fake time when it last started serving. */
        long servingSince = -1;
        boolean alive;
        /** Frozen by {@link #freeze}: probes of it hang until their timeout. */
        boolean frozen;
        boolean registered;
        long visibleAtMillis;
        boolean serving;
        long servingTerm;
        boolean failServe;
        int startServingCalls;
        final List<String> stopReasons = new ArrayList<>();
        final List<LeaderStatus> statuses = new ArrayList<>();
        BullyElection election;
        DiscoveryListener pushTo;

        Node(String name, PeerType type, long startedAt, PeerId id, int port) {
            this.name = name;
            this.type = type;
            this.startedAt = startedAt;
            this.id = id;
            this.port = port;
        }

        Node start() {
            alive = true;
            registered = true;
            visibleAtMillis = sched.now() + visibilityDelay.toMillis();
            // the runtime announces the port it will serve on from the first announcement
            announcement = new Announcement(id, type, name, startedAt, null, 0, port, Announcement.PROTOCOL_VERSION);
            published = announcement;
            election = new BullyElection(context(), settings, sched, sched, () -> { });
            pushTo = election;
            election.start(statuses::add);
            pushToOthers();
            if (visibilityDelay.toMillis() > 0) {
                sched.schedule(this::pushToOthers, visibilityDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return this;
        }

        /**
         * Power loss: like {@link #crash}, but its port still accepts connections (the kernel holds the socket)
         * and nothing answers, so a probe of it fails only when its timeout passes.
         */
        void freeze() {
            crash();
            frozen = true;
        }

        /** kill -9: server gone, mDNS record lingers, nobody is told. */
        void crash() {
            alive = false;
            serving = false;
        }

        /** Graceful exit: election closes (stops serving), the record is withdrawn (peerGone). */
        void exit() {
            election.close();
            alive = false;
            serving = false;
            registered = false;
            for (Node o : alive()) {
                if (o != this && canReach(o, this)) {
                    o.pushTo.peerGone(id);
                }
            }
        }

        @Override
        public String toString() {
            return name;
        }

        LeaderStatus status() {
            return election.status();
        }

        boolean visibleTo(Node other) {
            return registered && other != this && sched.now() >= visibleAtMillis && canReach(this, other)
                    && !hidden.contains(Set.of(name, other.name)) && !hiddenFrom.contains(List.of(name, other.name));
        }

        DiscoveredPeer asPeer() {
            return new DiscoveredPeer(published, List.of(LOOPBACK), Instant.ofEpochMilli(sched.now()));
        }

        private void pushToOthers() {
            for (Node o : alive()) {
                if (visibleTo(o)) {
                    o.pushTo.peerSeen(asPeer());
                }
            }
        }

        private ElectionContext context() {
            Node self = this;
            Discovery discovery = new Discovery() {
                @Override
                public void start(Announcement a, DiscoveryListener l) {
                }

                @Override
                public void announce(Announcement a) {
                    if (alive) {
                        announcement = a;
                        if (txtUpdates) {
                            published = a;
                            pushToOthers();
                        }
                    }
                }

                @Override
                public List<DiscoveredPeer> peers() {
                    return nodes.values().stream().filter(n -> n.visibleTo(self)).map(Node::asPeer).toList();
                }

                @Override
                public void close() {
                }
            };
            LeaderProbe probe = new LeaderProbe() {
                @Override
                public CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress ep, Duration timeout) {
                    probes++;
                    boolean hangs = nodes.values().stream().anyMatch(n -> n.port == ep.getPort()
                            && (((n.frozen || stalled.contains(List.of(self.name, n.name))) && canReach(self, n))
                                    || (cutsHang && n.alive && !canReach(self, n))));
                    if (hangs) {
                        CompletableFuture<Optional<LeaderHealth>> timedOut = new CompletableFuture<>();
                        sched.schedule(() -> timedOut.complete(Optional.empty()), timeout.toMillis(),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                        return timedOut;
                    }
                    Optional<LeaderHealth> h = nodes.values().stream()
                            .filter(n -> n.alive && n.serving && n.port == ep.getPort() && canReach(self, n))
                            .findFirst().map(n -> new LeaderHealth(n.id, n.servingTerm, 0));
                    return CompletableFuture.completedFuture(h);
                }

                @Override
                public void tellLeader(InetSocketAddress worse, Announcement a) {
                    if (!leaderNotices) {
                        return;
                    }
                    if (noticesToLose > 0) {
                        noticesToLose--;
                        return;
                    }
                    nodes.values().stream()
                            .filter(n -> n.alive && n.serving && n.port == worse.getPort() && canReach(self, n))
                            .findFirst().ifPresent(n -> {
                                noticesSent++;
                                n.election.leaderNotice(new DiscoveredPeer(a, List.of(LOOPBACK),
                                        Instant.ofEpochMilli(sched.now())));
                            });
                }
            };
            Leadership leadership = new Leadership() {
                @Override
                public InetSocketAddress startServing(long term) {
                    startServingCalls++;
                    if (failServe) {
                        throw new LiveControlException("port " + port + " already in use");
                    }
                    if (!serving) {
                        servingSince = sched.now();
                    }
                    serving = true;
                    servingTerm = term;
                    return new InetSocketAddress(LOOPBACK, port);
                }

                @Override
                public void stopServing(String reason) {
                    boolean was = serving;
                    serving = false;
                    stopReasons.add(reason);
                    if (was && runtimeReportsClose) {
                        // followers' signaling connections close: their runtimes report the leader unreachable
                        sched.schedule(() -> {
                            for (Node o : alive()) {
                                if (o != self && id.equals(o.election.status().leaderId())) {
                                    o.election.leaderUnreachable(id, "signaling connection closed: " + reason);
                                }
                            }
                        }, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
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
                public PeerId localId() {
                    return id;
                }

                @Override
                public PeerType localType() {
                    return type;
                }

                @Override
                public String displayName() {
                    return name;
                }

                @Override
                public long startedAtMillis() {
                    return startedAt;
                }

                @Override
                public int signalingPort() {
                    return portInContext ? port : 0;
                }

                @Override
                public Config config() {
                    return key -> Optional.empty();
                }

                @Override
                public ScheduledExecutorService scheduler() {
                    return sched;
                }

                @Override
                public Clock clock() {
                    return sched.clock();
                }
            };
        }
    }
}
