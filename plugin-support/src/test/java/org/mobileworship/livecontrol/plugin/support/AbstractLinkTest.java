package org.mobileworship.livecontrol.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;

class AbstractLinkTest {
    private final ExecutorService pool = Executors.newCachedThreadPool(DaemonThreadFactory.named("link-test"));

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The smallest concrete link: what a transport adds is sending, which these tests do not need. */
    private static final class TestLink extends AbstractLink {
        final AtomicInteger closedHooks = new AtomicInteger();

        TestLink(SerialExecutor loop, Handoff handoff) {
            super(PeerId.of("remote"), loop, handoff);
        }

        void receive(byte[] frame) {
            deliver(frame);
        }

        boolean closeWith(String reason) {
            return markClosed(reason);
        }

        @Override
        protected void closedDelivered() {
            closedHooks.incrementAndGet();
        }

        @Override
        public String transport() {
            return "test";
        }

        @Override
        public LinkEncoding encoding() {
            return LinkEncoding.PROTOBUF;
        }

        @Override
        public void send(byte[] frame) {
            throw new UnsupportedOperationException("receive-only test link");
        }

        @Override
        public boolean isOpen() {
            return !isMarkedClosed();
        }

        @Override
        public LinkStats stats() {
            return LinkStats.EMPTY;
        }

        @Override
        public void close() {
            markClosed("closed locally");
        }
    }

    /** Records what a listener heard, as "frame:N" and "closed:reason" entries. */
    private static final class Recorder implements LinkListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void frame(byte[] frame) {
            heard.add("frame:" + ByteBuffer.wrap(frame).getInt());
        }

        @Override
        public void closed(String reason) {
            heard.add("closed:" + reason);
        }
    }

    private static byte[] frame(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private SerialExecutor loop() {
        return new SerialExecutor(pool, "link", SerialExecutor.OnRejection.RUN_ON_CALLER);
    }

    @ParameterizedTest
    @EnumSource(AbstractLink.Handoff.class)
    void buffersUntilTheListenerIsSetThenDeliversInOrder(AbstractLink.Handoff handoff) {
        TestLink link = new TestLink(loop(), handoff);
        for (int i = 0; i < 5; i++) {
            link.receive(frame(i));
        }
        Recorder r = new Recorder();
        link.setListener(r);
        link.receive(frame(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> r.heard.size() == 6);
        assertThat(r.heard).containsExactly("frame:0", "frame:1", "frame:2", "frame:3", "frame:4", "frame:5");
    }

    @ParameterizedTest
    @EnumSource(AbstractLink.Handoff.class)
    void aListenerSetAfterTheCloseGetsTheBufferedFramesThenClosedOnce(AbstractLink.Handoff handoff) {
        TestLink link = new TestLink(loop(), handoff);
        link.receive(frame(1));
        assertThat(link.closeWith("remote went away")).isTrue();
        assertThat(link.closeWith("again")).isFalse();
        link.close();
        link.receive(frame(2)); // after the close: never delivered
        Recorder r = new Recorder();
        link.setListener(r);
        await().atMost(Duration.ofSeconds(10)).until(() -> link.closedHooks.get() == 1);
        assertThat(r.heard).containsExactly("frame:1", "closed:remote went away");
        assertThat(link.isOpen()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(AbstractLink.Handoff.class)
    void closedComesOnceAfterEarlierFramesAndNothingAfterIt(AbstractLink.Handoff handoff) {
        TestLink link = new TestLink(loop(), handoff);
        Recorder r = new Recorder();
        link.setListener(r);
        link.receive(frame(1));
        link.receive(frame(2));
        link.closeWith("bye");
        link.closeWith("bye again");
        link.receive(frame(3));
        Recorder late = new Recorder();
        link.setListener(late); // a replaced listener after the close hears nothing more
        await().atMost(Duration.ofSeconds(10)).until(() -> link.closedHooks.get() == 1);
        assertThat(r.heard).containsExactly("frame:1", "frame:2", "closed:bye");
        assertThat(late.heard).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AbstractLink.Handoff.class)
    void aThrowingListenerDoesNotStopDelivery(AbstractLink.Handoff handoff) {
        TestLink link = new TestLink(loop(), handoff);
        List<String> heard = new CopyOnWriteArrayList<>();
        link.setListener(new LinkListener() {
            @Override
            public void frame(byte[] frame) {
                int n = ByteBuffer.wrap(frame).getInt();
                heard.add("frame:" + n);
                if (n == 1) {
                    throw new IllegalStateException("listener bug");
                }
            }

            @Override
            public void closed(String reason) {
                heard.add("closed:" + reason);
            }
        });
        link.receive(frame(1));
        link.receive(frame(2));
        link.closeWith("end");
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        assertThat(heard).containsExactly("frame:1", "frame:2", "closed:end");
    }

    /**
     * setListener racing a stream of deliveries from another thread: the buffered frames and the newer ones reach
     * the listener in arrival order, none lost or doubled (RelayLink handed over its buffer while newer frames went
     * straight to the listener).
     */
    @ParameterizedTest
    @EnumSource(AbstractLink.Handoff.class)
    void setListenerRacingDeliveryKeepsArrivalOrder(AbstractLink.Handoff handoff) throws InterruptedException {
        int frames = 2_000;
        for (int round = 0; round < 50; round++) {
            TestLink link = new TestLink(loop(), handoff);
            Recorder r = new Recorder();
            CountDownLatch halfway = new CountDownLatch(1);
            pool.execute(() -> {
                for (int i = 0; i < frames; i++) {
                    if (i == frames / 4) {
                        halfway.countDown();
                    }
                    link.receive(frame(i));
                }
            });
            assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
            link.setListener(r);
            await().atMost(Duration.ofSeconds(10)).until(() -> r.heard.size() == frames);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                expected.add("frame:" + i);
            }
            assertThat(r.heard).as("round %d", round).containsExactlyElementsOf(expected);
        }
    }
}
