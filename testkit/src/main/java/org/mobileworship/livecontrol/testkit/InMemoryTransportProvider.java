package org.mobileworship.livecontrol.testkit;

import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.testkit.internal.InMemoryTransport;

/**
 * Links as in-memory pipes between nodes of one {@link InMemoryNetwork}, with the network's
 * {@link Faults} applied. Config: {@value InMemoryNetwork#CONFIG_KEY},
 * {@value InMemoryTransport#ENCODING_KEY} ({@code protobuf}), {@value InMemoryTransport#REQUIRES_SIGNALING_KEY}
 * ({@code false}).
 */
public final class InMemoryTransportProvider implements TransportProvider {
    @Override
    public String name() {
        return InMemoryTransport.NAME;
    }

    @Override
    public int priority() {
        return -100;
    }

    /** Checks {@value InMemoryTransport#ENCODING_KEY} and {@value InMemoryTransport#REQUIRES_SIGNALING_KEY} so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        InMemoryTransport.encoding(config);
        InMemoryTransport.requiresSignaling(config);
    }

    @Override
    public Transport create(TransportContext context) {
        return new InMemoryTransport(context, InMemoryNetwork.of(context.config()).core());
    }
}
