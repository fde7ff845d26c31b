package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.Transport;

/** Following the leader, registering, retrying with backoff, and routing signals, on fake time. */
class SignalingSessionTest {
    private final PeerId self = PeerId.of("booth");
    private final PeerId leader = PeerId.of("stage");
    private final InetSocketAddress endpoint = new InetSocketAddress("127.0.0.1", 3010);
    private final ManualLoop loop = new ManualLoop();
    private final EventBus events = new EventBus("test");
    private final List<LiveControlEvent> seen = new CopyOnWriteArrayList<>();
    private final SignalingClient client = mock(SignalingClient.class);
    private final Election election = mock(Election.class);
    private final Transport webrtc = mock(Transport.class);
    private final Transport relay = mock(Transport.class);
    private final List<List<PeerInfo>> lists = new ArrayList<>();
    private final List<CompletableFuture<Void>> connects = new ArrayList<>();
    private SignalingSession session;

    @BeforeEach
    void setUp() {
        events.subscribe(seen::add);
        when(webrtc.name()).thenReturn("webrtc");
        when(relay.name()).thenReturn("relay");
        when(client.connect(any(), any())).thenAnswer(inv -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            connects.add(f);
            return f;
        });
        HostedPlugins plugins = new HostedPlugins() {
            @Override
            public SignalingClient client() {
                return client;
            }

            @Override
            public List<Transport> transports() {
                return List.of(webrtc, relay);
            }

            @Override
            public Election election() {
                return election;
            }

            @Override
            public int servingPort() {
                return 4242;
            }
        };
        session = new SignalingSession(new NodeIdentity(self, PeerType.controller(), "booth", 0), "sunday", loop,
                Clock.systemUTC(), events, plugins, () -> false, lists::add);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private LeaderStatus leads(PeerId who, long term) {
        return new LeaderStatus(who, false, term, endpoint);
    }

    @Test
    void registersWithTheLeaderDeclaringEncodingsAndServingPort() {
        session.leaderChanged(leads(leader, 1));
        ArgumentCaptor<Registration> reg = ArgumentCaptor.forClass(Registration.class);
        verify(client).connect(eq(endpoint), reg.capture());
        assertThat(reg.getValue().session()).isEqualTo("sunday");
        assertThat(reg.getValue().encodings()).containsExactlyInAnyOrder(LinkEncoding.PROTOBUF, LinkEncoding.JSON);
        assertThat(session.isConnected()).isFalse();

        connects.get(0).complete(null);
        loop.runPending();
        assertThat(session.isConnected()).isTrue();
        verify(webrtc).signalingChanged(true);
        verify(relay).signalingChanged(true);
        await().until(() -> seen.stream().filter(e -> e instanceof LiveControlEvent.LeaderChanged).count() == 1);
    }

    @Test
    void anUnreachableLeaderIsReportedToTheElectionAndRetriedWithBackoff() {
        session.leaderChanged(leads(leader, 1));
        connects.get(0).completeExceptionally(new SignalingException("io", "connection refused"));
        loop.runPending();
        verify(election).leaderUnreachable(eq(leader), anyString());
        loop.advance(Duration.ofMillis(499));
        assertThat(connects).hasSize(1);
        loop.advance(Duration.ofMillis(1));
        assertThat(connects).as("retried after 500 ms").hasSize(2);
        connects.get(1).completeExceptionally(new SignalingException("session-full", "full"));
        loop.runPending();
        verify(election, times(1)).leaderUnreachable(eq(leader), anyString()); // a refusal is not unreachability
        loop.advance(Duration.ofMillis(999));
        assertThat(connects).hasSize(2);
        loop.advance(Duration.ofMillis(1));
        assertThat(connects).as("the backoff doubles").hasSize(3);
    }

    @Test
    void aRetryForALeaderTheElectionReplacedIsDropped() {
        session.leaderChanged(leads(leader, 1));
        connects.get(0).completeExceptionally(new SignalingException("io", "refused"));
        loop.runPending();
        PeerId next = PeerId.of("lobby");
        session.leaderChanged(new LeaderStatus(next, false, 2, new InetSocketAddress("127.0.0.1", 3011)));
        assertThat(connects).hasSize(2);
        loop.advance(Duration.ofSeconds(10));
        assertThat(connects).as("no attempt for the old leader").hasSize(2);
    }

    @Test
    void aLostConnectionTellsTransportsAndTheElectionAndTriesAgain() {
        SignalingListener l = session.clientListener();
        session.leaderChanged(leads(leader, 1));
        connects.get(0).complete(null);
        loop.runPending();
        l.disconnected("heartbeat missed");
        loop.runPending();
        assertThat(session.isConnected()).isFalse();
        verify(webrtc).signalingChanged(false);
        verify(election).leaderUnreachable(leader, "heartbeat missed");
        loop.advance(Duration.ofMillis(500));
        assertThat(connects).hasSize(2);
    }

    @Test
    void sendFailsClearlyWhileNotConnected() {
        var f = session.send(leader, new Signal.Offer("v=0")).toCompletableFuture();
        assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(SignalingException.class)
                .withMessageContaining("not connected to a signaling server");
        verify(client, never()).send(any(), any());
    }

    @Test
    void aTransportsOwnSignalReachesThatTransportOnlyAndPeerListsHopOntoTheLoop() {
        SignalingListener l = session.clientListener();
        Signal.TransportSignal forRelay = new Signal.TransportSignal("relay", new byte[] {1});
        l.signal(leader, forRelay);
        verify(relay).onSignal(leader, forRelay);
        verify(webrtc, never()).onSignal(any(), any());
        Signal.Offer offer = new Signal.Offer("v=0");
        l.signal(leader, offer);
        verify(webrtc).onSignal(leader, offer);

        l.peerList(List.of());
        assertThat(lists).as("not before the loop runs").isEmpty();
        loop.runPending();
        assertThat(lists).hasSize(1);
    }
}
