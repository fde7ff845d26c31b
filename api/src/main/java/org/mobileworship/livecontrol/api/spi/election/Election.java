package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;

/**
 * Decides which node leads (serves signaling).
 *
 * <p>Contract: eventually exactly one reachable node of a connected network is leader and every node reports
 * it; a node only follows a leader it verified through {@link LeaderProbe}; a leader that learns of a
 * higher-priority live leader steps down ({@link Leadership#stopServing}) and follows it; a healthy leader is
 * not pre-empted by a higher-priority node that joins later. Listener calls are serialized. Thread-safe.
 */
public interface Election extends AutoCloseable {

    void start(ElectionListener listener);

    /** The current decision. */
    LeaderStatus status();

    /**
     * The runtime lost the leader: its signaling connection closed, or heartbeats went unanswered. The
     * election verifies and, if the leader is gone, elects anew.
     */
    void leaderUnreachable(PeerId leader, String reason);

    /** Stops; a leading node stops serving first. */
    @Override
    void close();
}
