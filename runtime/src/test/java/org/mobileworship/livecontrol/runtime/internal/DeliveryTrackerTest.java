package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DeliveryException.Reason;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;

/** The sending side of delivery on fake time: when cues go out, are retried, settle and fail. */
class DeliveryTrackerTest {
    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofMillis(1000);
    private static final Clock WALL = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final PeerId self = PeerId.of("booth");
    private final PeerId display = PeerId.of("stage");
    private final PeerId otherController = PeerId.of("tablet");
    private final ManualLoop loop = new ManualLoop();
    private final EventBus events = new EventBus("test");
    private final List<LiveControlEvent> seen = new CopyOnWriteArrayList<>();
    private final PeerRegistry registry = new PeerRegistry(self);
    private final FakeLinks links = new FakeLinks();
    private DeliveryTracker tracker;

    /** Links as the tracker sees them: an open channel per peer, or a request to open one. */
    private static final class FakeLinks implements DeliveryTracker.Links {
        final java.util.Map<PeerId, PeerChannel> open = new java.util.HashMap<>();
        final List<PeerId> ensured = new ArrayList<>();

        @Override
        public PeerChannel open(PeerId peer) {
            PeerChannel ch = open.get(peer);
            return ch != null && ch.isOpen() ? ch : null;
        }

        @Override
        public void ensure(PeerId peer) {
            ensured.add(peer);
        }

        FakeLink connect(PeerId peer) {
            PeerChannel ch = open.computeIfAbsent(peer, p -> new PeerChannel(p, true));
            FakeLink link = new FakeLink(peer, "fake");
            ch.current = link;
            return link;
        }
    }

    @BeforeEach
    void setUp() {
        events.subscribe(seen::add);
        registry.replace(List.of(
                new PeerInfo(display, PeerType.display(DisplayClass.AUDIENCE), "stage", false, null),
                new PeerInfo(otherController, PeerType.controller(), "tablet", false, null)), p -> false);
        tracker = tracker(PeerType.controller());
    }

    private DeliveryTracker tracker(PeerType type) {
        return new DeliveryTracker(new NodeIdentity(self, type, "booth", 0), RETRY, DEADLINE, loop.ticker, WALL,
                events, registry, links);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private static LiveControlMessage slide(int i) {
        return new LiveControlMessage.Slide("e", "song", i);
    }

    @Test
    void sendsAtOnceOverAnOpenLinkAndRetriesEveryIntervalUntilAcked() throws Exception {
        FakeLink link = links.connect(display);
        CompletableFuture<Delivery> f = tracker.send(display, slide(1), tracker.nextRevision());
        assertThat(link.sent).hasSize(1);
        String id = link.last().getMessageId();

        loop.ticker.advance(RETRY.minusMillis(1));
        tracker.retryTick();
        assertThat(link.sent).as("not resent before the retry interval").hasSize(1);
        loop.ticker.advance(Duration.ofMillis(1));
        tracker.retryTick();
        assertThat(link.sent).hasSize(2);
        assertThat(link.last().getMessageId()).as("a retry keeps the message id").isEqualTo(id);

        loop.ticker.advance(Duration.ofMillis(30));
        tracker.onAck(links.open(display), link, id, new Revision(7, "booth"));
        Delivery d = f.get();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.roundTrip()).isEqualTo(RETRY.plusMillis(30));
        assertThat(d.transport()).isEqualTo("fake");
        assertThat(links.open(display).retries).isEqualTo(1);
        assertThat(tracker.pendingCount()).isZero();

        tracker.onAck(links.open(display), link, id, new Revision(7, "booth"));
        assertThat(tracker.pendingCount()).as("the ack of a retry finds nothing left").isZero();
    }

    @Test
    void failsWithTimeoutAtTheDeadlineAndTellsTheApplication() {
        FakeLink link = links.connect(display);
        CompletableFuture<Delivery> f = tracker.send(display, slide(1), tracker.nextRevision());
        loop.ticker.advance(DEADLINE.minusMillis(1));
        tracker.retryTick();
        assertThat(f).isNotDone();
        loop.ticker.advance(Duration.ofMillis(1));
        tracker.retryTick();
        assertThat(reason(f)).isEqualTo(Reason.TIMEOUT);
        assertThat(link.sent).hasSize(2);
        await().until(() -> seen.stream().anyMatch(e -> e instanceof LiveControlEvent.DeliveryFailed df
                && df.reason() == Reason.TIMEOUT));
    }

