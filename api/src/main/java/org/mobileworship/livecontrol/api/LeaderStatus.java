package org.mobileworship.livecontrol.api;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Who leads the session (runs signaling) as this node sees it (seed {@code LeaderStatus}).
 *
 * @param leaderId the leader, or {@code null} while no leader is known (discovery or election running)
 * @param self     whether this node is the leader
 * @param term     election term: grows with every election this node took part in; a status with a lower
 *                 term is stale
 * @param endpoint the leader's signaling endpoint, or {@code null} while no leader is known
 */
public record LeaderStatus(PeerId leaderId, boolean self, long term, InetSocketAddress endpoint) {
    private static final LeaderStatus NONE = new LeaderStatus(null, false, 0, null);

    public LeaderStatus {
        if (leaderId == null && self) {
            throw new IllegalArgumentException("a node cannot lead without a leader id");
        }
        if (term < 0) {
            throw new IllegalArgumentException("term must be >= 0, was " + term);
        }
    }

    /** No leader known yet. */
    public static LeaderStatus none() {
        return NONE;
    }

    /** No leader known, keeping the last term so later statuses compare correctly. */
    public static LeaderStatus none(long term) {
        return new LeaderStatus(null, false, term, null);
    }

    public Optional<PeerId> leader() {
        return Optional.ofNullable(leaderId);
    }

    public Optional<InetSocketAddress> signalingEndpoint() {
        return Optional.ofNullable(endpoint);
    }

    public boolean hasLeader() {
        return leaderId != null;
    }
}
