package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.testkit.internal.InMemorySignalingServer;
import org.mobileworship.livecontrol.testkit.internal.InMemoryTransport;

/** Registration and the in-memory plugins' own rules beyond the contracts. */
class InMemoryProvidersTest {
    private final String network = "providers-" + PeerId.random();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        InMemoryNetwork.reset(network);
    }

    private TestContext ctx(String name, PeerType type, String... keyValues) {
        TestContext.Builder b = TestContext.builder(PeerId.of(name), type).config(InMemoryNetwork.CONFIG_KEY, network);
        for (int i = 0; i < keyValues.length; i += 2) {
            b.config(keyValues[i], keyValues[i + 1]);
        }
        TestContext c = b.build();
        toClose.add(c);
        return c;
    }

    /**
     * Adding the testkit (for the contract tests) must never change what a real node does: its in-memory
     * providers are not registered in META-INF/services, so ServiceLoader never finds them; tests ask for
     * them explicitly ({@code builder.discovery(new InMemoryDiscoveryProvider())}, {@code LiveControlCluster}).
     */
    @Test
    void serviceLoaderNeverFindsTheInMemoryProviders() {
        List<Provider> found = new ArrayList<>();
        ServiceLoader.load(DiscoveryProvider.class).forEach(found::add);
        ServiceLoader.load(ElectionProvider.class).forEach(found::add);
        ServiceLoader.load(SignalingProvider.class).forEach(found::add);
        ServiceLoader.load(TransportProvider.class).forEach(found::add);
        assertThat(found).extracting(p -> p.getClass().getName())
                .noneMatch(n -> n.startsWith("org.mobileworship.livecontrol.testkit."));
        assertThat(Thread.currentThread().getContextClassLoader().getResource(
                "META-INF/services/" + TransportProvider.class.getName())).as("no service file in the testkit").isNull();
    }

    @Test
    void theInMemoryProvidersAreTestDoublesByNameAndPriority() {
        List<Provider> explicit = List.of(new InMemoryDiscoveryProvider(), new InMemoryElectionProvider(),
                new InMemorySignalingProvider(), new InMemoryTransportProvider());
        assertThat(explicit).allSatisfy(p -> {
            assertThat(p.name()).isEqualTo("in-memory");
            assertThat(p.priority()).isEqualTo(-100);
            assertThat(p.isAvailable()).isTrue();
        });
    }

    @Test
    void aSecondRegistrationOfALiveIdIsRefusedWithIdTaken() {
        SignalingProvider p = new InMemorySignalingProvider();
        SignalingServer server = p.createServer(ctx("leader", PeerType.controller()));
        toClose.add(server);
        InetSocketAddress ep = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                PeerId.of("leader"), 1);
        SignalingClient first = p.createClient(ctx("d1", PeerType.display(DisplayClass.AUDIENCE)));
        SignalingClient impostor = p.createClient(ctx("d1", PeerType.display(DisplayClass.AUDIENCE)));
        toClose.add(first);
        toClose.add(impostor);
        Registration reg = new Registration(PeerId.of("d1"), PeerType.display(DisplayClass.AUDIENCE), "d1", "");
        first.connect(ep, reg).toCompletableFuture().join();
        assertThatThrownBy(() -> impostor.connect(ep, reg).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(SignalingException.class)
                .satisfies(e -> assertThat(((SignalingException) e).code()).isEqualTo(ErrorCodes.ID_TAKEN));
        assertThat(server.registeredPeerCount()).isEqualTo(1);
    }

    @Test
    void aFullServerAnswersServerFull() {
        SignalingProvider p = new InMemorySignalingProvider();
        SignalingServer server = p.createServer(ctx("leader", PeerType.controller(),
                InMemorySignalingServer.MAX_PEERS_KEY, "1"));
        toClose.add(server);
        InetSocketAddress ep = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                PeerId.of("leader"), 1);
        SignalingClient a = p.createClient(ctx("a", PeerType.controller()));
        SignalingClient b = p.createClient(ctx("b", PeerType.controller()));
        toClose.add(a);
        toClose.add(b);
        a.connect(ep, new Registration(PeerId.of("a"), PeerType.controller(), "a", "")).toCompletableFuture().join();
        assertThatThrownBy(() -> b.connect(ep, new Registration(PeerId.of("b"), PeerType.controller(), "b", ""))
                .toCompletableFuture().join()).cause()
                .satisfies(e -> assertThat(((SignalingException) e).code()).isEqualTo(ErrorCodes.SERVER_FULL));
    }

    @Test
    void aTakenPortIsRefusedNamingThePortAndTheFix() {
        SignalingProvider p = new InMemorySignalingProvider();
        SignalingServer one = p.createServer(ctx("one", PeerType.controller()));
        SignalingServer two = p.createServer(ctx("two", PeerType.controller()));
        toClose.add(one);
        toClose.add(two);
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3010);
        assertThat(one.start(bind, PeerId.of("one"), 1).getPort()).isEqualTo(3010);
        assertThatThrownBy(() -> two.start(bind, PeerId.of("two"), 1)).isInstanceOf(LiveControlException.class)
                .hasMessageContaining("3010").hasMessageContaining("port 0");
    }

    @Test
    void anInvalidEncodingIsRejectedNamingTheKey() {
        TestContext c = ctx("x", PeerType.controller(), InMemoryTransport.ENCODING_KEY, "xml");
        assertThatThrownBy(() -> new InMemoryTransportProvider().create(c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(InMemoryTransport.ENCODING_KEY);
    }

    @Test
    void aTransportThatRequiresSignalingCannotConnectWithoutIt() {
        SignalWire wire = new SignalWire();
        toClose.add(wire);
        wire.setConnected(false);
        TestContext c = TestContext.builder(PeerId.of("c"), PeerType.controller())
                .config(InMemoryNetwork.CONFIG_KEY, network).config(InMemoryTransport.REQUIRES_SIGNALING_KEY, "true")
                .signaling(wire.sender(PeerId.of("c"))).build();
        toClose.add(c);
        var t = new InMemoryTransportProvider().create(c);
        toClose.add(t);
        var d = new InMemoryTransportProvider().create(ctx("d", PeerType.display(DisplayClass.AUDIENCE)));
        toClose.add(d);
        t.start(l -> { });
        d.start(l -> { });
        assertThatThrownBy(() -> t.connect(PeerId.of("d")).toCompletableFuture().join()).cause()
                .hasMessageContaining("signaling");
        wire.setConnected(true);
        assertThat(t.connect(PeerId.of("d")).toCompletableFuture().join().isOpen()).isTrue();
    }

    @Test
    void theNetworkReportsTheElectedLeaderAndDiscoverySeesItsAnnouncement() {
        InMemoryNetwork net = InMemoryNetwork.named(network);
        TestContext dctx = ctx("display", PeerType.display(DisplayClass.AUDIENCE));
        var discovery = new InMemoryDiscoveryProvider().create(dctx);
        toClose.add(discovery);
        RecordingDiscoveryListener heard = new RecordingDiscoveryListener();
        discovery.start(new org.mobileworship.livecontrol.api.spi.discovery.Announcement(dctx.localId(),
                dctx.localType(), "display", dctx.startedAtMillis(), null, 0, 0, 1), heard);
        TestContext lctx = ctx("controller", PeerType.controller());
        var leaderDiscovery = new InMemoryDiscoveryProvider().create(lctx);
        toClose.add(leaderDiscovery);
        leaderDiscovery.start(new org.mobileworship.livecontrol.api.spi.discovery.Announcement(lctx.localId(),
                lctx.localType(), "controller", lctx.startedAtMillis(), null, 0, 0, 1),
                new RecordingDiscoveryListener());
        SignalingServer server = new InMemorySignalingProvider().createServer(lctx);
        toClose.add(server);
        var probeClient = new InMemorySignalingProvider().createClient(lctx);
        toClose.add(probeClient);
        TestContext ectx = TestContext.builder(lctx.localId(), lctx.localType()).config(lctx.config().get(
                InMemoryNetwork.CONFIG_KEY).map(v -> java.util.Map.of(InMemoryNetwork.CONFIG_KEY, v)).orElseThrow())
                .discovery(leaderDiscovery).probe(probeClient::probe)
                .leadership(new org.mobileworship.livecontrol.api.spi.election.Leadership() {
                    @Override
                    public InetSocketAddress startServing(long term) {
                        return server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                lctx.localId(), term);
                    }

                    @Override
                    public void stopServing(String reason) {
                        server.close(reason);
                    }
                }).build();
        toClose.add(ectx);
        var election = new InMemoryElectionProvider().create(ectx);
        toClose.add(election);
        election.start(s -> { });
        await().atMost(Duration.ofSeconds(5)).until(() -> net.electedLeader().isPresent());
        assertThat(net.electedLeader()).contains(lctx.localId());
        assertThat(net.electionTerm()).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.latest(lctx.localId())
                .map(p -> p.announcement().claimsLeadership()).orElse(false));
        assertThat(heard.latest(lctx.localId()).orElseThrow().announcement().term()).isEqualTo(net.electionTerm());
    }
}
