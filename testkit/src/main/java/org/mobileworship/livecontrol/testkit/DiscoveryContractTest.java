package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;

/**
 * The guarantees of {@link Discovery}, as tests a discovery plugin inherits.
 *
 * <p>Extend it and implement {@link #createDiscovery(ProviderContext)}; several instances in one JVM must
 * be able to see each other (for mDNS: bound to the same interface). Override {@link #visibilityTimeout()}
 * for slow discovery (jmdns takes 4–5 s for a new service), {@link #closeBound()}, and {@link #config()}
 * for per-test configuration (read again for every node, so a per-test network name set in a
 * {@code @BeforeEach} works):
 * <pre>{@code
 * class MdnsDiscoveryContractTest extends DiscoveryContractTest {
 *     @Override protected Discovery createDiscovery(ProviderContext c) { return new MdnsDiscoveryProvider().create(c); }
 *     @Override protected Duration visibilityTimeout() { return Duration.ofSeconds(20); }
 * }
 * }</pre>
 */
public abstract class DiscoveryContractTest {
    private final List<Discovery> created = new ArrayList<>();
    private final List<TestContext> contexts = new ArrayList<>();

    protected abstract Discovery createDiscovery(ProviderContext context);

    protected Map<String, String> config() {
        return Map.of();
    }

    /** How long an announcement (or a change of it) may take to reach another instance. */
    protected Duration visibilityTimeout() {
        return Duration.ofSeconds(15);
    }

    /** How long {@code start} and {@code close} may block. */
    protected Duration closeBound() {
        return Duration.ofSeconds(5);
    }

    /** How long a closed peer may take to disappear from the others' {@code peers()} or be reported gone. */
    protected Duration goneTimeout() {
        return Duration.ofSeconds(15);
    }

    @AfterEach
    void closeAll() {
        created.forEach(Discovery::close);
        contexts.forEach(TestContext::close);
    }

    /**
     * Last say over each plugin context the contract builds: supply a scheduler and clock for the plugin's own
     * timers (e.g. {@code b.scheduler(time).clock(time.clock())} with a {@link ManualScheduler}). The default
     * leaves the context's own scheduler and the system clock.
     */
    protected TestContext.Builder context(TestContext.Builder builder) {
        return builder;
    }

    /** A started node. */
    protected final class Node {
        final TestContext context;
        final Discovery discovery;
        final RecordingDiscoveryListener listener = new RecordingDiscoveryListener();
        Announcement self;

        Node(String name, PeerType type) {
            PeerId id = PeerId.of(name + "-" + PeerId.random());
            context = DiscoveryContractTest.this.context(TestContext.builder(id, type).displayName(name)
                    .config(config())).build();
            contexts.add(context);
            discovery = createDiscovery(context);
            created.add(discovery);
            self = new Announcement(id, type, name, context.startedAtMillis(), null, 0, 0,
                    Announcement.PROTOCOL_VERSION);
            long t0 = System.nanoTime();
            discovery.start(self, listener);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("[contract] discovery start of %s returned after %d ms%n", name, ms);
            assertThat(Duration.ofMillis(ms)).as("start must not wait for the network").isLessThan(closeBound());
        }

        PeerId id() {
            return context.localId();
        }

        Optional<DiscoveredPeer> find(PeerId peer) {
            return discovery.peers().stream().filter(p -> p.announcement().peerId().equals(peer)).findFirst();
        }
    }

    @Test
    void twoInstancesSeeEachOther() {
        Node a = new Node("controller", PeerType.controller());
        Node b = new Node("display", PeerType.display(DisplayClass.STAGE));
        await().atMost(visibilityTimeout()).until(() -> a.find(b.id()).isPresent() && b.find(a.id()).isPresent());
        Announcement seenByA = a.find(b.id()).orElseThrow().announcement();
        assertThat(seenByA.peerType()).isEqualTo(PeerType.display(DisplayClass.STAGE));
        assertThat(seenByA.displayName()).isEqualTo("display");
        assertThat(seenByA.startedAtMillis()).isEqualTo(b.self.startedAtMillis());
        assertThat(seenByA.protocolVersion()).isEqualTo(Announcement.PROTOCOL_VERSION);
        assertThat(b.find(a.id()).orElseThrow().announcement().peerType()).isEqualTo(PeerType.controller());
        await().atMost(visibilityTimeout()).until(() -> a.listener.latest(b.id()).isPresent()
                && b.listener.latest(a.id()).isPresent());
    }

