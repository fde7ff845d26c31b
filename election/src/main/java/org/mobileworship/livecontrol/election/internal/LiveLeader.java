package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.Priority;

/** A peer whose probe answered with its own id: a verified live leader. */
record LiveLeader(DiscoveredPeer peer, InetSocketAddress endpoint, LeaderHealth health) {
    PeerId id() {
        return peer.announcement().peerId();
    }

    Priority priority() {
        return Priority.of(peer.announcement());
    }
}
