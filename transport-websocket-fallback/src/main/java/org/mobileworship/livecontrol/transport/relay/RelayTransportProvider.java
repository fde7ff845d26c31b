package org.mobileworship.livecontrol.transport.relay;

import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.transport.relay.internal.RelayTransport;

/**
 * The fallback transport (seed: "WebRTC connection fails (ICE timeout) → fall back to signaling via
 * WebSocket"): frames travel controller → leader → display inside {@code relay} signaling frames, which the
 * server forwards to the target only with the sender stamped. Pure Java, so always available; lowest
 * priority, so the runtime uses it only for pairs whose better transports failed, and keeps trying those.
 */
public final class RelayTransportProvider implements TransportProvider {
    /** The transport's name, shown per pair as "relay". */
    public static final String NAME = "relay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    /** Checks {@value RelayTransport#CONNECT_TIMEOUT_KEY} so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        RelayTransport.connectTimeout(config);
    }

    @Override
    public Transport create(TransportContext context) {
        return new RelayTransport(context);
    }
}
