package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;

/**
 * The guarantees of {@link Election}, as tests an election plugin inherits: exactly one leader that every
 * node reports, the seed's priority (controller &gt; display, then earlier start), re-election with a higher
 * term when the leader leaves, no pre-emption of a healthy leader, {@code leaderUnreachable} about a
 * healthy leader changes nothing, a closing leader stops serving first, terms never go backwards.
 *
 * <p>The test plays the runtime: each node reserves a signaling port, announces it from its first record
 * and tells the election through {@link ElectionContext#signalingPort()}; it gets a started {@link Discovery}
 * (from {@link #createDiscovery}) whose callbacks are forwarded to the election (an election is a
 * {@link org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener} by contract), a {@link Leadership}
 * whose "server" is a fake endpoint on that port registered with a shared fake {@link LeaderProbe}, and —
 * like a runtime whose signaling connection dropped — every other node's election hears
 * {@link Election#leaderUnreachable} when a leader stops serving.
 *
 * <p>Extend it and implement {@link #createElection(ElectionContext)}. The default discovery is the
 * testkit's in-memory one on a per-test {@link InMemoryNetwork}; override {@link #createDiscovery} to use
 * yours (e.g. mDNS) and {@link #convergenceTimeout()} to match its speed; {@link #config()} adds
 * configuration (e.g. shorter election timeouts).
 *
 * <p><b>Fake time.</b> Override {@link #fakeTime()} to return a {@link ManualScheduler}: every node then
 * gets it as {@code scheduler()} and its {@code clock()}, the runtime's side runs on it too, the default
 * discovery becomes a synchronous in-memory room, and the test advances fake time instead of waiting (timeouts
 * are then fake time). An election that takes all its time from its context runs deterministically — the
 * election module's {@code BullyElectionContractTest} does:
 * <pre>{@code
 * class BullyElectionContractTest extends ElectionContractTest {
 *     private final ManualScheduler time = new ManualScheduler(1_700_000_000_000L);
 *     @Override protected ManualScheduler fakeTime() { return time; }
 *     @Override protected Election createElection(ElectionContext c) {
 *         return new BullyElection(c, ElectionSettings.from(c.config()), time, time, () -> { });
 *     }
 * }
 * }</pre>
 *
 * <p>Why one class of this size: it is the election TCK — one test method per clause of the {@code Election}
 * contract, in one class a plugin author extends.
 */
public abstract class ElectionContractTest {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<InetSocketAddress, LeaderHealth> serving = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(47000);
    private ExecutorService runtimeThread;
    private ManualScheduler time;
    private FakeTimeRoom room;
    private String networkName;

    protected abstract Election createElection(ElectionContext context);

    /**
     * A discovery for one node; the test starts it. Default: in-memory, on this test's own network (on fake
     * time: a synchronous in-memory room, whose records are visible at once and never lost).
     */
    protected Discovery createDiscovery(ProviderContext context) {
        return time != null ? room.join(context.localId()) : new InMemoryDiscoveryProvider().create(context);
    }

    /**
     * Fake time for every node (its scheduler and clock), or {@code null} (the default) for real time. Called
     * once per test, before the first node starts.
     */
    protected ManualScheduler fakeTime() {
        return null;
    }

    /** Configuration of every node (the in-memory network key is added). */
    protected Map<String, String> config() {
        return Map.of();
    }

    /** How long the nodes may take to agree after a change. */
    protected Duration convergenceTimeout() {
        return Duration.ofSeconds(20);
    }

    /** How long a decision must hold to count as stable (no pre-emption, no flapping). */
    protected Duration stabilityWindow() {
        return Duration.ofSeconds(1);
    }

