package org.mobileworship.livecontrol.transport.webrtc;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

/** Two webrtc transports (two factories, i.e. two nodes) in one JVM, signaling wired to each other. */
final class TransportPair implements AutoCloseable {
    final TestNodes.Node controllerNode;
    final TestNodes.Node displayNode;
    final WebRtcTransport controller;
    final WebRtcTransport display;
    final BlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
    final BlockingQueue<Link> incomingOnController = new LinkedBlockingQueue<>();

    TransportPair(Map<String, String> config) {
        controllerNode = TestNodes.Node.controller(config);
        displayNode = TestNodes.Node.display(config);
        controller = (WebRtcTransport) new WebRtcTransportProvider().create(controllerNode);
        display = (WebRtcTransport) new WebRtcTransportProvider().create(displayNode);
        controllerNode.wire = (to, s) -> display.onSignal(controllerNode.id, s);
        displayNode.wire = (to, s) -> controller.onSignal(displayNode.id, s);
        controller.start(incomingOnController::add);
        display.start(incoming::add);
    }

    TransportPair() {
        this(Map.of());
    }

    /** Connects controller → display; returns {controllerLink, displayLink}. */
    Link[] connect() throws Exception {
        Link c = controller.connect(displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS);
        Link d = incoming.poll(20, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("display never reported the incoming link");
        }
        return new Link[] {c, d};
    }

    @Override
    public void close() {
        controller.close();
        display.close();
        controllerNode.close();
        displayNode.close();
    }
}
