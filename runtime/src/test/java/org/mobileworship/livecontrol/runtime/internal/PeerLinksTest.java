package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;

/** Transport selection, fallback, reconnect backoff, link liveness and upgrades, on fake time. */
class PeerLinksTest {
    private static final Duration BACKOFF = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration UPGRADE = Duration.ofSeconds(10);

    private final PeerId self = PeerId.of("booth");
    private final PeerId display = PeerId.of("stage");
    private final ManualLoop loop = new ManualLoop();
    private final EventBus events = new EventBus("test");
    private final List<LiveControlEvent> seen = new CopyOnWriteArrayList<>();
    private final PeerRegistry registry = new PeerRegistry(self);
    private final FakeTransport best = new FakeTransport("best");
    private final FakeTransport fallback = new FakeTransport("fallback");
    private final List<PeerChannel> ready = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();
    private boolean closed;
    private PeerLinks links;

    /** A transport whose connects the test completes by hand. */
    private static final class FakeTransport implements Transport {
        final String name;
        final List<CompletableFuture<Link>> attempts = new ArrayList<>();

        FakeTransport(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(TransportListener listener) {
        }

        @Override
        public CompletionStage<Link> connect(PeerId remote) {
            CompletableFuture<Link> f = new CompletableFuture<>();
            attempts.add(f);
            return f;
        }

        @Override
        public void onSignal(PeerId from, Signal signal) {
        }

        @Override
        public void close() {
        }

        FakeLink succeed(PeerId peer) {
            return succeed(peer, false);
        }

        FakeLink succeed(PeerId peer, boolean detectsLoss) {
            FakeLink link = new FakeLink(peer, name, LinkEncoding.PROTOBUF, detectsLoss);
            attempts.get(attempts.size() - 1).complete(link);
            return link;
        }

        void fail() {
            attempts.get(attempts.size() - 1).completeExceptionally(new TransportException(name + " failed"));
        }
    }

