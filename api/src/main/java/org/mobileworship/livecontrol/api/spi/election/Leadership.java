package org.mobileworship.livecontrol.api.spi.election;

import java.net.InetSocketAddress;

/** The runtime's side of leading: running this node's signaling server. Called by the election. */
public interface Leadership {

    /**
     * Starts (or keeps) this node's signaling server for {@code term} and returns the endpoint it listens
     * on.
     *
     * @throws org.mobileworship.livecontrol.api.LiveControlException if it cannot serve (e.g. the port is in
     *         use); the election must then not claim leadership
     */
    InetSocketAddress startServing(long term);

    /** Stops the server; connected peers get a close frame carrying {@code reason}. Idempotent. */
    void stopServing(String reason);
}
