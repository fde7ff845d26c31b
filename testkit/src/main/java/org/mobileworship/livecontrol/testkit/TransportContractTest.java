package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;

/**
 * The guarantees of {@link Transport} and {@link Link}, as tests a transport plugin inherits.
 *
 * <p>To run them against your transport, extend this class in your module's tests and implement
 * {@link #createTransport(TransportContext)}:
 * <pre>{@code
 * class WebRtcTransportContractTest extends TransportContractTest {
 *     @Override
 *     protected Transport createTransport(TransportContext context) {
 *         return new WebRtcTransportProvider().create(context);
 *     }
 *     @Override
 *     protected Set<Class<? extends Signal>> usedSignalKinds() {
 *         return Set.of(Signal.Offer.class, Signal.Answer.class, Signal.IceCandidate.class);
 *     }
 * }
 * }</pre>
 * The default {@link #createPair()} builds a controller and a display context whose
 * {@link TransportContext#signaling()} is a {@link SignalWire} joining the two transports (what the
 * leader's signaling server does in a node), with {@link #config()} as configuration. Override
 * {@code createPair()} for other wiring (e.g. a real signaling server for a relay transport). Override
 * {@link #maxFrameBytes()}, {@link #connectTimeout()}, {@link #ignoredThreads()} where your transport
 * differs, and say why in a comment. Every test closes what it created.
 *
 * <p>Why one class of this size: it is the transport TCK — one test method per clause of the {@code Transport}
 * and {@code Link} contracts, so a plugin author extends one class and sees every clause in one place (as with
 * Micrometer's compatibility kit).
 */
public abstract class TransportContractTest {
    /** The seed's data-channel frame limit. */
    protected static final int FRAME_LIMIT = 16 * 1024;

    private TransportPair pair;
    private final List<TestContext> contexts = new ArrayList<>();

    /** Creates one (unstarted) transport for the node described by {@code context}. */
    protected abstract Transport createTransport(TransportContext context);

    /** Configuration given to both transports' contexts. */
    protected Map<String, String> config() {
        return Map.of();
    }