    @BeforeEach
    void setUp() {
        events.subscribe(seen::add);
        registry.replace(List.of(new PeerInfo(display, PeerType.display(DisplayClass.STAGE), "stage", false, null,
                EnumSet.of(LinkEncoding.PROTOBUF))), p -> false);
        LiveControlConfig config = LiveControlConfig.of(Map.of(
                LiveControlConfig.RECONNECT_BACKOFF, "200ms",
                LiveControlConfig.RECONNECT_MAX_BACKOFF, "1s",
                LiveControlConfig.LINK_TIMEOUT, "5s",
                LiveControlConfig.UPGRADE_INTERVAL, "10s"));
        links = new PeerLinks(new NodeIdentity(self, PeerType.controller(), "booth", 0), config, loop, loop.ticker,
                Clock.systemUTC(), events, registry, () -> List.of(best, fallback), () -> true, () -> closed,
                new PeerLinks.Listener() {
                    @Override
                    public void frame(PeerChannel ch, Link link, byte[] frame) {
                        frames.add(link.transport());
                    }

                    @Override
                    public void linkReady(PeerChannel ch, Link link, boolean firstOpen) {
                        ready.add(ch);
                    }

                    @Override
                    public void linksChanged() {
                    }
                });
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void opensOverTheBestTransportAndPingsAPeerThatAnswersPings() {
        links.ensure(display);
        links.ensure(display);
        assertThat(best.attempts).as("one attempt at a time").hasSize(1);
        FakeLink link = best.succeed(display);
        loop.runPending();
        assertThat(links.open(display)).isNotNull();
        assertThat(link.sent).hasSize(1);
        assertThat(link.sent.get(0).hasPing()).isTrue();
        assertThat(ready).hasSize(1);
        link.listener.frame(new byte[] {1});
        loop.runPending();
        assertThat(frames).containsExactly("best");
        await().until(() -> seen.stream().anyMatch(e -> e instanceof LiveControlEvent.Connected c
                && c.transport().equals("best")));
    }

    /**
     * The leader dropped the display (asleep, powered off) while this controller's link to it was still open; when that
     * link closes the display has left: no reconnect attempts (each would be refused by the leader with unknown-peer,
     * several a second, found by the LAN testbed's sleep scenario), and it is out of the session.
     */
    @Test
    void aDisplayTheLeaderDroppedIsNotReconnectedOnceItsLinkCloses() {
        links.ensure(display);
        FakeLink link = best.succeed(display);
        loop.runPending();
        registry.replace(List.of(), p -> links.open(p) != null);
        assertThat(registry.contains(display)).as("kept while its link is open").isTrue();
        link.close();
        loop.runPending();
        loop.advance(BACKOFF.multipliedBy(20));
        assertThat(best.attempts).as("no reconnect to a peer that left").hasSize(1);
        assertThat(registry.contains(display)).isFalse();
    }

    @Test
    void fallsBackInOrderThenReconnectsWithBackoffWhenEverythingFails() {
        links.ensure(display);
        best.fail();
        loop.runPending();
        assertThat(fallback.attempts).hasSize(1);
        fallback.fail();
        loop.runPending();
        assertThat(links.open(display)).isNull();
        await().until(() -> seen.stream().anyMatch(e -> e instanceof LiveControlEvent.Disconnected d
                && d.reason().contains("fallback failed")));

        loop.advance(BACKOFF.minusMillis(1));
        assertThat(best.attempts).as("no retry before the backoff").hasSize(1);
        loop.advance(Duration.ofMillis(1));
        assertThat(best.attempts).hasSize(2);
        best.fail();
        loop.runPending();
        fallback.fail();
        loop.runPending();
        loop.advance(BACKOFF.multipliedBy(2).minusMillis(1));
        assertThat(best.attempts).as("the backoff doubles").hasSize(2);
        loop.advance(Duration.ofMillis(1));
        assertThat(best.attempts).hasSize(3);
    }

    @Test
    void aSilentLinkIsClosedAfterTheTimeoutUnlessItsTransportDetectsLossItself() {
        links.ensure(display);
        FakeLink link = best.succeed(display);
        loop.runPending();
        loop.advance(TIMEOUT);
        links.tick();
        assertThat(link.isOpen()).isTrue();
        loop.advance(Duration.ofMillis(1));
        links.tick();
        assertThat(link.isOpen()).as("silent for longer than the timeout").isFalse();
        assertThat(links.open(display)).isNull();

        PeerId tv = PeerId.of("tv");
        FakeLink webrtcLike = new FakeLink(tv, "best", LinkEncoding.JSON, true);
        links.incoming(webrtcLike);
        loop.advance(TIMEOUT.multipliedBy(3));
        links.tick();
        assertThat(webrtcLike.isOpen()).as("ICE/SCTP tell when the peer is gone").isTrue();
    }

    @Test
    void aPairOnTheFallbackMovesBackToTheBestTransportWhenItWorksAgain() {
        links.ensure(display);
        best.fail();
        loop.runPending();
        FakeLink relay = fallback.succeed(display, true); // stays up however quiet
        loop.runPending();
        assertThat(links.open(display).transportName()).isEqualTo("fallback");

        loop.advance(UPGRADE.minusMillis(1));
        links.tick();
        assertThat(best.attempts).hasSize(1);
        loop.advance(Duration.ofMillis(1));
        links.tick();
        assertThat(best.attempts).hasSize(2);
        best.succeed(display);
        loop.runPending();
        assertThat(links.open(display).transportName()).isEqualTo("best");
        assertThat(relay.isOpen()).as("the old link is closed by its opener").isFalse();
        await().until(() -> seen.stream().anyMatch(e -> e instanceof LiveControlEvent.TransportChanged t
                && t.from().equals("fallback") && t.to().equals("best")));
    }

    @Test
    void nothingIsOpenedOnceTheNodeIsClosing() {
        closed = true;
        links.ensure(display);
        assertThat(best.attempts).isEmpty();
        FakeLink incoming = new FakeLink(display, "best");
        links.incoming(incoming);
        assertThat(incoming.isOpen()).isFalse();
    }
}