    @BeforeEach
    void newNetwork() {
        networkName = "election-contract-" + PeerId.random();
        time = fakeTime();
        if (time != null) {
            room = new FakeTimeRoom(time.clock());
            runtimeThread = null;
        } else {
            runtimeThread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("election-contract-runtime"));
        }
    }

    @AfterEach
    void closeAll() {
        for (Node n : nodes) {
            n.close();
        }
        if (runtimeThread != null) {
            runtimeThread.shutdownNow();
        }
        InMemoryNetwork.reset(networkName);
    }

    /** Waits (real time) or advances fake time until {@code condition} holds; returns how long that took. */
    private Duration awaitUntil(java.util.concurrent.Callable<Boolean> condition, Duration max) {
        if (time != null) {
            return time.advanceUntil(() -> call(condition), max, Duration.ofMillis(10));
        }
        long t0 = System.nanoTime();
        await().atMost(max).until(condition);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Asserts {@code condition} keeps holding for {@link #stabilityWindow()} (real or fake time). */
    private void assertStable(java.util.concurrent.Callable<Boolean> condition) {
        if (time != null) {
            time.assertHoldsFor(() -> call(condition), stabilityWindow(), Duration.ofMillis(10));
            return;
        }
        await().during(stabilityWindow()).atMost(stabilityWindow().multipliedBy(3)).until(condition);
    }

    private static boolean call(java.util.concurrent.Callable<Boolean> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String clockName() {
        return time != null ? "fake ms" : "ms";
    }

    private final LeaderProbe probe = (endpoint, timeout) ->
            CompletableFuture.completedFuture(Optional.ofNullable(endpoint == null ? null : serving.get(endpoint)));

    /** One simulated node. */
    protected final class Node {
        final String name;
        final TestContext context;
        final TestContext base;
        final Discovery discovery;
        final Election election;
        final List<LeaderStatus> statuses = new ArrayList<>();
        /** The port this node reserved: announced from the start, served on when elected. */
        final InetSocketAddress reserved;
        volatile Election forwardTo;
        volatile InetSocketAddress servingAt;
        volatile long servingTerm;
        volatile boolean closed;

        Node(String name, PeerType type, long startedAt) {
            this.name = name;
            PeerId id = PeerId.of(name + "-" + PeerId.random());
            Map<String, String> cfg = new HashMap<>(config());
            cfg.putIfAbsent(InMemoryNetwork.CONFIG_KEY, networkName);
            reserved = new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort.getAndIncrement());
            Leadership leadership = new Leadership() {
                @Override
                public synchronized InetSocketAddress startServing(long term) {
                    if (servingAt == null) {
                        servingAt = reserved;
                    }
                    servingTerm = term;
                    serving.put(servingAt, new LeaderHealth(id, term, 0));
                    return servingAt;
                }

                @Override
                public synchronized void stopServing(String reason) {
                    InetSocketAddress was = servingAt;
                    if (was == null) {
                        return;
                    }
                    servingAt = null;
                    serving.remove(was);
                    // Like the runtime: every follower's signaling connection to this leader drops.
                    (time != null ? time : runtimeThread).execute(() -> {
                        for (Node other : List.copyOf(nodes)) {
                            if (other != Node.this && !other.closed
                                    && other.election.status().leader().map(id::equals).orElse(false)) {
                                other.election.leaderUnreachable(id, "signaling connection closed: " + reason);
                            }
                        }
                    });
                }
            };
            base = builder(id, type, startedAt, cfg).build();
            discovery = createDiscovery(base);
            context = builder(id, type, startedAt, cfg).discovery(discovery).probe(probe).leadership(leadership)
                    .signalingPort(reserved.getPort()).build();
            // Like the runtime: discovery callbacks are forwarded to the election once it exists.
            discovery.start(new Announcement(id, type, name, startedAt, null, 0, reserved.getPort(),
                    Announcement.PROTOCOL_VERSION), new ForwardingListener(this));
            election = createElection(context);
            forwardTo = election;
            nodes.add(this);
            election.start(status -> {
                synchronized (statuses) {
                    statuses.add(status);
                }
            });
        }

        private TestContext.Builder builder(PeerId id, PeerType type, long startedAt, Map<String, String> cfg) {
            TestContext.Builder b = TestContext.builder(id, type).displayName(name).startedAtMillis(startedAt)
                    .config(cfg);
            if (time != null) {
                b.scheduler(time).clock(time.clock());
            }
            return b;
        }

        PeerId id() {
            return context.localId();
        }

        boolean isServing() {
            return servingAt != null;
        }

        List<LeaderStatus> statuses() {
            synchronized (statuses) {
                return new ArrayList<>(statuses);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            election.close();
            discovery.close();
            context.close();
            base.close();
        }
    }

    /** Forwards one node's discovery callbacks to its election, as the runtime does. */
    private static final class ForwardingListener implements org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener {
        private final Node node;

        ForwardingListener(Node node) {
            this.node = node;
        }

        @Override
        public void peerSeen(org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer peer) {
            Election e = node.forwardTo;
            if (e != null && !node.closed) {
                e.peerSeen(peer);
            }
        }

        @Override
        public void peerGone(PeerId peer) {
            Election e = node.forwardTo;
            if (e != null && !node.closed) {
                e.peerGone(peer);
            }
        }
    }

    /** Starts a node now; {@code startedAt} is its election start time (earlier wins among equal ranks). */
    protected Node node(String name, PeerType type, long startedAt) {
        return new Node(name, type, startedAt);
    }

    private List<Node> live() {
        return nodes.stream().filter(n -> !n.closed).toList();
    }

    /** True when every live node reports {@code leader} and only it serves. */
    private boolean agreeOn(Node leader) {
        for (Node n : live()) {
            LeaderStatus s = n.election.status();
            if (!s.hasLeader() || !s.leaderId().equals(leader.id()) || s.self() != (n == leader)) {
                return false;
            }
            if (n.isServing() != (n == leader)) {
                return false;
            }
        }
        return true;
    }

    private void assertTermsNeverDecrease() {
        for (Node n : nodes) {
            List<LeaderStatus> seen = n.statuses();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).term()).as("terms reported to %s: %s", n.name, seen)
                        .isGreaterThanOrEqualTo(seen.get(i - 1).term());
            }
        }
    }

    /**
     * Nodes started back to back (within milliseconds, as here) count as starting together: the election
     * must give discovery a moment before electing, so the seed's priority decides.
     */
    @Test
    void exactlyOneLeaderAndEveryNodeAgrees() {
        Node stage = node("display-stage", PeerType.display(DisplayClass.STAGE), 1_000);
        Node controller = node("controller", PeerType.controller(), 2_000);
        Node audience = node("display-audience", PeerType.display(DisplayClass.AUDIENCE), 500);
        Duration took = awaitUntil(() -> agreeOn(controller), convergenceTimeout());
        System.out.printf("[contract] 3 nodes agreed on the controller after %d %s%n", took.toMillis(),
                clockName());
        LeaderStatus leaderView = controller.election.status();
        assertThat(leaderView.self()).isTrue();
        assertThat(leaderView.endpoint()).isEqualTo(controller.servingAt);
        assertThat(stage.election.status().endpoint()).isEqualTo(controller.servingAt);
        assertThat(audience.election.status().endpoint()).isEqualTo(controller.servingAt);
        assertThat(live().stream().filter(Node::isServing).count()).isEqualTo(1);
        assertThat(controller.statuses()).last().satisfies(s -> assertThat(s.self()).isTrue());
        assertTermsNeverDecrease();
    }

    @Test
    void whenTheLeaderLeavesTheRestElectANewOneWithAHigherTerm() {
        Node controller = node("controller", PeerType.controller(), 1_000);
        Node early = node("display-early", PeerType.display(DisplayClass.AUDIENCE), 1_500);
        Node late = node("display-late", PeerType.display(DisplayClass.STAGE), 3_000);
        awaitUntil(() -> agreeOn(controller), convergenceTimeout());
        long firstTerm = early.election.status().term();
        controller.close();
        assertThat(controller.isServing()).as("a closing leader stops serving first").isFalse();
        Duration took = awaitUntil(() -> agreeOn(early), convergenceTimeout());
        System.out.printf("[contract] re-election after the leader left took %d %s%n", took.toMillis(),
                clockName());
        assertThat(early.election.status().term()).isGreaterThan(firstTerm);
        assertThat(late.election.status().term()).isGreaterThan(firstTerm);
        assertTermsNeverDecrease();
    }

    @Test
    void aHealthyLeaderIsNotPreemptedByABetterNodeJoiningLater() {
        Node first = node("display-first", PeerType.display(DisplayClass.AUDIENCE), 1_000);
        Node second = node("display-second", PeerType.display(DisplayClass.STAGE), 2_000);
        awaitUntil(() -> agreeOn(first), convergenceTimeout());
        long term = first.election.status().term();
        Node controller = node("controller", PeerType.controller(), 500);
        awaitUntil(() -> agreeOn(first), convergenceTimeout());
        assertStable(() -> agreeOn(first));
        assertThat(first.election.status().term()).isEqualTo(term);
        assertThat(controller.isServing()).isFalse();
        assertThat(second.isServing()).isFalse();
        assertTermsNeverDecrease();
    }

    @Test
    void leaderUnreachableAboutAHealthyLeaderChangesNothing() {
        Node leader = node("controller", PeerType.controller(), 1_000);
        Node follower = node("display", PeerType.display(DisplayClass.AUDIENCE), 2_000);
        awaitUntil(() -> agreeOn(leader), convergenceTimeout());
        long term = follower.election.status().term();
        follower.election.leaderUnreachable(leader.id(), "contract test: false alarm");
        assertStable(() -> agreeOn(leader));
        assertThat(leader.election.status().term()).isEqualTo(term);
        assertTermsNeverDecrease();
    }

    @Test
    void aLoneNodeLeadsItself() {
        Node alone = node("display", PeerType.display(DisplayClass.LOBBY), 1_000);
        awaitUntil(() -> agreeOn(alone), convergenceTimeout());
        assertThat(alone.election.status().self()).isTrue();
        assertThat(alone.election.status().term()).isPositive();
        alone.close();
        assertThat(alone.isServing()).isFalse();
    }
}
