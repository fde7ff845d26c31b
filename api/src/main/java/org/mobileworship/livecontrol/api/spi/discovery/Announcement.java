package org.mobileworship.livecontrol.api.spi.discovery;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * What a node advertises on the network (seed mDNS TXT: {@code leader-id}, {@code priority},
 * {@code peer-type}, plus what a follower needs to connect).
 *
 * @param peerId          the announcing node
 * @param peerType        its role
 * @param displayName     human-readable name
 * @param startedAtMillis when it started (wall clock): the second election criterion, earlier wins
 * @param leaderId        the leader this node follows or is, {@code null} while it knows none
 * @param term            the election term of {@code leaderId}
 * @param signalingPort   the port its signaling server listens on when it leads, announced from the start so
 *                        peers can probe it as soon as its record is visible; 0 if unknown
 * @param protocolVersion livecontrol wire protocol version it speaks
 */
public record Announcement(PeerId peerId, PeerType peerType, String displayName, long startedAtMillis,
                           PeerId leaderId, long term, int signalingPort, int protocolVersion) {
    /** The protocol version of this release. */
    public static final int PROTOCOL_VERSION = 1;

    public Announcement {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(peerType, "peerType");
        Objects.requireNonNull(displayName, "displayName");
        if (signalingPort < 0 || signalingPort > 65535) {
            throw new IllegalArgumentException("signalingPort out of range: " + signalingPort);
        }
    }

    /** The seed's election priority rank of the type (controller 2, display 1, other 0). */
    public int priority() {
        return peerType.electionRank();
    }

    /** Whether this node says it is the leader and serves signaling. */
    public boolean claimsLeadership() {
        return peerId.equals(leaderId) && signalingPort > 0;
    }

    public Announcement withLeader(PeerId leaderId, long term, int signalingPort) {
        return new Announcement(peerId, peerType, displayName, startedAtMillis, leaderId, term, signalingPort,
                protocolVersion);
    }
}
