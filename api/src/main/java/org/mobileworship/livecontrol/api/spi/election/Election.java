package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;

/**
 * Decides which node leads (serves signaling).
 *
 * <p>Contract: eventually exactly one reachable node of a connected network is leader and every node reports
 * it; a node only follows a leader it verified through {@link LeaderProbe}; a leader that learns of a
 * higher-priority live leader steps down ({@link Leadership#stopServing}) and follows it; a healthy leader is
 * not pre-empted by a higher-priority node that joins later. Listener calls are serialized. Thread-safe.
 *
 * <p>An election is a {@link DiscoveryListener} by contract: the runtime forwards every discovery callback
 * to it (after {@link #start}), so it can react to peers at once. An election that learns peers only by
 * reading {@link org.mobileworship.livecontrol.api.spi.discovery.Discovery#peers()} keeps the default
 * no-op methods.
 */
public interface Election extends DiscoveryListener, AutoCloseable {

    void start(ElectionListener listener);

    /** The current decision. */
    LeaderStatus status();

    /**
     * The runtime lost the leader: its signaling connection closed, or heartbeats went unanswered. The
     * election verifies and, if the leader is gone, elects anew.
     */
    void leaderUnreachable(PeerId leader, String reason);

    /**
     * The runtime's signaling connection to {@code leader} has heard nothing for all but the last heartbeat
     * interval of its budget: if nothing arrives in that interval, {@link #leaderUnreachable} follows. Not a loss
     * (a frame may still arrive); an election may probe the leader now, so that its verdict is ready when the
     * budget is spent instead of one probe timeout later (a leader that lost power answers nothing, and a probe of
     * it only fails by timing out). Must return quickly. Default: ignored.
     */
    default void leaderSuspected(PeerId leader, String reason) {
    }

    /**
     * A peer the runtime learnt of through signaling, not discovery: the leader's peer list names where each
     * peer serves signaling when it leads ({@link PeerInfo#signalingEndpoint()}, never null here). Not proof of
     * life and not a candidate by itself; an election may remember it and probe it, so a node that never saw
     * another's discovery record (it joined just before its leader left; a partition healed while mDNS records
     * were lost) still finds that node leading and follows it. Must return quickly. Default: ignored.
     */
    default void peerLearned(PeerInfo peer) {
    }

    /**
     * Another node told this one, through its signaling port, that it leads with a better priority
     * ({@link LeaderProbe#tellLeader}). Not proof of life: an election may remember it and probe it, and backs
     * down only to a better leader that answers. Must return quickly. Default: ignored.
     */
    default void leaderNotice(DiscoveredPeer peer) {
    }

    /** Forwarded by the runtime from discovery; must return quickly. Default: ignored. */
    @Override
    default void peerSeen(DiscoveredPeer peer) {
    }

    /** Forwarded by the runtime from discovery; must return quickly. Default: ignored. */
    @Override
    default void peerGone(PeerId peer) {
    }

    /** Stops; a leading node stops serving first. */
    @Override
    void close();
}
