package org.mobileworship.livecontrol.api.spi.signaling;

import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.api.spi.ProviderContext;

/** Factory of signaling servers and clients; single-choice, selected by {@code livecontrol.signaling}. */
public interface SignalingProvider extends Provider {

    SignalingServer createServer(ProviderContext context);

    SignalingClient createClient(ProviderContext context);
}
