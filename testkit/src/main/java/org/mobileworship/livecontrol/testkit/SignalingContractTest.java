package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;

/**
 * The guarantees of {@link SignalingServer} and {@link SignalingClient}, as tests a signaling plugin
 * inherits: registration and peer lists, targeted forwarding with the server-stamped sender, no broadcast,
 * {@code unknown-peer} errors, sessions kept apart, server close → {@code disconnected}, probes.
 *
 * <p>Extend it and implement {@link #provider()}; the server binds {@link #bindAddress()} (loopback,
 * ephemeral port). Override {@link #config()} (read for every node, so per-test values set in a
 * {@code @BeforeEach} work) and {@link #timeout()}:
 * <pre>{@code
 * class JettySignalingContractTest extends SignalingContractTest {
 *     @Override protected SignalingProvider provider() { return new JettySignalingProvider(); }
 * }
 * }</pre>
 */
public abstract class SignalingContractTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SignalingServer server;
    private InetSocketAddress endpoint;
    private PeerId leaderId;

    protected abstract SignalingProvider provider();

    protected Map<String, String> config() {
        return Map.of();
    }

    protected InetSocketAddress bindAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Bound for every asynchronous outcome (connect, delivery, callbacks). */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void startServer() {
        leaderId = PeerId.of("leader-" + PeerId.random());
        TestContext ctx = context(leaderId, PeerType.controller());
        server = provider().createServer(ctx);
        toClose.add(server);
        endpoint = server.start(bindAddress(), leaderId, 4);
        assertThat(endpoint).isNotNull();
        assertThat(endpoint.getPort()).isPositive();
    }

    @AfterEach
    void closeEverything() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /**
     * Last say over each plugin context the contract builds: supply a scheduler and clock for the plugin's own
     * timers (e.g. {@code b.scheduler(time).clock(time.clock())} with a {@link ManualScheduler}). The default
     * leaves the context's own scheduler and the system clock.
     */
    protected TestContext.Builder context(TestContext.Builder builder) {
        return builder;
    }

    private TestContext context(PeerId id, PeerType type) {
        TestContext c = context(TestContext.builder(id, type).config(config())).build();
        toClose.add(c);
        return c;
    }

    /** A connected client. */
    protected final class Peer {
        final PeerId id;
        final SignalingClient client;
        final RecordingSignalingListener listener = new RecordingSignalingListener();
        final Registration registration;

        Peer(String name, PeerType type, String session) {
            id = PeerId.of(name + "-" + PeerId.random());
            client = provider().createClient(context(id, type));
            toClose.add(client);
            client.setListener(listener);
            registration = new Registration(id, type, name, session);
        }

        Peer connect() {
            get(client.connect(endpoint, registration).toCompletableFuture());
            assertThat(client.isConnected()).isTrue();
            return this;
        }
    }

    private Peer peer(String name, PeerType type) {
        return new Peer(name, type, "").connect();
    }

    private <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("did not complete within " + timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private Throwable failure(CompletableFuture<?> f) {
        try {
            Object v = f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("neither completed nor failed within " + timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Test
    void registeredPeersGetThePeerListWithoutThemselves() {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.STAGE));
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().equals(List.of(b.id))
                && b.listener.lastPeerIds().equals(List.of(a.id)));
        PeerInfo bAsSeenByA = a.listener.lastPeerList().orElseThrow().get(0);
        assertThat(bAsSeenByA.type()).isEqualTo(PeerType.display(DisplayClass.STAGE));
        assertThat(bAsSeenByA.displayName()).isEqualTo("display");
        assertThat(bAsSeenByA.connected()).isFalse();
        await().atMost(timeout()).until(() -> server.registeredPeerCount() == 2);
    }

    @Test
    void aLeavingPeerDisappearsFromTheOthersPeerListWithoutItsOwnDisconnectedCallback() {
        Peer a = peer("a", PeerType.controller());
        Peer b = peer("b", PeerType.display(DisplayClass.AUDIENCE));
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().contains(b.id));
        b.client.disconnect("leaving");
        assertThat(b.client.isConnected()).isFalse();
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().isEmpty());
        await().atMost(timeout()).until(() -> server.registeredPeerCount() == 1);
        assertThat(b.listener.disconnects()).isEmpty();
    }

    @Test
    void signalsReachOnlyTheirTargetWithTheStampedSenderInOrder() {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.AUDIENCE));
        Peer c = peer("bystander", PeerType.display(DisplayClass.LOBBY));
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().size() == 2);
        get(a.client.send(b.id, new Signal.Offer("v=0 offer")).toCompletableFuture());
        for (int i = 0; i < 50; i++) {
            get(a.client.send(b.id, new Signal.IceCandidate("candidate:" + i, "0", 0)).toCompletableFuture());
        }
        await().atMost(timeout()).until(() -> b.listener.signals().size() == 51);
        List<RecordingSignalingListener.Received> got = b.listener.signals();
        assertThat(got).allSatisfy(r -> assertThat(r.from()).isEqualTo(a.id));
        assertThat(got.get(0).signal()).isEqualTo(new Signal.Offer("v=0 offer"));
        for (int i = 0; i < 50; i++) {
            assertThat(((Signal.IceCandidate) got.get(i + 1).signal()).candidate()).isEqualTo("candidate:" + i);
        }
        get(b.client.send(a.id, new Signal.Answer("v=0 answer")).toCompletableFuture());
        await().atMost(timeout()).until(() -> a.listener.signals().size() == 1);
        assertThat(a.listener.signals().get(0).from()).isEqualTo(b.id);
        // The bystander heard nothing; a marker signal sent to it afterwards arrives alone.
        get(a.client.send(c.id, new Signal.Offer("marker")).toCompletableFuture());
        await().atMost(timeout()).until(() -> !c.listener.signals().isEmpty());
        assertThat(c.listener.signals()).containsExactly(
                new RecordingSignalingListener.Received(a.id, new Signal.Offer("marker")));
    }

    /** Plugin transports signal with {@link Signal.TransportSignal}: opaque bytes, forwarded unchanged. */
    @Test
    void aTransportSignalArrivesUnchangedWithTheStampedSender() {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.AUDIENCE));
        byte[] payload = new byte[Signal.TransportSignal.MAX_PAYLOAD_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        get(a.client.send(b.id, new Signal.TransportSignal("udp", payload)).toCompletableFuture());
        get(a.client.send(b.id, new Signal.TransportSignal("my-transport.v2", new byte[0])).toCompletableFuture());
        await().atMost(timeout()).until(() -> b.listener.signals().size() == 2);
        assertThat(b.listener.signals()).containsExactly(
                new RecordingSignalingListener.Received(a.id, new Signal.TransportSignal("udp", payload)),
                new RecordingSignalingListener.Received(a.id, new Signal.TransportSignal("my-transport.v2", new byte[0])));
    }

    @Test
    void aRelayedFrameArrivesIntact() throws Exception {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.AUDIENCE));
        // Signal.Relay carries a binary-protobuf DataFrame (a server may parse it); make it a large one.
        byte[] frame = org.mobileworship.livecontrol.protocol.v1.DataFrame.newBuilder()
                .setMessageId("relayed-1")
                .setSlide(org.mobileworship.livecontrol.protocol.v1.Slide.newBuilder()
                        .setEventId("e").setItemId("i".repeat(15_000)).setSlideIndex(3))
                .build().toByteArray();
        get(a.client.send(b.id, new Signal.Relay(frame)).toCompletableFuture());
        await().atMost(timeout()).until(() -> b.listener.signals().size() == 1);
        byte[] got = ((Signal.Relay) b.listener.signals().get(0).signal()).frame();
        assertThat(org.mobileworship.livecontrol.protocol.v1.DataFrame.parseFrom(got))
                .isEqualTo(org.mobileworship.livecontrol.protocol.v1.DataFrame.parseFrom(frame));
        assertThat(b.listener.signals().get(0).from()).isEqualTo(a.id);
    }

    @Test
    void anUnknownTargetGetsUnknownPeerNeverABroadcast() {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.AUDIENCE));
        PeerId ghost = PeerId.of("ghost-" + PeerId.random());
        a.client.send(ghost, new Signal.Offer("v=0 lost"));
        await().atMost(timeout()).until(() -> !a.listener.errors().isEmpty());
        RecordingSignalingListener.ErrorReport err = a.listener.errors().get(0);
        assertThat(err.code()).isEqualTo(ErrorCodes.UNKNOWN_PEER);
        assertThat(err.target()).isEqualTo(ghost);
        // b must not have received the offer: a marker sent next arrives first and alone.
        get(a.client.send(b.id, new Signal.Offer("marker")).toCompletableFuture());
        await().atMost(timeout()).until(() -> !b.listener.signals().isEmpty());
        assertThat(b.listener.signals()).extracting(RecordingSignalingListener.Received::signal)
                .containsExactly(new Signal.Offer("marker"));
    }

    @Test
    void sessionsNeverMix() {
        Peer a = new Peer("a", PeerType.controller(), "room-1").connect();
        Peer b = new Peer("b", PeerType.display(DisplayClass.AUDIENCE), "room-2").connect();
        Peer a2 = new Peer("a2", PeerType.display(DisplayClass.AUDIENCE), "room-1").connect();
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().equals(List.of(a2.id)));
        assertThat(b.listener.lastPeerIds()).doesNotContain(a.id, a2.id);
        a.client.send(b.id, new Signal.Offer("cross-session"));
        await().atMost(timeout()).until(() -> !a.listener.errors().isEmpty());
        assertThat(a.listener.errors().get(0).code()).isEqualTo(ErrorCodes.UNKNOWN_PEER);
        assertThat(b.listener.signals()).isEmpty();
    }

    @Test
    void sendingWhileNotConnectedFailsWithASignalingException() {
        Peer lonely = new Peer("lonely", PeerType.controller(), "");
        Throwable t = failure(lonely.client.send(PeerId.random(), new Signal.Offer("x")).toCompletableFuture());
        assertThat(t).isInstanceOf(SignalingException.class);
    }

    @Test
    void anOversizedRelayIsRefused() {
        Peer a = peer("controller", PeerType.controller());
        Peer b = peer("display", PeerType.display(DisplayClass.AUDIENCE));
        CompletableFuture<Void> f = a.client.send(b.id, new Signal.Relay(new byte[128 * 1024])).toCompletableFuture();
        // Either the client refuses it, or the server answers with an error; it is never delivered.
        boolean refusedLocally;
        try {
            f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            refusedLocally = false;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SignalingException.class);
            refusedLocally = true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (!refusedLocally) {
            await().atMost(timeout()).until(() -> !a.listener.errors().isEmpty() || !a.listener.disconnects().isEmpty());
        }
        assertThat(b.listener.signals()).isEmpty();
    }

    @Test
    void serverCloseReportsDisconnectedToEveryClient() {
        Peer a = peer("a", PeerType.controller());
        Peer b = peer("b", PeerType.display(DisplayClass.AUDIENCE));
        server.close("leader stepping down");
        await().atMost(timeout()).until(() -> a.listener.disconnects().size() == 1 && b.listener.disconnects().size() == 1);
        await().atMost(timeout()).until(() -> !a.client.isConnected() && !b.client.isConnected());
        server.close("again"); // idempotent
    }

    @Test
    void probeAnswersForALiveServerAndIsEmptyForADeadEndpoint() {
        Peer a = peer("a", PeerType.controller());
        Peer prober = new Peer("prober", PeerType.display(DisplayClass.AUDIENCE), "");
        await().atMost(timeout()).until(() -> server.registeredPeerCount() == 1);
        Optional<LeaderHealth> health = get(prober.client.probe(endpoint, timeout()).toCompletableFuture());
        assertThat(health).isPresent();
        assertThat(health.get().leaderId()).isEqualTo(leaderId);
        assertThat(health.get().term()).isEqualTo(4);
        assertThat(health.get().registeredPeers()).isEqualTo(1);
        server.close("gone");
        await().atMost(timeout()).until(() -> a.listener.disconnects().size() == 1);
        long t0 = System.nanoTime();
        Optional<LeaderHealth> dead = get(prober.client.probe(endpoint, Duration.ofSeconds(2)).toCompletableFuture());
        System.out.printf("[contract] probe of a dead endpoint answered empty after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(dead).isEmpty();
    }

    @Test
    void connectingToADeadEndpointFailsWithASignalingException() {
        server.close("gone");
        Peer late = new Peer("late", PeerType.controller(), "");
        Throwable t = failure(late.client.connect(endpoint, late.registration).toCompletableFuture());
        assertThat(t).isInstanceOf(SignalingException.class);
        assertThat(late.client.isConnected()).isFalse();
    }

    @Test
    void reconnectingLeavesThePreviousServer() {
        Peer a = peer("a", PeerType.controller());
        Peer b = peer("b", PeerType.display(DisplayClass.AUDIENCE));
        PeerId otherLeader = PeerId.of("other-leader-" + PeerId.random());
        SignalingServer second = provider().createServer(context(otherLeader, PeerType.controller()));
        toClose.add(second);
        InetSocketAddress secondEndpoint = second.start(bindAddress(), otherLeader, 5);
        get(b.client.connect(secondEndpoint, b.registration).toCompletableFuture());
        await().atMost(timeout()).until(() -> server.registeredPeerCount() == 1 && second.registeredPeerCount() == 1);
        await().atMost(timeout()).until(() -> a.listener.lastPeerIds().isEmpty());
        if (!b.listener.disconnects().isEmpty()) {
            fail("a deliberate reconnect must not report disconnected: " + b.listener.disconnects());
        }
    }
}
