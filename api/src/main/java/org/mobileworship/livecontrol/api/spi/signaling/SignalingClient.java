package org.mobileworship.livecontrol.api.spi.signaling;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;

/**
 * One node's connection to the leader's signaling server.
 *
 * <p>Contract: {@link #connect} completes once the server confirmed the registration (or fails with a
 * {@link SignalingException} naming why); a client connects to one server at a time (connecting again
 * first disconnects); while connected it sends heartbeats at {@code livecontrol.heartbeat.interval} and
 * reports {@link SignalingListener#disconnected} after {@code livecontrol.heartbeat.misses} unanswered ones;
 * {@link #send} delivers signals in call order. Thread-safe.
 */
public interface SignalingClient extends AutoCloseable {

    void setListener(SignalingListener listener);

    CompletionStage<Void> connect(InetSocketAddress endpoint, Registration self);

    boolean isConnected();

    /**
     * Sends a signal to {@code target} through the server. Completes when written; fails with a
     * {@link SignalingException} when not connected or the frame is too large. A target unknown to the
     * server is reported through {@link SignalingListener#error}.
     */
    CompletionStage<Void> send(PeerId target, Signal signal);

    /** Health of a server (HTTP {@code GET /health}); empty if it did not answer in time. Never fails. */
    CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout);

    /**
     * Like {@link #probe(InetSocketAddress, Duration)}, asking the server to prove its device key for
     * {@code challenge} (a fresh random text from the prober): the answer's {@link LeaderHealth#keyProof()}. In
     * paired mode the runtime follows only a leader whose proof verifies against its key-bound id and the room's
     * trust list. Default: the plain probe, so a server reached through this client is never proven (and so
     * never followed in paired mode).
     */
    default CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout,
                                                          String challenge) {
        return probe(endpoint, timeout);
    }

    /**
     * Tells the server at {@code worseLeader} that this node leads with a better priority (a leader notice; see
     * {@code LeaderProbe.tellLeader}). Fire and forget; never fails. Default: nothing is sent.
     */
    default void tellLeader(InetSocketAddress worseLeader,
                            org.mobileworship.livecontrol.api.spi.discovery.Announcement self) {
    }

    /** Leaves the current server, if any, without a {@link SignalingListener#disconnected} callback. */
    void disconnect(String reason);

    @Override
    void close();
}
