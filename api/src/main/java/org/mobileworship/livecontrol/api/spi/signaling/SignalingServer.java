package org.mobileworship.livecontrol.api.spi.signaling;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;

/**
 * The leader's signaling server.
 *
 * <p>Contract: registers peers (refusing a second connection for a registered id unless it proves to be the
 * same peer), forwards each signal to its target only with the sender's registered id stamped, pushes the
 * peer list to every peer on every change, drops peers whose heartbeats stop, bounds frame size, peer count
 * and per-connection rate with a specific error each, and never lets one peer's misbehaviour affect
 * another's session.
 */
public interface SignalingServer extends AutoCloseable {

    /**
     * Binds and starts serving.
     *
     * @param bind     address and port to bind (port 0 = ephemeral)
     * @param leaderId the node running the server, reported by {@code /health}
     * @param term     its election term, reported by {@code /health}
     * @return the bound address
     * @throws org.mobileworship.livecontrol.api.LiveControlException if it cannot bind, naming the port and
     *         the fix
     */
    InetSocketAddress start(InetSocketAddress bind, PeerId leaderId, long term);

    int registeredPeerCount();

    /**
     * Where the server hands a leader notice: another node says it leads with a better priority (see
     * {@code LeaderProbe.tellLeader}); the record's address is the one the notice came from. Not proof of
     * anything: the runtime passes it to the election, which probes before it backs down. Default: notices are
     * not accepted.
     */
    default void onLeaderNotice(Consumer<DiscoveredPeer> listener) {
    }

    /** Sends every peer a close frame with {@code reason}, then stops. Idempotent. */
    void close(String reason);

    @Override
    default void close() {
        close("signaling server shutting down");
    }
}
