package org.mobileworship.livecontrol.testkit;

import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.testkit.internal.InMemorySignalingClient;
import org.mobileworship.livecontrol.testkit.internal.InMemorySignalingServer;

/**
 * Signaling through an {@link InMemoryNetwork} ({@code livecontrol.signaling=in-memory}): servers get a
 * fake loopback address (unique port from the network), clients reach them by that address. No
 * heartbeats: a client hears {@code disconnected} only when the server closes. Config:
 * {@value InMemoryNetwork#CONFIG_KEY}, {@value InMemorySignalingServer#MAX_PEERS_KEY} (256).
 */
public final class InMemorySignalingProvider implements SignalingProvider {
    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public SignalingServer createServer(ProviderContext context) {
        return new InMemorySignalingServer(context, InMemoryNetwork.of(context.config()).core());
    }

    @Override
    public SignalingClient createClient(ProviderContext context) {
        return new InMemorySignalingClient(context, InMemoryNetwork.of(context.config()).core());
    }
}
