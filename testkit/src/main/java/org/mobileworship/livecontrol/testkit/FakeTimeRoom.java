package org.mobileworship.livecontrol.testkit;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;

/**
 * The discovery of {@link ElectionContractTest} on fake time: one in-memory room in which every record is
 * visible to the others at once and listeners are called synchronously, on the announcing thread, so no
 * thread of its own makes a fake-time test non-deterministic.
 */
final class FakeTimeRoom {

    private final Map<PeerId, Member> members = new LinkedHashMap<>();
    private final Clock clock;

    FakeTimeRoom(Clock clock) {
        this.clock = clock;
    }

    Discovery join(PeerId id) {
        return new Member(id);
    }

    private List<Member> othersOf(Member m) {
        synchronized (members) {
            List<Member> out = new ArrayList<>();
            for (Member o : members.values()) {
                if (o != m) {
                    out.add(o);
                }
            }
            return out;
        }
    }

    private final class Member implements Discovery {
        private final PeerId id;
        private volatile Announcement self;
        private volatile DiscoveryListener listener;

        Member(PeerId id) {
            this.id = id;
        }

        @Override
        public void start(Announcement announcement, DiscoveryListener l) {
            if (!announcement.peerId().equals(id)) {
                throw new IllegalArgumentException("announcement of " + announcement.peerId() + " on the discovery of "
                        + id);
            }
            this.listener = Objects.requireNonNull(l, "listener");
            synchronized (members) {
                if (members.containsKey(id)) {
                    throw new IllegalStateException("discovery of " + id + " already started");
                }
                members.put(id, this);
            }
            announce(announcement);
        }

        @Override
        public void announce(Announcement announcement) {
            self = announcement;
            DiscoveredPeer seen = asPeer();
            for (Member o : othersOf(this)) {
                o.listener.peerSeen(seen);
            }
        }

        private DiscoveredPeer asPeer() {
            return new DiscoveredPeer(self, List.of(InetAddress.getLoopbackAddress()), clock.instant());
        }

        @Override
        public List<DiscoveredPeer> peers() {
            return othersOf(this).stream().map(Member::asPeer).toList();
        }

        @Override
        public void close() {
            boolean was;
            synchronized (members) {
                was = members.remove(id, this);
            }
            if (was) {
                for (Member o : othersOf(this)) {
                    o.listener.peerGone(id);
                }
            }
        }
    }
}