    /** Signal kinds the transport uses; the others must be ignored by {@link Transport#onSignal}. */
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of();
    }

    /**
     * Signals of the kinds the transport uses that it nevertheless cannot use (garbage, another transport's
     * handshake squeezed into a shared kind, ...). The rule test sends them from the connected peer while a link
     * is open and checks the link survives. Default: none. The WebRTC transport, for instance, returns offers
     * that are not data-channel SDP; a transport using {@link Signal.TransportSignal} returns one named after
     * itself whose payload it cannot parse.
     */
    protected List<Signal> unusableSignals() {
        return List.of();
    }

    /**
     * The largest frame the transport accepts; a frame one byte larger must be refused with a
     * {@link TransportException}. At least 16 KiB. Return {@link Integer#MAX_VALUE} for a transport
     * documented to accept any size (the refusal test is then skipped).
     */
    protected int maxFrameBytes() {
        return FRAME_LIMIT;
    }

    /** Upper bound for a connect to succeed or fail; the transport's own timeout must be below it. */
    protected Duration connectTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Threads the leak check ignores (shared JVM-wide pools of your library, for instance). */
    protected Predicate<Thread> ignoredThreads() {
        return t -> false;
    }

    /**
     * Last say over each plugin context the contract builds: supply a scheduler and clock for the plugin's own
     * timers (e.g. {@code b.scheduler(time).clock(time.clock())} with a {@link ManualScheduler}). The default
     * leaves the context's own scheduler and the system clock.
     */
    protected TestContext.Builder context(TestContext.Builder builder) {
        return builder;
    }

    /**
     * A controller-side and a display-side transport that can reach each other. The default wires them
     * through a {@link SignalWire}.
     */
    protected TransportPair createPair() {
        PeerId controllerId = PeerId.of("contract-controller-" + PeerId.random());
        PeerId displayId = PeerId.of("contract-display-" + PeerId.random());
        SignalWire wire = new SignalWire();
        TestContext cc = context(TestContext.builder(controllerId, PeerType.controller()).config(config())
                .signaling(wire.sender(controllerId))).build();
        TestContext dc = context(TestContext.builder(displayId, PeerType.display(DisplayClass.AUDIENCE))
                .config(config()).signaling(wire.sender(displayId))).build();
        Transport controller = createTransport(cc);
        Transport display = createTransport(dc);
        wire.attach(controllerId, controller);
        wire.attach(displayId, display);
        return new TransportPair(controllerId, controller, displayId, display).closing(wire).closing(cc)
                .closing(dc);
    }

    // ---------------------------------------------------------------- fixture

    private final LinkedBlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
    /** Links the connecting side got as "incoming": there must be none. */
    private final LinkedBlockingQueue<Link> unexpectedAtController = new LinkedBlockingQueue<>();

    @BeforeEach
    void createAndStartPair() {
        pair = createPair();
        pair.display().start(incoming::add);
        pair.controller().start(unexpectedAtController::add);
    }

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.close();
        }
        contexts.forEach(TestContext::close);
    }

    /** Connects controller → display and waits for both ends. */
    private Link[] connect() throws Exception {
        Link local = join(pair.controller().connect(pair.displayId()).toCompletableFuture());
        Link remote = incoming.poll(connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(remote).as("incoming link on the display side").isNotNull();
        return new Link[] {local, remote};
    }

    private <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("connect failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("connect neither completed nor failed within " + connectTimeout());
        }
    }

    private static byte[] frame(int index, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(4, size));
        b.putInt(index);
        for (int i = 4; i < b.capacity(); i++) {
            b.put((byte) (index + i));
        }
        return b.array();
    }

    private static int index(byte[] frame) {
        return ByteBuffer.wrap(frame).getInt();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void connectOpensALinkOnBothSides() throws Exception {
        Link[] links = connect();
        assertThat(links[0].isOpen()).isTrue();
        assertThat(links[0].remote()).isEqualTo(pair.displayId());
        assertThat(links[0].transport()).isEqualTo(pair.controller().name());
        assertThat(links[0].encoding()).isNotNull();
        assertThat(links[1].remote()).isEqualTo(pair.controllerId());
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        assertThat(links[1].transport()).isEqualTo(pair.display().name());
        assertThat(unexpectedAtController).as("the connecting side must not get an incoming link").isEmpty();
        assertThat(incoming).as("one connect, one incoming link").isEmpty();
    }

    @Test
    void framesFlowBothWaysInOrderWithoutDuplicates() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        int n = 500;
        for (int i = 0; i < n; i++) {
            links[0].send(frame(i, 120));
            links[1].send(frame(n + i, 120));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> atDisplay.frameCount() >= n && atController.frameCount() >= n);
        assertThat(atDisplay.frames().stream().map(TransportContractTest::index).collect(Collectors.toList()))
                .containsExactlyElementsOf(range(0, n));
        assertThat(atController.frames().stream().map(TransportContractTest::index).collect(Collectors.toList()))
                .containsExactlyElementsOf(range(n, 2 * n));
        assertThat(atDisplay.frames().get(7)).isEqualTo(frame(7, 120));
        assertThat(atDisplay.overlapSeen()).as("frame callbacks overlapped").isFalse();
        assertThat(links[0].stats().framesSent()).isEqualTo(n);
        assertThat(links[1].stats().framesReceived()).isEqualTo(n);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    @Test
    void framesArrivingBeforeSetListenerAreBuffered() throws Exception {
        Link[] links = connect();
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        for (int i = 0; i < 20; i++) {
            links[0].send(frame(i, 64));
        }
        // The display sets its listener only after the frames arrived: visible in its stats if the transport
        // counts frames before handing them over; otherwise give them a moment.
        try {
            await().atMost(Duration.ofSeconds(2)).until(() -> links[1].stats().framesReceived() >= 20);
        } catch (org.awaitility.core.ConditionTimeoutException notCountedBeforeDelivery) {
            // fine: the check below still proves nothing was lost before setListener
        }
        RecordingLinkListener late = new RecordingLinkListener();
        links[1].setListener(late);
        await().atMost(Duration.ofSeconds(10)).until(() -> late.frameCount() >= 20);
        assertThat(late.frames().stream().map(TransportContractTest::index).collect(Collectors.toList()))
                .containsExactlyElementsOf(range(0, 20));
    }

    @Test
    void aSixteenKibFrameIsAcceptedIntactBothWays() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        byte[] big = frame(42, FRAME_LIMIT);
        links[0].send(big);
        links[1].send(big);
        await().atMost(Duration.ofSeconds(10)).until(() -> atDisplay.frameCount() == 1 && atController.frameCount() == 1);
        assertThat(atDisplay.frames().get(0)).isEqualTo(big);
        assertThat(atController.frames().get(0)).isEqualTo(big);
    }

    @Test
    void aFrameOverTheLimitIsRefusedAndTheLinkStaysUsable() throws Exception {
        Assumptions.assumeTrue(maxFrameBytes() < Integer.MAX_VALUE,
                "the transport documents that it accepts frames of any size");
        assertThat(maxFrameBytes()).as("transports must accept 16 KiB frames").isGreaterThanOrEqualTo(FRAME_LIMIT);
        Link[] links = connect();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        assertThatThrownBy(() -> links[0].send(new byte[maxFrameBytes() + 1]))
                .isInstanceOf(TransportException.class);
        links[0].send(frame(1, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> atDisplay.frameCount() == 1);
        assertThat(index(atDisplay.frames().get(0))).isEqualTo(1);
        assertThat(links[0].isOpen()).isTrue();
    }

    @Test
    void closingALinkNotifiesBothEndsExactlyOnce() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        links[0].close();
        links[0].close(); // idempotent
        await().atMost(Duration.ofSeconds(20)).until(() -> atDisplay.closedCount() >= 1 && atController.closedCount() >= 1);
        assertThat(links[0].isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !links[1].isOpen());
        links[1].close();
        // Stays at one for a while: "called at most once".
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> atDisplay.closedCount() == 1 && atController.closedCount() == 1);
        assertThatThrownBy(() -> links[0].send(frame(1, 10))).isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> links[1].send(frame(1, 10))).isInstanceOf(TransportException.class);
    }

    @Test
    void theDisplayClosingTheLinkClosesItAtTheController() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(new RecordingLinkListener());
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        links[1].close();
        await().atMost(Duration.ofSeconds(20)).until(() -> atController.closedCount() == 1);
        assertThat(links[0].isOpen()).isFalse();
    }

    @Test
    void aRemoteTransportThatGoesAwayClosesTheLink() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(new RecordingLinkListener());
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        pair.display().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> atController.closedCount() == 1);
        assertThat(links[0].isOpen()).isFalse();
    }

    @Test
    void connectingToAnAbsentPeerFailsWithinBoundedTime() {
        PeerId absent = PeerId.of("absent-" + PeerId.random());
        long t0 = System.nanoTime();
        CompletableFuture<Link> f = pair.controller().connect(absent).toCompletableFuture();
        try {
            Link l = f.get(connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            fail("connect to an absent peer succeeded with " + l);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            assertThat(e.getCause().getMessage()).contains(absent.value());
        } catch (TimeoutException e) {
            fail("connect to an absent peer neither failed nor completed within " + connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        System.out.printf("[contract] %s: connect to absent peer failed after %d ms%n", pair.controller().name(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Test
    void unusedSignalKindsAreIgnored() throws Exception {
        PeerId stranger = PeerId.of("stranger-" + PeerId.random());
        List<Signal> unrelated = new ArrayList<>();
        for (Signal s : foreignSignals()) {
            if (!usedSignalKinds().contains(s.getClass())) {
                unrelated.add(s);
            }
        }
        // a transport signal for another transport is never "used", whatever the kinds
        unrelated.add(new Signal.TransportSignal("another-transport", new byte[] {1, 2, 3}));
        for (Signal s : unrelated) {
            pair.display().onSignal(stranger, s);
            pair.controller().onSignal(pair.displayId(), s);
            pair.display().onSignal(pair.controllerId(), s);
        }
        assertThat(incoming).as("an unrelated signal opened a link").isEmpty();
        // Both transports still work afterwards.
        Link[] links = connect();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        links[0].send(frame(5, 8));
        await().atMost(Duration.ofSeconds(10)).until(() -> atDisplay.frameCount() == 1);
    }

    private static List<Signal> foreignSignals() {
        return List.of(new Signal.Offer("v=0 not-really-sdp"), new Signal.Answer("v=0 garbage"),
                new Signal.IceCandidate("candidate:garbage", "0", 0), new Signal.Relay(new byte[] {1, 2, 3}));
    }

    /**
     * The SPI rule: <b>a frame a transport cannot use never harms another transport's link</b>, nor its own.
     * While a link is open, the connected peer (the most dangerous sender: the transport knows it) sends every
     * signal kind this transport does not use, transport signals addressed to another transport, and
     * {@link #unusableSignals()}; the link must stay open, keep its order, and no new link may appear.
     */
    @Test
    void signalsItCannotUseNeverHarmAnOpenLink() throws Exception {
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        links[0].send(frame(0, 16));
        await().atMost(Duration.ofSeconds(10)).until(() -> atDisplay.frameCount() == 1);

        List<Signal> harmless = new ArrayList<>();
        for (Signal s : foreignSignals()) {
            if (!usedSignalKinds().contains(s.getClass())) {
                harmless.add(s);
            }
        }
        harmless.add(new Signal.TransportSignal("another-transport", new byte[] {1, 2, 3}));
        harmless.add(new Signal.TransportSignal("another-transport", new byte[0]));
        harmless.addAll(unusableSignals());
        for (Signal s : harmless) {
            pair.display().onSignal(pair.controllerId(), s);
            pair.controller().onSignal(pair.displayId(), s);
        }
        // frames sent after the signals were handed over still arrive, in order, on the same links
        for (int i = 1; i <= 20; i++) {
            links[0].send(frame(i, 16));
            links[1].send(frame(100 + i, 16));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> atDisplay.frameCount() >= 21 && atController.frameCount() >= 20);
        assertThat(atDisplay.frames().stream().map(TransportContractTest::index).collect(Collectors.toList()))
                .containsExactlyElementsOf(range(0, 21));
        assertThat(atController.frames().stream().map(TransportContractTest::index).collect(Collectors.toList()))
                .containsExactlyElementsOf(range(101, 121));
        assertThat(links[0].isOpen()).isTrue();
        assertThat(links[1].isOpen()).isTrue();
        assertThat(atController.closedCount()).as("controller link closed by a signal it cannot use").isZero();
        assertThat(atDisplay.closedCount()).as("display link closed by a signal it cannot use").isZero();
        assertThat(incoming).as("a signal it cannot use opened a new link").isEmpty();
        assertThat(unexpectedAtController).isEmpty();
    }

    @Test
    void closingTheTransportClosesEveryLinkAndLaterConnectsFailCleanly() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Link[] links = connect();
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        links[0].setListener(atController);
        links[1].setListener(atDisplay);
        await().atMost(connectTimeout()).until(links[1]::isOpen);
        pair.controller().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> atController.closedCount() == 1 && atDisplay.closedCount() == 1);
        assertThat(links[0].isOpen()).isFalse();
        try {
            CompletableFuture<Link> f = pair.controller().connect(pair.displayId()).toCompletableFuture();
            try {
                f.get(connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                fail("connect after close succeeded");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfAny(TransportException.class, IllegalStateException.class);
            }
        } catch (TransportException | IllegalStateException thrownDirectly) {
            // also a clean failure
        }
        pair.display().close();
        pair.close();
        Predicate<Thread> ignored = ignoredThreads().or(t -> t.getName().startsWith("ForkJoinPool.commonPool"))
                .or(t -> t.getName().startsWith("awaitility"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .filter(t -> !before.contains(t))
                        .filter(ignored.negate())
                        .map(Thread::getName)
                        .collect(Collectors.toList()))
                .as("threads started by the pair and still alive after close").isEmpty());
    }
}
