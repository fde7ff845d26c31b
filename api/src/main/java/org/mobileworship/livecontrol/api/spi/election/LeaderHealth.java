package org.mobileworship.livecontrol.api.spi.election;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;

/**
 * What a signaling server says about itself when probed ({@code GET /health}).
 *
 * @param leaderId        the leader running the server
 * @param term            its election term
 * @param registeredPeers how many peers are registered with it
 */
public record LeaderHealth(PeerId leaderId, long term, int registeredPeers) {
    public LeaderHealth {
        Objects.requireNonNull(leaderId, "leaderId");
    }
}
