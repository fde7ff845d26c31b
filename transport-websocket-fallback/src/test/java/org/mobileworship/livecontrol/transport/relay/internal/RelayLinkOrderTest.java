package org.mobileworship.livecontrol.transport.relay.internal;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * {@link RelayLink#setListener} racing frames that the signaling thread keeps delivering. The former RelayLink
 * copied its buffer under the lock, published the listener and then handed the copy over outside the lock, so a
 * frame arriving meanwhile went straight to the listener ahead of older buffered ones.
 */
class RelayLinkOrderTest {
    private final ExecutorService signalingThread = Executors.newSingleThreadExecutor(
            DaemonThreadFactory.named("relay-order-test-signaling"));
    private final TestContext context = TestContext.builder(PeerId.of("display"), PeerType.controller()).build();
    private final RelayTransport transport = new RelayTransport(context);

    @AfterEach
    void tearDown() throws InterruptedException {
        transport.close();
        context.close();
        signalingThread.shutdownNow();
        assertThat(signalingThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void setListenerRacingDeliveryKeepsArrivalOrder() throws InterruptedException {
        int frames = 3_000;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            expected.add("frame:" + i);
        }
        for (int round = 0; round < 40; round++) {
            RelayLink link = new RelayLink(PeerId.of("controller-" + round), transport);
            List<String> heard = new CopyOnWriteArrayList<>();
            CountDownLatch aQuarterIn = new CountDownLatch(1);
            signalingThread.execute(() -> {
                for (int i = 0; i < frames; i++) {
                    if (i == frames / 4) {
                        aQuarterIn.countDown();
                    }
                    link.received(ByteBuffer.allocate(4).putInt(i).array());
                }
            });
            assertThat(aQuarterIn.await(10, TimeUnit.SECONDS)).isTrue();
            link.setListener(new LinkListener() {
                @Override
                public void frame(byte[] frame) {
                    heard.add("frame:" + ByteBuffer.wrap(frame).getInt());
                }

                @Override
                public void closed(String reason) {
                    heard.add("closed:" + reason);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= frames);
            assertThat(heard).as("round %d", round).containsExactlyElementsOf(expected);
        }
    }
}