    @Test
    void peersNeverContainsTheLocalNodeAndListenersNeverHearOfIt() {
        Node a = new Node("a", PeerType.controller());
        Node b = new Node("b", PeerType.display(DisplayClass.AUDIENCE));
        await().atMost(visibilityTimeout()).until(() -> a.find(b.id()).isPresent() && b.find(a.id()).isPresent());
        a.discovery.announce(a.self.withLeader(a.id(), 1, 3010));
        await().atMost(visibilityTimeout()).until(() -> b.find(a.id()).map(p -> p.announcement().term() == 1)
                .orElse(false));
        assertThat(a.find(a.id())).isEmpty();
        assertThat(b.find(b.id())).isEmpty();
        assertThat(a.listener.latest(a.id())).isEmpty();
        assertThat(b.listener.latest(b.id())).isEmpty();
    }

    @Test
    void announceUpdatesPropagate() {
        Node a = new Node("leader", PeerType.controller());
        Node b = new Node("follower", PeerType.display(DisplayClass.AUDIENCE));
        await().atMost(visibilityTimeout()).until(() -> b.find(a.id()).isPresent());
        a.discovery.announce(a.self.withLeader(a.id(), 3, 3010));
        await().atMost(visibilityTimeout()).until(() -> b.find(a.id())
                .map(p -> p.announcement().term() == 3).orElse(false));
        Announcement seen = b.find(a.id()).orElseThrow().announcement();
        assertThat(seen.leaderId()).isEqualTo(a.id());
        assertThat(seen.signalingPort()).isEqualTo(3010);
        assertThat(seen.claimsLeadership()).isTrue();
        assertThat(b.listener.latest(a.id()).orElseThrow().announcement().term()).isEqualTo(3);
    }

    @Test
    void anAnnounceRightAfterStartStillReachesBrowsers() {
        // jmdns issue #252: setText() while the service is still being probed made it invisible.
        Node b = new Node("browser", PeerType.display(DisplayClass.LOBBY));
        Node a = new Node("fast", PeerType.controller());
        a.discovery.announce(a.self.withLeader(a.id(), 7, 3011));
        await().atMost(visibilityTimeout()).until(() -> b.find(a.id())
                .map(p -> p.announcement().term() == 7 && p.announcement().signalingPort() == 3011).orElse(false));
    }

    @Test
    void aClosedPeerIsReportedGoneOrDisappears() {
        Node a = new Node("stays", PeerType.controller());
        Node b = new Node("leaves", PeerType.display(DisplayClass.AUDIENCE));
        await().atMost(visibilityTimeout()).until(() -> a.find(b.id()).isPresent());
        b.discovery.close();
        await().atMost(goneTimeout()).until(() -> a.listener.gone().contains(b.id()) || a.find(b.id()).isEmpty());
        System.out.printf("[contract] closed peer: reported gone=%s, still listed=%s%n",
                a.listener.gone().contains(b.id()), a.find(b.id()).isPresent());
    }

    @Test
    void closeReturnsWithinBoundedTimeAndIsIdempotent() {
        Node a = new Node("a", PeerType.controller());
        Node b = new Node("b", PeerType.display(DisplayClass.AUDIENCE));
        await().atMost(visibilityTimeout()).until(() -> a.find(b.id()).isPresent());
        long t0 = System.nanoTime();
        a.discovery.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("[contract] discovery close returned after %d ms%n", ms);
        assertThat(Duration.ofMillis(ms)).isLessThan(closeBound());
        long t1 = System.nanoTime();
        a.discovery.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(closeBound());
    }
}
