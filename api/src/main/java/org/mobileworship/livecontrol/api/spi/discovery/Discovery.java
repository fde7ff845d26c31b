package org.mobileworship.livecontrol.api.spi.discovery;

import java.util.List;

/**
 * Announces this node and browses for others on the local network.
 *
 * <p>Contract: {@link #start} begins announcing and browsing and returns without waiting for the network;
 * {@link #announce} replaces the announcement (leader id, term, signaling port) and must reach browsers even
 * if called while a previous announcement is still being probed; {@link #peers()} never contains the local
 * node; {@link #close()} withdraws the announcement, stops every thread it started and returns within a
 * bounded time (implementations may finish slow cleanup in the background). Thread-safe.
 */
public interface Discovery extends AutoCloseable {

    void start(Announcement self, DiscoveryListener listener);

    /** Re-announces with new content. */
    void announce(Announcement self);

    /** Peers currently known (possibly stale; see {@link DiscoveredPeer}). */
    List<DiscoveredPeer> peers();

    @Override
    void close();
}
