package org.mobileworship.livecontrol.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Transport;

/**
 * Two transport instances, not yet started, that can reach each other: the controller side (which
 * connects) and the display side (which receives incoming links), plus whatever must be closed after the
 * test (signal wire, contexts, servers). {@link #close()} closes the transports, then the resources, in
 * reverse order of registration, and never throws.
 */
public final class TransportPair implements AutoCloseable {
    private final PeerId controllerId;
    private final Transport controller;
    private final PeerId displayId;
    private final Transport display;
    private final List<AutoCloseable> resources = new ArrayList<>();

    public TransportPair(PeerId controllerId, Transport controller, PeerId displayId, Transport display) {
        this.controllerId = Objects.requireNonNull(controllerId, "controllerId");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.displayId = Objects.requireNonNull(displayId, "displayId");
        this.display = Objects.requireNonNull(display, "display");
    }

    /** Registers something to close after the transports. */
    public TransportPair closing(AutoCloseable resource) {
        resources.add(Objects.requireNonNull(resource, "resource"));
        return this;
    }

    public PeerId controllerId() {
        return controllerId;
    }

    public Transport controller() {
        return controller;
    }

    public PeerId displayId() {
        return displayId;
    }

    public Transport display() {
        return display;
    }

    @Override
    public void close() {
        quietly(controller);
        quietly(display);
        for (int i = resources.size() - 1; i >= 0; i--) {
            quietly(resources.get(i));
        }
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing twice or after a failed start is allowed to complain; the test already has its verdict
        }
    }
}
