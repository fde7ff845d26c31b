package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Optional;
import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.api.spi.ProviderContext;

/** Factory of signaling servers and clients; single-choice, selected by {@code livecontrol.signaling}. */
public interface SignalingProvider extends Provider {

    SignalingServer createServer(ProviderContext context);

    SignalingClient createClient(ProviderContext context);

    /**
     * The server a node runs on its signaling port while it does not lead (pages and a health answer pointing
     * at the leader), or empty when this provider has none. Default: none.
     */
    default Optional<StandbyServer> createStandbyServer(ProviderContext context) {
        return Optional.empty();
    }
}
