package org.mobileworship.livecontrol.election;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

/**
 * Election priority of a node (seed: "device type, then startup time, then random UUID").
 *
 * <p>Ordering, most important first:
 * <ol>
 *   <li>peer-type rank: controller (2) &gt; display (1) &gt; other (0) — higher wins;</li>
 *   <li>{@code startedAtMillis}: <em>earlier</em> wins (the node that has been up longest is the most likely
 *       to stay up; wall clocks of different devices may be skewed, which only changes who wins, never whether
 *       all nodes agree, because every node compares the same announced values);</li>
 *   <li>peer id: the <em>lexicographically smaller</em> id string wins (ids are unique, so the order is
 *       total).</li>
 * </ol>
 * {@code a.compareTo(b) > 0} means {@code a} beats {@code b}; so the maximum of a collection is its winner.
 *
 * @param rank            peer-type election rank
 * @param startedAtMillis announced start time
 * @param peerId          node id
 */
public record Priority(int rank, long startedAtMillis, PeerId peerId) implements Comparable<Priority> {

    public Priority {
        Objects.requireNonNull(peerId, "peerId");
    }

    /** The priority a node announces (rank derived from its peer type, never from a free-form number). */
    public static Priority of(Announcement announcement) {
        return new Priority(announcement.peerType().electionRank(), announcement.startedAtMillis(),
                announcement.peerId());
    }

    /** Whether this priority wins against {@code other}. */
    public boolean beats(Priority other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Priority other) {
        int c = Integer.compare(rank, other.rank);
        if (c != 0) {
            return c;
        }
        c = Long.compare(other.startedAtMillis, startedAtMillis); // earlier start is better
        if (c != 0) {
            return c;
        }
        return other.peerId.compareTo(peerId); // smaller id is better
    }
}