    @Test
    void withoutAnOpenLinkAsksForOneAndSendsWhenItIsReady() {
        CompletableFuture<Delivery> f = tracker.send(display, slide(1), tracker.nextRevision());
        assertThat(links.ensured).containsExactly(display);
        tracker.retryTick();
        FakeLink link = links.connect(display);
        tracker.flush(links.open(display));
        assertThat(link.sent).hasSize(1);
        assertThat(f).isNotDone();
    }

    @Test
    void refusesWhatCannotBeDeliveredBeforeSendingAnything() {
        FakeLink link = links.connect(display);
        assertThat(reason(tracker.send(PeerId.of("nobody"), slide(1), null))).isEqualTo(Reason.UNKNOWN_PEER);
        assertThat(reason(tracker.send(otherController, slide(1), null))).isEqualTo(Reason.NOT_ALLOWED);
        assertThat(reason(tracker(PeerType.display(DisplayClass.STAGE)).send(display, slide(1), null)))
                .isEqualTo(Reason.NOT_ALLOWED);
        String huge = "x".repeat(70_000);
        assertThat(reason(tracker.send(display, new LiveControlMessage.Slide(huge, "i", 1), null)))
                .isEqualTo(Reason.TOO_LARGE);
        assertThat(link.sent).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void unknownPeerErrorsAreRetriedOtherErrorsFailTheDelivery() {
        FakeLink link = links.connect(display);
        CompletableFuture<Delivery> first = tracker.send(display, slide(1), tracker.nextRevision());
        String id = link.last().getMessageId();
        tracker.onError(links.open(display), error(ErrorCodes.UNKNOWN_PEER, id));
        assertThat(first).isNotDone();
        loop.ticker.advance(RETRY);
        tracker.retryTick();
        assertThat(link.sent).hasSize(2);

        tracker.onError(links.open(display), error(ErrorCodes.NOT_ALLOWED, id));
        assertThat(reason(first)).isEqualTo(Reason.REJECTED);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void aPongCompletesItsPingMeasuresTheRoundTripAndMovesTheRevisionClock() throws Exception {
        FakeLink link = links.connect(display);
        long ts = loop.ticker.read();
        CompletableFuture<Delivery> ping = tracker.send(display, new LiveControlMessage.Ping(ts), null);
        loop.ticker.advance(Duration.ofMillis(3));
        long far = System.currentTimeMillis() + 1_000_000;
        tracker.onPong(links.open(display), link, ts, new Revision(far, "tablet"));
        assertThat(ping.get().roundTrip()).isEqualTo(Duration.ofMillis(3));
        assertThat(links.open(display).roundTrip).isEqualTo(Duration.ofMillis(3));
        assertThat(tracker.nextRevision().counter()).as("newer than what the display showed").isGreaterThan(far);
    }

    @Test
    void closingFailsEveryPendingDeliveryAsClosed() {
        links.connect(display);
        CompletableFuture<Delivery> f = tracker.send(display, slide(1), tracker.nextRevision());
        tracker.failAll("closing");
        assertThat(reason(f)).isEqualTo(Reason.CLOSED);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void aQueuedSyncGoesOutOnceWhenTheLinkIsFlushed() {
        NodeState state = new NodeState();
        state.apply(slide(4), new Revision(5, "booth"));
        FakeLink link = links.connect(display);
        tracker.sync(display, state);
        assertThat(link.sent).as("queued, not sent").isEmpty();
        tracker.flush(links.open(display));
        assertThat(link.sent).hasSize(1);
        DataFrame sync = link.last();
        assertThat(sync.getSync().getFullState().getSlideIndex()).isEqualTo(4);
        tracker.onAck(links.open(display), link, sync.getMessageId(), new Revision(5, "booth"));
        assertThat(tracker.pendingCount()).as("the ack matches the sync's id").isZero();
    }

    private static org.mobileworship.livecontrol.protocol.v1.Error error(String code, String messageId) {
        return org.mobileworship.livecontrol.protocol.v1.Error.newBuilder().setCode(code).setMessage("m")
                .setMessageId(messageId).build();
    }

    private static Reason reason(CompletableFuture<Delivery> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return ((DeliveryException) e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
