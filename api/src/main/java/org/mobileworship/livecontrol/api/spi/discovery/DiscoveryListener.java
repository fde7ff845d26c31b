package org.mobileworship.livecontrol.api.spi.discovery;

import org.mobileworship.livecontrol.api.PeerId;

/**
 * Callbacks from a {@link Discovery}. Called from the discovery's own threads, one call at a time per
 * discovery instance; implementations must return quickly and never block.
 */
public interface DiscoveryListener {

    /** A peer appeared or changed its announcement. Never called for the local node. */
    void peerSeen(DiscoveredPeer peer);

    /** A peer withdrew its announcement (graceful exit) or its record expired. */
    void peerGone(PeerId peer);

    /** Local interfaces or addresses changed; the discovery already re-announced on the new ones. */
    default void networkChanged() {
    }
}
