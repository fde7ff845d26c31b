package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;

/** The decorator on top of a (here in-memory) delegate transport. */
class FaultInjectingTransportTest {
    private final String network = "fault-decorator-" + PeerId.random();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final PeerId controllerId = PeerId.of("decorated-controller");
    private final PeerId displayId = PeerId.of("decorated-display");

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        InMemoryNetwork.reset(network);
    }

    private Transport inMemory(PeerId id, PeerType type) {
        TestContext ctx = TestContext.builder(id, type).config(InMemoryNetwork.CONFIG_KEY, network).build();
        toClose.add(ctx);
        return new InMemoryTransportProvider().create(ctx);
    }

    private Link[] connect(Transport controller, Transport display, RecordingLinkListener atController,
                           RecordingLinkListener atDisplay) throws Exception {
        LinkedBlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
        display.start(incoming::add);
        controller.start(l -> { });
        Link c = controller.connect(displayId).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Link d = incoming.poll(5, TimeUnit.SECONDS);
        c.setListener(atController);
        d.setListener(atDisplay);
        return new Link[] {c, d};
    }

    @Test
    void outgoingDropOnTheControllerAndIncomingDelayOnTheDisplay() throws Exception {
        FaultInjectingTransport controller = new FaultInjectingTransport(inMemory(controllerId, PeerType.controller()),
                new Faults().drop(0.5).seed(11));
        FaultInjectingTransport display = new FaultInjectingTransport(
                inMemory(displayId, PeerType.display(DisplayClass.STAGE)), new Faults(),
                new Faults().delay(Duration.ofMillis(5), Duration.ofMillis(5)).seed(12));
        toClose.add(controller);
        toClose.add(display);
        assertThat(controller.name()).isEqualTo("in-memory");
        RecordingLinkListener atController = new RecordingLinkListener();
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        Link[] links = connect(controller, display, atController, atDisplay);
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            links[0].send(ByteBuffer.allocate(4).putInt(i).array());
        }
        // One frame back proves the other direction is untouched by the controller's outgoing faults.
        links[1].send(new byte[] {1, 2, 3, 4});
        await().atMost(Duration.ofSeconds(10)).until(() -> atController.frameCount() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> atDisplay.frameCount() > 800);
        Stable.await(atDisplay::frameCount);
        List<Integer> got = atDisplay.frames().stream().map(f -> ByteBuffer.wrap(f).getInt()).toList();
        System.out.printf("[faults] decorator drop 0.5: %d of %d delivered%n", got.size(), n);
        assertThat(got.size()).isBetween(850, 1_150);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)).isGreaterThan(got.get(i - 1));
        }
    }

    @Test
    void oversizedFramesAreRefusedUpFrontAndClosedLinksThrow() throws Exception {
        FaultInjectingTransport controller = new FaultInjectingTransport(inMemory(controllerId, PeerType.controller()),
                new Faults().delay(Duration.ofMillis(50), Duration.ZERO));
        Transport display = inMemory(displayId, PeerType.display(DisplayClass.AUDIENCE));
        toClose.add(controller);
        toClose.add(display);
        RecordingLinkListener atDisplay = new RecordingLinkListener();
        RecordingLinkListener atController = new RecordingLinkListener();
        Link[] links = connect(controller, display, atController, atDisplay);
        assertThatThrownBy(() -> links[0].send(new byte[FaultInjectingTransport.MAX_FRAME_BYTES + 1]))
                .isInstanceOf(TransportException.class).hasMessageContaining("exceeds");
        links[0].send(new byte[FaultInjectingTransport.MAX_FRAME_BYTES]);
        await().atMost(Duration.ofSeconds(5)).until(() -> atDisplay.frameCount() == 1);
        links[1].close();
        await().atMost(Duration.ofSeconds(5)).until(() -> atController.closedCount() == 1);
        assertThatThrownBy(() -> links[0].send(new byte[1])).isInstanceOf(TransportException.class);
    }
}
