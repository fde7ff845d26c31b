package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.LeaderStatus;

/** Receives the election's decisions, one at a time, in order of increasing (term, decision). */
public interface ElectionListener {
    /**
     * The leader changed. When {@code status.self()} is true, {@link Leadership#startServing} already
     * succeeded. A status without leader means an election is running.
     */
    void leaderChanged(LeaderStatus status);
}
